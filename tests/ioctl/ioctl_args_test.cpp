// SPDX-License-Identifier: GPL-2.0
// Validation of every ioctl argument struct: reserved fields, flags, ranges
// at the loff_t limit, clamping to EOF; and GET_INFO's fill.
#include <gtest/gtest.h>
#include <utility>

#include <cerrno>
#include <cstring>

#include "client.h"
#include "fs/ioctl_args.h"

using namespace mpfs::fs::ioctl;
using mpfs::fs::Engine;
using mpfs::fs::MountInfo;

namespace {

constexpr uint64_t kMax = 0x7fffffffffffffffULL;

template <typename R> int errno_of(const R &r) { return r.is_error() ? -r.error().to_errno() : 0; }

TEST(ByteRange, LengthZeroMeansToTheEnd)
{
	auto r = byte_range(4096, 0);
	ASSERT_TRUE(r.is_ok());
	EXPECT_EQ(r.value().start, 4096u);
	EXPECT_EQ(r.value().end, kMax);
}

TEST(ByteRange, InclusiveEnd)
{
	auto r = byte_range(10, 1);
	ASSERT_TRUE(r.is_ok());
	EXPECT_EQ(r.value().start, 10u);
	EXPECT_EQ(r.value().end, 10u);
}

TEST(ByteRange, RejectsOverflowAndPastLoffMax)
{
	EXPECT_EQ(errno_of(byte_range(kMax + 1, 0)), EINVAL);
	EXPECT_EQ(errno_of(byte_range(kMax + 1, 1)), EINVAL);
	EXPECT_EQ(errno_of(byte_range(1, kMax + 1)), EINVAL);
	EXPECT_EQ(errno_of(byte_range(~0ULL, ~0ULL)), EINVAL);
	EXPECT_EQ(errno_of(byte_range(kMax, 2)), EINVAL);
	auto edge = byte_range(kMax, 1);
	ASSERT_TRUE(edge.is_ok());
	EXPECT_EQ(edge.value().end, kMax);
	auto whole = byte_range(0, kMax + 1);
	ASSERT_TRUE(whole.is_ok());
	EXPECT_EQ(whole.value().end, kMax);
}

TEST(PagesOf, CoversPartialPagesAtBothEnds)
{
	PageRange p = pages_of(ByteRange{4095, 4096});
	EXPECT_EQ(p.first, 0u);
	EXPECT_EQ(p.count, 2u);
	p = pages_of(ByteRange{0, kMax});
	EXPECT_EQ(p.first, 0u);
	EXPECT_EQ(p.count, (kMax >> 12) + 1);
}

TEST(Readahead, ClampsToLastPageOfFile)
{
	mpfs_ioc_readahead a{};
	a.index = 3;
	a.nr_pages = 100;
	auto r = readahead_pages(a, 5 * 4096 + 1); // pages 0..5
	ASSERT_TRUE(r.is_ok());
	EXPECT_EQ(r.value().first, 3u);
	EXPECT_EQ(r.value().count, 3u);
}

TEST(Readahead, PastEofEmptyFileAndZeroCountAreNoOps)
{
	mpfs_ioc_readahead a{};
	a.index = 6;
	a.nr_pages = 1;
	EXPECT_EQ(readahead_pages(a, 6 * 4096).value().count, 0u);
	a.index = 0;
	EXPECT_EQ(readahead_pages(a, 0).value().count, 0u);
	a.nr_pages = 0;
	EXPECT_EQ(readahead_pages(a, 1 << 20).value().count, 0u);
}

TEST(Readahead, HugeCountDoesNotOverflow)
{
	mpfs_ioc_readahead a{};
	a.index = ~0ULL;
	a.nr_pages = ~0ULL;
	EXPECT_EQ(readahead_pages(a, kMax).value().count, 0u);
	a.index = 1;
	auto r = readahead_pages(a, kMax);
	EXPECT_EQ(r.value().count, (kMax >> 12));
}

TEST(Readahead, ReservedAndFlagsMustBeZero)
{
	mpfs_ioc_readahead a{};
	a.nr_pages = 1;
	a.flags = 1;
	EXPECT_EQ(errno_of(readahead_pages(a, 4096)), EINVAL);
	a.flags = 0;
	a.reserved0 = 1;
	EXPECT_EQ(errno_of(readahead_pages(a, 4096)), EINVAL);
	a.reserved0 = 0;
	a.reserved[1] = 1;
	EXPECT_EQ(errno_of(readahead_pages(a, 4096)), EINVAL);
}

TEST(ReadFolio, IndexMustHoldAByteOfTheFile)
{
	mpfs_ioc_read_folio a{};
	a.index = 2;
	EXPECT_EQ(read_folio_index(a, 2 * 4096 + 1).value(), 2u);
	EXPECT_EQ(errno_of(read_folio_index(a, 2 * 4096)), EINVAL);
	a.index = 0;
	EXPECT_EQ(errno_of(read_folio_index(a, 0)), EINVAL);
	a.reserved[0] = 7;
	EXPECT_EQ(errno_of(read_folio_index(a, 4096)), EINVAL);
}

TEST(Writepages, Decodes)
{
	mpfs_ioc_writepages a{};
	a.offset = 8192;
	a.length = 4096;
	a.nr_to_write = 3;
	a.sync_mode = MPFS_WB_SYNC_ALL;
	a.pages_written = 12345; // an output: ignored on input
	auto r = writepages_request(a);
	ASSERT_TRUE(r.is_ok());
	EXPECT_EQ(r.value().range.start, 8192u);
	EXPECT_EQ(r.value().range.end, 12287u);
	EXPECT_EQ(r.value().sync_mode, 1);
	EXPECT_EQ(r.value().nr_to_write, 3);
}

TEST(Writepages, RejectsBadSyncModeBudgetFlagsReservedAndRange)
{
	mpfs_ioc_writepages good{};
	good.nr_to_write = 1;
	ASSERT_TRUE(writepages_request(good).is_ok());
	auto bad = good;
	bad.sync_mode = 2;
	EXPECT_EQ(errno_of(writepages_request(bad)), EINVAL);
	bad = good;
	bad.nr_to_write = 0;
	EXPECT_EQ(errno_of(writepages_request(bad)), EINVAL);
	bad.nr_to_write = -5;
	EXPECT_EQ(errno_of(writepages_request(bad)), EINVAL);
	bad = good;
	bad.flags = 0x80000000u;
	EXPECT_EQ(errno_of(writepages_request(bad)), EINVAL);
	bad = good;
	bad.reserved[2] = 1;
	EXPECT_EQ(errno_of(writepages_request(bad)), EINVAL);
	bad = good;
	bad.offset = kMax;
	bad.length = 2;
	EXPECT_EQ(errno_of(writepages_request(bad)), EINVAL);
}

TEST(Invalidate, RangeAndReserved)
{
	mpfs_ioc_range a{};
	a.offset = 100;
	a.length = 1;
	EXPECT_TRUE(invalidate_range(a).is_ok());
	a.reserved0 = 1;
	EXPECT_EQ(errno_of(invalidate_range(a)), EINVAL);
	a.reserved0 = 0;
	a.offset = ~0ULL;
	EXPECT_EQ(errno_of(invalidate_range(a)), EINVAL);
}

TEST(Fault, KindsAndNth)
{
	mpfs_ioc_fault a{};
	auto off = fault_request(a);
	ASSERT_TRUE(off.is_ok());
	EXPECT_EQ(off.value().kind, mpfs::mpage::FaultKind::None);
	a.nth = 1;
	EXPECT_EQ(errno_of(fault_request(a)), EINVAL); // disarm takes nth 0
	a.kind = MPFS_FAULT_BIO_ALLOC;
	a.nth = 3;
	auto on = fault_request(a);
	ASSERT_TRUE(on.is_ok());
	EXPECT_EQ(on.value().kind, mpfs::mpage::FaultKind::BioAlloc);
	EXPECT_EQ(on.value().nth, 3u);
	EXPECT_EQ(on.value().calls, 0u);
	a.nth = 0;
	EXPECT_EQ(errno_of(fault_request(a)), EINVAL);
	a.nth = 1;
	a.kind = MPFS_FAULT_TRUNCATE_WB + 1;
	EXPECT_EQ(errno_of(fault_request(a)), EINVAL);
	// The filesystem's own kinds (both engines) arm like the port's.
	for (auto [kind, want] : {std::pair{MPFS_FAULT_MAP_UNMAPPED, mpfs::mpage::FaultKind::MapUnmapped},
				  std::pair{MPFS_FAULT_TRUNCATE_WB, mpfs::mpage::FaultKind::TruncateWriteback}}) {
		a.kind = kind;
		auto r = fault_request(a);
		ASSERT_TRUE(r.is_ok());
		EXPECT_EQ(r.value().kind, want);
		EXPECT_EQ(r.value().nth, 1u);
	}
	a.kind = MPFS_FAULT_GET_BLOCK;
	a.reserved[1] = 1;
	EXPECT_EQ(errno_of(fault_request(a)), EINVAL);
}

TEST(Info, FillsEveryFieldAndZeroesTheRest)
{
	MountInfo mi{};
	mi.engine = Engine::Port;
	mi.block_size = 1024;
	mi.stats.read_bios = 4;
	mi.stats.read_bytes = 4 * 16384;
	mi.stats.fallback[static_cast<unsigned>(mpfs::mpage::FallbackReason::Discontiguous)] = 9;
	mi.stats.get_block_calls = 77;
	mi.fault = {mpfs::mpage::FaultKind::GetBlock, 5, 2};
	mpfs_ioc_info out;
	memset(&out, 0xa5, sizeof(out)); // garbage that must not survive
	fill_info(out, mi, 4096);
	EXPECT_EQ(out.abi_version, MPFS_IOCTL_ABI_VERSION);
	EXPECT_EQ(out.engine, MPFS_ENGINE_PORT);
	EXPECT_EQ(out.block_size, 1024u);
	EXPECT_EQ(out.page_size, 4096u);
	EXPECT_EQ(out.pad0, 0u);
	EXPECT_EQ(out.fault_kind, MPFS_FAULT_GET_BLOCK);
	EXPECT_EQ(out.fault_nth, 5u);
	EXPECT_EQ(out.fault_calls, 2u);
	EXPECT_EQ(out.stats.read_bios, 4u);
	EXPECT_EQ(out.stats.avg_read_bio_bytes, 16384u);
	EXPECT_EQ(out.stats.avg_write_bio_bytes, 0u);
	EXPECT_EQ(out.stats.fallback[MPFS_FALLBACK_DISCONTIGUOUS], 9u);
	EXPECT_EQ(out.stats.fallback[MPFS_FALLBACK_SLOTS - 1], 0u);
	EXPECT_EQ(out.stats.get_block_calls, 77u);
	for (auto r : out.reserved)
		EXPECT_EQ(r, 0u);
	for (auto r : out.stats.reserved)
		EXPECT_EQ(r, 0u);
}

TEST(Info, ValidMaskFollowsEngine)
{
	uint64_t port = stats_valid_mask(Engine::Port);
	uint64_t kernel = stats_valid_mask(Engine::Kernel);
	EXPECT_EQ(kernel, 1ULL << MPFS_STATS_SLOT(get_block_calls));
	EXPECT_TRUE(port & (1ULL << MPFS_STATS_SLOT(read_bios)));
	EXPECT_TRUE(port & (1ULL << MPFS_STATS_SLOT(rw_page_hits)));
	EXPECT_FALSE(port & (1ULL << (MPFS_STATS_SLOT(fallback) + MPFS_FALLBACK_SLOTS - 1)));
	EXPECT_FALSE(port >> MPFS_STATS_SLOT(reserved));
}

TEST(Client, CountersMatchTheValidMask)
{
	MountInfo mi{};
	mi.engine = Engine::Kernel;
	mi.stats.get_block_calls = 3;
	mpfs_ioc_info out;
	fill_info(out, mi, 4096);
	auto cs = mpfs::ctl::counters(out);
	ASSERT_EQ(cs.size(), 8u + MPFS_FALLBACK_NR + 5u);
	for (auto &c : cs)
		EXPECT_EQ(c.valid, c.name == "get_block_calls") << c.name;
	EXPECT_NE(mpfs::ctl::info_json(out).find("\"get_block_calls\": 3"), std::string::npos);
	EXPECT_NE(mpfs::ctl::info_json(out).find("\"read_bios\": null"), std::string::npos);
}

TEST(Abi, CommandNumbersAreDistinctAndCarryTheMagic)
{
	unsigned cmds[] = {MPFS_IOC_GET_INFO, MPFS_IOC_RESET_STATS, MPFS_IOC_READAHEAD, MPFS_IOC_READ_FOLIO,
			   MPFS_IOC_WRITEPAGES, MPFS_IOC_INVALIDATE, MPFS_IOC_FAULT};
	for (unsigned i = 0; i < 7; i++) {
		EXPECT_EQ(_IOC_TYPE(cmds[i]), MPFS_IOC_MAGIC);
		EXPECT_EQ(_IOC_NR(cmds[i]), i + 1);
	}
	EXPECT_EQ(_IOC_SIZE(MPFS_IOC_GET_INFO), sizeof(mpfs_ioc_info));
	EXPECT_EQ(_IOC_DIR(MPFS_IOC_WRITEPAGES), unsigned(_IOC_READ | _IOC_WRITE));
}

} // namespace
