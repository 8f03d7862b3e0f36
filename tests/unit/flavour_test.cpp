// SPDX-License-Identifier: GPL-2.0
// The flavour table (kmod/mpage/flavour.h): how the module's kernel version
// picks the flavour, and what each flavour switches. The behaviour itself is
// tested per flavour in ReadTest, WriteTest and PropertyTest.
#include <gtest/gtest.h>

#include "mpage/flavour.h"
#include "sim.h"

namespace mpfs::test {
namespace {

using mpage::Flavour;
using mpage::kernel_version;

TEST(Flavour, TheBuildKernelsVersionPicksIt)
{
	// LINUX_VERSION_CODE of the two Debian 12 header packages
	EXPECT_EQ(kernel_version(6, 1, 192), 393664u);
	EXPECT_EQ(kernel_version(6, 12, 117), 396405u);
	EXPECT_EQ(mpage::flavour_of_kernel(393664u), Flavour::Linux6_1);
	EXPECT_EQ(mpage::flavour_of_kernel(396405u), Flavour::Linux6_12);
	EXPECT_EQ(mpage::flavour_of_kernel(kernel_version(6, 1, 0)), Flavour::Linux6_1);
	EXPECT_EQ(mpage::flavour_of_kernel(kernel_version(6, 12, 0)), Flavour::Linux6_12);
	EXPECT_EQ(kernel_version(6, 1, 300), kernel_version(6, 1, 255)); // sublevel saturates
}

TEST(Flavour, OnlyThe61And612SeriesAreFollowed)
{
	EXPECT_TRUE(mpage::is_followed_kernel(kernel_version(6, 1, 0)));
	EXPECT_TRUE(mpage::is_followed_kernel(kernel_version(6, 1, 255)));
	EXPECT_TRUE(mpage::is_followed_kernel(kernel_version(6, 12, 117)));
	EXPECT_FALSE(mpage::is_followed_kernel(kernel_version(6, 0, 19)));
	EXPECT_FALSE(mpage::is_followed_kernel(kernel_version(6, 6, 0)));
	EXPECT_FALSE(mpage::is_followed_kernel(kernel_version(6, 13, 0)));
	EXPECT_FALSE(mpage::is_followed_kernel(kernel_version(5, 10, 0)));
}

TEST(Flavour, TableRowsSayWhatEachKernelDoes)
{
	const mpage::Behaviour &v61 = mpage::behaviour(Flavour::Linux6_1);
	EXPECT_EQ(v61.rw_page, mpage::RwPage::TryFirst);
	EXPECT_EQ(v61.past_eof_mapping, mpage::PastEofMapping::GetBlock);
	EXPECT_EQ(v61.unmapped_after_create, mpage::UnmappedAfterCreate::UseBlocknr);
	EXPECT_EQ(v61.write_hint, mpage::WriteHint::None);
	EXPECT_EQ(v61.end_io, mpage::EndIo::PageEndio);
	EXPECT_EQ(v61.confused_write, mpage::ConfusedWrite::BlockWriteFullPage);

	const mpage::Behaviour &v612 = mpage::behaviour(Flavour::Linux6_12);
	EXPECT_EQ(v612.rw_page, mpage::RwPage::Absent);
	EXPECT_EQ(v612.past_eof_mapping, mpage::PastEofMapping::Skip);
	EXPECT_EQ(v612.unmapped_after_create, mpage::UnmappedAfterCreate::Confused);
	EXPECT_EQ(v612.write_hint, mpage::WriteHint::FromInode);
	EXPECT_EQ(v612.end_io, mpage::EndIo::FolioEndReadOrWriteback);
	EXPECT_EQ(v612.confused_write, mpage::ConfusedWrite::PortedBlockWriteFullFolio);
}

// The sim enforces "the port never calls a helper in a flavour where it has no
// meaning": a helper the simulated kernel lacks throws.
TEST(Flavour, TheSimRefusesHelpersTheSimulatedKernelLacks)
{
	sim::World w(12, 1u << 20, 4);
	w.add_locked_pages(0, 1);
	w.kernel = Flavour::Linux6_12;
	EXPECT_THROW(shim_page_endio(&w.folio(0)->page, 0, 0), std::logic_error);
	EXPECT_THROW(shim_bdev_has_rw_page(&w.bdev), std::logic_error);
	EXPECT_THROW(shim_block_write_full_page(w.folio(0), sim::sim_get_block, nullptr), std::logic_error);
	w.kernel = Flavour::Linux6_1;
	EXPECT_THROW(shim_folio_end_read(w.folio(0), 1), std::logic_error);
	EXPECT_THROW(shim___block_write_full_folio(&w.ino, w.folio(0), sim::sim_get_block, nullptr),
		     std::logic_error);
	EXPECT_THROW(shim_bio_set_write_hint(nullptr, &w.ino), std::logic_error);
}

} // namespace
} // namespace mpfs::test
