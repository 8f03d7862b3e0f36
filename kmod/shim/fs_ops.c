// SPDX-License-Identifier: GPL-2.0
/*
 * The VFS operation tables of mpfs. Two address_space_operations tables share
 * everything but the mpage data path: engine=kernel calls the kernel's own
 * exported mpage_*, engine=port calls the C++ port (kmod/mpage) through
 * mpfs_port_*. engine=iomap gives regular files a third set (address_space,
 * file and vm operations of the kernel's iomap, fs_iomap.c) whose folios
 * carry no buffer_heads; its directories and symlinks use engine=kernel's.
 * The table is chosen per inode when it is read or created.
 */
#include <linux/fs.h>
#include <linux/buffer_head.h>
#include <linux/mpage.h>
#include <linux/pagemap.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/iomap.h>
#include "shim_fs.h"
#include "shim_ioctl.h"
#include "fs_kver.h"
#include "fs_iomap.h"

/* The ioctl structs are 32/64-bit clean, so compat callers pass straight through. */
#define MPFS_IOCTL_OP .unlocked_ioctl = mpfs_ioctl, .compat_ioctl = compat_ptr_ioctl,

static int mpfs_kernel_read_folio(struct file *file, struct folio *folio)
{
	return mpage_read_folio(folio, mpfs_get_block);
}

static void mpfs_kernel_readahead(struct readahead_control *rac)
{
	mpage_readahead(rac, mpfs_get_block);
}

static int mpfs_kernel_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	return mpage_writepages(mapping, wbc, mpfs_get_block);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
/*
 * No ->writepage, as 6.12's ext2: block_write_full_folio() is not exported.
 * Writeback goes through ->writepages; reclaim leaves dirty folios to it and
 * migration uses buffer_migrate_folio.
 */
#define MPFS_KVER_AOPS .error_remove_folio = generic_error_remove_folio
#define MPFS_KVER_IOMAP_AOPS .error_remove_folio = generic_error_remove_folio, \
	.dirty_folio = iomap_dirty_folio
#else
static int mpfs_writepage(struct page *page, struct writeback_control *wbc)
{
	return block_write_full_page(page, mpfs_get_block, wbc);
}

#define MPFS_KVER_AOPS .writepage = mpfs_writepage, .error_remove_page = generic_error_remove_page
/* No ->writepage, as 6.1's XFS: iomap writes back through ->writepages only. */
#define MPFS_KVER_IOMAP_AOPS .error_remove_page = generic_error_remove_page, \
	.dirty_folio = filemap_dirty_folio
#endif

/*
 * The operations whose prototype names a version-spelled type (fs_kver.h):
 * each passes its arguments to the C++, which sees the opaque struct
 * mpfs_idmap / struct mpfs_wpage of shim_fs.h.
 */
static int mpfs_vfs_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
				unsigned int len, mpfs_kwpage_t **pagep, void **fsdata)
{
	return mpfs_write_begin(file, mapping, pos, len, (struct mpfs_wpage **)pagep, fsdata);
}

static int mpfs_vfs_write_end(struct file *file, struct address_space *mapping, loff_t pos,
			      unsigned int len, unsigned int copied, mpfs_kwpage_t *page,
			      void *fsdata)
{
	return mpfs_write_end(file, mapping, pos, len, copied, (struct mpfs_wpage *)page, fsdata);
}

static int mpfs_vfs_setattr(mpfs_kidmap_t *idmap, struct dentry *dentry, struct iattr *attr)
{
	return mpfs_setattr((struct mpfs_idmap *)idmap, dentry, attr);
}

static int mpfs_vfs_create(mpfs_kidmap_t *idmap, struct inode *dir, struct dentry *dentry,
			   umode_t mode, bool excl)
{
	return mpfs_create((struct mpfs_idmap *)idmap, dir, dentry, mode, excl);
}

static int mpfs_vfs_mkdir(mpfs_kidmap_t *idmap, struct inode *dir, struct dentry *dentry,
			  umode_t mode)
{
	return mpfs_mkdir((struct mpfs_idmap *)idmap, dir, dentry, mode);
}

static int mpfs_vfs_symlink(mpfs_kidmap_t *idmap, struct inode *dir, struct dentry *dentry,
			    const char *symname)
{
	return mpfs_symlink((struct mpfs_idmap *)idmap, dir, dentry, symname);
}

static int mpfs_vfs_rename(mpfs_kidmap_t *idmap, struct inode *old_dir, struct dentry *old_dentry,
			   struct inode *new_dir, struct dentry *new_dentry, unsigned int flags)
{
	return mpfs_rename((struct mpfs_idmap *)idmap, old_dir, old_dentry, new_dir, new_dentry,
			   flags);
}

