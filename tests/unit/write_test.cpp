// SPDX-License-Identifier: GPL-2.0
// The write half of the port (mpage_writepages, __mpage_writepage) against
// every case fs/mpage.c names, at 1K, 2K and 4K blocks, under the 6.1 and the
// 6.12 flavour. Where the kernels differ, the test states both expectations;
// the "Versions" section at the end has one test per difference.
#include "port_fixture.h"

namespace mpfs::test {
namespace {

using mpage::FallbackReason;
constexpr std::uint64_t D = 96;

class WriteTest : public PortTest {
protected:
	/// Give page @index buffers in @state mapped to disk blocks from @db on.
	std::vector<buffer_head *> attach_buffers(unsigned long index, std::uint64_t db, unsigned long state)
	{
		shim_create_empty_buffers(w->folio(index), bs(), state);
		auto bhs = sim::buffers_of(w->folio(index));
		for (unsigned i = 0; i < bhs.size(); i++) {
			bhs[i]->b_blocknr = db + i;
			bhs[i]->b_bdev = &w->bdev;
		}
		return bhs;
	}
	static constexpr unsigned long kMappedDirty =
		(1UL << sim::BH_Mapped) | (1UL << sim::BH_Dirty) | (1UL << sim::BH_Uptodate);

	void write_all(int expect_ret = 0, int sync_mode = sim::WB_SYNC_NONE)
	{
		auto wbc = wbc_all(sync_mode);
		EXPECT_EQ(writepages(*w, wbc), expect_ret);
	}
	/// Bio @b, then folio @past, wholly beyond EOF, on the confused path: 6.1
	/// calls block_write_full_page (which writes nothing); 6.12's port only
	/// unlocks it, with no kernel call at all.
	void expect_bio_then_past_eof(Event b, unsigned long past)
	{
		std::vector<Event> want{std::move(b)};
		if (is_6_1())
			want.push_back(fallback_write(past));
		EXPECT_IO(want);
		EXPECT_EQ(stats.fallback[unsigned(FallbackReason::PastEof)], 1u);
		EXPECT_TRUE(w->bio_events(Kind::BhWrite).empty());
		EXPECT_FALSE(flag(past, sim::PG_locked));
	}
	void expect_clean(unsigned long first, unsigned n)
	{
		for (unsigned long i = first; i < first + n; i++) {
			EXPECT_FALSE(flag(i, sim::PG_dirty)) << i;
			EXPECT_FALSE(flag(i, sim::PG_writeback)) << i;
			EXPECT_FALSE(flag(i, sim::PG_locked)) << i;
		}
	}
};

TEST_P(WriteTest, ContiguousPagesAreOneBioUnderAPlug)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	w->add_dirty_pages(0, 4);
	write_all();
	EXPECT_IO(std::vector<Event>{write_bio(sec(D), 4 * kPage, {0, 1, 2, 3})});
	expect_clean(0, 4);
	for (unsigned long i = 0; i < 4; i++)
		EXPECT_TRUE(disk_has_page(D + i * bpp(), i, kPage));
	EXPECT_EQ(w->plug_starts, 1);
	EXPECT_EQ(w->plug_depth, 0);
	EXPECT_EQ(stats.write_bios, 1u);
	EXPECT_EQ(stats.write_pages, 4u);
	EXPECT_EQ(stats.write_bytes, 4u * kPage);
	EXPECT_EQ(w->get_block_calls, int(4 * bpp())); // create=1 maps block by block
}

TEST_P(WriteTest, WritebackFlagsFollowTheWbc)
{
	map_pages(0, D, 1);
	set_size(kPage);
	struct Case {
		int sync_mode;
		bool background, punt;
		unsigned flags;
	} cases[] = {
		{sim::WB_SYNC_ALL, false, false, sim::REQ_SYNC},
		{sim::WB_SYNC_NONE, true, false, sim::REQ_BACKGROUND},
		{sim::WB_SYNC_ALL, false, true, sim::REQ_SYNC | sim::REQ_CGROUP_PUNT},
	};
	for (const Case &c : cases) {
		w->events.clear();
		w->add_dirty_pages(0, 1);
		auto wbc = wbc_all(c.sync_mode);
		wbc.for_background = c.background;
		wbc.punt_to_cgroup = c.punt;
		EXPECT_EQ(writepages(*w, wbc), 0);
		EXPECT_IO(std::vector<Event>{write_bio(sec(D), kPage, {0}, c.flags)});
	}
}

TEST_P(WriteTest, CgroupOwnerIsAccountedAndBioAssociated)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	auto wbc = wbc_all();
	wbc.wb = 7;
	EXPECT_EQ(writepages(*w, wbc), 0);
	Event b = write_bio(sec(D), 2 * kPage, {0, 1});
	b.blkcg = 7;
	EXPECT_IO(std::vector<Event>{b});
	EXPECT_EQ(w->cgroup_owner, (std::vector<std::pair<unsigned long, unsigned long>>{{0, kPage}, {1, kPage}}));
}

