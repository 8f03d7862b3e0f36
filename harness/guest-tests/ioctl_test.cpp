// SPDX-License-Identifier: GPL-2.0
// In-guest tests of every mpfs ioctl: the happy path checked against the
// mount's counters (GET_INFO) and the page-cache state (mincore), and every
// bad input: bad pointer -> EFAULT, nonzero reserved/flags -> EINVAL, unknown
// command -> ENOTTY, FAULT without CAP_SYS_ADMIN -> EPERM.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "client.h"

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxLoff = 0x7fffffffffffffffULL;

std::string test_dir()
{
	const char *d = getenv("MPFS_TEST_DIR");
	if (!d)
		d = getenv("SCRATCH_MNT");
	return d ? d : "";
}

uint8_t byte_at(uint64_t off, unsigned gen) { return static_cast<uint8_t>((off * 131 + (off >> 12) * 7 + gen * 29) ^ (off >> 9)); }

/// ioctl returning 0 or errno.
template <typename T> int io(int fd, unsigned long cmd, T arg)
{
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

class Ioctl : public ::testing::Test {
protected:
	void SetUp() override
	{
		dir_ = test_dir();
		ASSERT_FALSE(dir_.empty()) << "set MPFS_TEST_DIR (or SCRATCH_MNT) to a directory on a mounted mpfs";
		path_ = dir_ + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
		fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		ASSERT_GE(fd_, 0) << path_ << ": " << strerror(errno);
		ASSERT_EQ(mpfs::ctl::get_info(fd_, info_), 0) << "not an mpfs file?";
		port_ = info_.engine == MPFS_ENGINE_PORT;
		ASSERT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_NONE, 0), 0);
	}
	void TearDown() override
	{
		if (fd_ >= 0) {
			EXPECT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_NONE, 0), 0);
			close(fd_);
			unlink(path_.c_str());
		}
	}

	/// @pages pages of data, written back and dropped from the cache.
	void make_file(uint64_t pages, uint64_t extra_bytes = 0)
	{
		write_data(0, pages * kPage + extra_bytes, 0);
		ASSERT_EQ(fsync(fd_), 0);
		ASSERT_EQ(mpfs::ctl::invalidate(fd_, 0, 0), 0);
		ASSERT_EQ(cached_count(), 0u);
	}
	void write_data(uint64_t off, uint64_t len, unsigned gen)
	{
		std::vector<uint8_t> b(len);
		for (uint64_t i = 0; i < len; i++)
			b[i] = byte_at(off + i, gen);
		ASSERT_EQ(pwrite(fd_, b.data(), len, off), static_cast<ssize_t>(len));
	}
	void expect_data(uint64_t off, uint64_t len, unsigned gen)
	{
		std::vector<uint8_t> b(len);
		ASSERT_EQ(pread(fd_, b.data(), len, off), static_cast<ssize_t>(len));
		for (uint64_t i = 0; i < len; i++)
			if (b[i] != byte_at(off + i, gen)) {
				ADD_FAILURE() << "wrong byte at " << off + i;
				return;
			}
	}
	std::vector<bool> cached()
	{
		std::vector<bool> p;
		EXPECT_EQ(mpfs::ctl::residency(fd_, p), 0);
		return p;
	}
	size_t cached_count()
	{
		size_t n = 0;
		for (bool b : cached())
			n += b;
		return n;
	}
	/// mincore reports a page once it is uptodate, and READAHEAD/READ_FOLIO
	/// return with reads in flight: wait (at most 10 s) until pages
	/// [first, first + n) all show, so the exact-set checks that follow see
	/// the settled state.
	void wait_uptodate(uint64_t first, uint64_t n)
	{
		for (int i = 0; i < 1000; i++) {
			std::vector<bool> c = cached();
			bool all = true;
			for (uint64_t p = first; p < first + n; p++)
				all = all && p < c.size() && c[p];
			if (all)
				return;
			usleep(10000);
		}
		ADD_FAILURE() << "pages " << first << "+" << n << " not uptodate after 10 s: " << cache_map();
	}
	/// "..###." style map of the cache, for readable failures.
	std::string cache_map()
	{
		std::string s;
		for (bool b : cached())
			s += b ? '#' : '.';
		return s;
	}
	mpfs_ioc_stats stats()
	{
		mpfs_ioc_info i;
		EXPECT_EQ(mpfs::ctl::get_info(fd_, i), 0);
		return i.stats;
	}
	mpfs_ioc_info info()
	{
		mpfs_ioc_info i;
		EXPECT_EQ(mpfs::ctl::get_info(fd_, i), 0);
		return i;
	}

	std::string dir_, path_;
	int fd_ = -1;
	mpfs_ioc_info info_{};
	bool port_ = false;
};

