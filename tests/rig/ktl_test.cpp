// SPDX-License-Identifier: GPL-2.0
// ktl::BlockGeometry is the only place that shifts by blkbits, and ktl::Result
// carries every error path; both are checked here in their hosted build.
#include "ktl/errno.h"
#include "ktl/result.h"
#include "ktl/units.h"

#include <gtest/gtest.h>

using namespace ktl;

namespace {

constexpr BlockGeometry geo1k{10, 12}; // 1 KiB blocks, 4 KiB pages
constexpr BlockGeometry geo4k{12, 12};

TEST(BlockGeometry, SizesAndBlocksPerPage)
{
	EXPECT_EQ(geo1k.block_size(), 1024u);
	EXPECT_EQ(geo1k.blocks_per_page(), 4u);
	EXPECT_EQ(geo4k.block_size(), 4096u);
	EXPECT_EQ(geo4k.blocks_per_page(), 1u);
}

TEST(BlockGeometry, SectorOfDiskBlock)
{
	EXPECT_EQ(geo1k.to_sector(DiskBlock(0)).value(), 0u);
	EXPECT_EQ(geo1k.to_sector(DiskBlock(3)).value(), 6u);
	EXPECT_EQ(geo4k.to_sector(DiskBlock(3)).value(), 24u);
}

TEST(BlockGeometry, PagesAndFileBlocks)
{
	EXPECT_EQ(geo1k.first_block_of(PageIndex(5)).value(), 20u);
	EXPECT_EQ(geo1k.page_of(FileBlock(23)).value(), 5u);
	EXPECT_EQ(geo1k.page_of(FileBlock(24)).value(), 6u);
	EXPECT_EQ(geo4k.first_block_of(PageIndex(5)).value(), 5u);
}

TEST(BlockGeometry, ByteRoundingDirections)
{
	EXPECT_EQ(geo1k.blocks_for_bytes(0), 0u);
	EXPECT_EQ(geo1k.blocks_for_bytes(1), 1u);
	EXPECT_EQ(geo1k.blocks_for_bytes(1024), 1u);
	EXPECT_EQ(geo1k.blocks_for_bytes(1025), 2u);
	EXPECT_EQ(geo1k.blocks_of_bytes(1025), 1u);
	EXPECT_EQ(geo1k.block_of_byte(4095).value(), 3u);
	EXPECT_EQ(geo1k.byte_of_block(FileBlock(3)), 3072u);
	EXPECT_EQ(geo4k.bytes_of_blocks(2), 8192u);
}

Result<int> half_of_even(int v)
{
	if (v % 2)
		return Error::from_errno(-kEINVAL);
	return v / 2;
}

Result<int> quarter(int v)
{
	int h = KTRY(half_of_even(v));
	return KTRY(half_of_even(h));
}

TEST(Result, ValueAndError)
{
	auto ok = half_of_even(8);
	ASSERT_TRUE(ok.is_ok());
	EXPECT_EQ(ok.value(), 4);
	EXPECT_EQ(ok.to_errno(), 0);

	auto bad = half_of_even(7);
	ASSERT_TRUE(bad.is_error());
	EXPECT_EQ(bad.to_errno(), -kEINVAL);
}

TEST(Result, KtryPropagatesTheFirstError)
{
	EXPECT_EQ(quarter(12).value(), 3);
	EXPECT_EQ(quarter(6).to_errno(), -kEINVAL); // 6 -> 3, then 3 is odd
	EXPECT_EQ(quarter(5).to_errno(), -kEINVAL);
}

TEST(Result, VoidFromErrnoCode)
{
	EXPECT_TRUE(from_errno_code(0).is_ok());
	EXPECT_TRUE(from_errno_code(3).is_ok());
	EXPECT_EQ(from_errno_code(-kEIO).to_errno(), -kEIO);
}

} // namespace
