// SPDX-License-Identifier: GPL-2.0
// Write half of the port of fs/mpage.c (6.1 and 6.12): mpage_writepages,
// __mpage_writepage split into its steps, clean_buffers, clean_page_buffers
// (6.1) and block_write_full_folio (6.12). Where the kernels differ, the
// switch of kmod/mpage/flavour.h that decides is named at the spot.
#include "mpage/internal.h"

namespace mpfs::mpage {

namespace {

/// struct mpage_data: what carries over between the pages of write_cache_pages.
struct MpageData {
	MpageData(const Context &c, struct writeback_control *wbc)
		: bio(c), ctx(c), write_opf(K_REQ_OP_WRITE | shim_wbc_to_write_flags(wbc)),
		  wbc_attached(shim_wbc_attached(wbc))
	{
	}
	PendingBio bio;
	ktl::DiskBlock last_block_in_bio;
	const Context &ctx;
	/// What wbc_to_write_flags() and wbc_init_bio() read of @wbc (sync_mode,
	/// for_kupdate, for_background, punt_to_cgroup, wb) stays as the caller
	/// set it for the whole call, so the port reads it once here; upstream
	/// inlines both per bio, and a shim call each cost 14 guest instructions
	/// a bio (writepages-scatter in make bench: a bio per page).
	const unsigned write_opf;
	const bool wbc_attached;
};

/// The per-page locals of __mpage_writepage.
struct WriteMapping {
	explicit WriteMapping(k::Inode inode)
		: geo(inode.geometry()), blocks_per_page(geo.blocks_per_page()),
		  first_unmapped(blocks_per_page)
	{
	}

