// SPDX-License-Identifier: GPL-2.0
/* Inode, dentry, page-cache and dir_context pass-throughs for kmod/fs. */
#include <linux/fs.h>
#include <linux/buffer_head.h>
#include <linux/pagemap.h>
#include <linux/mm.h>
#include <linux/writeback.h>
#include <linux/dcache.h>
#include "shim_fs.h"
#include "fs_kver.h"

struct inode *shim_iget_locked(struct super_block *sb, unsigned long ino)
{
	return iget_locked(sb, ino);
}

int shim_inode_is_new(struct inode *inode)
{
	return (inode->i_state & I_NEW) != 0;
}

void shim_unlock_new_inode(struct inode *inode)
{
	unlock_new_inode(inode);
}

void shim_iget_failed(struct inode *inode)
{
	iget_failed(inode);
}

struct inode *shim_new_inode(struct super_block *sb)
{
	return new_inode(sb);
}

int shim_insert_inode_locked(struct inode *inode)
{
	return insert_inode_locked(inode);
}

void shim_discard_new_inode(struct inode *inode)
{
	discard_new_inode(inode);
}

void shim_d_instantiate_new(struct dentry *dentry, struct inode *inode)
{
	d_instantiate_new(dentry, inode);
}

void shim_d_instantiate(struct dentry *dentry, struct inode *inode)
{
	d_instantiate(dentry, inode);
}

struct dentry *shim_d_splice_alias(struct inode *inode, struct dentry *dentry)
{
	return d_splice_alias(inode, dentry);
}

struct inode *shim_d_inode(struct dentry *dentry)
{
	return d_inode(dentry);
}

const char *shim_dentry_name(struct dentry *dentry, unsigned int *len)
{
	*len = dentry->d_name.len;
	return (const char *)dentry->d_name.name;
}

struct super_block *shim_inode_sb(struct inode *inode)
{
	return inode->i_sb;
}

unsigned long shim_inode_ino(struct inode *inode)
{
	return inode->i_ino;
}

void shim_inode_set_ino(struct inode *inode, unsigned long ino)
{
	inode->i_ino = ino;
}

unsigned short shim_inode_mode(struct inode *inode)
{
	return inode->i_mode;
}

void shim_inode_set_mode(struct inode *inode, unsigned short mode)
{
	inode->i_mode = mode;
}

unsigned int shim_inode_nlink(struct inode *inode)
{
	return inode->i_nlink;
}

void shim_set_nlink(struct inode *inode, unsigned int n)
{
	set_nlink(inode, n);
}

void shim_inc_nlink(struct inode *inode)
{
	inc_nlink(inode);
}

void shim_drop_nlink(struct inode *inode)
{
	drop_nlink(inode);
}

void shim_clear_nlink(struct inode *inode)
{
	clear_nlink(inode);
}

unsigned int shim_i_uid_read(struct inode *inode)
{
	return i_uid_read(inode);
}

unsigned int shim_i_gid_read(struct inode *inode)
{
	return i_gid_read(inode);
}

void shim_i_uid_write(struct inode *inode, unsigned int uid)
{
	i_uid_write(inode, uid);
}

void shim_i_gid_write(struct inode *inode, unsigned int gid)
{
	i_gid_write(inode, gid);
}

long long shim_i_size_read(struct inode *inode)
{
	return i_size_read(inode);
}

void shim_i_size_write(struct inode *inode, long long size)
{
	i_size_write(inode, size);
}

void shim_inode_set_blocks(struct inode *inode, unsigned long long sectors)
{
	inode->i_blocks = sectors;
}

void shim_inode_get_times(struct inode *inode, long long *atime, long long *mtime, long long *ctime)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	*atime = mpfs_timespec64_to_ns(inode_get_atime(inode));
	*mtime = mpfs_timespec64_to_ns(inode_get_mtime(inode));
	*ctime = mpfs_timespec64_to_ns(inode_get_ctime(inode));
#else
	*atime = timespec64_to_ns(&inode->i_atime);
	*mtime = timespec64_to_ns(&inode->i_mtime);
	*ctime = timespec64_to_ns(&inode->i_ctime);
#endif
}

void shim_inode_set_times(struct inode *inode, long long atime, long long mtime, long long ctime)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	inode_set_atime_to_ts(inode, ns_to_timespec64(atime));
	inode_set_mtime_to_ts(inode, ns_to_timespec64(mtime));
	inode_set_ctime_to_ts(inode, ns_to_timespec64(ctime));
