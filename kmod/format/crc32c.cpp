// SPDX-License-Identifier: GPL-2.0
// Table-driven CRC-32C, one byte per step. The table is built at compile time
// (constant-initialised, so no global constructor in the module); speed is
// irrelevant for a 256-byte superblock.
#include "format/crc32c.h"

namespace mpfs::format {
namespace {

constexpr ktl::u32 kPoly = 0x82f63b78u; // Castagnoli, bit-reversed

struct Table {
	ktl::u32 v[256];
};

constexpr Table make_table()
{
	Table t{};
	for (ktl::u32 i = 0; i < 256; i++) {
		ktl::u32 c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
		t.v[i] = c;
	}
	return t;
}

constexpr Table kTable = make_table();
static_assert(kTable.v[1] == 0xf26b8303u, "CRC-32C table entry 1");

} // namespace

ktl::u32 crc32c_update(ktl::u32 state, const void *data, ktl::usize len)
{
	const auto *p = static_cast<const ktl::u8 *>(data);
	for (ktl::usize i = 0; i < len; i++)
		state = kTable.v[(state ^ p[i]) & 0xff] ^ (state >> 8);
	return state;
}

} // namespace mpfs::format
