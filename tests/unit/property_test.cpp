// SPDX-License-Identifier: GPL-2.0
// Seeded property tests: random layouts (runs, jumps, holes, boundaries,
// uptodate mappings, pages with buffers, small bios, merged bvecs, a device
// ending inside the data) and the invariants the port must keep whatever the
// layout. A failure prints the seed; rerun with MPFS_SEED=<seed> to replay.
#include <cstdlib>
#include <random>
#include <set>

#include "port_fixture.h"

namespace mpfs::test {
namespace {

constexpr unsigned kSeeds = 150;

unsigned first_seed()
{
	const char *s = std::getenv("MPFS_SEED");
	return s ? static_cast<unsigned>(std::strtoul(s, nullptr, 0)) : 1;
}

class PropertyTest : public PortTest {
protected:
	std::mt19937_64 rng;
	unsigned nr_pages = 0;
	std::uint64_t max_disk = 0;

	unsigned pick(unsigned n) { return static_cast<unsigned>(rng() % n); }
	bool chance(unsigned percent) { return pick(100) < percent; }

	/// Random layout of the file's pages; max_disk is the highest disk block used.
	void random_layout(bool allow_uptodate, bool unique_blocks)
	{
		std::uint64_t disk = 64 + pick(64);
		for (std::uint64_t fb = 0; fb < std::uint64_t(nr_pages) * bpp(); fb++) {
			unsigned r = pick(100);
			if (r < 10)
				continue; // hole
			if (r < 25)
				disk += 1 + pick(40); // jump
			else if (r < 28 && disk > 70 && !unique_blocks)
				disk -= 1 + pick(5); // backwards
			sim::BlockMap m;
			m.disk = disk++;
			m.boundary = chance(6);
			m.uptodate = allow_uptodate && chance(2);
			w->layout[fb] = m;
			max_disk = std::max(max_disk, m.disk);
		}
	}

	void random_knobs()
	{
		w->max_extent_blocks = 1 + pick(16);
		w->max_bio_bytes = chance(30) ? (1 + pick(4)) * kPage : 0;
		w->merge_adjacent_pages = chance(30);
	}

	std::uint64_t dev_bytes_for(std::uint64_t max_block)
	{
		// Usually room to spare; sometimes the device ends inside the last block.
		std::uint64_t end = (max_block + 1) << bits();
		if (chance(20))
			return end - 512 * (1 + pick((bs() >> 9) - 0 > 1 ? (bs() >> 9) - 1 : 1));
		return end + 64 * kPage;
	}