#else
	inode->i_atime = ns_to_timespec64(atime);
	inode->i_mtime = ns_to_timespec64(mtime);
	inode->i_ctime = ns_to_timespec64(ctime);
#endif
}

void shim_inode_touch_mctime(struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	inode_set_mtime_to_ts(inode, inode_set_ctime_current(inode));
#else
	inode->i_mtime = inode->i_ctime = current_time(inode);
#endif
}

void shim_inode_touch_ctime(struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	inode_set_ctime_current(inode);
#else
	inode->i_ctime = current_time(inode);
#endif
}

void shim_inode_init_owner(struct mpfs_idmap *idmap, struct inode *inode, struct inode *dir,
			   unsigned short mode)
{
	inode_init_owner((mpfs_kidmap_t *)idmap, inode, dir, mode);
}

void shim_mark_inode_dirty(struct inode *inode)
{
	mark_inode_dirty(inode);
}

void shim_ihold(struct inode *inode)
{
	ihold(inode);
}

void shim_iput(struct inode *inode)
{
	iput(inode);
}

int shim_is_bad_inode(struct inode *inode)
{
	return is_bad_inode(inode);
}

int shim_wbc_sync_all(struct writeback_control *wbc)
{
	return wbc->sync_mode == WB_SYNC_ALL;
}

void shim_truncate_inode_pages_final(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
}

void shim_invalidate_inode_buffers(struct inode *inode)
{
	invalidate_inode_buffers(inode);
}

void shim_clear_inode(struct inode *inode)
{
	clear_inode(inode);
}

void shim_truncate_setsize(struct inode *inode, long long size)
{
	truncate_setsize(inode, size);
}

void shim_truncate_pagecache(struct inode *inode, long long size)
{
	truncate_pagecache(inode, size);
}

int shim_filemap_fdatawrite_range(struct inode *inode, long long start, long long end)
{
	return filemap_fdatawrite_range(inode->i_mapping, start, end);
}

int shim_block_truncate_page(struct inode *inode, long long from)
{
	return block_truncate_page(inode->i_mapping, from, mpfs_get_block);
}

void shim_filemap_invalidate_lock(struct inode *inode)
{
	filemap_invalidate_lock(inode->i_mapping);
}

void shim_filemap_invalidate_unlock(struct inode *inode)
{
	filemap_invalidate_unlock(inode->i_mapping);
}

void shim_inode_dio_wait(struct inode *inode)
{
	inode_dio_wait(inode);
}

int shim_setattr_prepare(struct dentry *dentry, struct iattr *attr)
{
	return setattr_prepare(MPFS_KIDMAP_IDENTITY, dentry, attr);
}

/* 1 and *size = the new size when @attr changes the size. */
int shim_iattr_size(struct iattr *attr, long long *size)
{
	*size = attr->ia_size;
	return (attr->ia_valid & ATTR_SIZE) != 0;
}

void shim_setattr_copy(struct inode *inode, struct iattr *attr)
{
	setattr_copy(MPFS_KIDMAP_IDENTITY, inode, attr);
}

struct inode *shim_file_inode(struct file *file)
{
	return file_inode(file);
}

struct inode *shim_mapping_host(struct address_space *mapping)
{
	return mapping->host;
}

int shim_block_write_begin(struct address_space *mapping, long long pos, unsigned int len,
			   struct mpfs_wpage **pagep)
{
	return block_write_begin(mapping, pos, len, (mpfs_kwpage_t **)pagep, mpfs_get_block);
}

int shim_generic_write_end(struct file *file, struct address_space *mapping, long long pos,
			   unsigned int len, unsigned int copied, struct mpfs_wpage *page,
			   void *fsdata)
{
	return generic_write_end(file, mapping, pos, len, copied, (mpfs_kwpage_t *)page, fsdata);
}

int shim_generic_file_fsync_nobarrier(struct file *file, long long start, long long end,
				      int datasync)
{
	return __generic_file_fsync(file, start, end, datasync);
}

int shim_page_symlink(struct inode *inode, const char *symname, int len)
{
	return page_symlink(inode, symname, len);
}

int shim_dir_emit(struct dir_context *ctx, const char *name, int len, unsigned long long ino,
		  unsigned int type)
{
	return dir_emit(ctx, name, len, ino, type);
}

long long shim_dir_ctx_pos(struct dir_context *ctx)
{
	return ctx->pos;
}

void shim_dir_ctx_set_pos(struct dir_context *ctx, long long pos)
{
	ctx->pos = pos;
}
