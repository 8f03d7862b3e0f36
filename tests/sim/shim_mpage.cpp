// SPDX-License-Identifier: GPL-2.0
// Host implementation of every function of kmod/shim/shim_mpage.h over the
// simulated kernel of sim.h. Where the kernel function has behaviour the port
// relies on (page_endio, block_read_full_folio, write_cache_pages, ...), this
// is a small model of it; everything the block layer sees is recorded.
// World::kernel says which kernel is simulated: a helper that kernel does not
// have throws (the port must never call it in that flavour), and the models
// follow that kernel's code where 6.1 and 6.12 differ.
#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "sim.h"

using namespace sim;

namespace {

World &W() { return *World::current; }

using mpfs::mpage::Flavour;
bool is_6_1() { return W().kernel == Flavour::Linux6_1; }

/// @fn exists only in @kernel: calling it under the other flavour is a port bug.
void only_in(Flavour kernel, const char *fn)
{
	if (W().kernel != kernel)
		throw std::logic_error(std::string(fn) + " called, but the simulated kernel " +
				       (kernel == Flavour::Linux6_1 ? "is not 6.1" : "is not 6.12") +
				       " (the port must not call it in this flavour)");
}
struct page *P(struct folio *f) { return &f->page; }
struct folio *F(struct page *p) { return reinterpret_cast<struct folio *>(p); }

void unlock(struct page *p)
{
	if (!test(p->flags, PG_locked))
		throw std::logic_error("unlock of an unlocked page " + std::to_string(p->index));
	clear(p->flags, PG_locked);
}

void record(Event e)
{
	W().events.push_back(std::move(e));
}

void zero(struct page *p, unsigned start, unsigned end)
{
	if (start < end)
		std::memset(p->data + start, 0, end - start);
}

unsigned long index_of(struct page *p) { return p->index; }

std::uint64_t sectors_per_block() { return W().block_size() >> 9; }

/* submit_bh's guard_bio_eod: only the part inside the device moves; a read
 * zeroes the rest. */
void copy_block(World &w, struct buffer_head *bh, bool is_write)
{
	std::uint64_t pos = bh->b_blocknr << w.blkbits;
	for (unsigned i = 0; i < w.block_size(); i++, pos++) {
		auto *b = reinterpret_cast<unsigned char *>(bh->b_data) + i;
		if (pos >= w.bdev.data.size()) {
			if (!is_write)
				*b = 0;
		} else if (is_write) {
			w.bdev.data[pos] = *b;
		} else {
			*b = w.bdev.data[pos];
		}
	}
}

} // namespace

