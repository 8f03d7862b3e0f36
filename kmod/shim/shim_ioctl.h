/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shim helpers for the mpfs ioctls (kmod/fs/ioctl.cpp): user copies, the
 * capability check and the page-cache operations the data-path ioctls drive.
 * Each is a pass-through of the kernel function it is named after; the
 * validation and range arithmetic live in C++ (kmod/fs/ioctl_args.cpp).
 * User pointers are passed as plain pointers: C++ never dereferences them.
 */
#ifndef MPFS_SHIM_IOCTL_H
#define MPFS_SHIM_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

struct file;
struct inode;
struct address_space;
struct folio;

/* Implemented in C++ (kmod/fs/ioctl.cpp): file_operations.unlocked_ioctl of
 * mpfs files and directories. */
long mpfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* Bytes NOT copied, as copy_{from,to}_user. */
unsigned long shim_copy_from_user(void *to, const void *user_from, unsigned long n);
unsigned long shim_copy_to_user(void *user_to, const void *from, unsigned long n);
/* capable(@cap): nonzero if the caller has the capability. */
int shim_capable(int cap);

/* file->f_mapping. (file_inode, i_mode, i_size_read: shim_fs.h) */
struct address_space *shim_file_mapping(struct file *file);

/* page_cache_ra_unbounded() with a DEFINE_READAHEAD control at @index over
 * @file's mapping; no lookahead mark. */
void shim_page_cache_ra_unbounded(struct file *file, unsigned long index, unsigned long nr_to_read);
int shim_invalidate_inode_pages2_range(struct address_space *mapping, unsigned long start,
				       unsigned long end);
int shim_filemap_write_and_wait_range(struct address_space *mapping, long long lstart,
				      long long lend);
void shim_filemap_invalidate_lock_shared(struct address_space *mapping);
void shim_filemap_invalidate_unlock_shared(struct address_space *mapping);
/* read_cache_folio() through ->read_folio: a referenced folio or an ERR_PTR. */
struct folio *shim_read_cache_folio(struct address_space *mapping, unsigned long index,
				    struct file *file);
void shim_folio_put(struct folio *folio);
/* filemap_fdatawrite_wbc() with a writeback_control over bytes [start, end]
 * (inclusive), @sync_mode (enum writeback_sync_modes) and *@nr_to_write;
 * *@nr_to_write is updated to the wbc's remaining budget. */
int shim_filemap_fdatawrite_wbc(struct address_space *mapping, long long start, long long end,
				int sync_mode, long *nr_to_write);

#ifdef __cplusplus
}
#endif

#endif
