// SPDX-License-Identifier: GPL-2.0
// Superblock checksum, validation and mkfs layout.
#include "format/superblock.h"

#include "format/crc32c.h"
#include "ktl/errno.h"

namespace mpfs::format {
namespace {

using ktl::u32;
using ktl::u64;

constexpr u64 div_round_up(u64 n, u64 d) { return (n + d - 1) / d; }

/// log2 of a valid block size, 0 for an invalid one.
constexpr u32 blkbits_of(u32 block_size)
{
	switch (block_size) {
	case 1024:
		return 10;
	case 2048:
		return 11;
	case 4096:
		return 12;
	default:
		return 0;
	}
}

/// The v1 layout for a given size triple; no range checks.
Layout derive_layout(u64 blocks_count, u32 block_size, u32 inodes_count)
{
	Layout l{};
	l.block_size = block_size;
	l.blkbits = blkbits_of(block_size);
	l.blocks_count = blocks_count;
	l.inodes_count = inodes_count;
	l.block_bitmap = 1;
	l.block_bitmap_blocks = u32(div_round_up(blocks_count, u64(block_size) * 8));
	l.inode_bitmap = l.block_bitmap + l.block_bitmap_blocks;
	l.inode_bitmap_blocks = u32(div_round_up(inodes_count, u64(block_size) * 8));
	l.inode_table = l.inode_bitmap + l.inode_bitmap_blocks;
	l.inode_table_blocks = u32(div_round_up(u64(inodes_count) * MPFS_INODE_SIZE, block_size));
	l.first_data_block = l.inode_table + l.inode_table_blocks;
	return l;
}

ktl::Error fail(SuperReason r, SuperReason *why)
{
	if (why)
		*why = r;
	return ktl::Error::from_errno(-ktl::kEINVAL);
}

} // namespace

const char *super_reason_string(SuperReason r)
{
	switch (r) {
	case SuperReason::ok:
		return "ok";
	case SuperReason::bad_magic:
		return "bad magic (not an mpfs filesystem)";
	case SuperReason::bad_version:
		return "unsupported format version";
	case SuperReason::bad_checksum:
		return "superblock checksum mismatch";
	case SuperReason::bad_block_size:
		return "block size is not 1024, 2048 or 4096";
	case SuperReason::bad_inode_size:
		return "inode size is not 128";
	case SuperReason::flags_not_zero:
		return "unknown superblock flags set";
	case SuperReason::reserved_not_zero:
		return "reserved superblock fields not zero";
	case SuperReason::bad_root_ino:
		return "root inode number is not 1";
	case SuperReason::too_many_blocks:
		return "block count exceeds 32-bit block pointers";
	case SuperReason::bad_inodes_count:
		return "bad inode count";
	case SuperReason::bad_block_bitmap:
		return "block bitmap position or length inconsistent with the block count";
	case SuperReason::bad_inode_bitmap:
		return "inode bitmap position or length inconsistent with the inode count";
	case SuperReason::bad_inode_table:
		return "inode table position or length inconsistent with the inode count";
	case SuperReason::bad_first_data_block:
		return "first data block does not follow the inode table";
	case SuperReason::too_small:
		return "no data blocks after the metadata";
	case SuperReason::larger_than_device:
		return "filesystem is larger than the device";
	case SuperReason::device_too_small:
		return "device too small for this block size and inode count";
	}
	return "unknown reason";
}

u32 super_checksum(const mpfs_super_block &sb)
{
	constexpr ktl::usize kCsumOff = __builtin_offsetof(mpfs_super_block, s_checksum);
	static_assert(kCsumOff + sizeof(sb.s_checksum) == sizeof(mpfs_super_block),
		      "s_checksum is the last field");
	const u32 zero = 0;
	u32 state = crc32c_update(kCrc32cInit, &sb, kCsumOff);
	state = crc32c_update(state, &zero, sizeof(zero));
	return crc32c_finish(state);
}

void super_set_checksum(mpfs_super_block &sb) { sb.s_checksum = super_checksum(sb); }

ktl::Result<Layout> validate_super(const mpfs_super_block &sb, u64 device_bytes, SuperReason *why)
{
	if (why)
		*why = SuperReason::ok;
	if (sb.s_magic != MPFS_MAGIC)
		return fail(SuperReason::bad_magic, why);
	if (sb.s_version != MPFS_VERSION)
		return fail(SuperReason::bad_version, why);
	if (sb.s_checksum != super_checksum(sb))
		return fail(SuperReason::bad_checksum, why);
	if (blkbits_of(sb.s_block_size) == 0)
		return fail(SuperReason::bad_block_size, why);
	if (sb.s_inode_size != MPFS_INODE_SIZE)
		return fail(SuperReason::bad_inode_size, why);
	if (sb.s_flags != 0)
		return fail(SuperReason::flags_not_zero, why);
	for (u32 r : sb.s_reserved)
		if (r != 0)
			return fail(SuperReason::reserved_not_zero, why);
	if (sb.s_root_ino != MPFS_ROOT_INO)
		return fail(SuperReason::bad_root_ino, why);
	if (sb.s_blocks_count > MPFS_MAX_BLOCKS_COUNT)
		return fail(SuperReason::too_many_blocks, why);
	if (sb.s_inodes_count < MPFS_ROOT_INO)
		return fail(SuperReason::bad_inodes_count, why);

	const Layout l = derive_layout(sb.s_blocks_count, sb.s_block_size, sb.s_inodes_count);
	if (sb.s_block_bitmap != l.block_bitmap || sb.s_block_bitmap_blocks != l.block_bitmap_blocks)
		return fail(SuperReason::bad_block_bitmap, why);
	if (sb.s_inode_bitmap != l.inode_bitmap || sb.s_inode_bitmap_blocks != l.inode_bitmap_blocks)
		return fail(SuperReason::bad_inode_bitmap, why);
	if (sb.s_inode_table != l.inode_table || sb.s_inode_table_blocks != l.inode_table_blocks)
		return fail(SuperReason::bad_inode_table, why);
	if (sb.s_first_data_block != l.first_data_block)
		return fail(SuperReason::bad_first_data_block, why);
	if (l.first_data_block >= l.blocks_count)
		return fail(SuperReason::too_small, why);
	if (l.blocks_count > device_bytes >> l.blkbits)
		return fail(SuperReason::larger_than_device, why);
	return l;
}

u32 default_inodes_count(u64 device_bytes, u32 block_size)
{
	if (blkbits_of(block_size) == 0)
		return 0;
	u64 blocks = device_bytes / block_size;
	if (blocks > MPFS_MAX_BLOCKS_COUNT)
		blocks = MPFS_MAX_BLOCKS_COUNT;
	const u64 per_block = block_size / MPFS_INODE_SIZE;
	u64 n = blocks * block_size / 16384;
	if (n < 16)
		n = 16;
	// The inode table may take at most a quarter of the device.
	const u64 cap = blocks / 4 * per_block;
	if (n > cap)
		n = cap > per_block ? cap : per_block;
	if (n > MPFS_MAX_BLOCKS_COUNT / 2)
		n = MPFS_MAX_BLOCKS_COUNT / 2;
	return u32(div_round_up(n, per_block) * per_block);
}

ktl::Result<Layout> compute_layout(u64 device_bytes, u32 block_size, u32 inodes, SuperReason *why)
{
	if (why)
		*why = SuperReason::ok;
	if (blkbits_of(block_size) == 0)
		return fail(SuperReason::bad_block_size, why);
	u64 blocks = device_bytes / block_size;
	if (blocks > MPFS_MAX_BLOCKS_COUNT)
		blocks = MPFS_MAX_BLOCKS_COUNT;
	if (inodes == 0)
		inodes = default_inodes_count(device_bytes, block_size);
	const u64 per_block = block_size / MPFS_INODE_SIZE;
	const u64 rounded = div_round_up(inodes, per_block) * per_block;
	if (inodes == 0 || rounded > 0xffffffffULL)
		return fail(SuperReason::bad_inodes_count, why);
	const Layout l = derive_layout(blocks, block_size, u32(rounded));
	if (blocks < 2 || l.first_data_block >= blocks)
		return fail(SuperReason::device_too_small, why);
	return l;
}

void layout_to_super(const Layout &l, mpfs_super_block &sb)
{
	sb.s_magic = MPFS_MAGIC;
	sb.s_version = MPFS_VERSION;
	sb.s_block_size = l.block_size;
	sb.s_inode_size = MPFS_INODE_SIZE;
	sb.s_blocks_count = l.blocks_count;
	sb.s_inodes_count = l.inodes_count;
	sb.s_root_ino = MPFS_ROOT_INO;
	sb.s_block_bitmap = l.block_bitmap;
	sb.s_inode_bitmap = l.inode_bitmap;
	sb.s_inode_table = l.inode_table;
	sb.s_first_data_block = l.first_data_block;
	sb.s_block_bitmap_blocks = l.block_bitmap_blocks;
	sb.s_inode_bitmap_blocks = l.inode_bitmap_blocks;
	sb.s_inode_table_blocks = l.inode_table_blocks;
	sb.s_flags = 0;
	for (u32 &r : sb.s_reserved)
		r = 0;
	sb.s_checksum = 0;
}

} // namespace mpfs::format
