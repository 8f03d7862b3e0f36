/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI between the filesystem's C++ (kmod/fs) and the kernel. Everything
 * declared shim_* is a one-to-three line pass-through in kmod/shim/fs_*.c;
 * everything declared mpfs_* is implemented in C++ and referenced from the
 * VFS operation tables in kmod/shim/fs_ops.c. Kernel types stay opaque.
 */
#ifndef MPFS_SHIM_FS_H
#define MPFS_SHIM_FS_H

#ifdef __cplusplus
#define MPFS_SHIM_BOOL bool
extern "C" {
#else
#define MPFS_SHIM_BOOL _Bool
#endif

struct inode;
struct super_block;
struct buffer_head;
struct dentry;
struct file;
struct dir_context;
struct kstatfs;
struct iattr;
struct writeback_control;
struct address_space;
struct folio;
struct readahead_control;
struct seq_file;
struct file_system_type;
struct iomap;
struct kiocb;
struct iov_iter;
struct vm_fault;

/*
 * Two kernel types whose spelling depends on the kernel version. C++ sees
 * only these opaque names and passes the pointers back to the shim
 * untouched; the shim casts them to the kernel's type (fs_kver.h), and the
 * operation tables reach the C++ through pass-through wrappers of the
 * kernel's exact prototype (fs_ops.c).
 *   struct mpfs_idmap: the id mapping the VFS passes to inode operations
 *     (struct user_namespace on 6.1, struct mnt_idmap on 6.12).
 *   struct mpfs_wpage: the locked page-cache unit write_begin hands to
 *     write_end (struct page on 6.1, struct folio on 6.12).
 */
struct mpfs_idmap;
struct mpfs_wpage;

/* In-memory part of an mpfs inode that is not in struct inode. The shim keeps
 * it next to the struct inode (one slab object); C++ owns its contents. */
struct mpfs_inode_mem {
	unsigned int i_data[14];          /* block pointers, CPU order */
	unsigned int i_generation;
	unsigned int i_flags;
	unsigned long long alloc_prev;    /* last disk block allocated (goal), 0 = none */
	unsigned long long fs_blocks;     /* data + indirect blocks mapped */
};

/* ---- implemented in C++ (kmod/fs), called from the shim tables ---------- */
int mpfs_fill_super(struct super_block *sb, void *data, int silent);
void mpfs_put_super(struct super_block *sb);
int mpfs_statfs(struct dentry *dentry, struct kstatfs *buf);
int mpfs_show_options(struct seq_file *m, struct dentry *root);
int mpfs_remount(struct super_block *sb, int *flags, char *data);
int mpfs_write_inode(struct inode *inode, struct writeback_control *wbc);
void mpfs_evict_inode(struct inode *inode);

#ifndef __cplusplus
/* C++ declares it with its own 64-bit type (kmod/fs/fs.h); same ABI. */
int mpfs_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh, int create);
#endif
int mpfs_write_begin(struct file *file, struct address_space *mapping, long long pos,
		     unsigned int len, struct mpfs_wpage **pagep, void **fsdata);
int mpfs_write_end(struct file *file, struct address_space *mapping, long long pos,
		   unsigned int len, unsigned int copied, struct mpfs_wpage *page, void *fsdata);
int mpfs_port_read_folio(struct file *file, struct folio *folio);
void mpfs_port_readahead(struct readahead_control *rac);
int mpfs_port_writepages(struct address_space *mapping, struct writeback_control *wbc);
int mpfs_fsync(struct file *file, long long start, long long end, int datasync);

/* ---- engine=iomap (C++ kmod/fs/iomap.cpp; shim kmod/shim/fs_iomap.c) ----- */
/* The kernel's IOMAP_* values (static_asserted in fs_iomap.c), for C++. */
#define MPFS_IOMAP_FLAG_WRITE 0x01U   /* iomap_begin flags: IOMAP_WRITE */
#define MPFS_IOMAP_FLAG_ZERO 0x02U    /* IOMAP_ZERO */
#define MPFS_IOMAP_TYPE_HOLE 0U       /* iomap->type: IOMAP_HOLE */
#define MPFS_IOMAP_TYPE_MAPPED 2U     /* IOMAP_MAPPED */
#define MPFS_IOMAP_F_NEW 0x01U        /* iomap->flags: IOMAP_F_NEW */
#define MPFS_IOMAP_NULL_ADDR (~0ULL)  /* IOMAP_NULL_ADDR */

/* iomap_ops.iomap_begin: maps [pos, pos + length) on the block map. */
int mpfs_iomap_begin(struct inode *inode, long long pos, long long length, unsigned int flags,
		     struct iomap *iomap);
/* iomap_writeback_ops.map_blocks: the mapping of the dirty range at @offset. */
int mpfs_iomap_map_writeback(struct inode *inode, long long offset, unsigned int len,
			     struct iomap *iomap);
long mpfs_iomap_write_iter(struct kiocb *iocb, struct iov_iter *from);
unsigned int mpfs_iomap_page_mkwrite(struct vm_fault *vmf);

