// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include "format/blockmap.h"
#include "format/inode.h"
#include "ktl/errno.h"

using namespace mpfs::format;

namespace {
Layout layout_4k()
{
	return compute_layout(64ULL << 20, 4096, 0).release_value();
}
} // namespace

TEST(Inode, Location)
{
	const Layout l = layout_4k();
	auto a = inode_location(l, 1).release_value();
	EXPECT_EQ(a.block, l.inode_table);
	EXPECT_EQ(a.offset, 0u);
	auto b = inode_location(l, 33).release_value(); // 32 inodes per 4 KiB block
	EXPECT_EQ(b.block, l.inode_table + 1);
	EXPECT_EQ(b.offset, 0u);
	auto c = inode_location(l, 34).release_value();
	EXPECT_EQ(c.offset, 128u);
	auto last = inode_location(l, l.inodes_count).release_value();
	EXPECT_EQ(last.block, l.inode_table + l.inode_table_blocks - 1);
	EXPECT_EQ(inode_location(l, 0).error().to_errno(), -ktl::kEUCLEAN);
	EXPECT_TRUE(inode_location(l, l.inodes_count + 1).is_error());
}

TEST(Inode, FileTypes)
{
	EXPECT_EQ(file_type_of_mode(0100644), MPFS_FT_REG);
	EXPECT_EQ(file_type_of_mode(040755), MPFS_FT_DIR);
	EXPECT_EQ(file_type_of_mode(0120777), MPFS_FT_LNK);
	EXPECT_EQ(file_type_of_mode(0020644), MPFS_FT_UNKNOWN); // char device: not in mpfs
}

TEST(Inode, CheckRejectsEachCorruption)
{
	const Layout l = layout_4k();
	mpfs_inode good{};
	good.i_mode = 0100644;
	good.i_links_count = 1;
	good.i_size = 5000;
	good.i_block[0] = uint32_t(l.first_data_block);
	good.i_block[MPFS_DIND_BLOCK] = uint32_t(l.blocks_count - 1);
	InodeReason why;
	ASSERT_TRUE(check_inode(good, l, &why).is_ok());

	auto expect = [&](auto edit, InodeReason want) {
		mpfs_inode i = good;
		edit(i);
		auto r = check_inode(i, l, &why);
		ASSERT_TRUE(r.is_error());
		EXPECT_EQ(r.error().to_errno(), -ktl::kEUCLEAN);
		EXPECT_EQ(why, want) << inode_reason_string(why);
	};
	expect([](mpfs_inode &i) { i.i_mode = 0010644; }, InodeReason::bad_mode);
	expect([](mpfs_inode &i) { i.i_flags = 4; }, InodeReason::flags_not_zero);
	expect([](mpfs_inode &i) { i.i_reserved[2] = 1; }, InodeReason::reserved_not_zero);
	expect([&](mpfs_inode &i) { i.i_size = max_file_size(4096) + 1; }, InodeReason::size_too_large);
	expect([](mpfs_inode &i) { i.i_mode = 040755; }, InodeReason::dir_size_unaligned);
	expect([&](mpfs_inode &i) { i.i_block[3] = uint32_t(l.blocks_count); }, InodeReason::pointer_out_of_range);
	expect([&](mpfs_inode &i) { i.i_block[MPFS_IND_BLOCK] = uint32_t(l.first_data_block - 1); },
	       InodeReason::pointer_out_of_range);
	mpfs_inode max = good;
	max.i_size = max_file_size(4096);
	EXPECT_TRUE(check_inode(max, l).is_ok());
}