extern "C" {

unsigned int shim_readahead_page_batch(struct readahead_control *rac, struct page **pages,
				       unsigned int n)
{
	rac->_index += rac->_batch_count;
	rac->_nr_pages -= rac->_batch_count;
	unsigned i = 0;
	for (; i < n && i < rac->_nr_pages; i++)
		pages[i] = &rac->mapping->pages->at(rac->_index + i).page;
	rac->_batch_count = i;
	return i;
}

void shim_release_pages(struct page **pages, int nr)
{
	World &w = *World::current;
	for (int i = 0; i < nr; i++)
		w.released.push_back(static_cast<unsigned long>(reinterpret_cast<struct folio *>(pages[i]) - w.pages.data()));
}

void folio_unlock(struct folio *folio)
{
	unlock(P(folio));
}

void shim_folio_mark_uptodate(struct folio *folio)
{
	set(folio->page.flags, PG_uptodate);
}

void shim_folio_zero_segment(struct folio *folio, unsigned long start, unsigned long end)
{
	zero(P(folio), static_cast<unsigned>(start), static_cast<unsigned>(end));
}

void shim_zero_user(struct page *page, unsigned int start, unsigned int len)
{
	zero(page, start, start + len);
}

void shim_folio_start_writeback(struct folio *folio)
{
	if (test(folio->page.flags, PG_writeback))
		throw std::logic_error("page already under writeback");
	set(folio->page.flags, PG_writeback);
}

void shim_folio_end_writeback(struct folio *folio)
{
	if (!test(folio->page.flags, PG_writeback))
		throw std::logic_error("folio_end_writeback without writeback");
	clear(folio->page.flags, PG_writeback);
}

/* 6.1's page_endio (mm/filemap.c): also sets PG_error, and clears uptodate on a read error. */
void shim_page_endio(struct page *page, int is_write, int err)
{
	only_in(Flavour::Linux6_1, "page_endio");
	page->endio_err = err;
	if (!is_write) {
		if (!err)
			set(page->flags, PG_uptodate);
		else {
			clear(page->flags, PG_uptodate);
			set(page->flags, PG_error);
		}
		unlock(page);
	} else {
		if (err) {
			set(page->flags, PG_error);
			shim_mapping_set_error(page->mapping, err);
		}
		shim_folio_end_writeback(F(page));
	}
}

/* 6.12's folio_end_read (mm/filemap.c): unlock, and uptodate only on success.
 * It flips PG_uptodate with an XOR, so the folio must not be uptodate yet. */
void shim_folio_end_read(struct folio *folio, int success)
{
	only_in(Flavour::Linux6_12, "folio_end_read");
	if (test(folio->page.flags, PG_uptodate))
		throw std::logic_error("folio_end_read on an uptodate folio");
	if (success)
		set(folio->page.flags, PG_uptodate);
	unlock(P(folio));
}

void shim_mapping_set_error(struct address_space *mapping, int error)
{
	if (!error)
		return;
	mapping->wb_err = error;
	Event e{Event::Kind::SetError};
	e.error = error;
	record(e);
}

struct buffer_head *shim_create_empty_buffers(struct folio *folio, unsigned long blocksize,
					      unsigned long b_state)
{
	World &w = W();
	auto &ring = w.page_buffers.at(folio->page.index);
	ring.clear();
	for (unsigned off = 0; off < kPageSize; off += blocksize) {
		auto bh = std::make_unique<struct buffer_head>();
		bh->b_state = b_state;
		bh->b_page = P(folio);
		bh->b_size = blocksize;
		bh->b_data = reinterpret_cast<char *>(folio->page.data + off);
		ring.push_back(std::move(bh));
	}
	for (size_t i = 0; i < ring.size(); i++)
		ring[i]->b_this_page = ring[(i + 1) % ring.size()].get();
	folio->page.private_ = ring[0].get();
	set(folio->page.flags, PG_private);
	return ring[0].get();
}

/* A model of fs/buffer.c's block_read_full_folio: map every buffer, zero the
 * holes, read the mapped buffers one by one (completing at once). */
int shim_block_read_full_folio(struct folio *folio, shim_get_block_t get_block)
{
	World &w = W();
	struct page *p = P(folio);
	Event ev{Event::Kind::FallbackRead};
	ev.pages = {index_of(p)};
	record(ev);
	if (!folio->page.private_)
		shim_create_empty_buffers(folio, w.block_size(), 0);
	struct inode *inode = p->mapping->host;
	std::uint64_t iblock = std::uint64_t(p->index) << (kPageShift - w.blkbits);
	std::uint64_t lblock = (std::uint64_t(inode->i_size) + w.block_size() - 1) >> w.blkbits;
	bool err = false;
	for (struct buffer_head *bh : buffers_of(folio)) {
		std::uint64_t blk = iblock++;
		if (test(bh->b_state, BH_Uptodate))
			continue;
		if (!test(bh->b_state, BH_Mapped)) {
			int e = 0;
			if (blk < lblock) {
				bh->b_size = w.block_size();
				e = get_block(inode, blk, bh, 0);
				err |= e != 0;
			}
			if (!test(bh->b_state, BH_Mapped)) {
				std::memset(bh->b_data, 0, w.block_size());
				if (!e)
					set(bh->b_state, BH_Uptodate);
				continue;
			}
			if (test(bh->b_state, BH_Uptodate))
				continue;
		}
		Event r{Event::Kind::BhRead};
		r.sector = bh->b_blocknr * sectors_per_block();
		r.size = w.block_size();
		r.pages = {index_of(p)};
		record(r);
		copy_block(w, bh, false);
		set(bh->b_state, BH_Uptodate);
	}
	bool all = true;
	for (struct buffer_head *bh : buffers_of(folio))
		all &= test(bh->b_state, BH_Uptodate);
	// 6.1: folio_set_error on a get_block error, folio_mark_uptodate only
	// without one; 6.12: folio_end_read(folio, !page_error), no PG_error.
	if (all && !err)
		set(p->flags, PG_uptodate);
	else if (is_6_1())
		set(p->flags, PG_error);
	unlock(p);
	return 0;
}

namespace {

/* A model of __block_write_full_page (6.1) / __block_write_full_folio (6.12):
 * buffers for the page, get_block(create=1) for dirty unmapped ones up to
 * EOF, then a write of every mapped dirty buffer. 6.12 tags those writes with
 * the inode's write hint (submit_bh_wbc(..., inode->i_write_hint, wbc)). */
int write_full_page_core(struct page *page, shim_get_block_t get_block, struct writeback_control *wbc)
{
	World &w = W();
	Event ev{Event::Kind::FallbackWrite};
	ev.pages = {index_of(page)};
	record(ev);
	struct inode *inode = page->mapping->host;
	long long i_size = inode->i_size;
	if (!page->private_)
		shim_create_empty_buffers(F(page), w.block_size(), (1UL << BH_Uptodate) | (1UL << BH_Dirty));
	std::uint64_t block = std::uint64_t(page->index) << (kPageShift - w.blkbits);
	std::uint64_t last_block = static_cast<std::uint64_t>((i_size - 1) >> w.blkbits);
	for (struct buffer_head *bh : buffers_of(F(page))) {
		std::uint64_t blk = block++;
		if (blk > last_block) {
			clear(bh->b_state, BH_Dirty);
			set(bh->b_state, BH_Uptodate);
		} else if (!test(bh->b_state, BH_Mapped) && test(bh->b_state, BH_Dirty)) {
			bh->b_size = w.block_size();
			int err = get_block(inode, blk, bh, 1);
			if (err) {
				unlock(page);
				return err;
			}
			if (test(bh->b_state, BH_New)) {
				clear(bh->b_state, BH_New);
				shim_clean_bdev_aliases(bh->b_bdev, bh->b_blocknr, 1);
			}
		}
	}
	shim_folio_start_writeback(F(page));
	for (struct buffer_head *bh : buffers_of(F(page))) {
		if (!test(bh->b_state, BH_Mapped) || !test(bh->b_state, BH_Dirty))
			continue;
		Event wr{Event::Kind::BhWrite};
		wr.op = REQ_OP_WRITE;
		wr.flags = shim_wbc_to_write_flags(wbc);
		wr.sector = bh->b_blocknr * sectors_per_block();
		wr.size = w.block_size();
		wr.pages = {index_of(page)};
		wr.write_hint = is_6_1() ? 0 : inode->i_write_hint;
		record(wr);
		copy_block(w, bh, true);
		clear(bh->b_state, BH_Dirty);
	}
	unlock(page);
	shim_folio_end_writeback(F(page));
	return 0;
}

} // namespace

/* A model of 6.1's block_write_full_page: its EOF handling, then the core. */
int shim_block_write_full_page(struct folio *folio, shim_get_block_t get_block,
			       struct writeback_control *wbc)
{
	only_in(Flavour::Linux6_1, "block_write_full_page");
	struct page *page = P(folio);
	long long i_size = page->mapping->host->i_size;
	unsigned long end_index = static_cast<unsigned long>(i_size) >> kPageShift;
	if (page->index >= end_index) {
		unsigned offset = i_size & (kPageSize - 1);
		if (page->index >= end_index + 1 || !offset) {
			Event ev{Event::Kind::FallbackWrite}; // the call happened, no I/O
			ev.pages = {index_of(page)};
			record(ev);
			unlock(page);
			return 0;
		}
		zero(page, offset, kPageSize);
	}
	return write_full_page_core(page, get_block, wbc);
}

/* 6.12's __block_write_full_folio: the core only. Its caller (the port's
 * block_write_full_folio) did the EOF handling: nothing is zeroed here. */
int shim___block_write_full_folio(struct inode *inode, struct folio *folio,
				  shim_get_block_t get_block, struct writeback_control *wbc)
{
	only_in(Flavour::Linux6_12, "__block_write_full_folio");
	if (inode != folio->page.mapping->host)
		throw std::logic_error("__block_write_full_folio: inode is not the folio's host");
	return write_full_page_core(P(folio), get_block, wbc);
}

void shim_clean_bdev_aliases(struct block_device *bdev, shim_sector_t block, shim_sector_t len)
{
	Event e{Event::Kind::CleanAliases};
	e.sector = block;
	e.size = static_cast<unsigned>(len);
	record(e);
	for (shim_sector_t b = block; b < block + len; b++) {
		auto it = bdev->buffer_cache.find(b);
		if (it != bdev->buffer_cache.end())
			clear(it->second->b_state, BH_Dirty);
	}
}

int shim_try_to_free_buffers(struct folio *folio)
{
	for (struct buffer_head *bh : buffers_of(folio))
		if (test(bh->b_state, BH_Dirty) || test(bh->b_state, BH_Lock))
			return 0;
	W().page_buffers.at(folio->page.index).clear();
	folio->page.private_ = nullptr;
	clear(folio->page.flags, PG_private);
	return 1;
}

struct buffer_head *shim_find_get_block(struct block_device *bdev, shim_sector_t block, unsigned int size)
{
	auto it = bdev->buffer_cache.find(block);
	if (it == bdev->buffer_cache.end() || it->second->b_size != size)
		return nullptr;
	it->second->b_count++;
	return it->second.get();
}

void shim_write_dirty_buffer(struct buffer_head *bh, shim_opf_t op_flags)
{
	Event e{Event::Kind::BhWrite};
	e.op = REQ_OP_WRITE;
	e.flags = op_flags;
	e.sector = bh->b_blocknr * (bh->b_size >> 9);
	e.size = static_cast<unsigned>(bh->b_size);
	record(e);
	clear(bh->b_state, BH_Dirty);
}

void shim_put_bh(struct buffer_head *bh)
{
	if (bh->b_count <= 0)
		throw std::logic_error("put_bh underflow");
	bh->b_count--;
}

struct bio_set fs_bio_set;

struct bio *bio_alloc_bioset(struct block_device *bdev, unsigned short nr_vecs, shim_opf_t opf, shim_gfp_t gfp,
			     struct bio_set *bs)
{
	World &w = W();
	if (bs != &fs_bio_set)
		throw std::logic_error("bio_alloc_bioset: the port allocates from fs_bio_set (bio_alloc)");
	if (++w.bio_allocs == w.fail_bio_alloc_nth)
		return nullptr;
	if (nr_vecs == 0 || nr_vecs > 256)
		throw std::logic_error("bio_alloc: bad nr_vecs");
	auto b = std::make_unique<struct bio>();
	b->bi_bdev = bdev;
	b->bi_opf = opf;
	b->bi_max_vecs = nr_vecs;
	b->bi_io_vec = b->inline_vecs;
	b->gfp = gfp;
	b->blkcg = -1;
	w.bios.push_back(std::move(b));
	return w.bios.back().get();
}

int bio_add_page(struct bio *bio, struct page *page, unsigned len, unsigned off)
{
	World &w = W();
	if (w.max_bio_bytes && bio->bi_iter.bi_size + len > w.max_bio_bytes)
		return 0;
	if (w.merge_adjacent_pages && bio->bi_vcnt && off == 0) {
		bio_vec &last = bio->bi_io_vec[bio->bi_vcnt - 1];
		unsigned end = last.bv_offset + last.bv_len;
		if (end % kPageSize == 0 && last.bv_page + end / kPageSize == page) {
			last.bv_len += len;
			bio->bi_iter.bi_size += len;
			return static_cast<int>(len);
		}
	}
	if (bio->bi_vcnt >= bio->bi_max_vecs)
		return 0;
	bio->bi_io_vec[bio->bi_vcnt++] = bio_vec{page, len, off};
	bio->bi_iter.bi_size += len;
	return static_cast<int>(len);
}

void shim_bio_set_write_hint(struct bio *bio, struct inode *inode)
{
	only_in(Flavour::Linux6_12, "bio->bi_write_hint");
	bio->bi_write_hint = inode->i_write_hint;
}

void submit_bio(struct bio *bio)
{
	World &w = W();
	if (!bio->bi_end_io)
		throw std::logic_error("submit_bio without end_io");
	Event e{Event::Kind::Bio};
	e.op = bio->bi_opf & REQ_OP_MASK;
	e.flags = bio->bi_opf & ~REQ_OP_MASK;
	e.sector = bio->bi_iter.bi_sector;
	e.size = bio->bi_iter.bi_size;
	for (unsigned v = 0; v < bio->bi_vcnt; v++) {
		const bio_vec &bv = bio->bi_io_vec[v];
		for (unsigned off = bv.bv_offset & ~(kPageSize - 1); off < bv.bv_offset + bv.bv_len; off += kPageSize)
			e.pages.push_back((bv.bv_page + off / kPageSize)->index);
	}
	e.gfp = bio->gfp;
	e.nr_vecs = bio->bi_max_vecs;
	e.blkcg = bio->blkcg;
	e.plugged = w.plug_depth > 0;
	e.write_hint = bio->bi_write_hint;
	record(e);
	w.inflight.push_back(bio);
	if (w.complete_on_submit)
		w.complete_all();
}

void shim_bio_put(struct bio *bio)
{
	if (bio->put)
		throw std::logic_error("bio_put twice");
	bio->put = true;
}

int shim_blk_status_to_errno(unsigned char status)
{
	return status ? -EIO : 0;
}

void shim_blk_start_plug(struct blk_plug *plug)
{
	plug->magic = 0x504c5547;
	W().plug_depth++;
	W().plug_starts++;
}

void shim_blk_finish_plug(struct blk_plug *plug)
{
	if (plug->magic != 0x504c5547)
		throw std::logic_error("finish of a plug never started");
	plug->magic = 0;
	W().plug_depth--;
}

/* ->rw_page and the queue pieces around it: only 6.1's mpage uses them. */
int shim_bdev_has_rw_page(struct block_device *bdev)
{
	only_in(Flavour::Linux6_1, "->rw_page");
	return bdev->has_rw_page;
}

int shim_bdev_has_integrity(struct block_device *bdev)
{
	only_in(Flavour::Linux6_1, "bdev_get_integrity (for ->rw_page)");
	return bdev->has_integrity;
}

int shim_bdev_queue_tryget_live(struct block_device *bdev)
{
	only_in(Flavour::Linux6_1, "queue entry (for ->rw_page)");
	if (bdev->queue_dying)
		return 0;
	bdev->queue_refs++;
	return 1;
}

int shim_bdev_queue_pm_only(struct block_device *bdev)
{
	return bdev->queue_pm_only;
}

void shim_bdev_queue_put(struct block_device *bdev)
{
	if (bdev->queue_refs <= 0)
		throw std::logic_error("queue ref underflow");
	bdev->queue_refs--;
}

/* Like brd_rw_page: synchronous copy, then page_endio. */
int shim_bdev_rw_page(struct block_device *bdev, shim_sector_t sector, struct page *page, int is_write)
{
	only_in(Flavour::Linux6_1, "->rw_page");
	Event e{Event::Kind::RwPage};
	e.op = is_write ? REQ_OP_WRITE : REQ_OP_READ;
	e.sector = sector;
	e.size = kPageSize;
	e.pages = {page->index};
	e.error = bdev->rw_page_result;
	record(e);
	if (bdev->rw_page_result)
		return bdev->rw_page_result;
	if (is_write)
		std::memcpy(&bdev->data.at(sector << 9), page->data, kPageSize);
	else
		std::memcpy(page->data, &bdev->data.at(sector << 9), kPageSize);
	shim_page_endio(page, is_write, 0);
	return 0;
}

/* A model of mm/page-writeback.c's write_cache_pages (no tags, no cyclic
 * wrap): dirty pages of the range in index order, locked, cleared for I/O. */
int shim_write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
			   shim_writepage_t writepage, void *data)
{
	World &w = W();
	unsigned long start = static_cast<unsigned long>(wbc->range_start) >> kPageShift;
	unsigned long end = wbc->range_end < 0 ? ~0UL : static_cast<unsigned long>(wbc->range_end) >> kPageShift;
	int ret = 0;
	for (unsigned long i = start; i <= end && i < mapping->pages->size(); i++) {
		struct page *p = &mapping->pages->at(i).page;
		if (!p->in_cache || !test(p->flags, PG_dirty))
			continue;
		set(p->flags, PG_locked);
		if (test(p->flags, PG_writeback)) {
			if (wbc->sync_mode == WB_SYNC_NONE) {
				unlock(p);
				continue;
			}
			w.complete_all(); // wait_on_page_writeback
		}
		clear(p->flags, PG_dirty); // clear_page_dirty_for_io
		int err = writepage(F(p), wbc, data); // 6.12's writepage_t (the 6.1 shim adapts)
		if (err) {
			ret = err;
			if (wbc->sync_mode == WB_SYNC_NONE)
				break;
		}
		if (--wbc->nr_to_write <= 0 && wbc->sync_mode == WB_SYNC_NONE)
			break;
	}
	return ret;
}

shim_opf_t shim_wbc_to_write_flags(struct writeback_control *wbc)
{
	shim_opf_t flags = 0;
	if (wbc->punt_to_cgroup)
		flags = REQ_CGROUP_PUNT;
	if (wbc->sync_mode == WB_SYNC_ALL)
		flags |= REQ_SYNC;
	else if (wbc->for_kupdate || wbc->for_background)
		flags |= REQ_BACKGROUND;
	return flags;
}

void shim_wbc_init_bio(struct writeback_control *wbc, struct bio *bio)
{
	if (wbc->wb)
		bio->blkcg = wbc->wb;
}

int shim_wbc_attached(struct writeback_control *wbc)
{
	return wbc->wb != 0;
}

void shim_wbc_account_cgroup_owner(struct writeback_control *wbc, struct folio *folio, unsigned long bytes)
{
	if (wbc->wb)
		W().cgroup_owner.emplace_back(folio->page.index, bytes);
}

} // extern "C"