// ---- GET_INFO ------------------------------------------------------------------

TEST_F(Ioctl, GetInfoReportsTheMount)
{
	EXPECT_EQ(info_.abi_version, MPFS_IOCTL_ABI_VERSION);
	EXPECT_TRUE(info_.engine == MPFS_ENGINE_KERNEL || info_.engine == MPFS_ENGINE_PORT ||
		    info_.engine == MPFS_ENGINE_IOMAP);
	if (const char *e = getenv("MPFS_EXPECT_ENGINE")) {
		EXPECT_STREQ(mpfs::ctl::engine_name(info_.engine), e);
	}
	if (const char *b = getenv("MPFS_EXPECT_BLOCK_SIZE")) {
		EXPECT_EQ(info_.block_size, strtoul(b, nullptr, 10));
	}
	EXPECT_TRUE(info_.block_size == 1024 || info_.block_size == 2048 || info_.block_size == 4096);
	EXPECT_EQ(info_.page_size, static_cast<uint32_t>(sysconf(_SC_PAGESIZE)));
	struct stat st;
	ASSERT_EQ(fstat(fd_, &st), 0);
	EXPECT_EQ(static_cast<uint32_t>(st.st_blksize), info_.block_size);
	EXPECT_NE(info_.stats_valid & (1ULL << MPFS_STATS_SLOT(get_block_calls)), 0u);
	EXPECT_EQ(info_.stats_valid & (1ULL << MPFS_STATS_SLOT(read_bios)) ? 1 : 0, port_ ? 1 : 0);
}

TEST_F(Ioctl, GetInfoFillsEveryByte)
{
	mpfs_ioc_info i;
	memset(&i, 0xa5, sizeof(i));
	ASSERT_EQ(io(fd_, MPFS_IOC_GET_INFO, &i), 0);
	EXPECT_EQ(i.pad0, 0u);
	for (auto r : i.reserved)
		EXPECT_EQ(r, 0u);
	for (auto r : i.stats.reserved)
		EXPECT_EQ(r, 0u);
	for (unsigned s = MPFS_FALLBACK_NR; s < MPFS_FALLBACK_SLOTS; s++)
		EXPECT_EQ(i.stats.fallback[s], 0u);
}

TEST_F(Ioctl, GetInfoWorksOnTheDirectory)
{
	int d = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_GE(d, 0);
	mpfs_ioc_info i;
	EXPECT_EQ(mpfs::ctl::get_info(d, i), 0);
	EXPECT_EQ(i.block_size, info_.block_size);
	close(d);
}

TEST_F(Ioctl, BadPointersGiveEfault)
{
	void *bad[] = {nullptr, reinterpret_cast<void *>(1), reinterpret_cast<void *>(0xffff800000000000ULL)};
	for (void *p : bad) {
		EXPECT_EQ(io(fd_, MPFS_IOC_GET_INFO, p), EFAULT);
		EXPECT_EQ(io(fd_, MPFS_IOC_READAHEAD, p), EFAULT);
		EXPECT_EQ(io(fd_, MPFS_IOC_READ_FOLIO, p), EFAULT);
		EXPECT_EQ(io(fd_, MPFS_IOC_WRITEPAGES, p), EFAULT);
		EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, p), EFAULT);
		EXPECT_EQ(io(fd_, MPFS_IOC_FAULT, p), EFAULT);
	}
}

