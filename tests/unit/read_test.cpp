// SPDX-License-Identifier: GPL-2.0
// The read half of the port (mpage_readahead, mpage_read_folio) against every
// case fs/mpage.c names, at 1K, 2K and 4K blocks, under the 6.1 and the 6.12
// flavour: exact bios and fallbacks. Where the kernels differ (->rw_page, the
// end_io), the test states both expectations.
#include <numeric>

#include "port_fixture.h"

namespace mpfs::test {
namespace {

using mpage::FallbackReason;
constexpr std::uint64_t D = 96; // first disk block of the file's data

class ReadTest : public PortTest {};

TEST_P(ReadTest, ContiguousReadaheadIsOneBio)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	readahead(0, 4);
	EXPECT_IO(std::vector<Event>{ra_bio(sec(D), 4 * kPage, {0, 1, 2, 3}, 4)});
	for (unsigned long i = 0; i < 4; i++) {
		EXPECT_TRUE(flag(i, sim::PG_uptodate));
		EXPECT_FALSE(flag(i, sim::PG_locked));
		EXPECT_TRUE(flag(i, sim::PG_mappedtodisk));
		EXPECT_TRUE(page_has_disk(i, D + i * bpp(), kPage));
	}
	EXPECT_EQ(stats.read_bios, 1u);
	EXPECT_EQ(stats.read_pages, 4u);
	EXPECT_EQ(stats.read_bytes, 4u * kPage);
	// One get_block maps the whole window; later folios reuse its extent.
	EXPECT_EQ(w->get_block_calls, 1);
}

TEST_P(ReadTest, WindowLongerThanABatchSizesEachBioByWhatIsLeft)
{
	// 40 pages: the port takes them 16 at a time (ReadaheadBatch). Each bio
	// is allocated for the pages left in the window at its first folio, as
	// upstream's readahead_count() under readahead_folio() says, across
	// batch boundaries too (the bios start at pages 0, 10 and 25).
	map_pages(0, D, 10);
	map_pages(10, D + 100 * bpp(), 15);
	map_pages(25, D + 300 * bpp(), 15);
	set_size(40 * kPage);
	readahead_control rac = readahead(0, 40);
	std::vector<unsigned long> all(40);
	std::iota(all.begin(), all.end(), 0ul);
	std::vector<unsigned long> p0(all.begin(), all.begin() + 10), p1(all.begin() + 10, all.begin() + 25),
		p2(all.begin() + 25, all.end());
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 10 * kPage, p0, 40),
				      ra_bio(sec(D + 100 * bpp()), 15 * kPage, p1, 30),
				      ra_bio(sec(D + 300 * bpp()), 15 * kPage, p2, 15)}));
	// Every folio's readahead reference dropped once, in window order, and
	// the window used up as readahead_folio() leaves it.
	EXPECT_EQ(w->released, all);
	EXPECT_EQ(rac._nr_pages, 0u);
	EXPECT_EQ(rac._batch_count, 0u);
	EXPECT_EQ(rac._index, 40u);
	for (unsigned long i = 0; i < 40; i++)
		EXPECT_TRUE(flag(i, sim::PG_uptodate)) << "page " << i;
}

TEST_P(ReadTest, ReadFolioHasNoRaheadAndPlainGfp)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	read_folio(1);
	EXPECT_IO(std::vector<Event>{read_bio(sec(D + bpp()), kPage, {1})});
	EXPECT_TRUE(page_has_disk(1, D + bpp(), kPage));
}

TEST_P(ReadTest, ExtentLimitMeansOneGetBlockPerExtent)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	w->max_extent_blocks = 1; // the filesystem maps one block per call
	readahead(0, 4);
	EXPECT_IO(std::vector<Event>{ra_bio(sec(D), 4 * kPage, {0, 1, 2, 3}, 4)});
	EXPECT_EQ(w->get_block_calls, int(4 * bpp()));
}

TEST_P(ReadTest, DiscontiguityBetweenPagesStartsANewBio)
{
	map_pages(0, D, 2);
	map_pages(2, D + 40 * bpp(), 2);
	set_size(4 * kPage);
	readahead(0, 4);
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 4),
				      ra_bio(sec(D + 40 * bpp()), 2 * kPage, {2, 3}, 2)}));
	EXPECT_TRUE(page_has_disk(3, D + 41 * bpp(), kPage));
}

