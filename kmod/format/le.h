/* SPDX-License-Identifier: GPL-2.0 */
// Little-endian access for on-disk structures. mpfs only builds for
// little-endian hosts (x86-64 module, x86-64 tools), so a __le32 field is read
// directly; loads from raw byte buffers (directory blocks, indirect blocks) go
// through these helpers so they never violate alignment or strict aliasing.
#pragma once
#include "ktl/types.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	      "mpfs format code assumes a little-endian host");

namespace mpfs::format {

/// Reads a little-endian u16 at @p.
inline ktl::u16 load_le16(const void *p)
{
	ktl::u16 v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}
/// Reads a little-endian u32 at @p.
inline ktl::u32 load_le32(const void *p)
{
	ktl::u32 v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}
/// Reads a little-endian u64 at @p.
inline ktl::u64 load_le64(const void *p)
{
	ktl::u64 v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}
/// Writes @v little-endian at @p.
inline void store_le16(void *p, ktl::u16 v) { __builtin_memcpy(p, &v, sizeof(v)); }
/// Writes @v little-endian at @p.
inline void store_le32(void *p, ktl::u32 v) { __builtin_memcpy(p, &v, sizeof(v)); }
/// Writes @v little-endian at @p.
inline void store_le64(void *p, ktl::u64 v) { __builtin_memcpy(p, &v, sizeof(v)); }

} // namespace mpfs::format
