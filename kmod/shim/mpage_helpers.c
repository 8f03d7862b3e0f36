// SPDX-License-Identifier: GPL-2.0
/*
 * Pass-throughs for the mpage port (see shim_mpage.h). No logic here: each
 * helper forwards to one kernel function or inline. Casts only bridge the
 * opaque C++ view of a type to the kernel's (same width, same ABI).
 *
 * One source for Linux 6.1 and 6.12: where the kernels spell a call
 * differently, #if LINUX_VERSION_CODE picks the spelling. A helper with no
 * counterpart on the kernel being built ("6.1 only", "6.12 only") still links;
 * its body warns once, because the port never calls it in that flavour
 * (kmod/mpage/flavour.h) and reaching it would be a bug.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/blk-integrity.h>
#include <linux/buffer_head.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/percpu-refcount.h>
#include <linux/version.h>
#include <linux/writeback.h>
#include "shim_mpage.h"

#define MPFS_LINUX_6_12 (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0))

static_assert(sizeof(shim_sector_t) == sizeof(sector_t), "sector_t width");
static_assert(sizeof(shim_opf_t) == sizeof(blk_opf_t), "blk_opf_t width");
static_assert(sizeof(shim_gfp_t) == sizeof(gfp_t), "gfp_t width");
static_assert(sizeof(__UINT64_TYPE__) == sizeof(sector_t), "get_block block width");

unsigned int shim_readahead_page_batch(struct readahead_control *rac, struct page **pages,
				       unsigned int n)
{
	return __readahead_batch(rac, pages, n);
}

void shim_release_pages(struct page **pages, int nr)
{
	release_pages(pages, nr);
}

void shim_folio_mark_uptodate(struct folio *folio)
{
	folio_mark_uptodate(folio);
}

void shim_folio_zero_segment(struct folio *folio, unsigned long start, unsigned long end)
{
	folio_zero_segment(folio, start, end);
}

void shim_zero_user(struct page *page, unsigned int start, unsigned int len)
{
	zero_user(page, start, len);
}

/* 6.1's set_page_writeback(page) is this on page_folio(page). */
void shim_folio_start_writeback(struct folio *folio)
{
	folio_start_writeback(folio);
}

/* 6.1's end_page_writeback(page) is this on page_folio(page). */
void shim_folio_end_writeback(struct folio *folio)
{
	folio_end_writeback(folio);
}

#if MPFS_LINUX_6_12
void shim_page_endio(struct page *page, int is_write, int err)
{
	WARN_ON_ONCE(1); /* page_endio() is gone in 6.12: mpfs_mpage_{read,write}_end_io instead */
}

void shim_folio_end_read(struct folio *folio, int success)
{
	folio_end_read(folio, success);
}
#else
void shim_page_endio(struct page *page, int is_write, int err)
{
	page_endio(page, is_write, err);
}

void shim_folio_end_read(struct folio *folio, int success)
{
	WARN_ON_ONCE(1); /* no folio_end_read() in 6.1: its mpage_end_io uses page_endio */
}
#endif

void shim_mapping_set_error(struct address_space *mapping, int error)
{
	mapping_set_error(mapping, error);
}

struct buffer_head *shim_create_empty_buffers(struct folio *folio, unsigned long blocksize,
					      unsigned long b_state)
{
#if MPFS_LINUX_6_12
	return create_empty_buffers(folio, blocksize, b_state);
#else
	create_empty_buffers(&folio->page, blocksize, b_state);
	return folio_buffers(folio);
#endif
}

int shim_block_read_full_folio(struct folio *folio, shim_get_block_t get_block)
{
	return block_read_full_folio(folio, (get_block_t *)get_block);
}

#if MPFS_LINUX_6_12
int shim_block_write_full_page(struct folio *folio, shim_get_block_t get_block,
			       struct writeback_control *wbc)
{
	WARN_ON_ONCE(1); /* gone in 6.12; its successor block_write_full_folio is not exported */
	return -EOPNOTSUPP;
}

int shim___block_write_full_folio(struct inode *inode, struct folio *folio,
				  shim_get_block_t get_block, struct writeback_control *wbc)
{
	return __block_write_full_folio(inode, folio, (get_block_t *)get_block, wbc);
}
#else
int shim_block_write_full_page(struct folio *folio, shim_get_block_t get_block,
			       struct writeback_control *wbc)
{
	return block_write_full_page(&folio->page, (get_block_t *)get_block, wbc);
}

