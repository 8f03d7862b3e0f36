/* SPDX-License-Identifier: GPL-2.0 */
// Superblock: checksum, validation with a precise reason, and the layout
// computation mkfs uses. The kernel validates at mount with validate_super()
// and logs super_reason_string(why); fsck does the same.
#pragma once
#include "ktl/result.h"
#include "ktl/types.h"
#include "uapi/mpfs_fs.h"

namespace mpfs::format {

/// Where each region of one filesystem lives, in filesystem blocks. Produced by
/// compute_layout() (mkfs) or validate_super() (mount, fsck); every field is
/// consistent with the others when it comes from either.
struct Layout {
	ktl::u32 block_size;          ///< 1024, 2048 or 4096
	ktl::u32 blkbits;             ///< log2(block_size)
	ktl::u64 blocks_count;        ///< blocks in the filesystem (<= MPFS_MAX_BLOCKS_COUNT)
	ktl::u32 inodes_count;        ///< inodes 1..inodes_count exist
	ktl::u64 block_bitmap;        ///< first block of the block bitmap (always 1)
	ktl::u32 block_bitmap_blocks;
	ktl::u64 inode_bitmap;        ///< first block of the inode bitmap
	ktl::u32 inode_bitmap_blocks;
	ktl::u64 inode_table;         ///< first block of the inode table
	ktl::u32 inode_table_blocks;
	ktl::u64 first_data_block;    ///< first block data may use

	/// Inodes stored in one inode-table block.
	constexpr ktl::u32 inodes_per_block() const { return block_size / MPFS_INODE_SIZE; }
	/// Bits held by one bitmap block.
	constexpr ktl::u32 bits_per_block() const { return block_size * 8; }
	/// Blocks data and indirect blocks may use.
	constexpr ktl::u64 data_blocks() const { return blocks_count - first_data_block; }
	/// True when @blk may be mapped by an inode (data or indirect block).
	constexpr bool is_data_block(ktl::u64 blk) const
	{
		return blk >= first_data_block && blk < blocks_count;
	}
};

/// Why a superblock (or a requested mkfs layout) is unacceptable.
enum class SuperReason : ktl::u8 {
	ok,
	bad_magic,            ///< s_magic != MPFS_MAGIC: not an mpfs filesystem
	bad_version,          ///< s_version != MPFS_VERSION
	bad_checksum,         ///< CRC32C mismatch
	bad_block_size,       ///< not 1024, 2048 or 4096
	bad_inode_size,       ///< s_inode_size != MPFS_INODE_SIZE
	flags_not_zero,       ///< s_flags has unknown bits
	reserved_not_zero,    ///< s_reserved[] not all zero
	bad_root_ino,         ///< s_root_ino != MPFS_ROOT_INO
	too_many_blocks,      ///< s_blocks_count > MPFS_MAX_BLOCKS_COUNT
	bad_inodes_count,     ///< zero inodes
	bad_block_bitmap,     ///< block bitmap position or length wrong
	bad_inode_bitmap,     ///< inode bitmap position or length wrong
	bad_inode_table,      ///< inode table position or length wrong
	bad_first_data_block, ///< first data block not right after the inode table
	too_small,            ///< no room for a single data block after the metadata
	larger_than_device,   ///< s_blocks_count * block size exceeds the device
	device_too_small,     ///< mkfs: device smaller than the minimum filesystem
};

/// A short English description of @r, suitable after "mpfs: bad superblock: ".
const char *super_reason_string(SuperReason r);

/// CRC32C of @sb with s_checksum taken as zero.
ktl::u32 super_checksum(const mpfs_super_block &sb);
/// Stores super_checksum(@sb) into sb.s_checksum. Call after every change.
void super_set_checksum(mpfs_super_block &sb);

/**
 * validate_super - check a superblock read from disk
 * @sb: the superblock (block 0, byte 0)
 * @device_bytes: size of the device or image it was read from
 * @why: optional; receives the first problem found (SuperReason::ok on success)
 *
 * Checks, in order: magic, version, checksum, block size, inode size, flags,
 * reserved fields, root inode number, block count range, inode count, the
 * position and length of every region (the fixed v1 layout), room for data,
 * and that the filesystem fits in @device_bytes.
 *
 * Return: the layout, or -EINVAL (bad_magic: also -EINVAL; callers that want
 * to say "not mpfs" test *why).
 */
ktl::Result<Layout> validate_super(const mpfs_super_block &sb, ktl::u64 device_bytes,
				   SuperReason *why = nullptr);

/**
 * default_inodes_count - the inode count mkfs picks when none is given
 * @device_bytes: bytes the filesystem will occupy
 * @block_size: chosen block size
 *
 * One inode per 16 KiB, at least 16, rounded up to fill whole inode-table
 * blocks, never above MPFS_MAX_BLOCKS_COUNT/2 and never more than the data
 * blocks can hold alongside the table (tiny devices get fewer).
 */
ktl::u32 default_inodes_count(ktl::u64 device_bytes, ktl::u32 block_size);

/**
 * compute_layout - the layout of a new filesystem
 * @device_bytes: usable bytes (the filesystem covers floor(bytes / block_size)
 *                blocks, capped at MPFS_MAX_BLOCKS_COUNT)
 * @block_size: 1024, 2048 or 4096
 * @inodes: requested inode count, 0 = default_inodes_count(); rounded up to
 *          fill the last inode-table block
 * @why: optional reason on failure (bad_block_size, bad_inodes_count,
 *       device_too_small)
 *
 * Return: the layout or -EINVAL. The result always passes validate_super()
 * once written with layout_to_super().
 */
ktl::Result<Layout> compute_layout(ktl::u64 device_bytes, ktl::u32 block_size, ktl::u32 inodes,
				   SuperReason *why = nullptr);

/// Fills every geometry field of @sb from @l (magic, version, sizes, regions,
/// root inode) and zeroes flags, reserved and checksum. Time, UUID and label
/// are left for the caller, which then calls super_set_checksum().
void layout_to_super(const Layout &l, mpfs_super_block &sb);

} // namespace mpfs::format
