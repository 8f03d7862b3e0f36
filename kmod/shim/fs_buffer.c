// SPDX-License-Identifier: GPL-2.0
/* Buffer-cache pass-throughs for metadata (bitmaps, inode table, indirect and
 * directory blocks) and for get_block's mapping of a buffer_head. */
#include <linux/buffer_head.h>
#include "shim_fs.h"

struct buffer_head *shim_sb_bread(struct super_block *sb, unsigned long long block)
{
	return sb_bread(sb, block);
}

/* A buffer for a block just allocated: its old contents are meaningless. */
struct buffer_head *shim_sb_getblk_zeroed(struct super_block *sb, unsigned long long block)
{
	struct buffer_head *bh = sb_getblk(sb, block);

	if (bh) {
		lock_buffer(bh);
		memset(bh->b_data, 0, bh->b_size);
		set_buffer_uptodate(bh);
		unlock_buffer(bh);
	}
	return bh;
}

void shim_brelse(struct buffer_head *bh)
{
	brelse(bh);
}

void shim_bforget(struct buffer_head *bh)
{
	bforget(bh);
}

/* Drop any cached metadata buffer of a block being freed, so a stale dirty
 * buffer never overwrites the block's next owner. */
void shim_fs_forget_block(struct super_block *sb, unsigned long long block)
{
	bforget(sb_find_get_block(sb, block));
}

void *shim_bh_data(struct buffer_head *bh)
{
	return bh->b_data;
}

void shim_mark_buffer_dirty(struct buffer_head *bh)
{
	mark_buffer_dirty(bh);
}

void shim_mark_buffer_dirty_inode(struct buffer_head *bh, struct inode *inode)
{
	mark_buffer_dirty_inode(bh, inode);
}

int shim_sync_dirty_buffer(struct buffer_head *bh)
{
	return sync_dirty_buffer(bh);
}

void shim_map_bh(struct buffer_head *bh, struct super_block *sb, unsigned long long block)
{
	map_bh(bh, sb, block);
}

void shim_bh_set_location(struct buffer_head *bh, struct super_block *sb, unsigned long long block)
{
	bh->b_bdev = sb->s_bdev;
	bh->b_blocknr = block;
}

unsigned long shim_bh_size(struct buffer_head *bh)
{
	return bh->b_size;
}

void shim_bh_set_size(struct buffer_head *bh, unsigned long size)
{
	bh->b_size = size;
}

void shim_set_buffer_new(struct buffer_head *bh)
{
	set_buffer_new(bh);
}

void shim_set_buffer_boundary(struct buffer_head *bh)
{
	set_buffer_boundary(bh);
}
