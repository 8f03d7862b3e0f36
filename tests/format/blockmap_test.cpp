// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include "format/blockmap.h"
#include "ktl/errno.h"

using namespace mpfs::format;
using ktl::FileBlock;

TEST(BlockMap, Geometry)
{
	for (uint32_t bs : {1024u, 2048u, 4096u}) {
		MapGeometry g(bs);
		const uint64_t p = bs / 4;
		EXPECT_EQ(g.ptrs_per_block(), p);
		EXPECT_EQ(uint64_t(1) << g.ptrs_bits(), p);
		EXPECT_EQ(g.max_file_blocks(), 12 + p + p * p);
		EXPECT_EQ(max_file_size(bs), (12 + p + p * p) * bs);
	}
	// The issue asks for files of at least 4 GiB at 4 KiB blocks.
	EXPECT_GE(max_file_size(4096), 4ULL << 30);
}

TEST(BlockMap, PathsAtEveryEdge)
{
	MapGeometry g(1024); // 256 pointers per block
	struct Case {
		uint64_t fb;
		uint32_t depth, o0, o1, o2, boundary;
	} cases[] = {
		{0, 1, 0, 0, 0, 11},
		{11, 1, 11, 0, 0, 0},
		{12, 2, MPFS_IND_BLOCK, 0, 0, 255},
		{12 + 255, 2, MPFS_IND_BLOCK, 255, 0, 0},
		{12 + 256, 3, MPFS_DIND_BLOCK, 0, 0, 255},
		{12 + 256 + 255, 3, MPFS_DIND_BLOCK, 0, 255, 0},
		{12 + 256 + 256, 3, MPFS_DIND_BLOCK, 1, 0, 255},
		{12 + 256 + 256 * 256 - 1, 3, MPFS_DIND_BLOCK, 255, 255, 0},
	};
	for (const auto &c : cases) {
		auto r = g.path(FileBlock(c.fb));
		ASSERT_TRUE(r.is_ok()) << c.fb;
		const BlockPath &p = r.value();
		EXPECT_EQ(p.depth, c.depth) << c.fb;
		EXPECT_EQ(p.offsets[0], c.o0) << c.fb;
		if (c.depth > 1) {
			EXPECT_EQ(p.offsets[1], c.o1) << c.fb;
		}
		if (c.depth > 2) {
			EXPECT_EQ(p.offsets[2], c.o2) << c.fb;
		}
		EXPECT_EQ(p.blocks_to_boundary, c.boundary) << c.fb;
	}
	auto past = g.path(FileBlock(g.max_file_blocks()));
	ASSERT_TRUE(past.is_error());
	EXPECT_EQ(past.error().to_errno(), -ktl::kEFBIG);
}

TEST(BlockMap, PathsAreABijection)
{
	// Every file block of a 1 KiB-block file maps to a distinct slot chain.
	MapGeometry g(1024);
	uint64_t prev_key = 0;
	for (uint64_t fb = 0; fb < g.max_file_blocks(); fb++) {
		auto r = g.path(FileBlock(fb));
		ASSERT_TRUE(r.is_ok());
		const auto &p = r.value();
		// Order-preserving key: depth, then offsets.
		uint64_t key = uint64_t(p.depth) << 40 | uint64_t(p.offsets[0]) << 32 |
			       uint64_t(p.offsets[1]) << 16 | p.offsets[2];
		if (fb) {
			ASSERT_GT(key, prev_key) << fb;
		}
		prev_key = key;
	}
}

TEST(BlockMap, BoundaryLikeExt2)
{
	MapGeometry g(4096);
	// Mapping 12 blocks from file block 0 reaches the last direct slot.
	auto p0 = g.path(FileBlock(0)).release_value();
	EXPECT_FALSE(mapping_hits_boundary(p0, 11));
	EXPECT_TRUE(mapping_hits_boundary(p0, 12));
	// A single block at the last slot of the indirect block is a boundary.
	auto pl = g.path(FileBlock(12 + 1023)).release_value();
	EXPECT_TRUE(mapping_hits_boundary(pl, 1));
	auto pm = g.path(FileBlock(12 + 1000)).release_value();
	EXPECT_FALSE(mapping_hits_boundary(pm, 23));
	EXPECT_TRUE(mapping_hits_boundary(pm, 24));
}

TEST(BlockMap, IndirectBlocksFor)
{
	MapGeometry g(1024);
	EXPECT_EQ(g.indirect_blocks_for(0), 0u);
	EXPECT_EQ(g.indirect_blocks_for(12), 0u);
	EXPECT_EQ(g.indirect_blocks_for(13), 1u);
	EXPECT_EQ(g.indirect_blocks_for(12 + 256), 1u);
	EXPECT_EQ(g.indirect_blocks_for(12 + 256 + 1), 3u);
	EXPECT_EQ(g.indirect_blocks_for(12 + 256 + 256), 3u);
	EXPECT_EQ(g.indirect_blocks_for(12 + 256 + 257), 4u);
	EXPECT_EQ(g.indirect_blocks_for(g.max_file_blocks()), 2u + 256u);
}

TEST(BlockMap, IndirectPointerAccess)
{
	uint8_t blk[1024] = {};
	set_indirect_ptr(blk, 3, 0x01020304);
	EXPECT_EQ(blk[12], 0x04); // little-endian on disk
	EXPECT_EQ(blk[15], 0x01);
	EXPECT_EQ(indirect_ptr(blk, 3), 0x01020304u);
	EXPECT_EQ(indirect_ptr(blk, 2), 0u);
}
