// SPDX-License-Identifier: GPL-2.0
// Shared fixture of the port's host tests: a simulated world per test at a
// block size of 1K, 2K or 4K and a kernel (mpage flavour) of 6.1 or 6.12, and
// helpers to drive the port and describe the bios and fallbacks it must
// produce. The port runs in the flavour of the simulated kernel.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "mpage/mpage.h"
#include "sim.h"

namespace mpfs::mpage {
/// gtest prints a test's parameters: name the flavour instead of its byte.
inline void PrintTo(Flavour f, std::ostream *os)
{
	*os << (f == Flavour::Linux6_1 ? "Linux6_1" : "Linux6_12");
}
} // namespace mpfs::mpage

namespace mpfs::test {

using sim::Event;
using Kind = sim::Event::Kind;

std::string dump(const std::vector<Event> &events);

/// The ways the port's bdev_read_page/bdev_write_page refuse a device's
/// ->rw_page (driver error, integrity, dying queue, pm_only queue); each must
/// leave the page to an ordinary bio.
struct RwPageRefusal {
	const char *name;
	void (*arm)(block_device &);
};
inline constexpr RwPageRefusal kRwPageRefusals[] = {
	{"error", [](block_device &b) { b.rw_page_result = -EIO; }},
	{"integrity", [](block_device &b) { b.has_integrity = true; }},
	{"dying", [](block_device &b) { b.queue_dying = true; }},
	{"pm_only", [](block_device &b) { b.queue_pm_only = true; }},
};
/// Undo every refusal: the device's ->rw_page is usable again.
inline void clear_rw_page_refusals(block_device &b)
{
	b.rw_page_result = 0;
	b.has_integrity = b.queue_dying = b.queue_pm_only = false;
}

using mpage::Flavour;

/// Block bits (10, 11, 12) and kernel flavour.
using PortParam = std::tuple<unsigned, Flavour>;
std::string port_param_name(const ::testing::TestParamInfo<PortParam> &info);

class PortTest : public ::testing::TestWithParam<PortParam> {
protected:
	static constexpr unsigned kPage = sim::kPageSize;
	static constexpr std::uint64_t kDevBytes = 4u << 20; // 4 MiB

	void SetUp() override { reset(kDevBytes, 64); }
	void reset(std::uint64_t dev_bytes, unsigned nr_pages);

	unsigned bits() const { return std::get<0>(GetParam()); }
	Flavour flavour() const { return std::get<1>(GetParam()); }
	bool is_6_1() const { return flavour() == Flavour::Linux6_1; }
	unsigned bs() const { return 1u << bits(); }
	unsigned bpp() const { return kPage >> bits(); }
	/// The sector of disk block @db.
	std::uint64_t sec(std::uint64_t db) const { return db << (bits() - 9); }
	mpage::Context ctx() { return mpage::Context{sim::sim_get_block, &stats, &fault, flavour()}; }

	/// Map @pages whole pages from file page @fp to disk block @db on, contiguously.
	void map_pages(unsigned long fp, std::uint64_t db, unsigned pages);
	void set_size(long long bytes) { w->ino.i_size = bytes; }

	/// Readahead of pages [first, first+n), completed; the window as the port left it.
	readahead_control readahead(unsigned long first, unsigned n);
	void read_folio(unsigned long index);
	int writepages(sim::World &, writeback_control &wbc);
	writeback_control wbc_all(int sync_mode = sim::WB_SYNC_NONE);

	/// A read bio as readahead builds it.
	Event ra_bio(std::uint64_t sector, unsigned size, std::vector<unsigned long> pages, unsigned vecs) const;
	Event read_bio(std::uint64_t sector, unsigned size, std::vector<unsigned long> pages) const;
	Event write_bio(std::uint64_t sector, unsigned size, std::vector<unsigned long> pages,
			unsigned flags = 0) const;
	static Event fallback_read(unsigned long page);
	static Event fallback_write(unsigned long page);

	/// Events of the given kinds, in order (default: bios, rw_page and fallbacks).
	std::vector<Event> io(std::vector<Kind> kinds = {Kind::Bio, Kind::RwPage, Kind::FallbackRead,
							   Kind::FallbackWrite}) const;
	/// Page @index holds the device bytes of disk block @db onward (for @bytes), zeros after.
	::testing::AssertionResult page_has_disk(unsigned long index, std::uint64_t db, unsigned bytes);
	::testing::AssertionResult disk_has_page(std::uint64_t db, unsigned long index, unsigned bytes);
	bool flag(unsigned long index, unsigned bit) { return w->page_flag(index, bit); }

	std::unique_ptr<sim::World> w;
	mpage::Stats stats{};
	mpage::FaultInjection fault{};
};

} // namespace mpfs::test

#define EXPECT_IO(expected) EXPECT_EQ(mpfs::test::dump(io()), mpfs::test::dump(expected))

/// Run @suite at 1K, 2K and 4K blocks under each kernel: Linux6_1/... and Linux6_12/...
#define MPFS_INSTANTIATE_PER_KERNEL(suite)                                                          \
	INSTANTIATE_TEST_SUITE_P(Linux6_1, suite,                                                    \
				 ::testing::Combine(::testing::Values(10u, 11u, 12u),                \
						    ::testing::Values(mpfs::mpage::Flavour::Linux6_1)), \
				 mpfs::test::port_param_name);                                      \
	INSTANTIATE_TEST_SUITE_P(Linux6_12, suite,                                                   \
				 ::testing::Combine(::testing::Values(10u, 11u, 12u),                \
						    ::testing::Values(mpfs::mpage::Flavour::Linux6_12)), \
				 mpfs::test::port_param_name)
