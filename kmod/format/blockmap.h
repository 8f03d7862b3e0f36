/* SPDX-License-Identifier: GPL-2.0 */
// Inode block-map arithmetic: which pointer slots lead to a file block. An
// inode has MPFS_NDIR_BLOCKS direct pointers, one indirect and one double
// indirect; indirect blocks are arrays of __le32 block numbers (0 = hole).
#pragma once
#include "ktl/result.h"
#include "ktl/types.h"
#include "ktl/units.h"
#include "uapi/mpfs_fs.h"

namespace mpfs::format {

/// The chain of pointer slots that maps one file block (ext2_block_to_path).
struct BlockPath {
	/// 1 = direct, 2 = through the indirect block, 3 = through the double indirect.
	ktl::u32 depth;
	/// offsets[0] indexes i_block[] (a direct slot, MPFS_IND_BLOCK or
	/// MPFS_DIND_BLOCK); offsets[1..depth-1] index the indirect blocks in turn.
	ktl::u32 offsets[3];
	/// Pointer slots after this one in the same array (the direct part of
	/// i_block[], or the last indirect block on the path): how many following
	/// file blocks are mapped without reading another indirect block.
	/// 0 = this is the last slot of its array.
	ktl::u32 blocks_to_boundary;
};

/// Pointer arithmetic for one block size.
class MapGeometry {
public:
	/// For a valid block size (1024, 2048, 4096).
	constexpr explicit MapGeometry(ktl::u32 block_size)
		: ptrs_(block_size / 4), ptrs_bits_(block_size == 1024 ? 8 : block_size == 2048 ? 9 : 10)
	{
	}

	/// Block pointers in one indirect block.
	constexpr ktl::u32 ptrs_per_block() const { return ptrs_; }
	/// log2(ptrs_per_block()).
	constexpr ktl::u32 ptrs_bits() const { return ptrs_bits_; }
	/// File blocks reachable through the indirect block.
	constexpr ktl::u64 indirect_blocks() const { return ptrs_; }
	/// File blocks reachable through the double-indirect block.
	constexpr ktl::u64 double_blocks() const { return ktl::u64(ptrs_) << ptrs_bits_; }
	/// Number of file blocks an inode can map: 12 + p + p^2.
	constexpr ktl::u64 max_file_blocks() const
	{
		return MPFS_NDIR_BLOCKS + indirect_blocks() + double_blocks();
	}
	/// First file block mapped through the indirect block (12).
	constexpr ktl::u64 first_indirect_block() const { return MPFS_NDIR_BLOCKS; }
	/// First file block mapped through the double-indirect block (12 + p).
	constexpr ktl::u64 first_double_block() const { return MPFS_NDIR_BLOCKS + indirect_blocks(); }

	/**
	 * path - the pointer slots leading to @block
	 * Return: the path, or -EFBIG if @block >= max_file_blocks().
	 */
	ktl::Result<BlockPath> path(ktl::FileBlock block) const;

	/**
	 * indirect_blocks_for - indirect blocks needed to map file blocks [0, @nblocks)
	 * without holes: the count i_blocks includes beyond the data blocks. @nblocks
	 * must be <= max_file_blocks().
	 */
	ktl::u64 indirect_blocks_for(ktl::u64 nblocks) const;

private:
	ktl::u32 ptrs_;
	ktl::u32 ptrs_bits_;
};

/**
 * mapping_hits_boundary - should get_block set BH_Boundary?
 * @p: path of the first block of the mapping
 * @mapped: blocks mapped in this call (>= 1), starting at that block
 *
 * ext2's get_block sets BH_Boundary when the mapped run reaches the last slot
 * of its pointer array: the next file block needs another indirect block read
 * first, so the block layer should submit what it has (mpage then does so).
 */
constexpr bool mapping_hits_boundary(const BlockPath &p, ktl::u32 mapped)
{
	return mapped > p.blocks_to_boundary;
}

/// Largest i_size a file may have with @block_size blocks.
constexpr ktl::u64 max_file_size(ktl::u32 block_size)
{
	return MapGeometry(block_size).max_file_blocks() * block_size;
}

/// Reads pointer slot @i of an indirect block.
ktl::u32 indirect_ptr(const void *indirect_block, ktl::u32 i);
/// Writes pointer slot @i of an indirect block.
void set_indirect_ptr(void *indirect_block, ktl::u32 i, ktl::u32 blk);

} // namespace mpfs::format
