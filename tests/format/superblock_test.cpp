// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include <functional>

#include "format/superblock.h"
#include "ktl/errno.h"

using namespace mpfs::format;

namespace {

constexpr uint64_t kDev = 64ULL << 20;

mpfs_super_block good_super(uint32_t bs = 4096, uint64_t dev = kDev, uint32_t inodes = 0)
{
	auto l = compute_layout(dev, bs, inodes);
	EXPECT_TRUE(l.is_ok());
	mpfs_super_block sb{};
	layout_to_super(l.value(), sb);
	super_set_checksum(sb);
	return sb;
}

SuperReason reason_of(const mpfs_super_block &sb, uint64_t dev = kDev)
{
	SuperReason why = SuperReason::ok;
	auto r = validate_super(sb, dev, &why);
	if (r.is_error()) {
		EXPECT_EQ(r.error().to_errno(), -ktl::kEINVAL);
	} else {
		EXPECT_EQ(why, SuperReason::ok);
	}
	return why;
}

} // namespace

TEST(Superblock, GoodOneValidatesAtEveryBlockSize)
{
	for (uint32_t bs : {1024u, 2048u, 4096u}) {
		auto sb = good_super(bs);
		SuperReason why;
		auto r = validate_super(sb, kDev, &why);
		ASSERT_TRUE(r.is_ok()) << bs << ": " << super_reason_string(why);
		EXPECT_EQ(r.value().block_size, bs);
		EXPECT_EQ(r.value().blocks_count, kDev / bs);
		EXPECT_EQ(uint64_t(1) << r.value().blkbits, bs);
		EXPECT_EQ(r.value().block_bitmap, 1u);
	}
}

TEST(Superblock, ChecksumCoversEveryByteButItself)
{
	auto sb = good_super();
	const uint32_t c = super_checksum(sb);
	auto *bytes = reinterpret_cast<uint8_t *>(&sb);
	for (size_t i = 0; i < offsetof(mpfs_super_block, s_checksum); i++) {
		bytes[i] ^= 0x01;
		EXPECT_NE(super_checksum(sb), c) << "byte " << i;
		bytes[i] ^= 0x01;
	}
	sb.s_checksum ^= 0xdeadbeef; // the stored value is not part of the sum
	EXPECT_EQ(super_checksum(sb), c);
}

struct Corruption {
	const char *name;
	std::function<void(mpfs_super_block &)> edit;
	SuperReason expect;
	bool fix_checksum = true;
};

class SuperCorruption : public ::testing::TestWithParam<Corruption> {};

TEST_P(SuperCorruption, IsRejectedWithItsReason)
{
	auto sb = good_super();
	GetParam().edit(sb);
	if (GetParam().fix_checksum)
		super_set_checksum(sb);
	EXPECT_EQ(reason_of(sb), GetParam().expect) << super_reason_string(reason_of(sb));
}

INSTANTIATE_TEST_SUITE_P(
	All, SuperCorruption,
	::testing::Values(
		Corruption{"magic", [](auto &s) { s.s_magic ^= 1; }, SuperReason::bad_magic},
		Corruption{"version", [](auto &s) { s.s_version = 2; }, SuperReason::bad_version},
		Corruption{"checksum", [](auto &s) { s.s_label[0] = 'x'; }, SuperReason::bad_checksum, false},
		Corruption{"block_size", [](auto &s) { s.s_block_size = 8192; }, SuperReason::bad_block_size},
		Corruption{"block_size_512", [](auto &s) { s.s_block_size = 512; }, SuperReason::bad_block_size},
		Corruption{"inode_size", [](auto &s) { s.s_inode_size = 256; }, SuperReason::bad_inode_size},
		Corruption{"flags", [](auto &s) { s.s_flags = 1; }, SuperReason::flags_not_zero},
		Corruption{"reserved", [](auto &s) { s.s_reserved[28] = 1; }, SuperReason::reserved_not_zero},
		Corruption{"root_ino", [](auto &s) { s.s_root_ino = 2; }, SuperReason::bad_root_ino},
		Corruption{"too_many_blocks", [](auto &s) { s.s_blocks_count = 1ULL << 32; },
			   SuperReason::too_many_blocks},
		Corruption{"zero_inodes", [](auto &s) { s.s_inodes_count = 0; }, SuperReason::bad_inodes_count},
		Corruption{"block_bitmap_pos", [](auto &s) { s.s_block_bitmap = 2; }, SuperReason::bad_block_bitmap},
		Corruption{"block_bitmap_len", [](auto &s) { s.s_block_bitmap_blocks++; },
			   SuperReason::bad_block_bitmap},
		Corruption{"blocks_count_vs_bitmap",
			   [](auto &s) { s.s_blocks_count = uint64_t(s.s_block_bitmap_blocks) * 4096 * 8 + 1; },
			   SuperReason::bad_block_bitmap},
		Corruption{"inode_bitmap_pos", [](auto &s) { s.s_inode_bitmap++; }, SuperReason::bad_inode_bitmap},
		Corruption{"inode_bitmap_len", [](auto &s) { s.s_inode_bitmap_blocks = 0; },
			   SuperReason::bad_inode_bitmap},
		Corruption{"inode_table_pos", [](auto &s) { s.s_inode_table--; }, SuperReason::bad_inode_table},
		Corruption{"inodes_vs_table", [](auto &s) { s.s_inodes_count += 32; }, SuperReason::bad_inode_table},
		Corruption{"first_data", [](auto &s) { s.s_first_data_block++; }, SuperReason::bad_first_data_block},
		Corruption{"no_data_room",
			   [](auto &s) {
				   // Blocks end exactly at the first data block.
				   s.s_blocks_count = s.s_first_data_block;
			   },
			   SuperReason::too_small},
		Corruption{"larger_than_device", [](auto &s) { s.s_blocks_count = kDev / 4096 + 1; },
			   SuperReason::larger_than_device}),
	[](const auto &info) { return std::string(info.param.name); });