TEST_P(WriteTest, DiscontiguityBetweenPagesStartsANewBio)
{
	map_pages(0, D, 1);
	map_pages(1, D + 30 * bpp(), 1);
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	write_all();
	EXPECT_IO((std::vector<Event>{write_bio(sec(D), kPage, {0}), write_bio(sec(D + 30 * bpp()), kPage, {1})}));
}

TEST_P(WriteTest, ReverseLayoutNeverMergesAndFallsBackInsidePages)
{
	for (std::uint64_t fb = 0; fb < 3u * bpp(); fb++)
		w->layout[fb].disk = D + 100 - fb;
	set_size(3 * kPage);
	w->add_dirty_pages(0, 3);
	write_all();
	std::vector<Event> want;
	for (unsigned long p = 0; p < 3; p++) {
		if (bpp() == 1)
			want.push_back(write_bio(sec(D + 100 - p), kPage, {p}));
		else
			want.push_back(fallback_write(p));
	}
	EXPECT_IO(want);
	for (unsigned long p = 0; p < 3; p++)
		for (unsigned b = 0; b < bpp(); b++)
			EXPECT_EQ(w->bdev.data.at((D + 100 - (p * bpp() + b)) << bits()),
				  sim::World::page_byte(p, b * bs()))
				<< p << "/" << b;
}

TEST_P(WriteTest, DiscontiguousBlocksInAPageFallBack)
{
	if (bpp() == 1)
		GTEST_SKIP() << "one block per page";
	map_pages(0, D, 2);
	w->layout[bpp() + 1].disk = D + 77;
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	write_all();
	EXPECT_IO((std::vector<Event>{write_bio(sec(D), kPage, {0}), fallback_write(1)}));
	EXPECT_EQ(w->bio_events(Kind::BhWrite).size(), bpp());
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::Discontiguous)], 1u);
	expect_clean(0, 2);
	EXPECT_TRUE(disk_has_page(D + bpp(), 1, bs()));
}

TEST_P(WriteTest, PageStraddlingEofIsZeroedPastIt)
{
	map_pages(0, D, 3);
	set_size(2 * kPage + 100);
	w->add_dirty_pages(0, 3);
	write_all();
	if (bpp() == 1) {
		EXPECT_IO(std::vector<Event>{write_bio(sec(D), 3 * kPage, {0, 1, 2})});
	} else {
		// only the blocks up to EOF are mapped, and the short page ends the bio
		EXPECT_IO(std::vector<Event>{write_bio(sec(D), 2 * kPage + bs(), {0, 1, 2})});
	}
	EXPECT_EQ(stats.tail_zeroings, 1u);
	const unsigned char *d = w->folio(2)->page.data;
	EXPECT_EQ(d[99], sim::World::page_byte(2, 99));
	for (unsigned i = 100; i < kPage; i++)
		ASSERT_EQ(d[i], 0) << i;
	expect_clean(0, 3);
}

TEST_P(WriteTest, PageWhollyPastEofGoesToTheFallback)
{
	map_pages(0, D, 3);
	set_size(2 * kPage);
	w->add_dirty_pages(0, 3);
	write_all();
	expect_bio_then_past_eof(write_bio(sec(D), 2 * kPage, {0, 1}), 2);
	// 6.1 maps page 2 with get_block(create=1) before its EOF test; 6.12 does not.
	EXPECT_EQ(w->get_block_calls, int((is_6_1() ? 3 : 2) * bpp()));
}

