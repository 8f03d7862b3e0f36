// SPDX-License-Identifier: GPL-2.0
// mpfs-compare: the trace comparator's C++ side. The guest driver
// (mpfs-compare-matrix) runs mkfs, mount and blktrace around these steps.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <endian.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "trace.h"
#include "uapi/mpfs_fs.h"
#include "workloads.h"

using namespace mpfs::compare;

namespace {

const char kUsage[] =
	"usage: mpfs-compare SUBCOMMAND ...\n"
	"  cases [SUBSTRING]                 list the matrix: name block_size alloc layout op\n"
	"  setup CASE FILE                   write the case's file (before the traced window)\n"
	"  run CASE FILE                     the case's workload (inside the traced window)\n"
	"  diff [--min-sector N] [--context N] [--no-join] [--json] [--case NAME] KERNEL.txt PORT.txt\n"
	"                                    compare the queued bios (Q events) of two blkparse\n"
	"                                    outputs; exit 0 identical, 1 divergent, 2 error\n"
	"  first-data-sector DEVICE          sector of the superblock's s_first_data_block\n"
	"  summary TRACE.txt                 \"ALL DATA BYTES AVG\": queued bios, those that carry data,\n"
	"                                    their bytes and average size\n";

[[noreturn]] void usage(const std::string &msg)
{
	fprintf(stderr, "mpfs-compare: %s\n%s", msg.c_str(), kUsage);
	exit(2);
}

bool read_file(const std::string &path, std::string &out)
{
	std::ifstream f(path, std::ios::binary);
	if (!f)
		return false;
	std::ostringstream ss;
	ss << f.rdbuf();
	out = ss.str();
	return true;
}

uint64_t number(const std::string &what, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || end == s || *s == '-')
		usage(what + ": bad number '" + s + "'");
	return v;
}

int cmd_cases(int argc, char **argv)
{
	std::string filter = argc > 2 ? argv[2] : "";
	for (const Case &c : matrix())
		if (c.name.find(filter) != std::string::npos)
			printf("%s %u %s %s %s\n", c.name.c_str(), c.block_size, c.alloc.c_str(), layout_name(c.layout),
			       op_name(c.op));
	return 0;
}

int cmd_phase(int argc, char **argv, bool is_setup)
{
	if (argc != 4)
		usage(std::string(argv[1]) + ": expected CASE FILE");
	const Case *c = find_case(argv[2]);
	if (!c)
		usage(std::string("no such case '") + argv[2] + "' (see: mpfs-compare cases)");
	return is_setup ? setup(*c, argv[3]) : run(*c, argv[3]);
}

int cmd_diff(int argc, char **argv)
{
	CompareOptions opt;
	bool json = false;
	std::string name;
	std::vector<std::string> files;
	for (int i = 2; i < argc; i++) {
		std::string a = argv[i];
		if (a == "--json")
			json = true;
		else if (a == "--no-join")
			opt.join_full_bios = false;
		else if ((a == "--min-sector" || a == "--context" || a == "--case") && i + 1 < argc) {
			if (a == "--case")
				name = argv[++i];
			else if (a == "--context")
				opt.context = static_cast<unsigned>(number(a, argv[++i]));
			else
				opt.min_sector = number(a, argv[++i]);
		} else if (a.rfind("--", 0) == 0)
			usage("diff: bad option " + a);
		else
			files.push_back(a);
	}
	if (files.size() != 2)
		usage("diff: expected KERNEL.txt PORT.txt");
	std::string text[2];
	std::vector<Bio> bios[2];
	for (int i = 0; i < 2; i++) {
		if (!read_file(files[i], text[i])) {
			fprintf(stderr, "mpfs-compare: %s: %s\n", files[i].c_str(), strerror(errno));
			return 2;
		}
		size_t bad = 0;
		bios[i] = parse_blkparse(text[i], &bad);
		if (bad) {
			fprintf(stderr, "mpfs-compare: %s: %zu malformed Q lines\n", files[i].c_str(), bad);
			return 2;
		}
	}
	Comparison c = compare(bios[0], bios[1], opt);
	if (json) {
		printf("{\"case\": %s, \"identical\": %s, \"kernel_bios\": %zu, \"port_bios\": %zu, "
		       "\"first_divergence\": %s, \"full_bio_joins\": {\"kernel\": %zu, \"port\": %zu}, "
		       "\"report\": %s}\n",
		       json_quote(name).c_str(), c.identical ? "true" : "false", c.kernel_bios, c.port_bios,
		       c.first_divergence ? std::to_string(*c.first_divergence).c_str() : "null", c.kernel_joined,
		       c.port_joined, json_quote(c.report).c_str());
	} else {
		if (!name.empty())
			printf("%s: ", name.c_str());
		fputs(c.report.c_str(), stdout);
	}
	return c.identical ? 0 : 1;
}

int cmd_summary(int argc, char **argv)
{
	if (argc != 3)
		usage("summary: expected TRACE.txt");
	std::string text;
	if (!read_file(argv[2], text)) {
		fprintf(stderr, "mpfs-compare: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	size_t bad = 0;
	BioSummary s = summarize(parse_blkparse(text, &bad));
	if (bad) {
		fprintf(stderr, "mpfs-compare: %s: %zu malformed Q lines\n", argv[2], bad);
		return 2;
	}
	printf("%zu %zu %llu %llu\n", s.all_bios, s.bios, static_cast<unsigned long long>(s.bytes),
	       static_cast<unsigned long long>(s.avg_bytes()));
	return 0;
}

int cmd_first_data_sector(int argc, char **argv)
{
	if (argc != 3)
		usage("first-data-sector: expected DEVICE");
	int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mpfs-compare: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	mpfs_super_block sb;
	ssize_t r = pread(fd, &sb, sizeof(sb), 0);
	close(fd);
	if (r != static_cast<ssize_t>(sizeof(sb)) || le32toh(sb.s_magic) != MPFS_MAGIC) {
		fprintf(stderr, "mpfs-compare: %s: no mpfs superblock\n", argv[2]);
		return 2;
	}
	printf("%llu\n", static_cast<unsigned long long>(le64toh(sb.s_first_data_block) *
							  (le32toh(sb.s_block_size) / 512)));
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	if (argc < 2)
		usage("no subcommand");
	std::string sub = argv[1];
	if (sub == "cases")
		return cmd_cases(argc, argv);
	if (sub == "setup" || sub == "run")
		return cmd_phase(argc, argv, sub == "setup");
	if (sub == "diff")
		return cmd_diff(argc, argv);
	if (sub == "first-data-sector")
		return cmd_first_data_sector(argc, argv);
	if (sub == "summary")
		return cmd_summary(argc, argv);
	if (sub == "-h" || sub == "--help") {
		fputs(kUsage, stdout);
		return 0;
	}
	usage("unknown subcommand '" + sub + "'");
}