TEST_P(ReadTest, ReverseLayoutNeverMergesAndFallsBackInsidePages)
{
	for (std::uint64_t fb = 0; fb < 4u * bpp(); fb++)
		w->layout[fb].disk = D + 100 - fb; // each block before the previous one
	set_size(4 * kPage);
	readahead(0, 4);
	std::vector<Event> want;
	for (unsigned long p = 0; p < 4; p++) {
		if (bpp() == 1)
			want.push_back(ra_bio(sec(D + 100 - p), kPage, {p}, 4 - p));
		else
			want.push_back(fallback_read(p));
	}
	EXPECT_IO(want);
	for (unsigned long p = 0; p < 4; p++)
		for (unsigned b = 0; b < bpp(); b++)
			EXPECT_EQ(w->folio(p)->page.data[b * bs()],
				  sim::World::device_byte((D + 100 - (p * bpp() + b)) << bits()));
}

TEST_P(ReadTest, PageWithBuffersFallsBack)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	w->add_locked_pages(0, 4);
	shim_create_empty_buffers(w->folio(1), bs(), 0);
	readahead_control rac{&w->mapping, 0, 4, 0};
	mpage::mpage_readahead(&rac, ctx());
	w->complete_all();
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage, {0}, 4), fallback_read(1),
				      ra_bio(sec(D + 2 * bpp()), 2 * kPage, {2, 3}, 2)}));
	EXPECT_EQ(w->bio_events(Kind::BhRead).size(), bpp());
	EXPECT_TRUE(page_has_disk(1, D + bpp(), kPage));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::HadBuffers)], 1u);
}

TEST_P(ReadTest, HoleThenDataInAPageFallsBack)
{
	if (bpp() == 1)
		GTEST_SKIP() << "one block per page: a page cannot hold a hole and data";
	map_pages(0, D, 2);
	w->layout.erase(bpp()); // first block of page 1 is a hole
	set_size(2 * kPage);
	readahead(0, 2);
	// Page 0 goes to the bio; page 1 flushes it and takes the buffer_head path.
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage, {0}, 2), fallback_read(1)}));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::HoleThenData)], 1u);
	EXPECT_EQ(w->bio_events(Kind::BhRead).size(), bpp() - 1);
	EXPECT_TRUE(flag(1, sim::PG_uptodate));
}

TEST_P(ReadTest, DiscontiguousBlocksInAPageFallBack)
{
	if (bpp() == 1)
		GTEST_SKIP() << "one block per page: blocks of a page are always contiguous";
	map_pages(0, D, 1);
	w->layout[bpp() - 1].disk = D + 50; // last block of page 0 elsewhere
	set_size(kPage);
	readahead(0, 1);
	EXPECT_IO((std::vector<Event>{fallback_read(0)}));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::Discontiguous)], 1u);
	EXPECT_EQ(w->bio_events(Kind::BhRead).size(), bpp());
}

TEST_P(ReadTest, UptodateMappingIsKeptInTheFolio)
{
	map_pages(0, D, 2);
	w->layout[bpp()].uptodate = true; // the fs filled page 1's first block itself
	set_size(2 * kPage);
	readahead(0, 2);
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::UptodateMapping)], 1u);
	if (bpp() == 1) {
		// block == page: the folio is just marked uptodate, no buffers, no read.
		EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage, {0}, 2)}));
		EXPECT_EQ(w->folio(1)->page.private_, nullptr);
	} else {
		EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage, {0}, 2), fallback_read(1)}));
		auto bhs = sim::buffers_of(w->folio(1));
		ASSERT_EQ(bhs.size(), bpp());
		EXPECT_TRUE(sim::test(bhs[0]->b_state, sim::BH_Uptodate));
		EXPECT_EQ(bhs[0]->b_blocknr, D + bpp());
		// only the other blocks are read; get_block is not asked again for block 0
		EXPECT_EQ(w->bio_events(Kind::BhRead).size(), bpp() - 1);
	}
	EXPECT_TRUE(flag(1, sim::PG_uptodate));
	EXPECT_FALSE(flag(1, sim::PG_locked));
}

