// SPDX-License-Identifier: GPL-2.0
/*
 * engine=iomap: the iomap operation tables (they must be C) and the
 * pass-throughs the C++ of kmod/fs/iomap.cpp calls. The mapping logic is in
 * C++; what differs between 6.1 and 6.12 here is spelling only:
 * map_blocks takes the dirty length on 6.12 (6.1 asks block by block, so
 * one block is the length), iomap_file_buffered_write takes a private
 * pointer on 6.12 and advances ki_pos itself (6.1 leaves it to us), and 6.12 has iomap_dirty_folio where 6.1 uses
 * filemap_dirty_folio (fs_ops.c).
 */
#include <linux/fs.h>
#include <linux/iomap.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/uio.h>
#include <linux/version.h>
#include "shim_fs.h"
#include "fs_iomap.h"

_Static_assert(MPFS_IOMAP_FLAG_WRITE == IOMAP_WRITE, "iomap flag values");
_Static_assert(MPFS_IOMAP_FLAG_ZERO == IOMAP_ZERO, "iomap flag values");
_Static_assert(MPFS_IOMAP_TYPE_HOLE == IOMAP_HOLE, "iomap type values");
_Static_assert(MPFS_IOMAP_TYPE_MAPPED == IOMAP_MAPPED, "iomap type values");
_Static_assert(MPFS_IOMAP_F_NEW == IOMAP_F_NEW, "iomap flag values");
_Static_assert(MPFS_IOMAP_NULL_ADDR == IOMAP_NULL_ADDR, "iomap null address");

static int mpfs_iomap_begin_op(struct inode *inode, loff_t pos, loff_t length, unsigned int flags,
			       struct iomap *iomap, struct iomap *srcmap)
{
	return mpfs_iomap_begin(inode, pos, length, flags, iomap);
}

const struct iomap_ops mpfs_iomap_ops = {
	.iomap_begin = mpfs_iomap_begin_op,
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
static int mpfs_iomap_map_blocks(struct iomap_writepage_ctx *wpc, struct inode *inode,
				 loff_t offset, unsigned int len)
{
	return mpfs_iomap_map_writeback(inode, offset, len, &wpc->iomap);
}
#else
static int mpfs_iomap_map_blocks(struct iomap_writepage_ctx *wpc, struct inode *inode,
				 loff_t offset)
{
	return mpfs_iomap_map_writeback(inode, offset, i_blocksize(inode), &wpc->iomap);
}
#endif

static const struct iomap_writeback_ops mpfs_iomap_writeback_ops = {
	.map_blocks = mpfs_iomap_map_blocks,
};

int mpfs_iomap_read_folio(struct file *file, struct folio *folio)
{
	return iomap_read_folio(folio, &mpfs_iomap_ops);
}

void mpfs_iomap_readahead(struct readahead_control *rac)
{
	iomap_readahead(rac, &mpfs_iomap_ops);
}

int mpfs_iomap_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	struct iomap_writepage_ctx wpc = { };

	return iomap_writepages(mapping, wbc, &wpc, &mpfs_iomap_writeback_ops);
}

ssize_t mpfs_iomap_write_iter_op(struct kiocb *iocb, struct iov_iter *from)
{
	return mpfs_iomap_write_iter(iocb, from);
}

static vm_fault_t mpfs_iomap_page_mkwrite_op(struct vm_fault *vmf)
{
	return mpfs_iomap_page_mkwrite(vmf);
}

static const struct vm_operations_struct mpfs_iomap_vm_ops = {
	.fault = filemap_fault,
	.map_pages = filemap_map_pages,
	.page_mkwrite = mpfs_iomap_page_mkwrite_op,
};

int mpfs_iomap_mmap(struct file *file, struct vm_area_struct *vma)
{
	file_accessed(file);
	vma->vm_ops = &mpfs_iomap_vm_ops;
	return 0;
}

void shim_iomap_set(struct iomap *iomap, struct super_block *sb, unsigned int type,
		    unsigned int flags, unsigned long long addr, long long offset,
		    unsigned long long length)
{
	*iomap = (struct iomap){ .addr = addr, .offset = offset, .length = length, .type = type,
				 .flags = flags, .bdev = sb->s_bdev };
}

long shim_iomap_file_buffered_write(struct kiocb *iocb, struct iov_iter *from)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return iomap_file_buffered_write(iocb, from, &mpfs_iomap_ops, NULL);
#else
	/* 6.1 leaves advancing ki_pos to the caller; 6.12 advances it itself. */
	ssize_t ret = iomap_file_buffered_write(iocb, from, &mpfs_iomap_ops);

	if (ret > 0)
		iocb->ki_pos += ret;
	return ret;
#endif
}

unsigned int shim_iomap_page_mkwrite(struct vm_fault *vmf)
{
	return iomap_page_mkwrite(vmf, &mpfs_iomap_ops);
}

int shim_iomap_truncate_page(struct inode *inode, long long pos)
{
	bool did_zero;

	return iomap_truncate_page(inode, pos, &did_zero, &mpfs_iomap_ops);
}

void shim_mapping_set_large_folios(struct inode *inode)
{
	mapping_set_large_folios(inode->i_mapping);
}

struct inode *shim_kiocb_inode(struct kiocb *iocb)
{
	return file_inode(iocb->ki_filp);
}

long long shim_kiocb_pos(struct kiocb *iocb)
{
	return iocb->ki_pos;
}

long shim_generic_write_checks(struct kiocb *iocb, struct iov_iter *from)
{
	return generic_write_checks(iocb, from);
}

int shim_kiocb_file_modified(struct kiocb *iocb)
{
	return file_modified(iocb->ki_filp);
}

long shim_generic_write_sync(struct kiocb *iocb, long count)
{
	return generic_write_sync(iocb, count);
}

void shim_inode_lock(struct inode *inode)
{
	inode_lock(inode);
}

void shim_inode_unlock(struct inode *inode)
{
	inode_unlock(inode);
}

struct inode *shim_vmf_inode(struct vm_fault *vmf)
{
	return file_inode(vmf->vma->vm_file);
}

void shim_vmf_file_update_time(struct vm_fault *vmf)
{
	file_update_time(vmf->vma->vm_file);
}

void shim_sb_start_pagefault(struct super_block *sb)
{
	sb_start_pagefault(sb);
}

void shim_sb_end_pagefault(struct super_block *sb)
{
	sb_end_pagefault(sb);
}

void shim_inode_invalidate_lock_shared(struct inode *inode)
{
	filemap_invalidate_lock_shared(inode->i_mapping);
}

void shim_inode_invalidate_unlock_shared(struct inode *inode)
{
	filemap_invalidate_unlock_shared(inode->i_mapping);
}
