/* SPDX-License-Identifier: GPL-2.0 */
// Bitmap helpers over a byte span (one bitmap block in the kernel, the whole
// bitmap in the tools). Bit b is bit (b % 8) of byte (b / 8), as on disk.
#pragma once
#include "ktl/span.h"
#include "ktl/types.h"

namespace mpfs::format {

/// True when bit @bit is set. @bit < map.size() * 8.
inline bool bitmap_test(ktl::Span<const ktl::u8> map, ktl::u64 bit)
{
	return (map[bit >> 3] >> (bit & 7)) & 1;
}
/// Sets bit @bit. @bit < map.size() * 8.
inline void bitmap_set(ktl::Span<ktl::u8> map, ktl::u64 bit)
{
	map[bit >> 3] = ktl::u8(map[bit >> 3] | (1u << (bit & 7)));
}
/// Clears bit @bit. @bit < map.size() * 8.
inline void bitmap_clear(ktl::Span<ktl::u8> map, ktl::u64 bit)
{
	map[bit >> 3] = ktl::u8(map[bit >> 3] & ~(1u << (bit & 7)));
}

/// Index of the first clear bit in [@start, @nbits), or @nbits if none.
/// @nbits is clamped to map.size() * 8.
ktl::u64 bitmap_find_next_zero(ktl::Span<const ktl::u8> map, ktl::u64 nbits, ktl::u64 start);
/// Index of the first set bit in [@start, @nbits), or @nbits if none.
ktl::u64 bitmap_find_next_set(ktl::Span<const ktl::u8> map, ktl::u64 nbits, ktl::u64 start);
/// Number of set bits in [0, @nbits) (clamped to map.size() * 8).
ktl::u64 bitmap_count_set(ktl::Span<const ktl::u8> map, ktl::u64 nbits);
/// Sets every bit in [@start, @end) (clamped to map.size() * 8); used to mark
/// metadata blocks and the bits past the end of the filesystem.
void bitmap_set_range(ktl::Span<ktl::u8> map, ktl::u64 start, ktl::u64 end);

} // namespace mpfs::format