TEST_P(ReadTest, UptodateMappingWithExistingBuffersIsCopied)
{
	if (bpp() == 1)
		GTEST_SKIP() << "a 4K-block folio with buffers never reaches get_block";
	map_pages(0, D, 1);
	w->layout[1].uptodate = true;
	set_size(kPage);
	readahead(0, 1);
	auto bhs = sim::buffers_of(w->folio(0));
	ASSERT_EQ(bhs.size(), bpp());
	EXPECT_EQ(bhs[1]->b_blocknr, D + 1);
	EXPECT_IO((std::vector<Event>{fallback_read(0)}));
}

TEST_P(ReadTest, TailOfLastPageIsZeroedAndSubmitted)
{
	map_pages(0, D, 2);
	set_size(kPage + 100); // page 1 has one block of data
	readahead(0, 2);
	if (bpp() == 1) {
		EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 2)}));
		EXPECT_EQ(stats.tail_zeroings, 0u);
	} else {
		EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage + bs(), {0, 1}, 2)}));
		EXPECT_TRUE(page_has_disk(1, D + bpp(), bs())); // zeros after the first block
		EXPECT_EQ(stats.tail_zeroings, 1u);
		EXPECT_FALSE(flag(1, sim::PG_mappedtodisk));
	}
	EXPECT_TRUE(flag(1, sim::PG_uptodate));
}

TEST_P(ReadTest, HoleTailSubmitsTheBioAtOnce)
{
	if (bpp() == 1)
		GTEST_SKIP() << "needs a partial page";
	map_pages(0, D, 3);
	set_size(2 * kPage + 3 * kPage); // file goes on, but page 1's last block is a hole
	w->layout.erase(2 * bpp() - 1);
	readahead(0, 3);
	// the hole ends page 1's bio: page 2 starts a new one although contiguous
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage + kPage - bs(), {0, 1}, 3),
				      ra_bio(sec(D + 2 * bpp()), kPage, {2}, 1)}));
}

TEST_P(ReadTest, WholeHolePageIsZeroedWithoutIo)
{
	map_pages(0, D, 1);
	map_pages(2, D + bpp(), 1); // page 2 continues page 0 on disk
	set_size(3 * kPage);
	readahead(0, 3);
	// page 1 is all hole: zeroed and uptodate; page 2 joins page 0's bio
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 2}, 3)}));
	EXPECT_TRUE(page_has_disk(1, 0, 0));
	EXPECT_TRUE(flag(1, sim::PG_uptodate));
	EXPECT_FALSE(flag(1, sim::PG_locked));
	EXPECT_EQ(stats.hole_pages, 1u);
}

TEST_P(ReadTest, PagesPastEofAreZeroedWithoutIo)
{
	map_pages(0, D, 3);
	set_size(kPage);
	readahead(0, 3);
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage, {0}, 3)}));
	EXPECT_TRUE(page_has_disk(2, 0, 0));
	EXPECT_EQ(stats.hole_pages, 2u);
}

TEST_P(ReadTest, BoundaryAtPageEndSubmitsEarly)
{
	map_pages(0, D, 4);
	w->layout[2 * bpp() - 1].boundary = true; // last block of page 1
	set_size(4 * kPage);
	readahead(0, 4);
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 4),
				      ra_bio(sec(D + 2 * bpp()), 2 * kPage, {2, 3}, 2)}));
	EXPECT_EQ(stats.boundary_submits, 1u);
}

TEST_P(ReadTest, BoundaryInsideAPageDoesNotSubmit)
{
	if (bpp() == 1)
		GTEST_SKIP() << "needs a block that is not the last of its page";
	map_pages(0, D, 2);
	w->layout[0].boundary = true; // ends the first extent after block 0
	set_size(2 * kPage);
	readahead(0, 2);
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 2)}));
	EXPECT_EQ(stats.boundary_submits, 0u);
}

TEST_P(ReadTest, FullBioIsSubmittedAndAnotherAllocated)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	w->max_bio_bytes = 2 * kPage;
	readahead(0, 4);
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 4),
				      ra_bio(sec(D + 2 * bpp()), 2 * kPage, {2, 3}, 2)}));
}

TEST_P(ReadTest, BioAllocFailureFallsBack)
{
	map_pages(0, D, 3);
	set_size(3 * kPage);
	w->fail_bio_alloc_nth = 1;
	readahead(0, 3);
	EXPECT_IO((std::vector<Event>{fallback_read(0), ra_bio(sec(D + bpp()), 2 * kPage, {1, 2}, 2)}));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::BioAllocFailed)], 1u);
	EXPECT_TRUE(page_has_disk(0, D, kPage));
}

