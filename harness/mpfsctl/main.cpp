// SPDX-License-Identifier: GPL-2.0
// mpfsctl: drive the mpfs ioctls from the command line.
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "client.h"

namespace {

const char kUsage[] =
	"usage: mpfsctl [--json] SUBCOMMAND [ARGS] FILE\n"
	"  info                              ABI version, engine, block size, counters\n"
	"  reset-stats                       zero the mount's counters\n"
	"  readahead INDEX NR_PAGES          readahead pages [INDEX, INDEX+NR_PAGES)\n"
	"  read-folio INDEX                  drop page INDEX if clean, read it via ->read_folio\n"
	"  writepages [--offset N] [--length N] [--nr-to-write N] [--sync none|all]\n"
	"                                    one ->writepages call; prints pages written\n"
	"  invalidate [--offset N] [--length N]\n"
	"                                    write back and drop cached pages of the range\n"
	"  fault none|get-block|bio-alloc|map-unmapped|truncate-wb NTH\n"
	"                                    arm a one-shot fault (CAP_SYS_ADMIN)\n"
	"  cached                            page-cache residency (mincore), not an ioctl\n"
	"Numbers take a K, M or G suffix (powers of 1024); length 0 = to the end of file.\n";

[[noreturn]] void usage_error(const std::string &msg)
{
	fprintf(stderr, "mpfsctl: %s\n%s", msg.c_str(), kUsage);
	exit(2);
}

uint64_t parse_u64(const std::string &what, const std::string &s)
{
	if (s.empty() || s[0] == '-')
		usage_error(what + ": not a non-negative number: '" + s + "'");
	errno = 0;
	char *end = nullptr;
	unsigned long long v = strtoull(s.c_str(), &end, 0);
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	else if (*end == 'G' || *end == 'g')
		shift = 30, end++;
	if (errno || *end || end == s.c_str() || (shift && v > (~0ULL >> shift)))
		usage_error(what + ": bad number '" + s + "'");
	return v << shift;
}

struct Args {
	bool json = false;
	std::string sub;
	std::vector<std::string> pos;           // positional arguments after the subcommand
	std::vector<std::pair<std::string, std::string>> opts; // --name value
};

Args parse(int argc, char **argv)
{
	Args a;
	for (int i = 1; i < argc; i++) {
		std::string s = argv[i];
		if (s == "--json")
			a.json = true;
		else if (s == "-h" || s == "--help") {
			fputs(kUsage, stdout);
			exit(0);
		} else if (s.rfind("--", 0) == 0 && !a.sub.empty()) {
			if (i + 1 >= argc)
				usage_error(s + " needs a value");
			a.opts.emplace_back(s.substr(2), argv[++i]);
		} else if (s.rfind("--", 0) == 0)
			usage_error("unknown option " + s);
		else if (a.sub.empty())
			a.sub = s;
		else
			a.pos.push_back(s);
	}
	if (a.sub.empty())
		usage_error("no subcommand");
	if (a.pos.empty())
		usage_error(a.sub + ": no FILE");
	return a;
}

int fail(const char *what, const std::string &file, int rc)
{
	fprintf(stderr, "mpfsctl: %s %s: %s\n", what, file.c_str(), strerror(-rc));
	return 1;
}

void print_result(bool json, const std::string &sub, const std::string &text_extra,
		  const std::string &json_extra)
{
	if (json)
		printf("{\"command\": \"%s\", \"ok\": true%s%s}\n", sub.c_str(), json_extra.empty() ? "" : ", ",
		       json_extra.c_str());
	else
		printf("%s: ok%s\n", sub.c_str(), text_extra.c_str());
}

} // namespace

