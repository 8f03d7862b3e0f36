/* SPDX-License-Identifier: GPL-2.0 */
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of the
// mpfs superblock. Conventional parameters: initial value and final xor
// 0xFFFFFFFF, so crc32c("123456789") == 0xE3069283.
#pragma once
#include "ktl/types.h"

namespace mpfs::format {

/// Starting state for crc32c_update().
inline constexpr ktl::u32 kCrc32cInit = 0xffffffffu;

/// Feeds @len bytes at @data into a running (non-finalised) CRC state.
ktl::u32 crc32c_update(ktl::u32 state, const void *data, ktl::usize len);

/// Turns a running state into the CRC value (final xor).
constexpr ktl::u32 crc32c_finish(ktl::u32 state) { return state ^ 0xffffffffu; }

/// CRC-32C of one buffer.
inline ktl::u32 crc32c(const void *data, ktl::usize len)
{
	return crc32c_finish(crc32c_update(kCrc32cInit, data, len));
}

} // namespace mpfs::format