TEST_P(ReadTest, InjectedBioAllocFaultFallsBack)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	fault = {mpage::FaultKind::BioAlloc, 2, 0};
	readahead(0, 2);
	// the second page is added to the first bio: only one allocation happens
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 2)}));
	w->events.clear();
	map_pages(4, D + 40 * bpp(), 2);
	set_size(6 * kPage);
	readahead(4, 2);
	EXPECT_IO((std::vector<Event>{fallback_read(4), ra_bio(sec(D + 41 * bpp()), kPage, {5}, 1)}));
}

TEST_P(ReadTest, GetBlockErrorFallsBack)
{
	map_pages(0, D, 2);
	w->layout[bpp()].error = true;
	set_size(2 * kPage);
	readahead(0, 2);
	EXPECT_IO((std::vector<Event>{ra_bio(sec(D), kPage, {0}, 2), fallback_read(1)}));
	EXPECT_EQ(stats.fallback[unsigned(FallbackReason::GetBlockError)], 1u);
	EXPECT_FALSE(flag(1, sim::PG_uptodate)); // the fallback saw the error too
	EXPECT_FALSE(flag(1, sim::PG_locked));
}

TEST_P(ReadTest, InjectedGetBlockFaultFallsBack)
{
	map_pages(0, D, 1);
	set_size(kPage);
	fault = {mpage::FaultKind::GetBlock, 1, 0};
	readahead(0, 1);
	EXPECT_IO((std::vector<Event>{fallback_read(0)}));
	EXPECT_TRUE(flag(0, sim::PG_uptodate)); // the fallback's own get_block works
	EXPECT_EQ(w->get_block_calls, int(bpp())); // only the fallback's: the faulted call never reached it
}

// 6.1 offers a whole mapped folio to the device's ->rw_page first; 6.12 has
// no ->rw_page (the sim throws if the port even asks) and reads with a bio.
TEST_P(ReadTest, RwPageReadsAWholeMappedPageOnlyOn6_1)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	w->bdev.has_rw_page = true;
	read_folio(0);
	Event rw(Kind::RwPage);
	rw.sector = sec(D);
	rw.size = kPage;
	rw.pages = {0};
	EXPECT_IO(std::vector<Event>{is_6_1() ? rw : read_bio(sec(D), kPage, {0})});
	EXPECT_TRUE(page_has_disk(0, D, kPage));
	EXPECT_TRUE(flag(0, sim::PG_uptodate));
	EXPECT_FALSE(flag(0, sim::PG_locked));
	EXPECT_EQ(stats.rw_page_hits, is_6_1() ? 1u : 0u);
	EXPECT_EQ(stats.read_bios, is_6_1() ? 0u : 1u);
	EXPECT_EQ(w->bdev.queue_refs, 0);
}

TEST_P(ReadTest, RwPageIsNotUsedForAPartialPage)
{
	if (bpp() == 1)
		GTEST_SKIP() << "a one-block page is never partial";
	map_pages(0, D, 1);
	set_size(100);
	w->bdev.has_rw_page = true;
	read_folio(0);
	EXPECT_IO(std::vector<Event>{read_bio(sec(D), bs(), {0})});
}

TEST_P(ReadTest, RwPageRefusalsFallBackToABio)
{
	map_pages(0, D, 1);
	set_size(kPage);
	w->bdev.has_rw_page = true;
	for (const RwPageRefusal &c : kRwPageRefusals) {
		SCOPED_TRACE(c.name);
		clear_rw_page_refusals(w->bdev);
		c.arm(w->bdev);
		w->events.clear();
		read_folio(0);
		auto bios = w->bio_events();
		ASSERT_EQ(bios.size(), 1u);
		EXPECT_EQ(bios[0], read_bio(sec(D), kPage, {0}));
		EXPECT_TRUE(page_has_disk(0, D, kPage));
		EXPECT_EQ(w->bdev.queue_refs, 0);
	}
	EXPECT_EQ(stats.rw_page_hits, 0u);
}

