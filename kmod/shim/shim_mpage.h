/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the kernel primitives the mpage port (kmod/mpage/) uses. Kernel
 * types are opaque. Four exported functions are called directly (below);
 * every helper is a pass-through to one kernel function or inline; hot fields
 * (buffer_head state, folio flags, bio iterator) are read in C++ through the
 * K_* offsets of kernel_layout.h instead.
 *
 * Implemented by the kernel and kmod/shim/mpage_helpers.c in the module and
 * by tests/sim in the host test library.
 *
 * The same declarations serve Linux 6.1 and 6.12: mpage_helpers.c picks each
 * kernel's spelling. A helper marked "6.1 only" or "6.12 only" has no
 * counterpart on the other kernel; it still links there, and the port never
 * calls it in the other flavour (kmod/mpage/flavour.h).
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
/* 6.12's writepage_t; on 6.1 the shim adapts the struct page * that write_cache_pages passes. */
typedef int (*shim_writepage_t)(struct folio *folio, struct writeback_control *wbc, void *data);

/* readahead */
unsigned int shim_readahead_page_batch(struct readahead_control *rac, struct page **pages,
				       unsigned int n);
void shim_release_pages(struct page **pages, int nr);

/*
 * Exported kernel functions the port calls directly, declared as the kernel
 * declares them (its typedefs spelled as the integers they are): a helper
 * would be one more call per folio or bio on the hot path (3 to 5 guest
 * instructions each, docs/port.md "Performance choices"), with nothing to
 * adapt. Both kernels export each (Module.symvers). mpage_helpers.c includes
 * this header after the kernel's: a declaration that no longer matches the
 * kernel's does not compile. Anything inline, a macro, or spelled
 * differently by 6.1 and 6.12 stays a helper below.
 */
struct bio_set;
extern struct bio_set fs_bio_set;
struct bio *bio_alloc_bioset(struct block_device *bdev, unsigned short nr_vecs, shim_opf_t opf,
			     shim_gfp_t gfp_mask, struct bio_set *bs);
int bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int offset);
void submit_bio(struct bio *bio);
void folio_unlock(struct folio *folio);

/* folio / page state */
void shim_folio_mark_uptodate(struct folio *folio);
void shim_folio_zero_segment(struct folio *folio, unsigned long start, unsigned long end);
void shim_zero_user(struct page *page, unsigned int start, unsigned int len);
void shim_folio_start_writeback(struct folio *folio);
void shim_folio_end_writeback(struct folio *folio);
void shim_page_endio(struct page *page, int is_write, int err); /* 6.1 only */
void shim_folio_end_read(struct folio *folio, int success);     /* 6.12 only */
void shim_mapping_set_error(struct address_space *mapping, int error);

/* buffer_heads */
/* Returns the head of the new ring (6.12's create_empty_buffers; folio_buffers() after it on 6.1). */
struct buffer_head *shim_create_empty_buffers(struct folio *folio, unsigned long blocksize,
					      unsigned long b_state);
int shim_block_read_full_folio(struct folio *folio, shim_get_block_t get_block);
/* 6.1 only: block_write_full_page(&folio->page, get_block, wbc). */
int shim_block_write_full_page(struct folio *folio, shim_get_block_t get_block,
			       struct writeback_control *wbc);
/* 6.12 only: __block_write_full_folio (block_write_full_folio is not exported). */
int shim___block_write_full_folio(struct inode *inode, struct folio *folio,
				  shim_get_block_t get_block, struct writeback_control *wbc);
void shim_clean_bdev_aliases(struct block_device *bdev, shim_sector_t block, shim_sector_t len);
int shim_try_to_free_buffers(struct folio *folio);
/* __find_get_block on 6.1, __find_get_block_nonatomic on 6.12 (as their write_boundary_block). */
struct buffer_head *shim_find_get_block(struct block_device *bdev, shim_sector_t block,
					unsigned int size);
void shim_write_dirty_buffer(struct buffer_head *bh, shim_opf_t op_flags);
void shim_put_bh(struct buffer_head *bh);

/* bios and block devices */
void shim_bio_set_write_hint(struct bio *bio, struct inode *inode); /* 6.12 only */
void shim_bio_put(struct bio *bio);
int shim_blk_status_to_errno(unsigned char status);
void shim_blk_start_plug(struct blk_plug *plug);
void shim_blk_finish_plug(struct blk_plug *plug);

/* ->rw_page (the pieces of block/bdev.c's bdev_read_page/bdev_write_page): 6.1 only.
 * On 6.12 the member is gone: shim_bdev_has_rw_page returns 0 there. */
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
int shim_wbc_attached(struct writeback_control *wbc);
void shim_wbc_account_cgroup_owner(struct writeback_control *wbc, struct folio *folio,
				   unsigned long bytes);

/* Implemented in C++ (kmod/mpage/bio.cpp): the bio completions the kernel calls. */
void mpfs_mpage_end_io(struct bio *bio);       /* 6.1: mpage_end_io */
void mpfs_mpage_read_end_io(struct bio *bio);  /* 6.12: mpage_read_end_io */
void mpfs_mpage_write_end_io(struct bio *bio); /* 6.12: mpage_write_end_io */

#ifdef __cplusplus
}
#endif

#endif