TEST_P(WriteTest, BoundarySubmitsThenWritesTheIndirectBlock)
{
	map_pages(0, D, 4);
	std::uint64_t bblock = D + 2 * bpp() - 1; // last block of page 1
	w->layout[2 * bpp() - 1].boundary = true;
	set_size(4 * kPage);
	w->add_dirty_pages(0, 4);
	// the "indirect block" right after the boundary block sits dirty in the bdev cache
	auto ind = std::make_unique<buffer_head>();
	ind->b_blocknr = bblock + 1;
	ind->b_size = bs();
	ind->b_state = (1UL << sim::BH_Dirty) | (1UL << sim::BH_Mapped);
	buffer_head *indp = ind.get();
	w->bdev.buffer_cache[bblock + 1] = std::move(ind);
	write_all();
	Event meta(Kind::BhWrite);
	meta.op = sim::REQ_OP_WRITE;
	meta.sector = sec(bblock + 1);
	meta.size = bs();
	EXPECT_EQ(mpfs::test::dump(io({Kind::Bio, Kind::BhWrite})),
		  mpfs::test::dump({write_bio(sec(D), 2 * kPage, {0, 1}), meta,
				    write_bio(sec(D + 2 * bpp()), 2 * kPage, {2, 3})}));
	EXPECT_EQ(indp->b_count, 0);
	EXPECT_FALSE(sim::test(indp->b_state, sim::BH_Dirty));
	EXPECT_EQ(stats.boundary_submits, 1u);
}

TEST_P(WriteTest, BoundaryWithCleanIndirectBlockWritesNothingElse)
{
	map_pages(0, D, 2);
	w->layout[bpp() - 1].boundary = true;
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	auto ind = std::make_unique<buffer_head>();
	ind->b_blocknr = D + bpp();
	ind->b_size = bs();
	w->bdev.buffer_cache[D + bpp()] = std::move(ind);
	write_all();
	EXPECT_EQ(mpfs::test::dump(io({Kind::Bio, Kind::BhWrite})),
		  mpfs::test::dump({write_bio(sec(D), kPage, {0}), write_bio(sec(D + bpp()), kPage, {1})}));
}

TEST_P(WriteTest, BoundaryInsideAPageDoesNotSubmit)
{
	if (bpp() == 1)
		GTEST_SKIP() << "needs a block that is not the last of its page";
	map_pages(0, D, 2);
	w->layout[0].boundary = true;
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	write_all();
	EXPECT_IO(std::vector<Event>{write_bio(sec(D), 2 * kPage, {0, 1})});
	EXPECT_EQ(stats.boundary_submits, 0u);
}

TEST_P(WriteTest, FullBioIsSubmittedAndAnotherAllocated)
{
	map_pages(0, D, 3);
	set_size(3 * kPage);
	w->add_dirty_pages(0, 3);
	w->max_bio_bytes = 2 * kPage;
	auto wbc = wbc_all();
	wbc.wb = 3;
	EXPECT_EQ(writepages(*w, wbc), 0);
	Event a = write_bio(sec(D), 2 * kPage, {0, 1}), b = write_bio(sec(D + 2 * bpp()), kPage, {2});
	a.blkcg = b.blkcg = 3;
	EXPECT_IO((std::vector<Event>{a, b}));
	// the page that did not fit is accounted again for the new bio, as upstream
	EXPECT_EQ(w->cgroup_owner.size(), 4u);
}

TEST_P(WriteTest, MappedDirtyBuffersAreWrittenAndCleaned)
{
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	auto b0 = attach_buffers(0, D, kMappedDirty);
	auto b1 = attach_buffers(1, D + bpp(), kMappedDirty);
	write_all();
	EXPECT_IO(std::vector<Event>{write_bio(sec(D), 2 * kPage, {0, 1})});
	for (auto *bh : b0)
		EXPECT_FALSE(sim::test(bh->b_state, sim::BH_Dirty));
	for (auto *bh : b1)
		EXPECT_FALSE(sim::test(bh->b_state, sim::BH_Dirty));
	EXPECT_EQ(w->get_block_calls, 0);
	expect_clean(0, 2);
}