static sector_t mpfs_bmap(struct address_space *mapping, sector_t block)
{
	return generic_block_bmap(mapping, block, mpfs_get_block);
}

#define MPFS_COMMON_AOPS                                        \
	.dirty_folio = block_dirty_folio,                       \
	.invalidate_folio = block_invalidate_folio,             \
	.write_begin = mpfs_vfs_write_begin,                    \
	.write_end = mpfs_vfs_write_end,                        \
	.bmap = mpfs_bmap,                                      \
	.migrate_folio = buffer_migrate_folio,                  \
	.is_partially_uptodate = block_is_partially_uptodate,   \
	MPFS_KVER_AOPS

static const struct address_space_operations mpfs_aops_kernel = {
	.read_folio = mpfs_kernel_read_folio,
	.readahead = mpfs_kernel_readahead,
	.writepages = mpfs_kernel_writepages,
	MPFS_COMMON_AOPS,
};

static const struct address_space_operations mpfs_aops_port = {
	.read_folio = mpfs_port_read_folio,
	.readahead = mpfs_port_readahead,
	.writepages = mpfs_port_writepages,
	MPFS_COMMON_AOPS,
};

/* Folios without buffer_heads: iomap keeps its per-block state in folio->private. */
static const struct address_space_operations mpfs_aops_iomap = {
	.read_folio = mpfs_iomap_read_folio,
	.readahead = mpfs_iomap_readahead,
	.writepages = mpfs_iomap_writepages,
	.release_folio = iomap_release_folio,
	.invalidate_folio = iomap_invalidate_folio,
	.bmap = mpfs_bmap,
	.migrate_folio = filemap_migrate_folio,
	.is_partially_uptodate = iomap_is_partially_uptodate,
	MPFS_KVER_IOMAP_AOPS,
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MPFS_SPLICE_READ .splice_read = filemap_splice_read,
#else
#define MPFS_SPLICE_READ .splice_read = generic_file_splice_read,
#endif

static const struct file_operations mpfs_file_fops_iomap = {
	.llseek = generic_file_llseek,
	.read_iter = generic_file_read_iter,
	.write_iter = mpfs_iomap_write_iter_op,
	.mmap = mpfs_iomap_mmap,
	.open = generic_file_open,
	.fsync = mpfs_fsync,
	MPFS_SPLICE_READ
	.splice_write = iter_file_splice_write,
	MPFS_IOCTL_OP
};

static const struct file_operations mpfs_file_fops = {
	.llseek = generic_file_llseek,
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.mmap = generic_file_mmap,
	.open = generic_file_open,
	.fsync = mpfs_fsync,
	MPFS_SPLICE_READ
	.splice_write = iter_file_splice_write,
	MPFS_IOCTL_OP
};

static const struct inode_operations mpfs_file_iops = {
	.setattr = mpfs_vfs_setattr,
};

static const struct file_operations mpfs_dir_fops = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.iterate_shared = mpfs_readdir,
	.fsync = mpfs_fsync,
	MPFS_IOCTL_OP
};

static const struct inode_operations mpfs_dir_iops = {
	.lookup = mpfs_lookup,
	.create = mpfs_vfs_create,
	.link = mpfs_link,
	.unlink = mpfs_unlink,
	.symlink = mpfs_vfs_symlink,
	.mkdir = mpfs_vfs_mkdir,
	.rmdir = mpfs_rmdir,
	.rename = mpfs_vfs_rename,
	.setattr = mpfs_vfs_setattr,
};

static const struct inode_operations mpfs_symlink_iops = {
	.get_link = page_get_link,
	.setattr = mpfs_vfs_setattr,
};

/* Directories and symlinks: engine=iomap keeps them on the kernel's mpage (2 -> 0). */
static const struct address_space_operations *mpfs_aops(int engine)
{
	return engine == 1 ? &mpfs_aops_port : &mpfs_aops_kernel;
}

void shim_fs_set_file_ops(struct inode *inode, int engine)
{
	inode->i_op = &mpfs_file_iops;
	inode->i_fop = engine == 2 ? &mpfs_file_fops_iomap : &mpfs_file_fops;
	inode->i_mapping->a_ops = engine == 2 ? &mpfs_aops_iomap : mpfs_aops(engine);
}

void shim_fs_set_dir_ops(struct inode *inode, int engine)
{
	inode->i_op = &mpfs_dir_iops;
	inode->i_fop = &mpfs_dir_fops;
	inode->i_mapping->a_ops = mpfs_aops(engine);
}

void shim_fs_set_symlink_ops(struct inode *inode, int engine)
{
	inode->i_op = &mpfs_symlink_iops;
	inode_nohighmem(inode);
	inode->i_mapping->a_ops = mpfs_aops(engine);
}
