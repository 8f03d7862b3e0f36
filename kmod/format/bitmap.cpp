// SPDX-License-Identifier: GPL-2.0
// Bitmap scans: byte at a time, skipping full (or empty) bytes.
#include "format/bitmap.h"

namespace mpfs::format {
namespace {

ktl::u64 clamp_bits(ktl::Span<const ktl::u8> map, ktl::u64 nbits)
{
	const ktl::u64 cap = ktl::u64(map.size()) * 8;
	return nbits < cap ? nbits : cap;
}

/// Set bits in a byte (no __builtin_popcount: without -mpopcnt it calls libgcc,
/// which the module cannot link).
unsigned popcount8(ktl::u8 v)
{
	unsigned x = v;
	x = x - ((x >> 1) & 0x55);
	x = (x & 0x33) + ((x >> 2) & 0x33);
	return (x + (x >> 4)) & 0x0f;
}

/// First bit in [start, nbits) whose value, xored with @flip, is 1.
ktl::u64 find_next(ktl::Span<const ktl::u8> map, ktl::u64 nbits, ktl::u64 start, ktl::u8 flip)
{
	nbits = clamp_bits(map, nbits);
	ktl::u64 bit = start;
	while (bit < nbits) {
		const ktl::u8 byte = ktl::u8((map[bit >> 3] ^ flip) >> (bit & 7));
		if (byte == 0) {
			bit = (bit | 7) + 1; // rest of this byte has nothing
			continue;
		}
		bit += ktl::u64(__builtin_ctz(byte));
		return bit < nbits ? bit : nbits;
	}
	return nbits;
}

} // namespace

ktl::u64 bitmap_find_next_zero(ktl::Span<const ktl::u8> map, ktl::u64 nbits, ktl::u64 start)
{
	return find_next(map, nbits, start, 0xff);
}

ktl::u64 bitmap_find_next_set(ktl::Span<const ktl::u8> map, ktl::u64 nbits, ktl::u64 start)
{
	return find_next(map, nbits, start, 0);
}

ktl::u64 bitmap_count_set(ktl::Span<const ktl::u8> map, ktl::u64 nbits)
{
	nbits = clamp_bits(map, nbits);
	ktl::u64 n = 0;
	const ktl::u64 full = nbits >> 3;
	for (ktl::u64 i = 0; i < full; i++)
		n += ktl::u64(popcount8(map[i]));
	if (nbits & 7)
		n += ktl::u64(popcount8(ktl::u8(map[full] & ((1u << (nbits & 7)) - 1))));
	return n;
}

void bitmap_set_range(ktl::Span<ktl::u8> map, ktl::u64 start, ktl::u64 end)
{
	const ktl::u64 cap = ktl::u64(map.size()) * 8;
	if (end > cap)
		end = cap;
	for (ktl::u64 b = start; b < end; b++) {
		if ((b & 7) == 0 && end - b >= 8) {
			map[b >> 3] = 0xff;
			b += 7;
			continue;
		}
		bitmap_set(map, b);
	}
}

} // namespace mpfs::format