	const ktl::BlockGeometry geo;
	const unsigned blocks_per_page;
	/// The disk block of the page's first block; mapped block i is
	/// first_block + i (anything else goes to the fallback). 6.1 keeps a
	/// blocks[MAX_BUF_PER_PAGE] array, 6.12 this one number: the same tests,
	/// without writing and zeroing (INIT_STACK_ALL_ZERO) an array per page.
	ktl::DiskBlock first_block;
	unsigned page_block = 0;
	unsigned first_unmapped;
	struct block_device *bdev = nullptr;
	bool boundary = false;
	ktl::DiskBlock boundary_block;
	struct block_device *boundary_bdev = nullptr;
};

/// A page with buffers goes to the bio only if its buffers are mapped, dirty,
/// uptodate and contiguous, with at most an unmapped tail (end of file).
ktl::Optional<FallbackReason> map_from_buffers(k::Folio folio, WriteMapping &m)
{
	k::BufferHead head = folio.buffers();
	k::BufferHead bh = head;
	m.page_block = 0;
	do {
		if (!bh.mapped()) {
			// unmapped dirty buffers come from block_dirty_folio: mmapped data
			if (bh.dirty())
				return FallbackReason::HadBuffers;
			if (m.first_unmapped == m.blocks_per_page)
				m.first_unmapped = m.page_block;
			continue;
		}
		if (m.first_unmapped != m.blocks_per_page)
			return FallbackReason::HoleThenData;
		if (!bh.dirty() || !bh.uptodate())
			return FallbackReason::HadBuffers;
		if (m.page_block == 0)
			m.first_block = bh.blocknr();
		else if (bh.blocknr() != m.first_block + m.page_block)
			return FallbackReason::Discontiguous;
		m.page_block++;
		m.boundary = bh.boundary();
		if (m.boundary) {
			m.boundary_block = bh.blocknr();
			m.boundary_bdev = bh.bdev();
		}
		m.bdev = bh.bdev();
	} while (!((bh = bh.this_page()) == head));

	if (m.first_unmapped)
		return ktl::nullopt;
	// All unmapped: read over a hole by block_read_full_folio; rare with mpage.
	return FallbackReason::HadBuffers;
}

/// A page without buffers: map each block up to EOF with get_block(create=1).
ktl::Optional<FallbackReason> map_with_get_block(const Context &ctx, k::Folio folio, k::Inode inode,
						 ktl::s64 i_size, WriteMapping &m)
{
	const Behaviour &b = behaviour(ctx.flavour);
	ktl::FileBlock block_in_file = m.geo.first_block_of(folio.index());
	// 6.12: a folio wholly beyond EOF gets no blocks allocated ("goto
	// page_is_mapped"). Its first test, folio_pos >= i_size, always holds
	// then (block_in_file * blocksize >= i_size), so that is the confused path.
	if (b.past_eof_mapping == PastEofMapping::Skip &&
	    block_in_file.value() >= m.geo.blocks_for_bytes(static_cast<ktl::u64>(i_size)))
		return FallbackReason::PastEof;
	ktl::FileBlock last_block = m.geo.last_block_of_size(i_size);
	k::StackBufferHead storage;
	k::BufferHead map_bh = storage.view();
	map_bh.set_page(folio.page());
	for (m.page_block = 0; m.page_block < m.blocks_per_page;) {
		map_bh.set_state(0);
		map_bh.set_size(m.geo.block_size());
		if (call_get_block(ctx, inode, block_in_file, map_bh, Create::Yes).is_error())
			return FallbackReason::GetBlockError;
		// 6.12 refuses a "success" that mapped nothing; 6.1 goes on with
		// whatever b_blocknr get_block left.
		if (b.unmapped_after_create == UnmappedAfterCreate::Confused && !map_bh.mapped())
			return FallbackReason::GetBlockError;
		if (map_bh.is_new())
			shim_clean_bdev_aliases(map_bh.bdev(), map_bh.blocknr().value(), 1);
		if (map_bh.boundary()) {
			m.boundary_block = map_bh.blocknr();
			m.boundary_bdev = map_bh.bdev();
		}
		if (m.page_block == 0)
			m.first_block = map_bh.blocknr();
		else if (map_bh.blocknr() != m.first_block + m.page_block)
			return FallbackReason::Discontiguous;
		m.page_block++;
		m.boundary = map_bh.boundary();
		m.bdev = map_bh.bdev();
		if (block_in_file == last_block)
			break;
		++block_in_file;
	}
	m.first_unmapped = m.page_block;
	return ktl::nullopt;
}

/// The page_is_mapped: label. A folio straddling i_size is zeroed past EOF on
/// every writeback (it may be mmapped); a folio wholly past EOF goes to the
/// confused path. Written as 6.12 has it (folio_pos/folio_size); 6.1's
/// index/end_index/offset form tests exactly the same, and its
/// zero_user_segment(page, offset, PAGE_SIZE) is this folio_zero_segment.
ktl::Optional<FallbackReason> zero_straddling_tail(const Context &ctx, k::Folio folio, ktl::s64 i_size)
{
	if (folio.pos() >= i_size)
		return FallbackReason::PastEof;
	if (folio.pos() + K_PAGE_SIZE <= i_size)
		return ktl::nullopt;
	ktl::u64 length = static_cast<ktl::u64>(i_size - folio.pos());
	shim_folio_zero_segment(folio.get(), length, K_PAGE_SIZE);
	count(ctx.stats, &Stats::tail_zeroings);
	return ktl::nullopt;
}

/// The alloc_new: label: ->rw_page for a fully mapped page (6.1), else a new bio.
ktl::Result<IoPath> start_write_bio(MpageData &mpd, struct writeback_control *wbc, k::Folio folio,
				    WriteMapping &m, FolioLock &lock)
{
	const Behaviour &b = behaviour(mpd.ctx.flavour);
	ktl::Sector sector = m.geo.to_sector(m.first_block);
	if (b.rw_page == RwPage::TryFirst && m.first_unmapped == m.blocks_per_page &&
	    bdev_write_page(m.bdev, sector, folio, lock).is_ok()) {
		count(mpd.ctx.stats, &Stats::rw_page_hits);
		return IoPath::RwPage;
	}
	// bio_alloc(GFP_NOFS) cannot fail in the kernel (mempool); only an
	// injected fault gets here, and it takes the confused path.
	struct bio *bio = KTRY(alloc_bio(mpd.ctx, m.bdev, K_BIO_MAX_VECS, mpd.write_opf, K_GFP_NOFS));
	mpd.bio.adopt(bio);
	mpd.bio.bio().set_sector(sector);
	if (mpd.wbc_attached)
		shim_wbc_init_bio(wbc, bio);
	if (b.write_hint == WriteHint::FromInode)
		shim_bio_set_write_hint(bio, folio.host().get());
	return IoPath::Bio;
}

/// Add the page to the current bio, first sending off a bio it cannot extend.
/// Adding comes before cleaning the buffers, so a failure can still fall back.
ktl::Result<IoPath> add_to_write_bio(MpageData &mpd, struct writeback_control *wbc, k::Folio folio,
				     WriteMapping &m, FolioLock &lock)
{
	if (mpd.bio && mpd.last_block_in_bio != m.first_block - 1)
		mpd.bio.submit();

	int length = static_cast<int>(m.geo.bytes_of_blocks(m.first_unmapped));
	for (;;) {
		if (!mpd.bio && KTRY(start_write_bio(mpd, wbc, folio, m, lock)) == IoPath::RwPage)
			return IoPath::RwPage;
		shim_wbc_account_cgroup_owner(wbc, folio.get(), K_PAGE_SIZE);
		// 6.1: bio_add_page(...) < length; the same test, as it adds all or nothing.
		if (bio_add_folio(mpd.bio.bio(), folio, static_cast<unsigned>(length), 0))
			break;
		mpd.bio.submit();
	}
	// One load of the stats pointer for both counters (per page).
	if (Stats *s = mpd.ctx.stats) {
		s->write_pages++;
		s->write_bytes += static_cast<ktl::u64>(length);
	}
	return IoPath::Bio;
}

/// Send the bio now after a BH_Boundary block (then push out the indirect
/// block that follows it) or an unmapped tail; otherwise remember its end.
void submit_if_boundary(MpageData &mpd, WriteMapping &m)
{
	if (m.boundary || m.first_unmapped != m.blocks_per_page) {
		if (m.boundary)
			count(mpd.ctx.stats, &Stats::boundary_submits);
		mpd.bio.submit();
		if (m.boundary_block.value())
			write_boundary_block(m.boundary_bdev, m.boundary_block, m.geo.block_size());
	} else {
		mpd.last_block_in_bio = m.first_block + (m.blocks_per_page - 1);
	}
}

/// The confused: label: the folio goes through the buffer_head path,
/// block_write_full_page (6.1) or block_write_full_folio (6.12).
int confused(MpageData &mpd, k::Folio folio, struct address_space *mapping,
	     struct writeback_control *wbc, FolioLock &lock, FallbackReason reason)
{
	count_fallback(mpd.ctx.stats, reason);
	mpd.bio.submit();
	lock.hand_over();
	int ret = behaviour(mpd.ctx.flavour).confused_write == ConfusedWrite::BlockWriteFullPage
			  ? shim_block_write_full_page(folio.get(), mpd.ctx.get_block, wbc)
			  : block_write_full_folio(folio, wbc, mpd.ctx.get_block);
	// mapping_set_error is an inline that returns at once on success: the
	// shim call is paid only on an error, as the kernel's check is.
	if (ret)
		shim_mapping_set_error(mapping, ret);
	return ret;
}

} // namespace

/**
 * clean_buffers - mark the buffers that the bio will write clean
 * @folio: the page being written
 * @first_unmapped: buffers from here on are not written and stay as they are
 */
void clean_buffers(k::Folio folio, unsigned first_unmapped)
{
	if (!folio.has_private())
		return;
	k::BufferHead head = folio.buffers();
	k::BufferHead bh = head;
	unsigned buffer_counter = 0;
	do {
		if (buffer_counter++ == first_unmapped)
			break;
		bh.clear_dirty();
		bh = bh.this_page();
	} while (!(bh == head));

	// Dropping the buffers of a page that is not uptodate would let a
	// concurrent read_folio read the disk before this write reaches it.
	if (buffer_heads_over_limit && folio.uptodate())
		shim_try_to_free_buffers(folio.get());
}

/// clean_page_buffers(): clean every buffer of the page (6.1; only
/// bdev_write_page uses it, and 6.12 has neither).
void clean_page_buffers(k::Folio folio)
{
	clean_buffers(folio, ~0U);
}

/**
 * block_write_full_folio - 6.12's block_write_full_folio() (fs/buffer.c)
 * @folio: the locked folio the confused path hands over
 * @wbc: the writeback in progress
 * @get_block: the filesystem's get_block
 *
 * 6.12 exports only __block_write_full_folio(), so its EOF handling lives
 * here: a folio wholly inside i_size is written as it is; one wholly outside
 * (truncate in progress) is only unlocked; one straddling i_size is zeroed
 * past it first, because it may be mmapped. (6.1's block_write_full_page does
 * the same, from page->index and end_index.)
 *
 * Return: 0, or the error of __block_write_full_folio().
 */
int block_write_full_folio(k::Folio folio, struct writeback_control *wbc, get_block_t get_block)
{
	k::Inode inode = folio.host();
	ktl::s64 i_size = inode.size();
	if (folio.pos() + K_PAGE_SIZE <= i_size)
		return shim___block_write_full_folio(inode.get(), folio.get(), get_block, wbc);
	if (folio.pos() >= i_size) {
		folio_unlock(folio.get());
		return 0;
	}
	// offset_in_folio(folio, i_size) of an order-0 folio
	shim_folio_zero_segment(folio.get(), static_cast<ktl::u64>(i_size) & (K_PAGE_SIZE - 1), K_PAGE_SIZE);
	return shim___block_write_full_folio(inode.get(), folio.get(), get_block, wbc);
}

/**
 * __mpage_writepage - write_cache_pages callback: write one locked dirty folio
 * @folio_ptr: the folio, locked (6.12's writepage_t; the shim adapts 6.1's page)
 * @wbc: the writeback in progress
 * @data: the MpageData of this mpage_writepages call
 *
 * Return: 0, or the error of the buffer_head fallback.
 */
int __mpage_writepage(struct folio *folio_ptr, struct writeback_control *wbc, void *data)
{
	MpageData &mpd = *static_cast<MpageData *>(data);
	k::Folio folio(folio_ptr);
	FolioLock lock(folio.get());
	struct address_space *mapping = folio.mapping();
	k::Inode inode = folio.host();
	ktl::s64 i_size = inode.size();
	WriteMapping m(inode);

	auto reason = folio.has_private() ? map_from_buffers(folio, m)
					  : map_with_get_block(mpd.ctx, folio, inode, i_size, m);
	if (!reason)
		reason = zero_straddling_tail(mpd.ctx, folio, i_size);
	if (reason)
		return confused(mpd, folio, mapping, wbc, lock, *reason);

	auto added = add_to_write_bio(mpd, wbc, folio, m, lock);
	if (added.is_error())
		return confused(mpd, folio, mapping, wbc, lock, FallbackReason::BioAllocFailed);
	if (added.value() == IoPath::RwPage)
		return 0;

	clean_buffers(folio, m.first_unmapped);
	shim_folio_start_writeback(folio.get()); // 6.1: set_page_writeback(page), the same call
	lock.unlock();
	submit_if_boundary(mpd, m);
	return 0;
}

/**
 * mpage_writepages - write back the dirty pages of @mapping
 * @mapping: the address space
 * @wbc: range, sync mode and nr_to_write of this writeback
 * @ctx: get_block, counters and fault injection of the mount
 *
 * Port of mpage_writepages(): write_cache_pages() with __mpage_writepage as the
 * callback, under a block plug.
 *
 * Return: the result of write_cache_pages().
 */
int mpage_writepages(struct address_space *mapping, struct writeback_control *wbc, const Context &ctx)
{
	BlkPlug plug;
	MpageData mpd(ctx, wbc);
	int ret = shim_write_cache_pages(mapping, wbc, __mpage_writepage, &mpd);
	mpd.bio.submit();
	return ret;
}

} // namespace mpfs::mpage