TEST_F(Ioctl, StructEndingInAnUnmappedPageGivesEfault)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *two = static_cast<char *>(mmap(nullptr, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	ASSERT_NE(two, MAP_FAILED);
	ASSERT_EQ(munmap(two + ps, ps), 0);
	// The struct starts 8 bytes before the hole: readable head, missing tail.
	EXPECT_EQ(io(fd_, MPFS_IOC_READAHEAD, two + ps - 8), EFAULT);
	EXPECT_EQ(io(fd_, MPFS_IOC_GET_INFO, two + ps - 8), EFAULT);
	munmap(two, ps);
}

TEST_F(Ioctl, UnknownCommandsGiveEnotty)
{
	char buf[512] = {};
	EXPECT_EQ(io(fd_, _IO(MPFS_IOC_MAGIC, 0), buf), ENOTTY);
	EXPECT_EQ(io(fd_, _IO(MPFS_IOC_MAGIC, 8), buf), ENOTTY);
	EXPECT_EQ(io(fd_, _IO(MPFS_IOC_MAGIC, 0xff), buf), ENOTTY);
	// Right number, wrong size or direction: a different command.
	EXPECT_EQ(io(fd_, _IOR(MPFS_IOC_MAGIC, 1, uint32_t), buf), ENOTTY);
	EXPECT_EQ(io(fd_, _IOW(MPFS_IOC_MAGIC, 1, mpfs_ioc_info), buf), ENOTTY);
	EXPECT_EQ(io(fd_, _IOR(MPFS_IOC_MAGIC, 3, mpfs_ioc_readahead), buf), ENOTTY);
	EXPECT_EQ(io(fd_, _IO(MPFS_IOC_MAGIC + 1, 1), buf), ENOTTY);
}

// ---- RESET_STATS ---------------------------------------------------------------

TEST_F(Ioctl, ResetStatsZeroesTheCounters)
{
	make_file(8);
	ASSERT_EQ(mpfs::ctl::readahead(fd_, 0, 8), 0);
	ASSERT_GT(stats().get_block_calls, 0u);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	mpfs_ioc_stats s = stats();
	const __u64 *slot = reinterpret_cast<const __u64 *>(&s);
	for (unsigned i = 0; i < sizeof(s) / 8; i++)
		EXPECT_EQ(slot[i], 0u) << "slot " << i;
}

TEST_F(Ioctl, ResetStatsTakesNoArgument)
{
	EXPECT_EQ(io(fd_, MPFS_IOC_RESET_STATS, 1UL), EINVAL);
	EXPECT_EQ(io(fd_, MPFS_IOC_RESET_STATS, &info_), EINVAL);
}

// ---- READAHEAD -----------------------------------------------------------------

TEST_F(Ioctl, ReadaheadCachesExactlyTheRequestedPages)
{
	make_file(32);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::readahead(fd_, 3, 5), 0);
	wait_uptodate(3, 5);
	std::vector<bool> c = cached();
	ASSERT_EQ(c.size(), 32u);
	for (size_t i = 0; i < c.size(); i++)
		EXPECT_EQ(c[i], i >= 3 && i < 8) << "page " << i << ": " << cache_map();
	mpfs_ioc_stats s = stats();
	EXPECT_GT(s.get_block_calls, 0u);
	if (port_) {
		EXPECT_EQ(s.read_pages, 5u);
		EXPECT_GE(s.read_bios, 1u);
		EXPECT_LE(s.read_bios, 5u);
		EXPECT_EQ(s.read_bytes, 5 * kPage);
		EXPECT_EQ(s.write_bios, 0u);
	}
	expect_data(3 * kPage, 5 * kPage, 0);
}

