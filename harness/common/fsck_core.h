// SPDX-License-Identifier: GPL-2.0
// fsck.mpfs without the command line: a read-only check of a whole
// filesystem. It never writes to the target.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "device.h"

namespace mpfs::tools {

/// Exit codes of fsck.mpfs (e2fsck's convention).
enum FsckExit : int {
	kFsckClean = 0,
	kFsckErrors = 4,      ///< filesystem errors found (and left alone)
	kFsckOperational = 8, ///< could not check: I/O error, not mpfs, bad usage
};

/// Kinds of problem, so tests can ask for one without parsing messages.
enum class Problem {
	superblock,          ///< superblock failed validation
	bad_inode,           ///< in-use inode fails check_inode()
	inode_bitmap,        ///< inode bitmap bit disagrees with the inode's mode
	block_bitmap,        ///< block bitmap bit disagrees with the blocks in use
	pointer_range,       ///< block pointer outside the data area
	block_shared,        ///< block mapped twice (by one or two inodes)
	past_eof,            ///< block mapped past the end of the file
	i_blocks,            ///< i_blocks differs from the blocks mapped
	dir_hole,            ///< directory block not mapped inside i_size
	dirent,              ///< malformed directory record
	dot_entries,         ///< "." or ".." missing or wrong
	duplicate_name,      ///< the same name twice in a directory
	file_type,           ///< dirent file_type disagrees with the inode's mode
	dangling_entry,      ///< dirent naming a free inode
	dir_multiple_parents,///< a directory reached from two places
	link_count,          ///< i_links_count differs from the references found
	unreachable,         ///< in-use inode not reachable from the root
	root,                ///< root inode missing or not a directory
};

/// Name of a Problem kind, as printed in messages ("[block_shared]").
const char *problem_name(Problem p);

struct Finding {
	Problem kind;
	std::string message;
};

struct FsckResult {
	int exit_code = kFsckClean;
	std::vector<Finding> findings; ///< in the order found (capped per kind)
	uint64_t problems = 0;         ///< all problems, including those past the cap
	std::string error;             ///< operational error, when exit_code == 8
	uint32_t inodes_used = 0;
	uint32_t inodes_count = 0;
	uint64_t blocks_used = 0;
	uint64_t blocks_count = 0;

	/// True when at least one finding of @kind was reported.
	bool has(Problem kind) const;
};

/// Checks the filesystem on @t (opened read-only is enough).
FsckResult check_filesystem(const Target &t);

} // namespace mpfs::tools