TEST_P(WriteTest, BoundaryBufferSubmitsThenWritesTheIndirectBlock)
{
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	auto b0 = attach_buffers(0, D, kMappedDirty);
	attach_buffers(1, D + bpp(), kMappedDirty);
	sim::set(b0.back()->b_state, sim::BH_Boundary);
	auto ind = std::make_unique<buffer_head>();
	ind->b_blocknr = D + bpp();
	ind->b_size = bs();
	ind->b_state = 1UL << sim::BH_Dirty;
	w->bdev.buffer_cache[D + bpp()] = std::move(ind);
	write_all();
	Event meta(Kind::BhWrite);
	meta.op = sim::REQ_OP_WRITE;
	meta.sector = sec(D + bpp());
	meta.size = bs();
	EXPECT_EQ(mpfs::test::dump(io({Kind::Bio, Kind::BhWrite})),
		  mpfs::test::dump({write_bio(sec(D), kPage, {0}), meta, write_bio(sec(D + bpp()), kPage, {1})}));
	EXPECT_EQ(stats.boundary_submits, 1u);
}

TEST_P(WriteTest, BufferCasesThatFallBack)
{
	struct Case {
		const char *name;
		bool needs_small_blocks;
		FallbackReason reason;
		void (*shape)(std::vector<buffer_head *> &);
	} cases[] = {
		{"unmapped dirty", false, FallbackReason::HadBuffers,
		 [](std::vector<buffer_head *> &b) { sim::clear(b[0]->b_state, sim::BH_Mapped); }},
		{"not dirty", false, FallbackReason::HadBuffers,
		 [](std::vector<buffer_head *> &b) { sim::clear(b[0]->b_state, sim::BH_Dirty); }},
		{"not uptodate", false, FallbackReason::HadBuffers,
		 [](std::vector<buffer_head *> &b) { sim::clear(b[0]->b_state, sim::BH_Uptodate); }},
		{"all unmapped", false, FallbackReason::HadBuffers,
		 [](std::vector<buffer_head *> &b) {
			 for (auto *bh : b)
				 bh->b_state = 0;
		 }},
		{"hole then data", true, FallbackReason::HoleThenData,
		 [](std::vector<buffer_head *> &b) { b[0]->b_state = 0; }},
		{"discontiguous", true, FallbackReason::Discontiguous,
		 [](std::vector<buffer_head *> &b) { b[1]->b_blocknr += 9; }},
	};
	for (const Case &c : cases) {
		if (c.needs_small_blocks && bpp() == 1)
			continue;
		SCOPED_TRACE(c.name);
		reset(kDevBytes, 8);
		map_pages(0, D, 1);
		set_size(kPage);
		w->add_dirty_pages(0, 1);
		auto bhs = attach_buffers(0, D, kMappedDirty);
		c.shape(bhs);
		write_all();
		EXPECT_IO(std::vector<Event>{fallback_write(0)});
		EXPECT_EQ(stats.fallback[unsigned(c.reason)], 1u);
		EXPECT_FALSE(flag(0, sim::PG_locked));
	}
}

TEST_P(WriteTest, UnmappedCleanTailIsAShortPage)
{
	if (bpp() == 1)
		GTEST_SKIP() << "needs a partial page";
	set_size(3 * kPage);
	w->add_dirty_pages(0, 2);
	attach_buffers(0, D, kMappedDirty);
	auto bhs = attach_buffers(1, D + bpp(), kMappedDirty);
	for (unsigned i = 1; i < bhs.size(); i++)
		bhs[i]->b_state = 1UL << sim::BH_Uptodate; // unmapped, clean
	write_all();
	EXPECT_IO(std::vector<Event>{write_bio(sec(D), kPage + bs(), {0, 1})});
	EXPECT_FALSE(sim::test(bhs[0]->b_state, sim::BH_Dirty));
}