TEST_F(Ioctl, ReadaheadSkipsCachedPagesAndClampsAtEof)
{
	make_file(10, 100); // 11 pages, the last partial
	ASSERT_EQ(mpfs::ctl::readahead(fd_, 4, 1), 0);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::readahead(fd_, 2, 1ULL << 40), 0);
	wait_uptodate(2, 9);
	std::vector<bool> c = cached();
	ASSERT_EQ(c.size(), 11u);
	for (size_t i = 0; i < c.size(); i++)
		EXPECT_EQ(c[i], i >= 2) << cache_map();
	if (port_) {
		EXPECT_EQ(stats().read_pages, 8u); // 2,3 and 5..10: page 4 was cached
	}
	expect_data(2 * kPage, 8 * kPage + 100, 0);
}

TEST_F(Ioctl, ReadaheadPastEofAndOfNothingDoNothing)
{
	make_file(4);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	EXPECT_EQ(mpfs::ctl::readahead(fd_, 4, 10), 0);
	EXPECT_EQ(mpfs::ctl::readahead(fd_, ~0ULL, ~0ULL), 0);
	EXPECT_EQ(mpfs::ctl::readahead(fd_, 0, 0), 0);
	EXPECT_EQ(cached_count(), 0u);
	EXPECT_EQ(stats().get_block_calls, 0u);
}

TEST_F(Ioctl, ReadaheadRejectsFlagsAndReserved)
{
	make_file(4);
	mpfs_ioc_readahead a{};
	a.nr_pages = 4;
	a.flags = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_READAHEAD, &a), EINVAL);
	a.flags = 0;
	a.reserved0 = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_READAHEAD, &a), EINVAL);
	a.reserved0 = 0;
	for (auto &r : a.reserved) {
		r = 1ULL << 63;
		EXPECT_EQ(io(fd_, MPFS_IOC_READAHEAD, &a), EINVAL);
		r = 0;
	}
	EXPECT_EQ(cached_count(), 0u);
	EXPECT_EQ(io(fd_, MPFS_IOC_READAHEAD, &a), 0);
	wait_uptodate(0, 4);
}

TEST_F(Ioctl, DataCommandsRefuseADirectory)
{
	int d = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_GE(d, 0);
	mpfs_ioc_readahead ra{};
	ra.nr_pages = 1;
	mpfs_ioc_read_folio rf{};
	mpfs_ioc_writepages wp{};
	wp.nr_to_write = 1;
	mpfs_ioc_range r{};
	EXPECT_EQ(io(d, MPFS_IOC_READAHEAD, &ra), EISDIR);
	EXPECT_EQ(io(d, MPFS_IOC_READ_FOLIO, &rf), EISDIR);
	EXPECT_EQ(io(d, MPFS_IOC_WRITEPAGES, &wp), EISDIR);
	EXPECT_EQ(io(d, MPFS_IOC_INVALIDATE, &r), EISDIR);
	close(d);
}

// ---- READ_FOLIO ----------------------------------------------------------------

TEST_F(Ioctl, ReadFolioReadsOnePage)
{
	make_file(16);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 9), 0);
	wait_uptodate(9, 1);
	std::vector<bool> c = cached();
	for (size_t i = 0; i < c.size(); i++)
		EXPECT_EQ(c[i], i == 9) << cache_map();
	mpfs_ioc_stats s = stats();
	EXPECT_GT(s.get_block_calls, 0u);
	if (port_) {
		EXPECT_EQ(s.read_bios, 1u);
		EXPECT_EQ(s.read_pages, 1u);
	}
	expect_data(9 * kPage, kPage, 0);
}

