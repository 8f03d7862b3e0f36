// SPDX-License-Identifier: GPL-2.0
// Read half of the port of fs/mpage.c (6.1 and 6.12): mpage_readahead,
// mpage_read_folio, do_mpage_readpage split into its steps, and
// map_buffer_to_folio. The two kernels read alike but for ->rw_page (6.1
// only) and the end_io (bio.cpp).
#include "mpage/internal.h"

namespace mpfs::mpage {

namespace {

enum class ReadKind : ktl::u8 { ReadFolio, Readahead };

/// struct mpage_readpage_args: what carries over from one folio to the next.
struct MpageReadpageArgs {
	MpageReadpageArgs(const Context &c, ReadKind k) : bio(c), kind(k), ctx(c) {}

	PendingBio bio;
	struct folio *folio = nullptr;
	unsigned nr_pages = 0;
	ReadKind kind;
	ktl::DiskBlock last_block_in_bio;
	k::StackBufferHead map_bh;
	ktl::FileBlock first_logical_block;
	const Context &ctx;
};

/// The per-folio locals of do_mpage_readpage.
struct ReadMapping {
	explicit ReadMapping(k::Inode inode)
		: geo(inode.geometry()), blocks_per_page(geo.blocks_per_page()),
		  first_hole(blocks_per_page)
	{
	}
	bool has_hole() const { return first_hole != blocks_per_page; }

