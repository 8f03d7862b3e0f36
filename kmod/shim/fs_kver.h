/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's spelling, per version, of the types behind the opaque
 * struct mpfs_idmap and struct mpfs_wpage of shim_fs.h, and of the identity
 * idmap. C only: included by the fs_*.c shim files after the kernel headers,
 * never by C++.
 */
#ifndef MPFS_FS_KVER_H
#define MPFS_FS_KVER_H

#include <linux/version.h>

/*
 * mpfs_kidmap_t, mpfs_kwpage_t: the kernel types behind struct mpfs_idmap
 * and struct mpfs_wpage.
 * MPFS_KIDMAP_IDENTITY: the identity mapping, which mpfs (like ext2, and
 * without FS_ALLOW_IDMAP) passes to setattr_prepare() and setattr_copy().
 * mpfs_timespec64_to_ns(): timespec64_to_ns() of a value, as 6.12's
 * inode_get_[amc]time() return one.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
typedef struct mnt_idmap mpfs_kidmap_t;
typedef struct folio mpfs_kwpage_t;
#define MPFS_KIDMAP_IDENTITY (&nop_mnt_idmap)

static inline s64 mpfs_timespec64_to_ns(struct timespec64 ts)
{
	return timespec64_to_ns(&ts);
}
#else
typedef struct user_namespace mpfs_kidmap_t;
typedef struct page mpfs_kwpage_t;
#define MPFS_KIDMAP_IDENTITY (&init_user_ns)
#endif

#endif
