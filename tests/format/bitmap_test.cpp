// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include <vector>

#include "format/bitmap.h"

using namespace mpfs::format;

TEST(Bitmap, SetTestClearUseOnDiskBitOrder)
{
	uint8_t m[4] = {};
	ktl::Span<uint8_t> s(m);
	bitmap_set(s, 0);
	bitmap_set(s, 9);
	EXPECT_EQ(m[0], 0x01);
	EXPECT_EQ(m[1], 0x02);
	EXPECT_TRUE(bitmap_test(s, 9));
	EXPECT_FALSE(bitmap_test(s, 8));
	bitmap_clear(s, 9);
	EXPECT_EQ(m[1], 0);
	EXPECT_TRUE(bitmap_test(s, 0));
}

TEST(Bitmap, FindNextZeroAndSet)
{
	std::vector<uint8_t> m(16, 0xff);
	ktl::Span<uint8_t> s(m.data(), m.size());
	EXPECT_EQ(bitmap_find_next_zero(s, 128, 0), 128u); // full: returns nbits
	bitmap_clear(s, 77);
	bitmap_clear(s, 100);
	EXPECT_EQ(bitmap_find_next_zero(s, 128, 0), 77u);
	EXPECT_EQ(bitmap_find_next_zero(s, 128, 77), 77u);
	EXPECT_EQ(bitmap_find_next_zero(s, 128, 78), 100u);
	EXPECT_EQ(bitmap_find_next_zero(s, 100, 78), 100u); // limit excludes bit 100
	EXPECT_EQ(bitmap_find_next_zero(s, 1000, 101), 128u); // clamped to the span
	std::vector<uint8_t> z(16, 0);
	ktl::Span<uint8_t> sz(z.data(), z.size());
	EXPECT_EQ(bitmap_find_next_set(sz, 128, 0), 128u);
	bitmap_set(sz, 5);
	bitmap_set(sz, 64);
	EXPECT_EQ(bitmap_find_next_set(sz, 128, 0), 5u);
	EXPECT_EQ(bitmap_find_next_set(sz, 128, 6), 64u);
	EXPECT_EQ(bitmap_find_next_set(sz, 64, 6), 64u);
}

TEST(Bitmap, MatchesNaiveScanEverywhere)
{
	std::vector<uint8_t> m(8);
	uint32_t x = 12345;
	for (auto &b : m) {
		x = x * 1103515245 + 12345;
		b = uint8_t(x >> 16);
	}
	ktl::Span<uint8_t> s(m.data(), m.size());
	for (uint64_t nbits = 0; nbits <= 64; nbits++)
		for (uint64_t start = 0; start <= 64; start++) {
			uint64_t want = nbits;
			for (uint64_t b = start; b < nbits; b++)
				if (!bitmap_test(s, b)) {
					want = b;
					break;
				}
			ASSERT_EQ(bitmap_find_next_zero(s, nbits, start), start >= nbits ? nbits : want)
				<< nbits << " " << start;
		}
}

TEST(Bitmap, CountAndSetRange)
{
	std::vector<uint8_t> m(8, 0);
	ktl::Span<uint8_t> s(m.data(), m.size());
	bitmap_set_range(s, 3, 21);
	EXPECT_EQ(bitmap_count_set(s, 64), 18u);
	EXPECT_EQ(bitmap_count_set(s, 10), 7u);
	EXPECT_FALSE(bitmap_test(s, 2));
	EXPECT_TRUE(bitmap_test(s, 3));
	EXPECT_TRUE(bitmap_test(s, 20));
	EXPECT_FALSE(bitmap_test(s, 21));
	bitmap_set_range(s, 60, 1000); // clamped
	EXPECT_EQ(bitmap_count_set(s, 64), 22u);
}
