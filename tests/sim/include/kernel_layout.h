/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host test build's kernel_layout.h: the K_* constants the port uses,
 * describing the simulated structs of tests/sim/sim.h (not the kernel's).
 * sim.cpp static_asserts every offset against offsetof() on those structs.
 * Constants that name kernel values (bits, flags, errnos) mirror the kernel.
 */
#ifndef MPFS_SIM_KERNEL_LAYOUT_H
#define MPFS_SIM_KERNEL_LAYOUT_H

#define K_PAGE_SHIFT 12
#define K_PAGE_SIZE 4096
#define K_MAX_BUF_PER_PAGE 8
#define K_BIO_MAX_VECS 256

#define K_SIZEOF_BUFFER_HEAD 64
#define K_ALIGNOF_BUFFER_HEAD 8
#define K_BH_STATE 0
#define K_BH_THIS_PAGE 8
#define K_BH_PAGE 16
#define K_BH_BLOCKNR 24
#define K_BH_SIZE 32
#define K_BH_BDEV 48
#define K_FOLIO_FLAGS 0
#define K_FOLIO_MAPPING 16
#define K_FOLIO_INDEX 24
#define K_FOLIO_PRIVATE 32
#define K_FOLIO_PAGE 0
#define K_SIZEOF_PAGE 4144
#define K_PAGE_FLAGS 0
#define K_PAGE_COMPOUND_HEAD 8
#define K_PAGE_MAPPING 16
#define K_PAGE_INDEX 24
#define K_PAGE_PRIVATE 32
#define K_INODE_BLKBITS 32
#define K_INODE_SIZE 24
#define K_INODE_MAPPING 8
#define K_INODE_SB 16
#define K_MAPPING_HOST 0
#define K_MAPPING_GFP_MASK 8
#define K_SIZEOF_BLK_PLUG 8
#define K_ALIGNOF_BLK_PLUG 4
#define K_BDEV_NR_SECTORS 0
#define K_BDEV_NR_SECTORS_SIZE 8
#define K_BIO_BDEV 0
#define K_BIO_OPF 8
#define K_BIO_STATUS 12
#define K_BIO_SECTOR 16
#define K_BIO_SIZE 24
#define K_BIO_END_IO 32
#define K_BIO_VCNT 40
#define K_BIO_IO_VEC 48
#define K_SIZEOF_BIO_VEC 16
#define K_BVEC_PAGE 0
#define K_BVEC_LEN 8
#define K_BVEC_OFFSET 12

#define K_BH_Uptodate 0
#define K_BH_Dirty 1
#define K_BH_Lock 2
#define K_BH_Mapped 4
#define K_BH_New 5
#define K_BH_Boundary 9
#define K_PG_locked 0
#define K_PG_uptodate 2
#define K_PG_dirty 3
#define K_PG_writeback 15
#define K_PG_private 13
#define K_PG_mappedtodisk 17
#define K_PG_head 16
#define K_NTH_PAGE_IS_LINEAR 1

#define K_REQ_OP_READ 0
#define K_REQ_OP_WRITE 1
#define K_REQ_OP_MASK 255
#define K_REQ_RAHEAD 524288
#define K_REQ_SYNC 2048
#define K_WB_SYNC_NONE 0
#define K_WB_SYNC_ALL 1
#define K_GFP_KERNEL 3264
#define K_GFP_NOFS 3136
#define K_GFP_NORETRY 65536
#define K_GFP_NOWARN 8192

#define K_SECTOR_T_SIZE 8
#define K_GFP_T_SIZE 4
#define K_BLK_OPF_T_SIZE 4
#define K_BLK_STATUS_T_SIZE 1
#define K_RAC_NR_PAGES 16
#define K_RAC_NR_PAGES_SIZE 4
#define K_BH_STATE_SIZE 8
#define K_BH_SIZE_SIZE 8
#define K_BH_BLOCKNR_SIZE 8
#define K_INODE_BLKBITS_SIZE 1
#define K_BVEC_LEN_SIZE 4
#define K_BIO_VCNT_SIZE 2
#define K_BIO_SIZE_SIZE 4

#define K_EIO 5
#define K_ENOMEM 12
#define K_EAGAIN 11
#define K_EOPNOTSUPP 95

#endif