void shim_iomap_set(struct iomap *iomap, struct super_block *sb, unsigned int type,
		    unsigned int flags, unsigned long long addr, long long offset,
		    unsigned long long length);
long shim_iomap_file_buffered_write(struct kiocb *iocb, struct iov_iter *from);
unsigned int shim_iomap_page_mkwrite(struct vm_fault *vmf);
int shim_iomap_truncate_page(struct inode *inode, long long pos);
void shim_mapping_set_large_folios(struct inode *inode);
struct inode *shim_kiocb_inode(struct kiocb *iocb);
long long shim_kiocb_pos(struct kiocb *iocb);
long shim_generic_write_checks(struct kiocb *iocb, struct iov_iter *from);
int shim_kiocb_file_modified(struct kiocb *iocb);
long shim_generic_write_sync(struct kiocb *iocb, long count);
void shim_inode_lock(struct inode *inode);
void shim_inode_unlock(struct inode *inode);
struct inode *shim_vmf_inode(struct vm_fault *vmf);
void shim_vmf_file_update_time(struct vm_fault *vmf);
void shim_sb_start_pagefault(struct super_block *sb);
void shim_sb_end_pagefault(struct super_block *sb);
void shim_inode_invalidate_lock_shared(struct inode *inode);
void shim_inode_invalidate_unlock_shared(struct inode *inode);
int mpfs_setattr(struct mpfs_idmap *idmap, struct dentry *dentry, struct iattr *attr);

struct dentry *mpfs_lookup(struct inode *dir, struct dentry *dentry, unsigned int flags);
int mpfs_create(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
		unsigned short mode, MPFS_SHIM_BOOL excl);
int mpfs_mkdir(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
	       unsigned short mode);
int mpfs_symlink(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
		 const char *symname);
int mpfs_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry);
int mpfs_unlink(struct inode *dir, struct dentry *dentry);
int mpfs_rmdir(struct inode *dir, struct dentry *dentry);
int mpfs_rename(struct mpfs_idmap *idmap, struct inode *old_dir, struct dentry *old_dentry,
		struct inode *new_dir, struct dentry *new_dentry, unsigned int flags);
int mpfs_readdir(struct file *file, struct dir_context *ctx);

/* ---- registration and object caches (fs_super.c) ------------------------ */
int shim_fs_inode_cache_create(void);
void shim_fs_inode_cache_destroy(void);
int shim_fs_register(void);
void shim_fs_unregister(void);