TEST_P(WriteTest, NewBlocksCleanTheirBdevAliases)
{
	set_size(kPage);
	w->alloc_cursor = 500;
	w->add_dirty_pages(0, 1);
	write_all();
	EXPECT_IO(std::vector<Event>{write_bio(sec(500), kPage, {0})});
	auto aliases = w->bio_events(Kind::CleanAliases);
	ASSERT_EQ(aliases.size(), bpp());
	for (unsigned i = 0; i < bpp(); i++) {
		EXPECT_EQ(aliases[i].sector, 500u + i);
		EXPECT_EQ(aliases[i].size, 1u);
	}
}

TEST_P(WriteTest, GetBlockErrorSetsTheMappingError)
{
	map_pages(0, D, 2);
	w->layout[bpp()].error = true;
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	write_all(-EIO);
	Event err(Kind::SetError);
	err.error = -EIO;
	EXPECT_EQ(mpfs::test::dump(io({Kind::Bio, Kind::FallbackWrite, Kind::SetError})),
		  mpfs::test::dump({write_bio(sec(D), kPage, {0}), fallback_write(1), err}));
	EXPECT_EQ(w->mapping.wb_err, -EIO);
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::GetBlockError)], 1u);
}

TEST_P(WriteTest, InjectedBioAllocFaultFallsBack)
{
	map_pages(0, D, 3);
	set_size(3 * kPage);
	w->add_dirty_pages(0, 3);
	fault = {mpage::FaultKind::BioAlloc, 1, 0};
	write_all();
	EXPECT_IO((std::vector<Event>{fallback_write(0), write_bio(sec(D + bpp()), 2 * kPage, {1, 2})}));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::BioAllocFailed)], 1u);
	EXPECT_TRUE(disk_has_page(D, 0, kPage));
	expect_clean(0, 3);
}

TEST_P(WriteTest, InjectedGetBlockFaultFallsBack)
{
	map_pages(0, D, 1);
	set_size(kPage);
	w->add_dirty_pages(0, 1);
	fault = {mpage::FaultKind::GetBlock, 1, 0};
	write_all();
	EXPECT_IO(std::vector<Event>{fallback_write(0)});
	EXPECT_TRUE(disk_has_page(D, 0, kPage));
}

// 6.1 offers whole mapped pages to ->rw_page; 6.12 has none and builds a bio.
TEST_P(WriteTest, RwPageWritesWholePagesWithoutBiosOnlyOn6_1)
{
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	map_pages(0, D, 1);
	auto bhs = attach_buffers(1, D + bpp(), kMappedDirty);
	w->bdev.has_rw_page = true;
	write_all();
	Event r0(Kind::RwPage), r1(Kind::RwPage);
	r0.op = r1.op = sim::REQ_OP_WRITE;
	r0.size = r1.size = kPage;
	r0.sector = sec(D);
	r0.pages = {0};
	r1.sector = sec(D + bpp());
	r1.pages = {1};
	if (is_6_1())
		EXPECT_IO((std::vector<Event>{r0, r1}));
	else
		EXPECT_IO(std::vector<Event>{write_bio(sec(D), 2 * kPage, {0, 1})});
	for (auto *bh : bhs)
		EXPECT_FALSE(sim::test(bh->b_state, sim::BH_Dirty)); // clean_page_buffers / clean_buffers
	expect_clean(0, 2);
	EXPECT_TRUE(disk_has_page(D + bpp(), 1, kPage));
	EXPECT_EQ(stats.rw_page_hits, is_6_1() ? 2u : 0u);
	EXPECT_EQ(w->bdev.queue_refs, 0);
}

TEST_P(WriteTest, RwPageRefusalsFallBackToABio)
{
	map_pages(0, D, 1);
	set_size(kPage);
	w->bdev.has_rw_page = true;
	for (const RwPageRefusal &c : kRwPageRefusals) {
		SCOPED_TRACE(c.name);
		clear_rw_page_refusals(w->bdev);
		c.arm(w->bdev);
		w->events.clear();
		w->add_dirty_pages(0, 1);
		write_all();
		auto bios = w->bio_events();
		ASSERT_EQ(bios.size(), 1u);
		EXPECT_EQ(bios[0], write_bio(sec(D), kPage, {0}));
		expect_clean(0, 1);
		EXPECT_EQ(w->bdev.queue_refs, 0);
	}
}