TEST_F(Ioctl, ReadFolioDropsACleanCachedPageAndReadsItAgain)
{
	make_file(8);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 2), 0);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 2), 0);
	// A page still cached would not have been mapped again.
	EXPECT_GT(stats().get_block_calls, 0u);
	if (port_) {
		EXPECT_EQ(stats().read_pages, 1u);
	}
	expect_data(2 * kPage, kPage, 0);
}

TEST_F(Ioctl, ReadFolioKeepsADirtyPage)
{
	make_file(4);
	write_data(kPage + 10, 20, 1);
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 1), -EBUSY);
	std::vector<uint8_t> b(20);
	ASSERT_EQ(pread(fd_, b.data(), 20, kPage + 10), 20);
	for (unsigned i = 0; i < 20; i++)
		EXPECT_EQ(b[i], byte_at(kPage + 10 + i, 1));
}

TEST_F(Ioctl, ReadFolioOfAHoleGivesZeros)
{
	ASSERT_EQ(ftruncate(fd_, 4 * kPage), 0);
	write_data(3 * kPage, kPage, 0);
	ASSERT_EQ(fsync(fd_), 0);
	ASSERT_EQ(mpfs::ctl::invalidate(fd_, 0, 0), 0);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 1), 0);
	if (port_) {
		EXPECT_EQ(stats().read_bios, 0u);
		EXPECT_EQ(stats().hole_pages, 1u);
	}
	std::vector<uint8_t> b(kPage, 0xff);
	ASSERT_EQ(pread(fd_, b.data(), kPage, kPage), static_cast<ssize_t>(kPage));
	for (uint8_t v : b)
		ASSERT_EQ(v, 0);
}

TEST_F(Ioctl, ReadFolioRejectsPastEofFlagsAndReserved)
{
	make_file(3, 1);
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 3), 0); // holds the last byte
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 4), -EINVAL);
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, ~0ULL), -EINVAL);
	mpfs_ioc_read_folio a{};
	a.flags = 2;
	EXPECT_EQ(io(fd_, MPFS_IOC_READ_FOLIO, &a), EINVAL);
	a.flags = 0;
	a.reserved0 = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_READ_FOLIO, &a), EINVAL);
	a.reserved0 = 0;
	a.reserved[0] = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_READ_FOLIO, &a), EINVAL);
}

// ---- WRITEPAGES ----------------------------------------------------------------

TEST_F(Ioctl, WritepagesSyncNoneHonoursNrToWrite)
{
	write_data(0, 16 * kPage, 0);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	uint64_t n = 99;
	ASSERT_EQ(mpfs::ctl::writepages(fd_, 0, 0, 3, MPFS_WB_SYNC_NONE, &n), 0);
	EXPECT_EQ(n, 3u);
	ASSERT_EQ(mpfs::ctl::writepages(fd_, 0, 0, 3, MPFS_WB_SYNC_NONE, &n), 0);
	EXPECT_EQ(n, 3u);
	ASSERT_EQ(mpfs::ctl::writepages(fd_, 0, 0, 1000, MPFS_WB_SYNC_ALL, &n), 0);
	EXPECT_EQ(n, 10u);
	ASSERT_EQ(mpfs::ctl::writepages(fd_, 0, 0, 1000, MPFS_WB_SYNC_ALL, &n), 0);
	EXPECT_EQ(n, 0u);
	if (port_) {
		EXPECT_EQ(stats().write_pages, 16u);
		EXPECT_EQ(stats().write_bytes, 16 * kPage);
	}
	// Written pages are clean: READ_FOLIO may drop and re-read them.
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 15), 0);
	ASSERT_EQ(mpfs::ctl::invalidate(fd_, 0, 0), 0);
	expect_data(0, 16 * kPage, 0);
}

