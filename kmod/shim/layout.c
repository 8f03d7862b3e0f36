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

int main(void);
int main(void)
{
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
	return 0;
}
