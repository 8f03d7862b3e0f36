/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Fixed-size types for the mpfs ABI headers. Kernel C and userspace get them
 * from <linux/types.h>; the module's freestanding C++ may not include kernel
 * headers, so it gets identical typedefs from the compiler's own macros.
 */
#ifndef _UAPI_MPFS_TYPES_H
#define _UAPI_MPFS_TYPES_H

#if defined(__cplusplus) && !__STDC_HOSTED__
typedef __UINT8_TYPE__ __u8;
typedef __UINT16_TYPE__ __u16;
typedef __UINT32_TYPE__ __u32;
typedef __UINT64_TYPE__ __u64;
typedef __INT32_TYPE__ __s32;
typedef __INT64_TYPE__ __s64;
typedef __u16 __le16;
typedef __u32 __le32;
typedef __u64 __le64;
#else
#include <linux/types.h>
#endif

#if defined(__cplusplus)
#define MPFS_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#define MPFS_STATIC_ASSERT(c, m) _Static_assert(c, m)
#endif

#endif