TEST_F(Ioctl, WritepagesWritesOnlyItsRange)
{
	write_data(0, 8 * kPage, 0);
	uint64_t n = 0;
	// Bytes [2 pages + 1, 4 pages): pages 2 and 3.
	ASSERT_EQ(mpfs::ctl::writepages(fd_, 2 * kPage + 1, 2 * kPage - 1, 100, MPFS_WB_SYNC_ALL, &n), 0);
	EXPECT_EQ(n, 2u);
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 2), 0);
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 3), 0);
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 1), -EBUSY); // still dirty
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 4), -EBUSY);
	ASSERT_EQ(fsync(fd_), 0);
}

TEST_F(Ioctl, WritepagesCopiesOutAFullyInitialisedStruct)
{
	write_data(0, 2 * kPage, 0);
	mpfs_ioc_writepages a{};
	a.nr_to_write = 10;
	a.sync_mode = MPFS_WB_SYNC_ALL;
	a.pages_written = 12345; // output only: ignored on input
	ASSERT_EQ(io(fd_, MPFS_IOC_WRITEPAGES, &a), 0);
	EXPECT_EQ(a.pages_written, 2u);
	EXPECT_EQ(a.nr_to_write, 10);
	EXPECT_EQ(a.flags, 0u);
	for (auto r : a.reserved)
		EXPECT_EQ(r, 0u);
}

TEST_F(Ioctl, WritepagesRejectsBadArguments)
{
	write_data(0, kPage, 0);
	mpfs_ioc_writepages good{};
	good.nr_to_write = 1;
	auto expect_einval = [&](mpfs_ioc_writepages a, const char *what) {
		EXPECT_EQ(io(fd_, MPFS_IOC_WRITEPAGES, &a), EINVAL) << what;
	};
	auto a = good;
	a.sync_mode = 2;
	expect_einval(a, "sync_mode 2");
	a = good;
	a.nr_to_write = 0;
	expect_einval(a, "nr_to_write 0");
	a.nr_to_write = -1;
	expect_einval(a, "nr_to_write -1");
	a = good;
	a.flags = 1;
	expect_einval(a, "flags");
	a = good;
	a.reserved[1] = 1;
	expect_einval(a, "reserved");
	a = good;
	a.offset = kMaxLoff;
	a.length = 2;
	expect_einval(a, "range past LLONG_MAX");
	a = good;
	a.offset = ~0ULL;
	expect_einval(a, "offset past LLONG_MAX");
	a = good;
	a.offset = 1;
	a.length = ~0ULL;
	expect_einval(a, "offset + length overflows");
	// Nothing was written by the rejected calls.
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 0), -EBUSY);
	ASSERT_EQ(fsync(fd_), 0);
}

// ---- INVALIDATE ----------------------------------------------------------------

TEST_F(Ioctl, InvalidateWritesBackAndDropsTheOverlappedPages)
{
	write_data(0, 8 * kPage, 0);
	// Bytes [2 pages + 100, 4 pages + 1): overlaps pages 2, 3 and 4.
	ASSERT_EQ(mpfs::ctl::invalidate(fd_, 2 * kPage + 100, 2 * kPage - 99), 0);
	std::vector<bool> c = cached();
	for (size_t i = 0; i < c.size(); i++)
		EXPECT_EQ(c[i], i < 2 || i > 4) << cache_map();
	EXPECT_EQ(mpfs::ctl::read_folio(fd_, 5), -EBUSY); // outside the range: still dirty
	ASSERT_EQ(mpfs::ctl::invalidate(fd_, 0, 0), 0);
	EXPECT_EQ(cached_count(), 0u);
	expect_data(0, 8 * kPage, 0); // read back from the disk
}

TEST_F(Ioctl, InvalidateRejectsBadArguments)
{
	mpfs_ioc_range a{};
	a.flags = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, &a), EINVAL);
	a.flags = 0;
	a.reserved0 = 3;
	EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, &a), EINVAL);
	a.reserved0 = 0;
	a.reserved[1] = 3;
	EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, &a), EINVAL);
	a.reserved[1] = 0;
	a.offset = kMaxLoff + 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, &a), EINVAL);
	a.offset = 5;
	a.length = kMaxLoff;
	EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, &a), EINVAL);
	a.offset = 0;
	a.length = kMaxLoff + 1; // exactly up to LLONG_MAX: fine
	EXPECT_EQ(io(fd_, MPFS_IOC_INVALIDATE, &a), 0);
}

