// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "format/crc32c.h"

using namespace mpfs::format;

namespace {

/// CRC-32C straight from its definition: bit at a time, reflected
/// polynomial 0x82F63B78, init and final xor 0xFFFFFFFF. No table.
uint32_t crc32c_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
	}
	return c ^ 0xffffffffu;
}

} // namespace

TEST(Crc32c, StandardCheckValue)
{
	EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);
}

TEST(Crc32c, KnownVectors)
{
	// Values computed with crc32c_bitwise() (and a separate script) from
	// the definition.
	uint8_t zeros[32] = {}, ones[32], inc[32];
	std::memset(ones, 0xff, sizeof(ones));
	for (int i = 0; i < 32; i++)
		inc[i] = uint8_t(i);
	EXPECT_EQ(crc32c(zeros, 32), 0x8A9136AAu);
	EXPECT_EQ(crc32c(ones, 32), 0x62A8AB43u);
	EXPECT_EQ(crc32c(inc, 32), 0x46DD794Eu);
	EXPECT_EQ(crc32c("", 0), 0u);
	EXPECT_EQ(crc32c("a", 1), 0xC1D04330u);
}

TEST(Crc32c, MatchesBitwiseDefinitionOnRandomData)
{
	std::mt19937 rng(42);
	for (size_t len : {1u, 3u, 7u, 8u, 63u, 256u, 1000u, 4096u}) {
		std::vector<uint8_t> buf(len);
		for (auto &b : buf)
			b = uint8_t(rng());
		EXPECT_EQ(crc32c(buf.data(), len), crc32c_bitwise(buf.data(), len)) << "len " << len;
	}
}

TEST(Crc32c, IncrementalEqualsOneShot)
{
	const char *s = "The quick brown fox jumps over the lazy dog";
	const size_t n = std::strlen(s);
	for (size_t cut = 0; cut <= n; cut++) {
		uint32_t st = crc32c_update(kCrc32cInit, s, cut);
		st = crc32c_update(st, s + cut, n - cut);
		EXPECT_EQ(crc32c_finish(st), crc32c(s, n));
	}
}