	/// Each bio: inside the device, and its pages one contiguous disk run.
	void check_bios(const std::vector<Event> &bios, std::uint64_t i_size)
	{
		for (const Event &b : bios) {
			SCOPED_TRACE(b.str());
			EXPECT_LE(b.sector + (b.size >> 9), w->bdev.bd_nr_sectors) << "bio past the device end";
			std::uint64_t expect = b.sector;
			std::uint64_t left = (b.size + bs() - 1) >> bits(); // blocks in the bio
			for (unsigned long p : b.pages) {
				for (unsigned blk = 0; blk < bpp() && left; blk++, left--) {
					std::uint64_t fb = std::uint64_t(p) * bpp() + blk;
					ASSERT_LT(fb << bits(), i_size) << "block past EOF in a bio";
					auto it = w->layout.find(fb);
					ASSERT_NE(it, w->layout.end()) << "page " << p << " block " << blk << " unmapped";
					ASSERT_EQ(sec(it->second.disk), expect) << "discontinuity inside a bio at page " << p;
					expect += bs() >> 9;
				}
			}
		}
	}
};

TEST_P(PropertyTest, ReadsEndUptodateOnceWithTheRightBytes)
{
	for (unsigned seed = first_seed(); seed < first_seed() + kSeeds; seed++) {
		SCOPED_TRACE("MPFS_SEED=" + std::to_string(seed));
		rng.seed(seed * 1000003u + bits());
		nr_pages = 1 + pick(24);
		max_disk = 0;
		reset(1, nr_pages); // device sized below, once the layout is known
		random_layout(true, false);
		w->bdev.bd_nr_sectors = dev_bytes_for(max_disk) >> 9;
		w->bdev.data.assign(w->bdev.bd_nr_sectors << 9, 0);
		w->fill_device();
		random_knobs();
		std::uint64_t i_size = pick(nr_pages * kPage + 1);
		set_size(static_cast<long long>(i_size));

		unsigned first = pick(nr_pages);
		unsigned n = 1 + pick(nr_pages - first);
		w->add_locked_pages(first, n);
		for (unsigned i = first; i < first + n; i++)
			if (chance(5))
				shim_create_empty_buffers(w->folio(i), bs(), 0);
		readahead_control rac{&w->mapping, first, n, 0};
		mpage::mpage_readahead(&rac, ctx());
		w->complete_all();

		std::vector<Event> bios = w->bio_events();
		check_bios(bios, i_size);
		std::map<unsigned long, int> seen;
		for (const Event &e : w->events)
			if (e.kind == Kind::Bio || e.kind == Kind::FallbackRead)
				for (unsigned long p : e.pages)
					seen[p]++;
		for (unsigned long i = first; i < first + n; i++) {
			SCOPED_TRACE("page " + std::to_string(i));
			EXPECT_LE(seen[i], 1) << "page read twice";
			EXPECT_FALSE(flag(i, sim::PG_locked));
			ASSERT_TRUE(flag(i, sim::PG_uptodate));
			const unsigned char *d = w->folio(i)->page.data;
			for (unsigned blk = 0; blk < bpp(); blk++) {
				std::uint64_t fb = std::uint64_t(i) * bpp() + blk;
				auto it = w->layout.find(fb);
				bool data = (fb << bits()) < i_size && it != w->layout.end();
				if (data && it->second.uptodate)
					continue; // the filesystem owns those bytes
				for (unsigned off = 0; off < bs(); off++) {
					std::uint64_t dev = data ? (it->second.disk << bits()) + off : 0;
					unsigned char want = data && dev < w->bdev.data.size() ? sim::World::device_byte(dev) : 0;
					ASSERT_EQ(d[blk * bs() + off], want) << "block " << blk << " byte " << off;
				}
			}
		}
	}
}

TEST_P(PropertyTest, WritesPutEveryDirtyPageOnDiskExactlyOnce)
{
	for (unsigned seed = first_seed(); seed < first_seed() + kSeeds; seed++) {
		SCOPED_TRACE("MPFS_SEED=" + std::to_string(seed));
		rng.seed(seed * 7919u + bits());
		nr_pages = 1 + pick(24);
		max_disk = 0;
		reset(1, nr_pages);
		random_layout(false, true); // writes: no two file blocks share a disk block
		w->alloc_cursor = max_disk + 1 + pick(8); // holes get fresh blocks here
		std::uint64_t top = w->alloc_cursor + std::uint64_t(nr_pages) * bpp();
		w->bdev.bd_nr_sectors = dev_bytes_for(top) >> 9;
		w->bdev.data.assign(w->bdev.bd_nr_sectors << 9, 0);
		random_knobs();
		std::uint64_t i_size = pick(nr_pages * kPage + 1);
		set_size(static_cast<long long>(i_size));

		const std::map<std::uint64_t, sim::BlockMap> layout_before = w->layout;
		std::set<unsigned long> dirty;
		for (unsigned i = 0; i < nr_pages; i++)
			if (chance(70)) {
				w->add_dirty_pages(i, 1);
				dirty.insert(i);
			}
		auto wbc = wbc_all(chance(50) ? sim::WB_SYNC_ALL : sim::WB_SYNC_NONE);
		wbc.wb = chance(30) ? 5 : 0;
		EXPECT_EQ(writepages(*w, wbc), 0);

		check_bios(w->bio_events(), i_size);
		if (!is_6_1()) {
			// 6.12 allocates no block past EOF: not for a folio wholly past it
			// ("leaking space"), and, as 6.1, not past EOF in a straddling one.
			std::uint64_t eof_block = (i_size + bs() - 1) >> bits();
			for (const auto &entry : w->layout) {
				if (entry.first >= eof_block) {
					EXPECT_TRUE(layout_before.count(entry.first))
						<< "block " << entry.first << " allocated past EOF";
				}
			}
		}
		std::map<unsigned long, int> written;
		for (const Event &e : w->events)
			if (e.kind == Kind::Bio || e.kind == Kind::FallbackWrite)
				for (unsigned long p : e.pages)
					written[p]++;
		for (unsigned long i = 0; i < nr_pages; i++) {
			SCOPED_TRACE("page " + std::to_string(i));
			// A dirty page wholly past EOF: 6.1 hands it to block_write_full_page
			// (which writes nothing); 6.12's port only unlocks it. Neither writes.
			bool past_eof = std::uint64_t(i) * kPage >= i_size;
			int calls = dirty.count(i) && (!past_eof || is_6_1()) ? 1 : 0;
			EXPECT_EQ(written[i], calls);
			if (!dirty.count(i))
				continue;
			EXPECT_FALSE(flag(i, sim::PG_dirty));
			EXPECT_FALSE(flag(i, sim::PG_writeback));
			EXPECT_FALSE(flag(i, sim::PG_locked));
			for (unsigned blk = 0; blk < bpp(); blk++) {
				std::uint64_t fb = std::uint64_t(i) * bpp() + blk;
				if ((fb << bits()) >= i_size)
					break;
				auto it = w->layout.find(fb);
				ASSERT_NE(it, w->layout.end()) << "block " << fb << " never allocated";
				for (unsigned off = 0; off < bs() && (fb << bits()) + off < i_size; off++) {
					std::uint64_t dev = (it->second.disk << bits()) + off;
					if (dev >= w->bdev.data.size())
						break; // beyond the device end: truncated away
					ASSERT_EQ(w->bdev.data[dev], sim::World::page_byte(i, blk * bs() + off))
						<< "block " << blk << " byte " << off;
				}
			}
		}
	}
}

MPFS_INSTANTIATE_PER_KERNEL(PropertyTest);

} // namespace
} // namespace mpfs::test
