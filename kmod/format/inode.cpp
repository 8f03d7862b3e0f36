// SPDX-License-Identifier: GPL-2.0
// Inode location and sanity check.
#include "format/inode.h"

#include "format/blockmap.h"
#include "ktl/errno.h"

namespace mpfs::format {

ktl::Result<InodeLocation> inode_location(const Layout &l, ktl::u64 ino)
{
	if (!inode_in_range(l, ino))
		return ktl::Error::from_errno(-ktl::kEUCLEAN);
	const ktl::u64 index = ino - 1;
	return InodeLocation{l.inode_table + index / l.inodes_per_block(),
			     ktl::u32(index % l.inodes_per_block()) * MPFS_INODE_SIZE};
}

const char *inode_reason_string(InodeReason r)
{
	switch (r) {
	case InodeReason::ok:
		return "ok";
	case InodeReason::bad_mode:
		return "bad file type in mode";
	case InodeReason::flags_not_zero:
		return "unknown inode flags set";
	case InodeReason::reserved_not_zero:
		return "reserved inode field not zero";
	case InodeReason::size_too_large:
		return "size larger than the block map can hold";
	case InodeReason::dir_size_unaligned:
		return "directory size not a multiple of the block size";
	case InodeReason::pointer_out_of_range:
		return "block pointer outside the data area";
	}
	return "unknown reason";
}

ktl::Result<void> check_inode(const mpfs_inode &ino, const Layout &l, InodeReason *why)
{
	auto fail = [why](InodeReason r) -> ktl::Result<void> {
		if (why)
			*why = r;
		return ktl::Error::from_errno(-ktl::kEUCLEAN);
	};
	if (why)
		*why = InodeReason::ok;
	if (file_type_of_mode(ino.i_mode) == MPFS_FT_UNKNOWN)
		return fail(InodeReason::bad_mode);
	if (ino.i_flags != 0)
		return fail(InodeReason::flags_not_zero);
	for (ktl::u32 r : ino.i_reserved)
		if (r != 0)
			return fail(InodeReason::reserved_not_zero);
	if (ino.i_size > max_file_size(l.block_size))
		return fail(InodeReason::size_too_large);
	if (mode_is_dir(ino.i_mode) && (ino.i_size & (l.block_size - 1)) != 0)
		return fail(InodeReason::dir_size_unaligned);
	for (ktl::u32 b : ino.i_block)
		if (b != 0 && !l.is_data_block(b))
			return fail(InodeReason::pointer_out_of_range);
	return {};
}

} // namespace mpfs::format