TEST_P(WriteTest, NrToWriteLimitsNonIntegrityWriteback)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	w->add_dirty_pages(0, 4);
	auto wbc = wbc_all();
	wbc.nr_to_write = 2;
	EXPECT_EQ(writepages(*w, wbc), 0);
	EXPECT_IO(std::vector<Event>{write_bio(sec(D), 2 * kPage, {0, 1})});
	EXPECT_TRUE(flag(2, sim::PG_dirty));
	EXPECT_TRUE(flag(3, sim::PG_dirty));
}

TEST_P(WriteTest, SyncAllWritesEveryDirtyPageOfTheRange)
{
	map_pages(0, D, 6);
	set_size(6 * kPage);
	w->add_dirty_pages(0, 6);
	auto wbc = wbc_all(sim::WB_SYNC_ALL);
	wbc.nr_to_write = 1;
	wbc.range_start = 1 * kPage;
	wbc.range_end = 4 * kPage - 1;
	EXPECT_EQ(writepages(*w, wbc), 0);
	EXPECT_IO(std::vector<Event>{write_bio(sec(D + bpp()), 3 * kPage, {1, 2, 3}, sim::REQ_SYNC)});
	EXPECT_TRUE(flag(0, sim::PG_dirty));
	EXPECT_TRUE(flag(4, sim::PG_dirty));
}

TEST_P(WriteTest, BioPastDeviceEndIsTruncatedWithoutZeroing)
{
	std::uint64_t last = 300;
	reset((last << bits()) + 1024, 8);
	map_pages(0, last, 1);
	set_size(kPage);
	w->add_dirty_pages(0, 1);
	write_all();
	auto bios = w->bio_events();
	ASSERT_EQ(bios.size(), 1u);
	EXPECT_EQ(bios[0].size, 1024u);
	EXPECT_TRUE(disk_has_page(last, 0, 1024));
	EXPECT_EQ(w->folio(0)->page.data[2000], sim::World::page_byte(0, 2000)); // page untouched
}

TEST_P(WriteTest, WriteErrorOnCompletionReachesTheMapping)
{
	reset(64u << bits(), 8);
	map_pages(0, 64, 1); // wholly past the device end
	set_size(kPage);
	w->add_dirty_pages(0, 1);
	write_all();
	EXPECT_EQ(w->mapping.wb_err, -EIO);
	// 6.1's page_endio also sets PG_error; 6.12's mpage_write_end_io has only
	// mapping_set_error + folio_end_writeback.
	EXPECT_EQ(flag(0, sim::PG_error), is_6_1());
	EXPECT_FALSE(flag(0, sim::PG_writeback));
	ASSERT_EQ(w->bios.size(), 1u);
	EXPECT_EQ(w->bios[0]->bi_end_io, is_6_1() ? &mpfs_mpage_end_io : &mpfs_mpage_write_end_io);
}

// ---- Versions: one test per behaviour in which 6.1 and 6.12 differ ----------

// 6.12: "Whole page beyond EOF? Skip allocating blocks to avoid leaking space."
// 6.1 calls get_block(create=1) for every block of the folio first.
TEST_P(WriteTest, WhollyPastEofFolioWithoutBuffersAllocatesOnlyOn6_1)
{
	map_pages(0, D, 1);
	set_size(kPage);
	w->alloc_cursor = 500; // page 1 is a hole: get_block(create=1) allocates
	w->add_dirty_pages(0, 2);
	write_all();
	expect_bio_then_past_eof(write_bio(sec(D), kPage, {0}), 1);
	EXPECT_EQ(w->get_block_calls, int((is_6_1() ? 2 : 1) * bpp()));
	EXPECT_EQ(w->bio_events(Kind::CleanAliases).size(), is_6_1() ? bpp() : 0u);
	EXPECT_EQ(w->layout.count(bpp()), is_6_1() ? 1u : 0u); // block leaked past EOF
	expect_clean(0, 2);
}

