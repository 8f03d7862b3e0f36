/* SPDX-License-Identifier: GPL-2.0 */
/*
 * engine=iomap operations defined in fs_iomap.c for the tables of fs_ops.c.
 * C only, after the kernel headers; never included by C++.
 */
#ifndef MPFS_FS_IOMAP_H
#define MPFS_FS_IOMAP_H

int mpfs_iomap_read_folio(struct file *file, struct folio *folio);
void mpfs_iomap_readahead(struct readahead_control *rac);
int mpfs_iomap_writepages(struct address_space *mapping, struct writeback_control *wbc);
ssize_t mpfs_iomap_write_iter_op(struct kiocb *iocb, struct iov_iter *from);
int mpfs_iomap_mmap(struct file *file, struct vm_area_struct *vma);

#endif
