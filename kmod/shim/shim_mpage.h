/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the kernel primitives the mpage port (kmod/mpage/) uses. Kernel
 * types are opaque. Every helper is a pass-through to one kernel function or
 * inline; hot fields (buffer_head state, folio flags, bio iterator) are read
 * in C++ through the K_* offsets of kernel_layout.h instead.
 *
 * Implemented by kmod/shim/mpage_helpers.c in the module and by tests/sim in
 * the host test library.
 */
#ifndef MPFS_SHIM_MPAGE_H
#define MPFS_SHIM_MPAGE_H

#ifdef __cplusplus
extern "C" {
#endif

struct address_space;
struct bio;
struct blk_plug;
struct block_device;
struct buffer_head;
struct folio;
struct inode;
struct page;
struct readahead_control;
struct writeback_control;

/* sector_t / blk_opf_t / gfp_t as plain integers (same width as the kernel's). */
typedef unsigned long long shim_sector_t;
typedef unsigned int shim_opf_t;
typedef unsigned int shim_gfp_t;

/* get_block_t with the block number as __UINT64_TYPE__ (what C++ calls u64). */
typedef int (*shim_get_block_t)(struct inode *inode, __UINT64_TYPE__ iblock,
				struct buffer_head *bh_result, int create);
typedef int (*shim_writepage_t)(struct page *page, struct writeback_control *wbc, void *data);

/* readahead */
struct folio *shim_readahead_folio(struct readahead_control *rac);
unsigned int shim_readahead_count(struct readahead_control *rac);

/* folio / page state */
void shim_folio_unlock(struct folio *folio);
void shim_folio_mark_uptodate(struct folio *folio);
void shim_folio_set_mappedtodisk(struct folio *folio);
void shim_folio_zero_segment(struct folio *folio, unsigned long start, unsigned long end);
void shim_zero_user(struct page *page, unsigned int start, unsigned int len);
void shim_set_page_writeback(struct page *page);
void shim_end_page_writeback(struct page *page);
void shim_page_endio(struct page *page, int is_write, int err);
void shim_mapping_set_error(struct address_space *mapping, int error);

/* buffer_heads */
void shim_create_empty_buffers(struct folio *folio, unsigned long blocksize, unsigned long b_state);
int shim_block_read_full_folio(struct folio *folio, shim_get_block_t get_block);
int shim_block_write_full_page(struct page *page, shim_get_block_t get_block,
			       struct writeback_control *wbc);
void shim_clean_bdev_aliases(struct block_device *bdev, shim_sector_t block, shim_sector_t len);
int shim_try_to_free_buffers(struct folio *folio);
struct buffer_head *shim_find_get_block(struct block_device *bdev, shim_sector_t block,
					unsigned int size);
void shim_write_dirty_buffer(struct buffer_head *bh, shim_opf_t op_flags);
void shim_put_bh(struct buffer_head *bh);

/* bios and block devices */
struct bio *shim_bio_alloc(struct block_device *bdev, unsigned short nr_vecs, shim_opf_t opf,
			   shim_gfp_t gfp);
int shim_bio_add_folio(struct bio *bio, struct folio *folio, unsigned long len, unsigned long off);
int shim_bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int off);
void shim_submit_bio(struct bio *bio);
void shim_bio_put(struct bio *bio);
int shim_blk_status_to_errno(unsigned char status);
shim_sector_t shim_bdev_nr_sectors(struct block_device *bdev);
void shim_blk_start_plug(struct blk_plug *plug);
void shim_blk_finish_plug(struct blk_plug *plug);

/* ->rw_page (the pieces of block/bdev.c's bdev_read_page/bdev_write_page) */
int shim_bdev_has_rw_page(struct block_device *bdev);
int shim_bdev_has_integrity(struct block_device *bdev);
int shim_bdev_queue_tryget_live(struct block_device *bdev);
int shim_bdev_queue_pm_only(struct block_device *bdev);
void shim_bdev_queue_put(struct block_device *bdev);
int shim_bdev_rw_page(struct block_device *bdev, shim_sector_t sector, struct page *page,
		      int is_write);

/* writeback */
int shim_write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
			   shim_writepage_t writepage, void *data);
shim_opf_t shim_wbc_to_write_flags(struct writeback_control *wbc);
void shim_wbc_init_bio(struct writeback_control *wbc, struct bio *bio);
void shim_wbc_account_cgroup_owner(struct writeback_control *wbc, struct page *page,
				   unsigned long bytes);

/* Implemented in C++ (kmod/mpage/bio.cpp): the bio completion the kernel calls. */
void mpfs_mpage_end_io(struct bio *bio);

#ifdef __cplusplus
}
#endif

#endif