/* ---- memory, locks, logging (fs_misc.c) --------------------------------- */
void *shim_kzalloc(unsigned long size);
void shim_kfree(const void *p);
void *shim_fs_mutex_new(void);
void shim_fs_mutex_free(void *m);
void shim_mutex_lock(void *m);
void shim_mutex_unlock(void *m);
void shim_fs_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void shim_fs_err_ratelimited(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void shim_fs_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void shim_seq_puts(struct seq_file *m, const char *s);
long long shim_ktime_get_real_ns(void);
void *shim_err_ptr(long err);

/* ---- superblock (fs_super.c) -------------------------------------------- */
int shim_sb_min_blocksize(struct super_block *sb, int size);
int shim_sb_set_blocksize(struct super_block *sb, int size);
unsigned long long shim_sb_bdev_bytes(struct super_block *sb);
void shim_fs_sb_init(struct super_block *sb, void *fs_info, unsigned long long maxbytes);
void *shim_sb_fs_info(struct super_block *sb);
int shim_fs_sb_set_root(struct super_block *sb, struct inode *root);
int shim_sb_issue_flush(struct super_block *sb);
void shim_kstatfs_fill(struct kstatfs *buf, unsigned long type, unsigned long bsize,
		       unsigned long long blocks, unsigned long long bfree,
		       unsigned long long files, unsigned long long ffree, unsigned long namelen);
struct super_block *shim_dentry_sb(struct dentry *dentry);

/* ---- buffer heads (fs_buffer.c) ----------------------------------------- */
struct buffer_head *shim_sb_bread(struct super_block *sb, unsigned long long block);
struct buffer_head *shim_sb_getblk_zeroed(struct super_block *sb, unsigned long long block);
void shim_brelse(struct buffer_head *bh);
void shim_bforget(struct buffer_head *bh);
void shim_fs_forget_block(struct super_block *sb, unsigned long long block);
void *shim_bh_data(struct buffer_head *bh);
void shim_mark_buffer_dirty(struct buffer_head *bh);
void shim_mark_buffer_dirty_inode(struct buffer_head *bh, struct inode *inode);
int shim_sync_dirty_buffer(struct buffer_head *bh);
void shim_map_bh(struct buffer_head *bh, struct super_block *sb, unsigned long long block);
/* b_bdev and b_blocknr without BH_Mapped (the MAP_UNMAPPED fault). */
void shim_bh_set_location(struct buffer_head *bh, struct super_block *sb, unsigned long long block);
unsigned long shim_bh_size(struct buffer_head *bh);
void shim_bh_set_size(struct buffer_head *bh, unsigned long size);
void shim_set_buffer_new(struct buffer_head *bh);
void shim_set_buffer_boundary(struct buffer_head *bh);

/* ---- inodes (fs_inode.c) ------------------------------------------------ */
struct mpfs_inode_mem *shim_fs_inode_mem(struct inode *inode);
void *shim_fs_inode_map_lock(struct inode *inode); /* a mutex for shim_mutex_lock */
struct inode *shim_iget_locked(struct super_block *sb, unsigned long ino);
int shim_inode_is_new(struct inode *inode);
void shim_unlock_new_inode(struct inode *inode);
void shim_iget_failed(struct inode *inode);
struct inode *shim_new_inode(struct super_block *sb);
int shim_insert_inode_locked(struct inode *inode);
void shim_discard_new_inode(struct inode *inode);
void shim_d_instantiate_new(struct dentry *dentry, struct inode *inode);
void shim_d_instantiate(struct dentry *dentry, struct inode *inode);
struct dentry *shim_d_splice_alias(struct inode *inode, struct dentry *dentry);
struct inode *shim_d_inode(struct dentry *dentry);
const char *shim_dentry_name(struct dentry *dentry, unsigned int *len);
struct super_block *shim_inode_sb(struct inode *inode);
unsigned long shim_inode_ino(struct inode *inode);
void shim_inode_set_ino(struct inode *inode, unsigned long ino);
unsigned short shim_inode_mode(struct inode *inode);
void shim_inode_set_mode(struct inode *inode, unsigned short mode);
unsigned int shim_inode_nlink(struct inode *inode);
void shim_set_nlink(struct inode *inode, unsigned int n);
void shim_inc_nlink(struct inode *inode);
void shim_drop_nlink(struct inode *inode);
void shim_clear_nlink(struct inode *inode);
unsigned int shim_i_uid_read(struct inode *inode);
unsigned int shim_i_gid_read(struct inode *inode);
void shim_i_uid_write(struct inode *inode, unsigned int uid);
void shim_i_gid_write(struct inode *inode, unsigned int gid);
long long shim_i_size_read(struct inode *inode);
void shim_i_size_write(struct inode *inode, long long size);
void shim_inode_set_blocks(struct inode *inode, unsigned long long sectors);
void shim_inode_get_times(struct inode *inode, long long *atime, long long *mtime, long long *ctime);
void shim_inode_set_times(struct inode *inode, long long atime, long long mtime, long long ctime);
void shim_inode_touch_mctime(struct inode *inode);
void shim_inode_touch_ctime(struct inode *inode);
void shim_inode_init_owner(struct mpfs_idmap *idmap, struct inode *inode, struct inode *dir,
			   unsigned short mode);
void shim_mark_inode_dirty(struct inode *inode);
void shim_ihold(struct inode *inode);
void shim_iput(struct inode *inode);
int shim_is_bad_inode(struct inode *inode);
int shim_wbc_sync_all(struct writeback_control *wbc);
void shim_truncate_inode_pages_final(struct inode *inode);
void shim_invalidate_inode_buffers(struct inode *inode);
void shim_clear_inode(struct inode *inode);
void shim_truncate_setsize(struct inode *inode, long long size);
void shim_truncate_pagecache(struct inode *inode, long long size);
int shim_filemap_fdatawrite_range(struct inode *inode, long long start, long long end);
int shim_block_truncate_page(struct inode *inode, long long from);
void shim_filemap_invalidate_lock(struct inode *inode);
void shim_filemap_invalidate_unlock(struct inode *inode);
void shim_inode_dio_wait(struct inode *inode);
int shim_setattr_prepare(struct dentry *dentry, struct iattr *attr);
int shim_iattr_size(struct iattr *attr, long long *size);
void shim_setattr_copy(struct inode *inode, struct iattr *attr);
struct inode *shim_file_inode(struct file *file);
struct inode *shim_mapping_host(struct address_space *mapping);
int shim_block_write_begin(struct address_space *mapping, long long pos, unsigned int len,
			   struct mpfs_wpage **pagep);
int shim_generic_write_end(struct file *file, struct address_space *mapping, long long pos,
			   unsigned int len, unsigned int copied, struct mpfs_wpage *page,
			   void *fsdata);
int shim_generic_file_fsync_nobarrier(struct file *file, long long start, long long end,
				      int datasync);
int shim_page_symlink(struct inode *inode, const char *symname, int len);
int shim_dir_emit(struct dir_context *ctx, const char *name, int len, unsigned long long ino,
		  unsigned int type);
long long shim_dir_ctx_pos(struct dir_context *ctx);
void shim_dir_ctx_set_pos(struct dir_context *ctx, long long pos);

/* Operation tables (fs_ops.c). @engine: 0 = kernel mpage, 1 = C++ port,
 * 2 = iomap (regular files; directories and symlinks keep the kernel's mpage). */
void shim_fs_set_file_ops(struct inode *inode, int engine);
void shim_fs_set_dir_ops(struct inode *inode, int engine);
void shim_fs_set_symlink_ops(struct inode *inode, int engine);

#ifdef __cplusplus
}
#endif

#endif
