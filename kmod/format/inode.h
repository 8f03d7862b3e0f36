/* SPDX-License-Identifier: GPL-2.0 */
// Inode helpers: mode bits, where an inode lives in the table, and the sanity
// check the kernel runs when it reads an inode (a failure means -EIO, never a
// read or write outside the filesystem).
#pragma once
#include "format/superblock.h"
#include "ktl/result.h"
#include "ktl/types.h"
#include "uapi/mpfs_fs.h"

namespace mpfs::format {

// POSIX mode bits (the module cannot include <sys/stat.h>).
inline constexpr ktl::u16 kModeFmt = 0170000;
inline constexpr ktl::u16 kModeDir = 0040000;
inline constexpr ktl::u16 kModeReg = 0100000;
inline constexpr ktl::u16 kModeLnk = 0120000;

/// True for a directory mode.
constexpr bool mode_is_dir(ktl::u16 mode) { return (mode & kModeFmt) == kModeDir; }
/// True for a regular-file mode.
constexpr bool mode_is_reg(ktl::u16 mode) { return (mode & kModeFmt) == kModeReg; }
/// True for a symlink mode.
constexpr bool mode_is_lnk(ktl::u16 mode) { return (mode & kModeFmt) == kModeLnk; }

/// The dirent file_type for @mode: MPFS_FT_DIR/REG/LNK, MPFS_FT_UNKNOWN otherwise.
constexpr ktl::u8 file_type_of_mode(ktl::u16 mode)
{
	return mode_is_dir(mode) ? MPFS_FT_DIR
	       : mode_is_reg(mode) ? MPFS_FT_REG
	       : mode_is_lnk(mode) ? MPFS_FT_LNK
				   : MPFS_FT_UNKNOWN;
}

/// Where inode @ino lives: block of the inode table and byte offset in it.
struct InodeLocation {
	ktl::u64 block;
	ktl::u32 offset;
};

/// True when @ino names an inode of the table (1..inodes_count).
constexpr bool inode_in_range(const Layout &l, ktl::u64 ino)
{
	return ino >= 1 && ino <= l.inodes_count;
}

/// Location of inode @ino, or -EUCLEAN if it is out of range (a corrupt
/// reference: a dirent or caller asked for an inode that does not exist).
ktl::Result<InodeLocation> inode_location(const Layout &l, ktl::u64 ino);

/// Why an in-use inode is unacceptable.
enum class InodeReason : ktl::u8 {
	ok,
	bad_mode,            ///< not a directory, regular file or symlink
	flags_not_zero,      ///< i_flags has unknown bits
	reserved_not_zero,   ///< i_reserved not zero
	size_too_large,      ///< i_size > max_file_size(block size)
	dir_size_unaligned,  ///< directory size not a multiple of the block size
	pointer_out_of_range ///< an i_block[] entry outside [first_data_block, blocks_count)
};

/// A short English description of @r.
const char *inode_reason_string(InodeReason r);

/**
 * check_inode - sanity check of an in-use inode (i_mode != 0) as read from disk
 * @ino: the inode; @l: the filesystem layout; @why: optional reason
 *
 * Covers the inode's own fields and i_block[]; pointers read from indirect
 * blocks are checked by the caller with Layout::is_data_block() as it reads them.
 * Return: 0 or -EUCLEAN.
 */
ktl::Result<void> check_inode(const mpfs_inode &ino, const Layout &l, InodeReason *why = nullptr);

} // namespace mpfs::format