TEST_P(ReadTest, BioPastDeviceEndIsTruncatedAndZeroed)
{
	// The device ends one sector into the file's only page.
	std::uint64_t last = 200;
	reset((last << bits()) + 512, 8);
	map_pages(0, last, 1);
	set_size(kPage);
	read_folio(0);
	auto bios = w->bio_events();
	ASSERT_EQ(bios.size(), 1u);
	EXPECT_EQ(bios[0].size, 512u);
	EXPECT_TRUE(page_has_disk(0, last, 512));
	EXPECT_TRUE(flag(0, sim::PG_uptodate));
}

TEST_P(ReadTest, BioWhollyPastDeviceEndIsLeftToFail)
{
	reset(64u << bits(), 8);
	map_pages(0, 64, 1);
	set_size(kPage);
	read_folio(0);
	auto bios = w->bio_events();
	ASSERT_EQ(bios.size(), 1u);
	EXPECT_EQ(bios[0].size, kPage);
	EXPECT_FALSE(flag(0, sim::PG_uptodate));
	EXPECT_FALSE(flag(0, sim::PG_locked));
	// end_io: 6.1's page_endio sets PG_error; 6.12's folio_end_read(folio,
	// false) only unlocks (PG_error is gone).
	EXPECT_EQ(flag(0, sim::PG_error), is_6_1());
	EXPECT_EQ(w->folio(0)->page.endio_err, is_6_1() ? -EIO : 0);
}

TEST_P(ReadTest, SuccessfulReadCompletionFollowsTheKernel)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	w->merge_adjacent_pages = true; // one bvec, two folios: each completes once
	readahead(0, 2);
	for (unsigned long i = 0; i < 2; i++) {
		EXPECT_TRUE(flag(i, sim::PG_uptodate));
		EXPECT_FALSE(flag(i, sim::PG_locked));
		EXPECT_FALSE(flag(i, sim::PG_error));
	}
	// the end_io the port set is the one of the simulated kernel's mpage
	ASSERT_EQ(w->bios.size(), 1u);
	EXPECT_EQ(w->bios[0]->bi_end_io, is_6_1() ? &mpfs_mpage_end_io : &mpfs_mpage_read_end_io);
}

TEST_P(ReadTest, MergedMultiPageBvecCompletesEveryPage)
{
	map_pages(0, D, 4);
	set_size(4 * kPage);
	w->merge_adjacent_pages = true;
	readahead(0, 4);
	EXPECT_IO(std::vector<Event>{ra_bio(sec(D), 4 * kPage, {0, 1, 2, 3}, 4)});
	ASSERT_EQ(w->bios.size(), 1u);
	EXPECT_EQ(w->bios[0]->bi_vcnt, 1);
	for (unsigned long i = 0; i < 4; i++) {
		EXPECT_TRUE(flag(i, sim::PG_uptodate));
		EXPECT_FALSE(flag(i, sim::PG_locked));
		EXPECT_TRUE(page_has_disk(i, D + i * bpp(), kPage));
	}
}

TEST_P(ReadTest, TruncatedMergedBvecZeroesOnlyPastTheEnd)
{
	std::uint64_t first = 100;
	reset((first << bits()) + kPage + 1024, 8); // device ends 1K into page 1
	map_pages(0, first, 2);
	set_size(2 * kPage);
	w->merge_adjacent_pages = true;
	readahead(0, 2);
	auto bios = w->bio_events();
	ASSERT_EQ(bios.size(), 1u);
	EXPECT_EQ(bios[0].size, kPage + 1024);
	EXPECT_TRUE(page_has_disk(0, first, kPage));
	EXPECT_TRUE(page_has_disk(1, first + bpp(), 1024));
}

TEST_P(ReadTest, NullStatsAndFaultAreAllowed)
{
	map_pages(0, D, 2);
	set_size(2 * kPage);
	w->add_locked_pages(0, 2);
	readahead_control rac{&w->mapping, 0, 2, 0};
	mpage::mpage_readahead(&rac, mpage::Context{sim::sim_get_block, nullptr, nullptr, flavour()});
	w->complete_all();
	EXPECT_IO(std::vector<Event>{ra_bio(sec(D), 2 * kPage, {0, 1}, 2)});
}

MPFS_INSTANTIATE_PER_KERNEL(ReadTest);

} // namespace
} // namespace mpfs::test