int shim___block_write_full_folio(struct inode *inode, struct folio *folio,
				  shim_get_block_t get_block, struct writeback_control *wbc)
{
	WARN_ON_ONCE(1); /* 6.12 only: the 6.1 flavour calls block_write_full_page */
	return -EOPNOTSUPP;
}
#endif

void shim_clean_bdev_aliases(struct block_device *bdev, shim_sector_t block, shim_sector_t len)
{
	clean_bdev_aliases(bdev, block, len);
}

int shim_try_to_free_buffers(struct folio *folio)
{
	return try_to_free_buffers(folio);
}

/* What each kernel's own (unexported) write_boundary_block looks the block up with. */
struct buffer_head *shim_find_get_block(struct block_device *bdev, shim_sector_t block,
					unsigned int size)
{
#if MPFS_LINUX_6_12
	return __find_get_block_nonatomic(bdev, block, size);
#else
	return __find_get_block(bdev, block, size);
#endif
}

void shim_write_dirty_buffer(struct buffer_head *bh, shim_opf_t op_flags)
{
	write_dirty_buffer(bh, op_flags);
}

void shim_put_bh(struct buffer_head *bh)
{
	put_bh(bh);
}

void shim_bio_set_write_hint(struct bio *bio, struct inode *inode)
{
#if MPFS_LINUX_6_12
	bio->bi_write_hint = inode->i_write_hint;
#else
	WARN_ON_ONCE(1); /* 6.1's struct bio has no bi_write_hint */
#endif
}

void shim_bio_put(struct bio *bio)
{
	bio_put(bio);
}

int shim_blk_status_to_errno(unsigned char status)
{
	return blk_status_to_errno((blk_status_t)status);
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
#if MPFS_LINUX_6_12
	return 0; /* 6.12's block_device_operations has no ->rw_page */
#else
	return bdev->bd_disk->fops->rw_page != NULL;
#endif
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
#if MPFS_LINUX_6_12
	WARN_ON_ONCE(1); /* no ->rw_page in 6.12 */
	return -EOPNOTSUPP;
#else
	return bdev->bd_disk->fops->rw_page(bdev, sector + get_start_sect(bdev), page,
					    is_write ? REQ_OP_WRITE : REQ_OP_READ);
#endif
}

#if MPFS_LINUX_6_12
int shim_write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
			   shim_writepage_t writepage, void *data)
{
	return write_cache_pages(mapping, wbc, writepage, data);
}
#else
/*
 * 6.1's writepage_t takes the folio's head page; the port's callback takes the
 * folio, as 6.12's does. A trampoline instead of a function-pointer cast keeps
 * the indirect call type-correct; it costs one direct call per written page.
 */
struct shim_writepage_folio {
	shim_writepage_t writepage;
	void *data;
};

static int shim_writepage_page(struct page *page, struct writeback_control *wbc, void *data)
{
	struct shim_writepage_folio *w = data;
	return w->writepage(page_folio(page), wbc, w->data);
}

int shim_write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
			   shim_writepage_t writepage, void *data)
{
	struct shim_writepage_folio w = { writepage, data };
	return write_cache_pages(mapping, wbc, shim_writepage_page, &w);
}
#endif

shim_opf_t shim_wbc_to_write_flags(struct writeback_control *wbc)
{
	return wbc_to_write_flags(wbc);
}

void shim_wbc_init_bio(struct writeback_control *wbc, struct bio *bio)
{
	wbc_init_bio(wbc, bio);
}

/* Whether wbc_init_bio() has anything to do: wbc->wb, the test it starts with. */
int shim_wbc_attached(struct writeback_control *wbc)
{
#ifdef CONFIG_CGROUP_WRITEBACK
	return wbc->wb != NULL;
#else
	return 0;
#endif
}

void shim_wbc_account_cgroup_owner(struct writeback_control *wbc, struct folio *folio,
				   unsigned long bytes)
{
#if MPFS_LINUX_6_12
	wbc_account_cgroup_owner(wbc, folio, bytes);
#else
	wbc_account_cgroup_owner(wbc, &folio->page, bytes);
#endif
}