	const ktl::BlockGeometry geo;
	const unsigned blocks_per_page;
	/// The disk block of the folio's first block; block i of the folio is
	/// first_block + i (anything else goes to the fallback). 6.1 keeps a
	/// blocks[MAX_BUF_PER_PAGE] array instead, 6.12 this one number: the same
	/// tests, without writing and zeroing (INIT_STACK_ALL_ZERO) an array per folio.
	ktl::DiskBlock first_block;
	unsigned page_block = 0;
	unsigned first_hole;
	ktl::FileBlock block_in_file;
	ktl::FileBlock last_block;
	struct block_device *bdev = nullptr;
	bool fully_mapped = true;
	unsigned opf = K_REQ_OP_READ;
	unsigned gfp = 0;
};

/// Use what the previous get_block mapped beyond the previous folio.
void map_from_previous_extent(MpageReadpageArgs &args, ReadMapping &m)
{
	k::BufferHead map_bh = args.map_bh.view();
	ktl::u64 nblocks = m.geo.blocks_of_bytes(map_bh.size());
	if (!(map_bh.mapped() && m.block_in_file > args.first_logical_block &&
	      m.block_in_file < args.first_logical_block + nblocks))
		return;

	ktl::u64 map_offset = m.block_in_file - args.first_logical_block;
	ktl::u64 last = nblocks - map_offset;
	// Runs first in the folio (page_block 0).
	m.first_block = map_bh.blocknr() + map_offset;
	for (ktl::u64 relative_block = 0;; relative_block++) {
		if (relative_block == last) {
			map_bh.clear_mapped();
			break;
		}
		if (m.page_block == m.blocks_per_page)
			break;
		m.page_block++;
		++m.block_in_file;
	}
	m.bdev = map_bh.bdev();
}

/// Take the blocks of a fresh get_block extent into the folio.
void take_extent(k::BufferHead map_bh, ReadMapping &m)
{
	// Past the first block the extent continues first_block (checked by the caller).
	if (m.page_block == 0)
		m.first_block = map_bh.blocknr();
	ktl::u64 nblocks = m.geo.blocks_of_bytes(map_bh.size());
	for (ktl::u64 relative_block = 0;; relative_block++) {
		if (relative_block == nblocks) {
			map_bh.clear_mapped();
			break;
		} else if (m.page_block == m.blocks_per_page) {
			break;
		}
		m.page_block++;
		++m.block_in_file;
	}
	m.bdev = map_bh.bdev();
}

/// Call get_block until the folio is mapped; a reason if the folio is "confused".
ktl::Optional<FallbackReason> map_with_get_block(MpageReadpageArgs &args, k::Folio folio,
						 ReadMapping &m)
{
	k::BufferHead map_bh = args.map_bh.view();
	map_bh.set_page(folio.page());
	while (m.page_block < m.blocks_per_page) {
		map_bh.set_state(0);
		map_bh.set_size(0);

		if (m.block_in_file < m.last_block) {
			map_bh.set_size(m.geo.bytes_of_blocks(m.last_block - m.block_in_file));
			if (call_get_block(args.ctx, folio.host(), m.block_in_file, map_bh, Create::No)
				    .is_error())
				return FallbackReason::GetBlockError;
			args.first_logical_block = m.block_in_file;
		}

		if (!map_bh.mapped()) {
			m.fully_mapped = false;
			if (m.first_hole == m.blocks_per_page)
				m.first_hole = m.page_block;
			m.page_block++;
			++m.block_in_file;
			continue;
		}

		// The filesystem filled the data itself: keep its mapping so
		// block_read_full_folio does not call get_block again.
		if (map_bh.uptodate()) {
			map_buffer_to_folio(folio, map_bh, m.page_block);
			return FallbackReason::UptodateMapping;
		}
		if (m.has_hole())
			return FallbackReason::HoleThenData;
		// No hole so far: blocks 0 .. page_block-1 are first_block onwards.
		if (m.page_block && m.first_block + m.page_block != map_bh.blocknr())
			return FallbackReason::Discontiguous;
		take_extent(map_bh, m);
	}
	return ktl::nullopt;
}

enum class HoleOutcome : ktl::u8 { NeedsIo, AllHole };

/// Zero the unmapped tail; a folio that is all hole is done without I/O.
HoleOutcome zero_holes(const Context &ctx, k::Folio folio, ReadMapping &m, FolioLock &lock)
{
	if (m.has_hole()) {
		shim_folio_zero_segment(folio.get(), m.geo.bytes_of_blocks(m.first_hole), K_PAGE_SIZE);
		if (m.first_hole == 0) {
			count(ctx.stats, &Stats::hole_pages);
			shim_folio_mark_uptodate(folio.get());
			lock.unlock();
			return HoleOutcome::AllHole;
		}
		count(ctx.stats, &Stats::tail_zeroings);
	} else if (m.fully_mapped) {
		folio.set_mappedtodisk();
	}
	return HoleOutcome::NeedsIo;
}

/// The alloc_new: label: ->rw_page for a whole folio (6.1), else a new bio.
ktl::Result<IoPath> start_read_bio(MpageReadpageArgs &args, k::Folio folio, ReadMapping &m,
				   FolioLock &lock)
{
	ktl::Sector sector = m.geo.to_sector(m.first_block);
	if (behaviour(args.ctx.flavour).rw_page == RwPage::TryFirst && !m.has_hole() &&
	    bdev_read_page(m.bdev, sector, folio).is_ok()) {
		count(args.ctx.stats, &Stats::rw_page_hits);
		lock.hand_over();
		return IoPath::RwPage;
	}
	unsigned short nr_vecs = args.nr_pages < K_BIO_MAX_VECS ? args.nr_pages : K_BIO_MAX_VECS;
	struct bio *bio = KTRY(alloc_bio(args.ctx, m.bdev, nr_vecs, m.opf, m.gfp));
	args.bio.adopt(bio);
	args.bio.bio().set_sector(sector);
	return IoPath::Bio;
}

/// Add the folio to the current bio, first sending off a bio it cannot extend.
ktl::Result<IoPath> add_to_read_bio(MpageReadpageArgs &args, k::Folio folio, ReadMapping &m,
				    FolioLock &lock)
{
	if (args.bio && args.last_block_in_bio != m.first_block - 1)
		args.bio.submit();

	unsigned length = static_cast<unsigned>(m.geo.bytes_of_blocks(m.first_hole));
	for (;;) {
		if (!args.bio && KTRY(start_read_bio(args, folio, m, lock)) == IoPath::RwPage)
			return IoPath::RwPage;
		if (bio_add_folio(args.bio.bio(), folio, length, 0))
			break;
		args.bio.submit();
	}
	lock.hand_over();
	// One load of the stats pointer for both counters (per folio).
	if (Stats *s = args.ctx.stats) {
		s->read_pages++;
		s->read_bytes += length;
	}
	return IoPath::Bio;
}

/// Send the bio now if the next block needs metadata I/O (BH_Boundary) or the
/// folio ended in a hole; otherwise remember where the bio ends.
void submit_if_boundary(MpageReadpageArgs &args, ReadMapping &m)
{
	k::BufferHead map_bh = args.map_bh.view();
	ktl::u64 relative_block = m.block_in_file - args.first_logical_block;
	ktl::u64 nblocks = m.geo.blocks_of_bytes(map_bh.size());
	bool boundary = map_bh.boundary() && relative_block == nblocks;
	if (boundary || m.has_hole()) {
		if (boundary)
			count(args.ctx.stats, &Stats::boundary_submits);
		args.bio.submit();
	} else {
		args.last_block_in_bio = m.first_block + (m.blocks_per_page - 1);
	}
}

/// The confused: label: this folio (@locked, whose lock this takes over) goes
/// through the buffer_head path.
void confused(MpageReadpageArgs &args, k::Folio folio, struct folio *locked, FallbackReason reason)
{
	FolioLock lock(locked);
	count_fallback(args.ctx.stats, reason);
	args.bio.submit();
	if (!folio.uptodate()) {
		lock.hand_over();
		shim_block_read_full_folio(folio.get(), args.ctx.get_block);
	} else {
		lock.unlock();
	}
}

/**
 * do_mpage_readpage - map one locked folio and add it to the bio in @args
 *
 * Builds the largest bios it can across folios; anything unusual (buffers
 * already attached, a hole followed by data, discontiguous blocks, an uptodate
 * mapping, an error) sends the folio to block_read_full_folio instead.
 */
void do_mpage_readpage(MpageReadpageArgs &args)
{
	k::Folio folio(args.folio);
	FolioLock lock(args.folio);
	k::Inode inode = folio.host();
	ReadMapping m(inode);
#ifdef MPFS_BREAK_kasan_oob
	// Test-only (MPFS_BREAK=kasan-oob): one store past a stack array, which
	// KASAN must report.
	volatile ktl::u64 probe[2] = {};
	volatile unsigned past = 2;
	probe[past] = m.blocks_per_page;
#endif

	m.gfp = k::mapping_gfp_constraint(folio.mapping(), K_GFP_KERNEL);
	if (args.kind == ReadKind::Readahead) {
		m.opf |= K_REQ_RAHEAD;
		m.gfp |= K_GFP_NORETRY | K_GFP_NOWARN;
	}

	if (folio.buffers())
		return confused(args, folio, lock.release(), FallbackReason::HadBuffers);

	m.block_in_file = m.geo.first_block_of(folio.index());
	m.last_block = m.block_in_file + static_cast<ktl::u64>(args.nr_pages) * m.blocks_per_page;
	ktl::FileBlock last_block_in_file(m.geo.blocks_for_bytes(inode.size()));
	if (m.last_block > last_block_in_file)
		m.last_block = last_block_in_file;

	map_from_previous_extent(args, m);
	if (auto reason = map_with_get_block(args, folio, m))
		return confused(args, folio, lock.release(), *reason);

	if (zero_holes(args.ctx, folio, m, lock) == HoleOutcome::AllHole)
		return;

	auto added = add_to_read_bio(args, folio, m, lock);
	if (added.is_error())
		return confused(args, folio, lock.release(), FallbackReason::BioAllocFailed);
	if (added.value() == IoPath::Bio)
		submit_if_boundary(args, m);
}

} // namespace

/**
 * map_buffer_to_folio - keep an uptodate mapping from get_block in the folio
 * @folio: the locked folio being read
 * @bh: the map_bh that get_block returned uptodate
 * @page_block: which block of the folio @bh maps
 *
 * When a block is the whole page the folio is just marked uptodate; otherwise
 * the folio gets buffers and the matching one takes @bh's state and mapping.
 */
void map_buffer_to_folio(k::Folio folio, k::BufferHead bh, unsigned page_block)
{
	k::Inode inode = folio.host();
	k::BufferHead head = folio.buffers();
	if (!head) {
		if (inode.blkbits() == K_PAGE_SHIFT && bh.uptodate()) {
			shim_folio_mark_uptodate(folio.get());
			return;
		}
		head = k::BufferHead(shim_create_empty_buffers(folio.get(), inode.geometry().block_size(), 0));
	}

	k::BufferHead page_bh = head;
	unsigned block = 0;
	do {
		if (block == page_block) {
			page_bh.set_state(bh.state());
			page_bh.set_bdev(bh.bdev());
			page_bh.set_blocknr(bh.blocknr());
			break;
		}
		page_bh = page_bh.this_page();
		block++;
	} while (!(page_bh == head));
}

/// The folios of a readahead window, up to kBatch at a time. Upstream takes
/// them one by one with readahead_folio(): an xa_load() from the root of the
/// page cache's tree and a folio_put() per folio. One shim call per batch
/// walks the tree once (__readahead_batch) and drops the batch's references
/// together (release_pages); the folios, their order and the bios are the
/// same (make demo), at about 50 fewer instructions per folio (make bench).
/// The references go when the batch is done rather than before each folio
/// is read: the page cache holds its own, and the folio lock is what the
/// read path relies on, so nothing observable changes.
class ReadaheadBatch {
public:
	static constexpr unsigned kBatch = 16;