int main(int argc, char **argv)
{
	Args a = parse(argc, argv);
	std::string file = a.pos.back();
	std::vector<std::string> p(a.pos.begin(), a.pos.end() - 1);
	auto want_pos = [&](size_t n) {
		if (p.size() != n)
			usage_error(a.sub + ": expected " + std::to_string(n) + " argument(s) before FILE");
	};
	uint64_t offset = 0, length = 0, nr_to_write = 1024;
	uint32_t sync = MPFS_WB_SYNC_NONE;
	for (auto &[k, v] : a.opts) {
		if (k == "offset")
			offset = parse_u64(k, v);
		else if (k == "length")
			length = parse_u64(k, v);
		else if (k == "nr-to-write")
			nr_to_write = parse_u64(k, v);
		else if (k == "sync" && (v == "none" || v == "all"))
			sync = v == "all" ? MPFS_WB_SYNC_ALL : MPFS_WB_SYNC_NONE;
		else
			usage_error("bad option --" + k + " " + v);
	}
	bool has_range_opts = !a.opts.empty();
	if (has_range_opts && a.sub != "writepages" && a.sub != "invalidate")
		usage_error(a.sub + " takes no options");
	if (a.sub == "invalidate")
		for (auto &o : a.opts)
			if (o.first != "offset" && o.first != "length")
				usage_error("invalidate takes only --offset and --length");

	int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mpfsctl: %s: %s\n", file.c_str(), strerror(errno));
		return 1;
	}
	int rc;
	if (a.sub == "info") {
		want_pos(0);
		mpfs_ioc_info info;
		if ((rc = mpfs::ctl::get_info(fd, info)))
			return fail("GET_INFO", file, rc);
		fputs(a.json ? (mpfs::ctl::info_json(info) + "\n").c_str() : mpfs::ctl::info_text(info).c_str(),
		      stdout);
	} else if (a.sub == "reset-stats") {
		want_pos(0);
		if ((rc = mpfs::ctl::reset_stats(fd)))
			return fail("RESET_STATS", file, rc);
		print_result(a.json, a.sub, "", "");
	} else if (a.sub == "readahead") {
		want_pos(2);
		uint64_t index = parse_u64("INDEX", p[0]), nr = parse_u64("NR_PAGES", p[1]);
		if ((rc = mpfs::ctl::readahead(fd, index, nr)))
			return fail("READAHEAD", file, rc);
		print_result(a.json, a.sub, "", "");
	} else if (a.sub == "read-folio") {
		want_pos(1);
		if ((rc = mpfs::ctl::read_folio(fd, parse_u64("INDEX", p[0]))))
			return fail("READ_FOLIO", file, rc);
		print_result(a.json, a.sub, "", "");
	} else if (a.sub == "writepages") {
		want_pos(0);
		if (nr_to_write == 0 || nr_to_write > INT64_MAX)
			usage_error("--nr-to-write must be between 1 and 2^63-1");
		uint64_t written = 0;
		if ((rc = mpfs::ctl::writepages(fd, offset, length, static_cast<int64_t>(nr_to_write), sync,
						&written)))
			return fail("WRITEPAGES", file, rc);
		print_result(a.json, a.sub, ", pages_written " + std::to_string(written),
			     "\"pages_written\": " + std::to_string(written));
	} else if (a.sub == "invalidate") {
		want_pos(0);
		if ((rc = mpfs::ctl::invalidate(fd, offset, length)))
			return fail("INVALIDATE", file, rc);
		print_result(a.json, a.sub, "", "");
	} else if (a.sub == "fault") {
		want_pos(2);
		int kind = mpfs::ctl::fault_kind_from_name(p[0]);
		if (kind < 0)
			usage_error("fault: unknown kind '" + p[0] + "'");
		if ((rc = mpfs::ctl::fault(fd, static_cast<uint32_t>(kind), parse_u64("NTH", p[1]))))
			return fail("FAULT", file, rc);
		print_result(a.json, a.sub, "", "");
	} else if (a.sub == "cached") {
		want_pos(0);
		std::vector<bool> pages;
		if ((rc = mpfs::ctl::residency(fd, pages)))
			return fail("mincore", file, rc);
		std::string map;
		size_t n = 0;
		for (bool b : pages) {
			map += b ? '#' : '.';
			n += b;
		}
		if (a.json)
			printf("{\"pages\": %zu, \"cached\": %zu, \"map\": \"%s\"}\n", pages.size(), n, map.c_str());
		else
			printf("%zu of %zu pages cached\n%s\n", n, pages.size(), map.c_str());
	} else {
		usage_error("unknown subcommand '" + a.sub + "'");
	}
	close(fd);
	return 0;
}