// 6.12 sends a folio to the fallback when get_block(create=1) succeeds without
// mapping; 6.1 trusts b_blocknr and writes there.
TEST_P(WriteTest, GetBlockLeavingTheBufferUnmappedIsConfusedOnlyOn6_12)
{
	map_pages(0, D, 2);
	w->layout[bpp()].unmapped_on_create = true; // first block of page 1
	set_size(2 * kPage);
	w->add_dirty_pages(0, 2);
	write_all();
	if (is_6_1()) {
		EXPECT_IO(std::vector<Event>{write_bio(sec(D), 2 * kPage, {0, 1})});
		EXPECT_TRUE(disk_has_page(D + bpp(), 1, kPage));
		EXPECT_EQ(stats.fallback[unsigned(FallbackReason::GetBlockError)], 0u);
	} else {
		EXPECT_IO((std::vector<Event>{write_bio(sec(D), kPage, {0}), fallback_write(1)}));
		EXPECT_EQ(stats.fallback[unsigned(FallbackReason::GetBlockError)], 1u);
		// the fallback's own get_block leaves that block unmapped too: not written
		EXPECT_EQ(w->bio_events(Kind::BhWrite).size(), bpp() - 1);
	}
	expect_clean(0, 2);
}

// 6.12 tags its write bios with the inode's write-life hint; 6.1's bio has no
// such field. (The 6.12 fallback does the same for its buffer writes.)
TEST_P(WriteTest, WriteBiosCarryTheInodeWriteHintOnlyOn6_12)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	w->ino.i_write_hint = 3; // WRITE_LIFE_MEDIUM
	w->add_dirty_pages(0, 2);
	write_all();
	Event b = write_bio(sec(D), 2 * kPage, {0, 1});
	b.write_hint = is_6_1() ? 0 : 3;
	EXPECT_IO(std::vector<Event>{b});
}

// A confused folio straddling EOF is zeroed past i_size before its buffers are
// written: in 6.1 by block_write_full_page, in 6.12 by the port's
// block_write_full_folio (the sim's __block_write_full_folio zeroes nothing).
TEST_P(WriteTest, ConfusedFolioStraddlingEofIsZeroedPastIt)
{
	set_size(kPage + 100);
	w->add_dirty_pages(0, 2);
	map_pages(0, D, 1);
	auto bhs = attach_buffers(1, D + bpp(), kMappedDirty);
	sim::clear(bhs[0]->b_state, sim::BH_Uptodate); // not uptodate: confused before page_is_mapped
	write_all();
	EXPECT_IO((std::vector<Event>{write_bio(sec(D), kPage, {0}), fallback_write(1)}));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::HadBuffers)], 1u);
	EXPECT_EQ(stats.tail_zeroings, 0u); // the fallback's zeroing, not mpage's
	const unsigned char *d = w->folio(1)->page.data;
	EXPECT_EQ(d[99], sim::World::page_byte(1, 99));
	for (unsigned i = 100; i < kPage; i++)
		ASSERT_EQ(d[i], 0) << i;
	// only the block holding EOF is written, with the zeroed tail
	auto writes = w->bio_events(Kind::BhWrite);
	ASSERT_EQ(writes.size(), 1u);
	EXPECT_EQ(writes[0].sector, sec(D + bpp()));
	EXPECT_TRUE(disk_has_page(D + bpp(), 1, 100));
	EXPECT_EQ(w->bdev.data.at(((D + bpp()) << bits()) + 100), 0);
	expect_clean(0, 2);
}

// A confused folio wholly past EOF is dropped: 6.1's block_write_full_page
// only unlocks it, and so does the port's block_write_full_folio (6.12),
// without a call into the kernel.
TEST_P(WriteTest, ConfusedFolioWhollyPastEofIsOnlyUnlocked)
{
	set_size(kPage);
	w->add_dirty_pages(0, 2);
	map_pages(0, D, 1);
	auto bhs = attach_buffers(1, D + bpp(), kMappedDirty); // mapped: no get_block in either
	write_all();
	expect_bio_then_past_eof(write_bio(sec(D), kPage, {0}), 1);
	for (auto *bh : bhs)
		EXPECT_TRUE(sim::test(bh->b_state, sim::BH_Dirty)); // nothing cleaned
	EXPECT_EQ(w->get_block_calls, int(bpp()));
	EXPECT_EQ(w->mapping.wb_err, 0);
	expect_clean(0, 2);
}

MPFS_INSTANTIATE_PER_KERNEL(WriteTest);

} // namespace
} // namespace mpfs::test
