/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's spelling, per version, of the types behind the opaque
 * struct mpfs_idmap and struct mpfs_wpage of shim_fs.h. C only: included by
 * the fs_*.c shim files after the kernel headers, never by C++.
 */
#ifndef MPFS_FS_KVER_H
#define MPFS_FS_KVER_H

#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
typedef struct mnt_idmap mpfs_kidmap_t;
typedef struct folio mpfs_kwpage_t;
#else
typedef struct user_namespace mpfs_kidmap_t;
typedef struct page mpfs_kwpage_t;
#endif

#endif
