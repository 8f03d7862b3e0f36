// SPDX-License-Identifier: GPL-2.0
// mkfs.mpfs: create an empty mpfs filesystem on a block device or image file.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <getopt.h>
#include <iostream>
#include <string>

#include "mkfs_core.h"

namespace {

void usage(std::ostream &os)
{
	os << "Usage: mkfs.mpfs [-b BLOCKSIZE] [-N INODES] [-L LABEL] [-f] [-q] DEVICE|IMAGE\n"
	      "Create an mpfs filesystem.\n\n"
	      "  -b BLOCKSIZE  1024, 2048 or 4096 (default 4096; 1024 below 16 MiB;\n"
	      "                never below the device's logical sector size)\n"
	      "  -N INODES     number of inodes (default: one per 16 KiB)\n"
	      "  -L LABEL      volume label, up to 32 bytes\n"
	      "  -f            overwrite an existing filesystem or partition table\n"
	      "                (its signatures are erased first)\n"
	      "  -q            quiet\n"
	      "  -h, --help    this text\n\n"
	      "Exit status: 0 success, 1 error, 2 usage error, 3 refused to overwrite\n"
	      "an existing filesystem or partition table (without -f).\n";
}

bool parse_u32(const char *s, uint32_t &out)
{
	char *end = nullptr;
	errno = 0;
	const unsigned long long v = std::strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v > 0xffffffffULL)
		return false;
	out = uint32_t(v);
	return true;
}

} // namespace

int main(int argc, char **argv)
{
	mpfs::tools::MkfsOptions o;
	static const option longopts[] = {{"help", no_argument, nullptr, 'h'}, {}};
	int c;
	while ((c = getopt_long(argc, argv, "b:N:L:fqh", longopts, nullptr)) != -1) {
		switch (c) {
		case 'b':
			if (!parse_u32(optarg, o.block_size) ||
			    (o.block_size != 1024 && o.block_size != 2048 && o.block_size != 4096)) {
				std::cerr << "mkfs.mpfs: bad block size '" << optarg
					  << "': must be 1024, 2048 or 4096\n";
				return mpfs::tools::kMkfsUsage;
			}
			break;
		case 'N':
			if (!parse_u32(optarg, o.inodes) || o.inodes == 0) {
				std::cerr << "mkfs.mpfs: bad inode count '" << optarg << "'\n";
				return mpfs::tools::kMkfsUsage;
			}
			break;
		case 'L':
			o.label = optarg;
			break;
		case 'f':
			o.force = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			usage(std::cout);
			return 0;
		default:
			usage(std::cerr);
			return mpfs::tools::kMkfsUsage;
		}
	}
	if (optind != argc - 1) {
		std::cerr << "mkfs.mpfs: expected exactly one DEVICE or IMAGE\n";
		usage(std::cerr);
		return mpfs::tools::kMkfsUsage;
	}
	return mpfs::tools::run_mkfs(argv[optind], o, std::cout, std::cerr);
}