// ---- FAULT ---------------------------------------------------------------------

/// Run @fn in a child that dropped root (and so every capability).
int as_nobody(int fd, unsigned long cmd, void *arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(100);
		_exit(ioctl(fd, cmd, arg) < 0 ? errno : 0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}

TEST_F(Ioctl, FaultNeedsCapSysAdmin)
{
	mpfs_ioc_fault f{};
	f.kind = MPFS_FAULT_GET_BLOCK;
	f.nth = 1;
	EXPECT_EQ(as_nobody(fd_, MPFS_IOC_FAULT, &f), EPERM);
	EXPECT_EQ(as_nobody(fd_, MPFS_IOC_FAULT, nullptr), EPERM); // checked before the copy
	EXPECT_EQ(info().fault_kind, MPFS_FAULT_NONE);
	// Everything else stays available to an unprivileged caller.
	mpfs_ioc_info i;
	EXPECT_EQ(as_nobody(fd_, MPFS_IOC_GET_INFO, &i), 0);
}

TEST_F(Ioctl, FaultArmsAndDisarms)
{
	ASSERT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_BIO_ALLOC, 7), 0);
	mpfs_ioc_info i = info();
	EXPECT_EQ(i.fault_kind, MPFS_FAULT_BIO_ALLOC);
	EXPECT_EQ(i.fault_nth, 7u);
	EXPECT_EQ(i.fault_calls, 0u);
	ASSERT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_NONE, 0), 0);
	EXPECT_EQ(info().fault_kind, MPFS_FAULT_NONE);
}

TEST_F(Ioctl, FaultRejectsBadArguments)
{
	EXPECT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_TRUNCATE_WB + 1, 1), -EINVAL);
	EXPECT_EQ(mpfs::ctl::fault(fd_, ~0u, 1), -EINVAL);
	EXPECT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_GET_BLOCK, 0), -EINVAL);
	EXPECT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_NONE, 5), -EINVAL);
	mpfs_ioc_fault f{};
	f.kind = MPFS_FAULT_GET_BLOCK;
	f.nth = 1;
	f.flags = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_FAULT, &f), EINVAL);
	f.flags = 0;
	f.reserved[0] = 1;
	EXPECT_EQ(io(fd_, MPFS_IOC_FAULT, &f), EINVAL);
	EXPECT_EQ(info().fault_kind, MPFS_FAULT_NONE);
}

TEST_F(Ioctl, GetBlockFaultSendsThePageDownTheBufferPath)
{
	make_file(4);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_GET_BLOCK, 1), 0);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 1), 0);
	mpfs_ioc_info i = info();
	if (port_) {
		EXPECT_GE(i.fault_calls, 1u);
		EXPECT_EQ(i.stats.fallback[MPFS_FALLBACK_GET_BLOCK_ERROR], 1u);
		EXPECT_EQ(i.stats.read_bios, 0u);
	} else {
		EXPECT_EQ(i.fault_calls, 0u); // the kernel's mpage never consults it
	}
	expect_data(kPage, kPage, 0); // block_read_full_folio read it
}

TEST_F(Ioctl, BioAllocFaultSendsThePageDownTheBufferPath)
{
	make_file(4);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_BIO_ALLOC, 1), 0);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 2), 0);
	mpfs_ioc_info i = info();
	if (port_) {
		EXPECT_EQ(i.fault_calls, 1u);
		EXPECT_EQ(i.stats.fallback[MPFS_FALLBACK_BIO_ALLOC_FAILED], 1u);
	} else {
		EXPECT_EQ(i.fault_calls, 0u);
	}
	expect_data(2 * kPage, kPage, 0);
}