	explicit ReadaheadBatch(struct readahead_control *rac) : rac_(rac) {}
	ReadaheadBatch(const ReadaheadBatch &) = delete;
	ReadaheadBatch &operator=(const ReadaheadBatch &) = delete;
	~ReadaheadBatch() { release(); }

	/// Take the next batch; false when the window is used up.
	bool next()
	{
		release();
		n_ = shim_readahead_page_batch(rac_, pages_, kBatch);
		// readahead_count() now counts from the batch's first folio.
		left_ = k::readahead_count(rac_);
		return n_ != 0;
	}
	unsigned size() const { return n_; }
	/// mpfs's mpage mappings hold order-0 folios only (no large folio
	/// support is set for them), so a page of the batch is its folio.
	struct folio *folio(unsigned i) const { return reinterpret_cast<struct folio *>(pages_[i]); }
	/// What readahead_count() said of folio @i under readahead_folio().
	unsigned count_at(unsigned i) const { return left_ - i; }

private:
	void release()
	{
		if (n_)
			shim_release_pages(pages_, static_cast<int>(n_));
		n_ = 0;
	}

	struct readahead_control *rac_;
	struct page *pages_[kBatch];
	unsigned n_ = 0;
	unsigned left_ = 0;
};

/**
 * mpage_readahead - start reads against the folios of @rac
 * @rac: the readahead window
 * @ctx: get_block, counters and fault injection of the mount
 *
 * Port of mpage_readahead(): REQ_RAHEAD bios, allocated with
 * __GFP_NORETRY | __GFP_NOWARN, as large as the disk layout allows.
 */
void mpage_readahead(struct readahead_control *rac, const Context &ctx)
{
	MpageReadpageArgs args(ctx, ReadKind::Readahead);
	ReadaheadBatch batch(rac);
	while (batch.next()) {
		for (unsigned i = 0; i < batch.size(); i++) {
			struct folio *folio = batch.folio(i);
			__builtin_prefetch(static_cast<char *>(static_cast<void *>(folio)) + K_FOLIO_FLAGS, 1);
			args.folio = folio;
			args.nr_pages = batch.count_at(i);
			do_mpage_readpage(args);
		}
	}
	args.bio.submit();
}

/**
 * mpage_read_folio - read one locked folio
 * @folio: the folio
 * @ctx: get_block, counters and fault injection of the mount
 *
 * Return: 0, always (errors are reported through the folio), as upstream.
 */
int mpage_read_folio(struct folio *folio, const Context &ctx)
{
	MpageReadpageArgs args(ctx, ReadKind::ReadFolio);
	args.folio = folio;
	args.nr_pages = 1;
	do_mpage_readpage(args);
	args.bio.submit();
	return 0;
}

} // namespace mpfs::mpage
