// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel constants and struct offsets that C++ needs at compile time. Kbuild
 * compiles this file to assembly and turns every DEFINE() into a #define in
 * generated/kernel_layout.h; nothing here is linked into the module.
 */
#include <linux/kbuild.h>
#include <linux/buffer_head.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/page-flags.h>
#include <linux/blk_types.h>
#include <linux/writeback.h>
#include <linux/bio.h>
#include <linux/bvec.h>
#include <linux/blkdev.h>
#include <linux/version.h>

int main(void);
int main(void)
{
	/* Picks the mpage flavour the port follows (kmod/mpage/flavour.h, kmod/fs/aops.cpp). */
	DEFINE(K_LINUX_VERSION_CODE, LINUX_VERSION_CODE);
	DEFINE(K_PAGE_SHIFT, PAGE_SHIFT);
	DEFINE(K_PAGE_SIZE, PAGE_SIZE);
	DEFINE(K_MAX_BUF_PER_PAGE, MAX_BUF_PER_PAGE);
	DEFINE(K_BIO_MAX_VECS, BIO_MAX_VECS);
	BLANK();
	DEFINE(K_SIZEOF_BUFFER_HEAD, sizeof(struct buffer_head));
	OFFSET(K_BH_STATE, buffer_head, b_state);
	OFFSET(K_BH_THIS_PAGE, buffer_head, b_this_page);
	OFFSET(K_BH_PAGE, buffer_head, b_page);
	OFFSET(K_BH_BLOCKNR, buffer_head, b_blocknr);
	OFFSET(K_BH_SIZE, buffer_head, b_size);
	OFFSET(K_BH_BDEV, buffer_head, b_bdev);
	DEFINE(K_BH_Uptodate, BH_Uptodate);
	DEFINE(K_BH_Dirty, BH_Dirty);
	DEFINE(K_BH_Lock, BH_Lock);
	DEFINE(K_BH_Mapped, BH_Mapped);
	DEFINE(K_BH_New, BH_New);
	DEFINE(K_BH_Boundary, BH_Boundary);
	BLANK();
	OFFSET(K_FOLIO_FLAGS, folio, flags);
	OFFSET(K_FOLIO_MAPPING, folio, mapping);
	OFFSET(K_FOLIO_INDEX, folio, index);
	OFFSET(K_FOLIO_PRIVATE, folio, private);
	DEFINE(K_PG_locked, PG_locked);
	DEFINE(K_PG_uptodate, PG_uptodate);
	DEFINE(K_PG_dirty, PG_dirty);
	DEFINE(K_PG_writeback, PG_writeback);
	DEFINE(K_PG_private, PG_private);
	DEFINE(K_PG_mappedtodisk, PG_mappedtodisk);
	DEFINE(K_PG_head, PG_head);
	BLANK();
	OFFSET(K_INODE_BLKBITS, inode, i_blkbits);
	OFFSET(K_INODE_SIZE, inode, i_size);
	OFFSET(K_INODE_MAPPING, inode, i_mapping);
	OFFSET(K_INODE_SB, inode, i_sb);
	OFFSET(K_MAPPING_HOST, address_space, host);
	OFFSET(K_RAC_NR_PAGES, readahead_control, _nr_pages);
	/* engine=port's aops (kmod/fs/aops.cpp): the mount's MountInfo per call, inline */
	OFFSET(K_RAC_MAPPING, readahead_control, mapping);
	OFFSET(K_SB_FS_INFO, super_block, s_fs_info);
	BLANK();
	DEFINE(K_REQ_OP_READ, REQ_OP_READ);
	DEFINE(K_REQ_OP_WRITE, REQ_OP_WRITE);
	DEFINE(K_REQ_RAHEAD, (unsigned long)REQ_RAHEAD);
	DEFINE(K_REQ_SYNC, (unsigned long)REQ_SYNC);
	DEFINE(K_WB_SYNC_NONE, WB_SYNC_NONE);
	DEFINE(K_WB_SYNC_ALL, WB_SYNC_ALL);
	DEFINE(K_GFP_KERNEL, (unsigned long)GFP_KERNEL);
	DEFINE(K_GFP_NOFS, (unsigned long)GFP_NOFS);
	DEFINE(K_GFP_NORETRY, (unsigned long)__GFP_NORETRY);
	DEFINE(K_GFP_NOWARN, (unsigned long)__GFP_NOWARN);
	BLANK();
	/* mpage port (owner: port helper) */
	DEFINE(K_ALIGNOF_BUFFER_HEAD, __alignof__(struct buffer_head));
	DEFINE(K_SIZEOF_PAGE, sizeof(struct page));
	DEFINE(K_NTH_PAGE_IS_LINEAR, IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP) || !IS_ENABLED(CONFIG_SPARSEMEM));
	OFFSET(K_PAGE_FLAGS, page, flags);
	OFFSET(K_PAGE_COMPOUND_HEAD, page, compound_head);
	OFFSET(K_PAGE_MAPPING, page, mapping);
	OFFSET(K_PAGE_INDEX, page, index);
	OFFSET(K_PAGE_PRIVATE, page, private);
	DEFINE(K_FOLIO_PAGE, offsetof(struct folio, page));
	OFFSET(K_MAPPING_GFP_MASK, address_space, gfp_mask);
	DEFINE(K_SIZEOF_BLK_PLUG, sizeof(struct blk_plug));
	DEFINE(K_ALIGNOF_BLK_PLUG, __alignof__(struct blk_plug));
	OFFSET(K_BDEV_NR_SECTORS, block_device, bd_nr_sectors);
	DEFINE(K_BDEV_NR_SECTORS_SIZE, sizeof(((struct block_device *)0)->bd_nr_sectors));
	OFFSET(K_BIO_BDEV, bio, bi_bdev);
	OFFSET(K_BIO_OPF, bio, bi_opf);
	OFFSET(K_BIO_STATUS, bio, bi_status);
	DEFINE(K_BIO_SECTOR, offsetof(struct bio, bi_iter) + offsetof(struct bvec_iter, bi_sector));
	DEFINE(K_BIO_SIZE, offsetof(struct bio, bi_iter) + offsetof(struct bvec_iter, bi_size));
	OFFSET(K_BIO_END_IO, bio, bi_end_io);
	OFFSET(K_BIO_VCNT, bio, bi_vcnt);
	OFFSET(K_BIO_IO_VEC, bio, bi_io_vec);
	DEFINE(K_SIZEOF_BIO_VEC, sizeof(struct bio_vec));
	OFFSET(K_BVEC_PAGE, bio_vec, bv_page);
	OFFSET(K_BVEC_LEN, bio_vec, bv_len);
	OFFSET(K_BVEC_OFFSET, bio_vec, bv_offset);
	DEFINE(K_REQ_OP_MASK, (unsigned long)REQ_OP_MASK);
	DEFINE(K_SECTOR_T_SIZE, sizeof(sector_t));
	DEFINE(K_GFP_T_SIZE, sizeof(gfp_t));
	DEFINE(K_BLK_OPF_T_SIZE, sizeof(blk_opf_t));
	DEFINE(K_BLK_STATUS_T_SIZE, sizeof(blk_status_t));
	DEFINE(K_BH_STATE_SIZE, sizeof(((struct buffer_head *)0)->b_state));
	DEFINE(K_BH_SIZE_SIZE, sizeof(((struct buffer_head *)0)->b_size));
	DEFINE(K_BH_BLOCKNR_SIZE, sizeof(((struct buffer_head *)0)->b_blocknr));
	DEFINE(K_INODE_BLKBITS_SIZE, sizeof(((struct inode *)0)->i_blkbits));
	DEFINE(K_BVEC_LEN_SIZE, sizeof(((struct bio_vec *)0)->bv_len));
	DEFINE(K_BIO_VCNT_SIZE, sizeof(((struct bio *)0)->bi_vcnt));
	DEFINE(K_BIO_SIZE_SIZE, sizeof(((struct bio *)0)->bi_iter.bi_size));
	DEFINE(K_RAC_NR_PAGES_SIZE, sizeof(((struct readahead_control *)0)->_nr_pages));
	DEFINE(K_EIO, EIO);
	DEFINE(K_ENOMEM, ENOMEM);
	DEFINE(K_EAGAIN, EAGAIN);
	DEFINE(K_EOPNOTSUPP, EOPNOTSUPP);
	return 0;
}
