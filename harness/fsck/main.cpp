// SPDX-License-Identifier: GPL-2.0
// fsck.mpfs: read-only consistency check of an mpfs filesystem.
#include <getopt.h>
#include <iostream>
#include <string>

#include "fsck_core.h"

namespace {

void usage(std::ostream &os)
{
	os << "Usage: fsck.mpfs [-n] DEVICE|IMAGE\n"
	      "Check an mpfs filesystem. The check is read-only: fsck.mpfs never\n"
	      "repairs anything; -n (no changes) is accepted for compatibility.\n\n"
	      "Checks the superblock, the inode and block bitmaps against the inodes\n"
	      "in use and the blocks they map, block pointers (range, sharing, past\n"
	      "end of file), i_blocks, directory entries, '.' and '..', link counts\n"
	      "and reachability from the root. One line per problem on stderr.\n\n"
	      "Exit status: 0 clean, 4 errors found (left uncorrected),\n"
	      "8 operational error (cannot read, not mpfs, usage).\n";
}

} // namespace

int main(int argc, char **argv)
{
	static const option longopts[] = {{"help", no_argument, nullptr, 'h'}, {}};
	int c;
	while ((c = getopt_long(argc, argv, "nh", longopts, nullptr)) != -1) {
		switch (c) {
		case 'n':
			break; // always read-only
		case 'h':
			usage(std::cout);
			return 0;
		default:
			usage(std::cerr);
			return mpfs::tools::kFsckOperational;
		}
	}
	if (optind != argc - 1) {
		std::cerr << "fsck.mpfs: expected exactly one DEVICE or IMAGE\n";
		usage(std::cerr);
		return mpfs::tools::kFsckOperational;
	}
	const std::string path = argv[optind];
	mpfs::tools::Target t;
	std::string err;
	if (!t.open(path, mpfs::tools::Access::read_only, err)) {
		std::cerr << "fsck.mpfs: " << err << "\n";
		return mpfs::tools::kFsckOperational;
	}
	const auto r = mpfs::tools::check_filesystem(t);
	for (const auto &f : r.findings)
		std::cerr << "fsck.mpfs: " << path << ": " << f.message << "\n";
	if (r.exit_code == mpfs::tools::kFsckOperational) {
		std::cerr << "fsck.mpfs: " << r.error << "\n";
		return r.exit_code;
	}
	std::cout << "fsck.mpfs: " << path << ": "
		  << (r.exit_code == mpfs::tools::kFsckClean ? "clean" : "ERRORS FOUND") << ", "
		  << r.inodes_used << "/" << r.inodes_count << " inodes, " << r.blocks_used << "/"
		  << r.blocks_count << " blocks";
	if (r.exit_code != mpfs::tools::kFsckClean)
		std::cout << ", " << r.problems << (r.problems == 1 ? " problem" : " problems")
			  << " (nothing was changed)";
	std::cout << "\n";
	return r.exit_code;
}