TEST(Superblock, DeviceSizeIsChecked)
{
	auto sb = good_super();
	EXPECT_EQ(reason_of(sb, kDev), SuperReason::ok);
	EXPECT_EQ(reason_of(sb, kDev + 4095), SuperReason::ok);
	EXPECT_EQ(reason_of(sb, kDev - 1), SuperReason::larger_than_device);
	EXPECT_EQ(reason_of(sb, 0), SuperReason::larger_than_device);
}

TEST(Superblock, EveryReasonHasAString)
{
	for (int r = int(SuperReason::ok); r <= int(SuperReason::device_too_small); r++)
		EXPECT_STRNE(super_reason_string(SuperReason(r)), "unknown reason") << r;
}

TEST(Layout, ComputedLayoutsValidateAcrossSizes)
{
	for (uint32_t bs : {1024u, 2048u, 4096u}) {
		for (uint64_t dev : {64ULL << 10, 1ULL << 20, 3ULL << 20, 16ULL << 20, 512ULL << 20,
				     (1ULL << 30) + 12345, 20ULL << 40}) {
			SuperReason why;
			auto l = compute_layout(dev, bs, 0, &why);
			ASSERT_TRUE(l.is_ok()) << bs << " " << dev << ": " << super_reason_string(why);
			mpfs_super_block sb{};
			layout_to_super(l.value(), sb);
			super_set_checksum(sb);
			EXPECT_EQ(reason_of(sb, dev), SuperReason::ok) << bs << " " << dev;
			const Layout &g = l.value();
			EXPECT_EQ(g.inodes_count % g.inodes_per_block(), 0u);
			EXPECT_GE(uint64_t(g.block_bitmap_blocks) * g.bits_per_block(), g.blocks_count);
			EXPECT_LT(uint64_t(g.block_bitmap_blocks - 1) * g.bits_per_block(), g.blocks_count);
			EXPECT_LT(g.first_data_block, g.blocks_count);
			EXPECT_LE(g.blocks_count, MPFS_MAX_BLOCKS_COUNT);
		}
	}
}

TEST(Layout, BlocksCappedAt32BitPointers)
{
	auto l = compute_layout(32ULL << 40, 4096, 0);
	ASSERT_TRUE(l.is_ok());
	EXPECT_EQ(l.value().blocks_count, MPFS_MAX_BLOCKS_COUNT);
}

TEST(Layout, RejectsBadRequests)
{
	SuperReason why;
	EXPECT_TRUE(compute_layout(1 << 20, 512, 0, &why).is_error());
	EXPECT_EQ(why, SuperReason::bad_block_size);
	EXPECT_TRUE(compute_layout(4096, 1024, 0, &why).is_error());
	EXPECT_EQ(why, SuperReason::device_too_small);
	// More inodes than the device can hold.
	EXPECT_TRUE(compute_layout(1 << 20, 1024, 100000, &why).is_error());
	EXPECT_EQ(why, SuperReason::device_too_small);
	EXPECT_TRUE(compute_layout(1ULL << 40, 4096, 0xffffffffu, &why).is_error());
	EXPECT_EQ(why, SuperReason::bad_inodes_count);
}

TEST(Layout, InodeCountRoundedToWholeTableBlocks)
{
	auto l = compute_layout(8 << 20, 1024, 9);
	ASSERT_TRUE(l.is_ok());
	EXPECT_EQ(l.value().inodes_count, 16u); // 8 inodes per 1 KiB block
	EXPECT_EQ(l.value().inode_table_blocks, 2u);
}