// ---- layouts (50-ioctl.sh mounts with alloc=reverse for these) --------------------

TEST_F(Ioctl, ReverseLayoutPagesFallBackAsDiscontiguous)
{
	const char *alloc = getenv("MPFS_EXPECT_ALLOC");
	if (!alloc || std::string(alloc) != "reverse" || info_.block_size == kPage)
		GTEST_SKIP() << "needs alloc=reverse and blocks smaller than a page";
	make_file(4);
	ASSERT_EQ(mpfs::ctl::reset_stats(fd_), 0);
	ASSERT_EQ(mpfs::ctl::read_folio(fd_, 1), 0);
	ASSERT_EQ(mpfs::ctl::readahead(fd_, 2, 2), 0);
	wait_uptodate(1, 3);
	mpfs_ioc_stats s = stats();
	EXPECT_GT(s.get_block_calls, 0u);
	if (port_) {
		// Every block sits before the previous one on disk: each page is
		// discontiguous and goes through block_read_full_folio, no mpage bio.
		EXPECT_EQ(s.fallback[MPFS_FALLBACK_DISCONTIGUOUS], 3u);
		EXPECT_EQ(s.read_bios, 0u);
		EXPECT_EQ(s.read_pages, 0u);
	}
	expect_data(kPage, 3 * kPage, 0);
}

// ---- robustness ----------------------------------------------------------------

TEST_F(Ioctl, RandomArgumentsNeverBreakAnything)
{
	make_file(8);
	std::mt19937_64 rng(12345);
	const unsigned long cmds[] = {MPFS_IOC_READAHEAD, MPFS_IOC_READ_FOLIO, MPFS_IOC_WRITEPAGES,
				      MPFS_IOC_INVALIDATE, MPFS_IOC_FAULT};
	uint64_t buf[16];
	for (int iter = 0; iter < 400; iter++) {
		for (auto &w : buf) {
			// Mostly small values and zeros, so some calls get past validation.
			switch (rng() % 4) {
			case 0: w = 0; break;
			case 1: w = rng() % 64; break;
			case 2: w = rng(); break;
			default: w = rng() % 2 ? kMaxLoff : ~0ULL; break;
			}
		}
		unsigned long cmd = cmds[rng() % 5];
		int e = io(fd_, cmd, buf);
		EXPECT_TRUE(e == 0 || e == EINVAL || e == EBUSY || e == EIO) << "cmd " << cmd << ": " << strerror(e);
	}
	ASSERT_EQ(mpfs::ctl::fault(fd_, MPFS_FAULT_NONE, 0), 0);
	ASSERT_EQ(mpfs::ctl::invalidate(fd_, 0, 0), 0);
	expect_data(0, 8 * kPage, 0);
}

/// Prints "mpfs-test: PASS|FAIL <prefix><Suite.Name>" per test for the guest protocol.
class ProtocolPrinter : public ::testing::EmptyTestEventListener {
public:
	explicit ProtocolPrinter(std::string prefix) : prefix_(std::move(prefix)) {}
	void OnTestEnd(const ::testing::TestInfo &t) override
	{
		if (t.result()->Skipped())
			return; // not applicable to this configuration: neither pass nor fail
		printf("mpfs-test: %s %s%s.%s\n", t.result()->Passed() ? "PASS" : "FAIL", prefix_.c_str(),
		       t.test_suite_name(), t.name());
		fflush(stdout);
	}

private:
	std::string prefix_;
};

} // namespace

int main(int argc, char **argv)
{
	::testing::InitGoogleTest(&argc, argv);
	const char *prefix = getenv("MPFS_TEST_PREFIX");
	::testing::UnitTest::GetInstance()->listeners().Append(new ProtocolPrinter(prefix ? prefix : ""));
	return RUN_ALL_TESTS();
}
