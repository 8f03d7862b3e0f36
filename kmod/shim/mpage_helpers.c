// SPDX-License-Identifier: GPL-2.0
/*
 * Pass-throughs for the mpage port (see shim_mpage.h). No logic here: each
 * helper forwards to one kernel function or inline. Casts only bridge the
 * opaque C++ view of a type to the kernel's (same width, same ABI).
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/blk-integrity.h>
#include <linux/buffer_head.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/percpu-refcount.h>
#include <linux/writeback.h>
#include "shim_mpage.h"

static_assert(sizeof(shim_sector_t) == sizeof(sector_t), "sector_t width");
static_assert(sizeof(shim_opf_t) == sizeof(blk_opf_t), "blk_opf_t width");
static_assert(sizeof(shim_gfp_t) == sizeof(gfp_t), "gfp_t width");
static_assert(sizeof(__UINT64_TYPE__) == sizeof(sector_t), "get_block block width");

struct folio *shim_readahead_folio(struct readahead_control *rac)
{
	return readahead_folio(rac);
}

unsigned int shim_readahead_count(struct readahead_control *rac)
{
	return readahead_count(rac);
}

void shim_folio_unlock(struct folio *folio)
{
	folio_unlock(folio);
}

void shim_folio_mark_uptodate(struct folio *folio)
{
	folio_mark_uptodate(folio);
}

void shim_folio_set_mappedtodisk(struct folio *folio)
{
	folio_set_mappedtodisk(folio);
}

void shim_folio_zero_segment(struct folio *folio, unsigned long start, unsigned long end)
{
	folio_zero_segment(folio, start, end);
}

void shim_zero_user(struct page *page, unsigned int start, unsigned int len)
{
	zero_user(page, start, len);
}

void shim_set_page_writeback(struct page *page)
{
	set_page_writeback(page);
}

void shim_end_page_writeback(struct page *page)
{
	end_page_writeback(page);
}

void shim_page_endio(struct page *page, int is_write, int err)
{
	page_endio(page, is_write, err);
}

void shim_mapping_set_error(struct address_space *mapping, int error)
{
	mapping_set_error(mapping, error);
}

void shim_create_empty_buffers(struct folio *folio, unsigned long blocksize, unsigned long b_state)
{
	create_empty_buffers(&folio->page, blocksize, b_state);
}

int shim_block_read_full_folio(struct folio *folio, shim_get_block_t get_block)
{
	return block_read_full_folio(folio, (get_block_t *)get_block);
}

int shim_block_write_full_page(struct page *page, shim_get_block_t get_block,
			       struct writeback_control *wbc)
{
	return block_write_full_page(page, (get_block_t *)get_block, wbc);
}

void shim_clean_bdev_aliases(struct block_device *bdev, shim_sector_t block, shim_sector_t len)
{
	clean_bdev_aliases(bdev, block, len);
}

int shim_try_to_free_buffers(struct folio *folio)
{
	return try_to_free_buffers(folio);
}

struct buffer_head *shim_find_get_block(struct block_device *bdev, shim_sector_t block,
					unsigned int size)
{
	return __find_get_block(bdev, block, size);
}

void shim_write_dirty_buffer(struct buffer_head *bh, shim_opf_t op_flags)
{
	write_dirty_buffer(bh, op_flags);
}

void shim_put_bh(struct buffer_head *bh)
{
	put_bh(bh);
}

struct bio *shim_bio_alloc(struct block_device *bdev, unsigned short nr_vecs, shim_opf_t opf,
			   shim_gfp_t gfp)
{
	return bio_alloc(bdev, nr_vecs, opf, gfp);
}

/* bio_add_folio() is not exported in 6.1; this is its body for an order-0 folio. */
int shim_bio_add_folio(struct bio *bio, struct folio *folio, unsigned long len, unsigned long off)
{
	return bio_add_page(bio, &folio->page, len, off) > 0;
}

int shim_bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int off)
{
	return bio_add_page(bio, page, len, off);
}

void shim_submit_bio(struct bio *bio)
{
	submit_bio(bio);
}

void shim_bio_put(struct bio *bio)
{
	bio_put(bio);
}

int shim_blk_status_to_errno(unsigned char status)
{
	return blk_status_to_errno((blk_status_t)status);
}

shim_sector_t shim_bdev_nr_sectors(struct block_device *bdev)
{
	return bdev_nr_sectors(bdev);
}

void shim_blk_start_plug(struct blk_plug *plug)
{
	blk_start_plug(plug);
}

void shim_blk_finish_plug(struct blk_plug *plug)
{
	blk_finish_plug(plug);
}

int shim_bdev_has_rw_page(struct block_device *bdev)
{
	return bdev->bd_disk->fops->rw_page != NULL;
}

int shim_bdev_has_integrity(struct block_device *bdev)
{
	return bdev_get_integrity(bdev) != NULL;
}

int shim_bdev_queue_tryget_live(struct block_device *bdev)
{
	return percpu_ref_tryget_live(&bdev_get_queue(bdev)->q_usage_counter);
}

int shim_bdev_queue_pm_only(struct block_device *bdev)
{
	return blk_queue_pm_only(bdev_get_queue(bdev));
}

void shim_bdev_queue_put(struct block_device *bdev)
{
	percpu_ref_put(&bdev_get_queue(bdev)->q_usage_counter);
}

int shim_bdev_rw_page(struct block_device *bdev, shim_sector_t sector, struct page *page,
		      int is_write)
{
	return bdev->bd_disk->fops->rw_page(bdev, sector + get_start_sect(bdev), page,
					    is_write ? REQ_OP_WRITE : REQ_OP_READ);
}

int shim_write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
			   shim_writepage_t writepage, void *data)
{
	return write_cache_pages(mapping, wbc, writepage, data);
}

shim_opf_t shim_wbc_to_write_flags(struct writeback_control *wbc)
{
	return wbc_to_write_flags(wbc);
}

void shim_wbc_init_bio(struct writeback_control *wbc, struct bio *bio)
{
	wbc_init_bio(wbc, bio);
}

void shim_wbc_account_cgroup_owner(struct writeback_control *wbc, struct page *page,
				   unsigned long bytes)
{
	wbc_account_cgroup_owner(wbc, page, bytes);
}
