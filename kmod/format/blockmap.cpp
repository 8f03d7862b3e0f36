// SPDX-License-Identifier: GPL-2.0
// Inode block-map arithmetic (the mpfs counterpart of ext2_block_to_path).
#include "format/blockmap.h"

#include "format/le.h"
#include "ktl/errno.h"

namespace mpfs::format {

ktl::Result<BlockPath> MapGeometry::path(ktl::FileBlock block) const
{
	ktl::u64 b = block.value();
	BlockPath p{};
	if (b < MPFS_NDIR_BLOCKS) {
		p.depth = 1;
		p.offsets[0] = ktl::u32(b);
		p.blocks_to_boundary = MPFS_NDIR_BLOCKS - 1 - ktl::u32(b);
		return p;
	}
	b -= MPFS_NDIR_BLOCKS;
	if (b < indirect_blocks()) {
		p.depth = 2;
		p.offsets[0] = MPFS_IND_BLOCK;
		p.offsets[1] = ktl::u32(b);
		p.blocks_to_boundary = ptrs_ - 1 - ktl::u32(b);
		return p;
	}
	b -= indirect_blocks();
	if (b < double_blocks()) {
		p.depth = 3;
		p.offsets[0] = MPFS_DIND_BLOCK;
		p.offsets[1] = ktl::u32(b >> ptrs_bits_);
		p.offsets[2] = ktl::u32(b & (ptrs_ - 1));
		p.blocks_to_boundary = ptrs_ - 1 - p.offsets[2];
		return p;
	}
	return ktl::Error::from_errno(-ktl::kEFBIG);
}

ktl::u64 MapGeometry::indirect_blocks_for(ktl::u64 nblocks) const
{
	if (nblocks <= MPFS_NDIR_BLOCKS)
		return 0;
	if (nblocks <= first_double_block())
		return 1;
	const ktl::u64 in_double = nblocks - first_double_block();
	// The indirect block, the double-indirect block, and one child per
	// started group of ptrs_ blocks.
	return 2 + ((in_double + ptrs_ - 1) >> ptrs_bits_);
}

ktl::u32 indirect_ptr(const void *indirect_block, ktl::u32 i)
{
	return load_le32(static_cast<const ktl::u8 *>(indirect_block) + 4 * ktl::usize(i));
}

void set_indirect_ptr(void *indirect_block, ktl::u32 i, ktl::u32 blk)
{
	store_le32(static_cast<ktl::u8 *>(indirect_block) + 4 * ktl::usize(i), blk);
}

} // namespace mpfs::format
