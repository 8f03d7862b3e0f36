/* SPDX-License-Identifier: GPL-2.0 */
// Fixed-size integer types for freestanding C++ (module) and hosted C++ (host tests).
// The kernel build has no <cstdint>; compiler-provided macros give the same types in both.
#pragma once

namespace ktl {
using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;
using usize = __SIZE_TYPE__;
using uptr = __UINTPTR_TYPE__;
} // namespace ktl

#if __STDC_HOSTED__
#include <new>
#else
// Placement new: the only operator new the module uses. Allocation goes through
// the shim (kmalloc) and objects are constructed in place, so a failed
// allocation is an errno, never an exception.
inline void *operator new(__SIZE_TYPE__, void *p) noexcept { return p; }
inline void *operator new[](__SIZE_TYPE__, void *p) noexcept { return p; }
#endif
