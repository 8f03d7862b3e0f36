// SPDX-License-Identifier: GPL-2.0
#include "port_fixture.h"

#include <sstream>

namespace mpfs::test {

std::string dump(const std::vector<Event> &events)
{
	std::ostringstream s;
	for (const Event &e : events)
		s << e.str() << "\n";
	return s.str();
}

std::string port_param_name(const ::testing::TestParamInfo<PortParam> &info)
{
	return std::to_string(1u << (std::get<0>(info.param) - 10)) + "K";
}

void PortTest::reset(std::uint64_t dev_bytes, unsigned nr_pages)
{
	w = std::make_unique<sim::World>(bits(), dev_bytes, nr_pages);
	w->kernel = flavour();
	stats = {};
	fault = {};
}

void PortTest::map_pages(unsigned long fp, std::uint64_t db, unsigned pages)
{
	w->map_extent(fp * bpp(), db, std::uint64_t(pages) * bpp());
}

readahead_control PortTest::readahead(unsigned long first, unsigned n)
{
	w->add_locked_pages(first, n);
	readahead_control rac{&w->mapping, first, n, 0};
	mpage::mpage_readahead(&rac, ctx());
	w->complete_all();
	return rac;
}

void PortTest::read_folio(unsigned long index)
{
	w->add_locked_pages(index, 1);
	EXPECT_EQ(mpage::mpage_read_folio(w->folio(index), ctx()), 0);
	w->complete_all();
}

int PortTest::writepages(sim::World &world, writeback_control &wbc)
{
	int ret = mpage::mpage_writepages(&world.mapping, &wbc, ctx());
	world.complete_all();
	return ret;
}

writeback_control PortTest::wbc_all(int sync_mode)
{
	writeback_control wbc{};
	wbc.nr_to_write = 1024;
	wbc.range_start = 0;
	wbc.range_end = -1;
	wbc.sync_mode = sync_mode;
	return wbc;
}

Event PortTest::ra_bio(std::uint64_t sector, unsigned size, std::vector<unsigned long> pages, unsigned vecs) const
{
	Event e(Kind::Bio);
	e.op = sim::REQ_OP_READ;
	e.flags = sim::REQ_RAHEAD;
	e.sector = sector;
	e.size = size;
	e.pages = std::move(pages);
	e.gfp = sim::GFP_KERNEL | sim::GFP_NORETRY | sim::GFP_NOWARN;
	e.nr_vecs = vecs;
	return e;
}

Event PortTest::read_bio(std::uint64_t sector, unsigned size, std::vector<unsigned long> pages) const
{
	Event e = ra_bio(sector, size, std::move(pages), 1);
	e.flags = 0;
	e.gfp = sim::GFP_KERNEL;
	return e;
}

Event PortTest::write_bio(std::uint64_t sector, unsigned size, std::vector<unsigned long> pages,
			  unsigned flags) const
{
	Event e(Kind::Bio);
	e.op = sim::REQ_OP_WRITE;
	e.flags = flags;
	e.sector = sector;
	e.size = size;
	e.pages = std::move(pages);
	e.gfp = sim::GFP_NOFS;
	e.nr_vecs = 256;
	e.plugged = true;
	return e;
}

Event PortTest::fallback_read(unsigned long page)
{
	Event e(Kind::FallbackRead);
	e.pages = {page};
	return e;
}

Event PortTest::fallback_write(unsigned long page)
{
	Event e(Kind::FallbackWrite);
	e.pages = {page};
	return e;
}

std::vector<Event> PortTest::io(std::vector<Kind> kinds) const
{
	std::vector<Event> out;
	for (const Event &e : w->events)
		for (Kind k : kinds)
			if (e.kind == k)
				out.push_back(e);
	return out;
}

::testing::AssertionResult PortTest::page_has_disk(unsigned long index, std::uint64_t db, unsigned bytes)
{
	const unsigned char *d = w->folio(index)->page.data;
	for (unsigned i = 0; i < kPage; i++) {
		unsigned char want = i < bytes ? sim::World::device_byte((db << bits()) + i) : 0;
		if (d[i] != want)
			return ::testing::AssertionFailure()
			       << "page " << index << " byte " << i << " is " << int(d[i]) << ", want " << int(want);
	}
	return ::testing::AssertionSuccess();
}

::testing::AssertionResult PortTest::disk_has_page(std::uint64_t db, unsigned long index, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++) {
		unsigned char got = w->bdev.data.at((db << bits()) + i);
		unsigned char want = sim::World::page_byte(index, i);
		if (got != want)
			return ::testing::AssertionFailure()
			       << "disk block " << db << " byte " << i << " is " << int(got) << ", want page "
			       << index << "'s " << int(want);
	}
	return ::testing::AssertionSuccess();
}

} // namespace mpfs::test
