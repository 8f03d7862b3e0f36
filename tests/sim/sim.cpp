// SPDX-License-Identifier: GPL-2.0
// The simulated kernel: world setup, page cache, get_block, completions.
#include "sim.h"

#include <cstddef>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "kernel_layout.h"

// The port reads these structs through kernel_layout.h: keep them in step.
#define CHECK_OFF(k, type, field) static_assert(k == offsetof(type, field), #k)
CHECK_OFF(K_BH_STATE, buffer_head, b_state);
CHECK_OFF(K_BH_THIS_PAGE, buffer_head, b_this_page);
CHECK_OFF(K_BH_PAGE, buffer_head, b_page);
CHECK_OFF(K_BH_BLOCKNR, buffer_head, b_blocknr);
CHECK_OFF(K_BH_SIZE, buffer_head, b_size);
CHECK_OFF(K_BH_BDEV, buffer_head, b_bdev);
static_assert(K_SIZEOF_BUFFER_HEAD == sizeof(buffer_head) && K_ALIGNOF_BUFFER_HEAD == alignof(buffer_head));
CHECK_OFF(K_FOLIO_FLAGS, folio, page.flags);
CHECK_OFF(K_FOLIO_MAPPING, folio, page.mapping);
CHECK_OFF(K_FOLIO_INDEX, folio, page.index);
CHECK_OFF(K_FOLIO_PRIVATE, folio, page.private_);
CHECK_OFF(K_FOLIO_PAGE, folio, page);
CHECK_OFF(K_PAGE_FLAGS, page, flags);
CHECK_OFF(K_PAGE_COMPOUND_HEAD, page, compound_head);
CHECK_OFF(K_PAGE_MAPPING, page, mapping);
CHECK_OFF(K_PAGE_INDEX, page, index);
CHECK_OFF(K_PAGE_PRIVATE, page, private_);
static_assert(K_SIZEOF_PAGE == sizeof(page) && sizeof(folio) == sizeof(page));
CHECK_OFF(K_INODE_BLKBITS, inode, i_blkbits);
CHECK_OFF(K_INODE_SIZE, inode, i_size);
CHECK_OFF(K_INODE_MAPPING, inode, i_mapping);
CHECK_OFF(K_INODE_SB, inode, i_sb);
CHECK_OFF(K_MAPPING_HOST, address_space, host);
CHECK_OFF(K_MAPPING_GFP_MASK, address_space, gfp_mask);
CHECK_OFF(K_RAC_NR_PAGES, readahead_control, _nr_pages);
static_assert(K_RAC_NR_PAGES_SIZE == sizeof(readahead_control::_nr_pages));
static_assert(K_SIZEOF_BLK_PLUG == sizeof(blk_plug) && K_ALIGNOF_BLK_PLUG == alignof(blk_plug));
// block_device holds std containers (not standard-layout); GCC computes
// offsetof on it all the same, and bd_nr_sectors comes first.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
CHECK_OFF(K_BDEV_NR_SECTORS, block_device, bd_nr_sectors);
#pragma GCC diagnostic pop
static_assert(K_BDEV_NR_SECTORS_SIZE == sizeof(block_device::bd_nr_sectors));
CHECK_OFF(K_BIO_BDEV, bio, bi_bdev);
CHECK_OFF(K_BIO_OPF, bio, bi_opf);
CHECK_OFF(K_BIO_STATUS, bio, bi_status);
static_assert(K_BIO_SECTOR == offsetof(bio, bi_iter) + offsetof(bvec_iter, bi_sector));
static_assert(K_BIO_SIZE == offsetof(bio, bi_iter) + offsetof(bvec_iter, bi_size));
CHECK_OFF(K_BIO_END_IO, bio, bi_end_io);
CHECK_OFF(K_BIO_VCNT, bio, bi_vcnt);
CHECK_OFF(K_BIO_IO_VEC, bio, bi_io_vec);
static_assert(K_SIZEOF_BIO_VEC == sizeof(bio_vec));
CHECK_OFF(K_BVEC_PAGE, bio_vec, bv_page);
CHECK_OFF(K_BVEC_LEN, bio_vec, bv_len);
CHECK_OFF(K_BVEC_OFFSET, bio_vec, bv_offset);
static_assert(K_BH_Mapped == sim::BH_Mapped && K_BH_Boundary == sim::BH_Boundary &&
	      K_BH_Uptodate == sim::BH_Uptodate && K_BH_Dirty == sim::BH_Dirty && K_BH_New == sim::BH_New);
static_assert(K_PG_uptodate == sim::PG_uptodate && K_PG_private == sim::PG_private &&
	      K_PG_locked == sim::PG_locked && K_PG_writeback == sim::PG_writeback);
static_assert(K_REQ_RAHEAD == sim::REQ_RAHEAD && K_REQ_SYNC == sim::REQ_SYNC);
static_assert(K_GFP_KERNEL == sim::GFP_KERNEL && K_GFP_NOFS == sim::GFP_NOFS &&
	      K_GFP_NORETRY == sim::GFP_NORETRY && K_GFP_NOWARN == sim::GFP_NOWARN);
static_assert(K_EIO == EIO && K_ENOMEM == ENOMEM && K_EAGAIN == EAGAIN && K_EOPNOTSUPP == EOPNOTSUPP);

namespace sim {

World *World::current = nullptr;

World::World(unsigned bits, std::uint64_t dev_bytes, unsigned nr_pages) : blkbits(bits)
{
	pages.resize(nr_pages);
	page_buffers.resize(nr_pages);
	bdev.bd_nr_sectors = dev_bytes >> 9;
	bdev.data.assign(dev_bytes, 0);
	ino.i_ino = 12;
	ino.i_mapping = &mapping;
	ino.i_blkbits = static_cast<unsigned char>(bits);
	mapping.host = &ino;
	mapping.gfp_mask = GFP_KERNEL | 0x100000; // a bit outside GFP_KERNEL: the constraint masks it
	mapping.pages = &pages;
	for (unsigned i = 0; i < nr_pages; i++) {
		pages[i].page.index = i;
		pages[i].page.mapping = &mapping;
	}
	fill_device();
	current = this;
}

unsigned char World::device_byte(std::uint64_t off)
{
	std::uint64_t sector = off >> 9;
	return static_cast<unsigned char>(1 + (sector * 7 + (off & 511) / 64) % 251);
}

unsigned char World::page_byte(unsigned long index, unsigned off)
{
	return static_cast<unsigned char>(0x80 | ((index * 13 + off / 256) & 0x7f));
}

void World::fill_device()
{
	for (std::uint64_t i = 0; i < bdev.data.size(); i++)
		bdev.data[i] = device_byte(i);
}

void World::add_locked_pages(unsigned long first, unsigned n)
{
	for (unsigned long i = first; i < first + n; i++) {
		struct page &p = pages.at(i).page;
		p.in_cache = true;
		p.flags = 0;
		set(p.flags, PG_locked);
		std::memset(p.data, 0xEE, sizeof(p.data)); // stale memory: reads must overwrite it
	}
}

void World::add_dirty_pages(unsigned long first, unsigned n)
{
	for (unsigned long i = first; i < first + n; i++) {
		struct page &p = pages.at(i).page;
		p.in_cache = true;
		p.flags = 0;
		set(p.flags, PG_uptodate);
		set(p.flags, PG_dirty);
		for (unsigned off = 0; off < kPageSize; off++)
			p.data[off] = page_byte(i, off);
	}
}

void World::map_extent(std::uint64_t fb, std::uint64_t db, std::uint64_t n)
{
	for (std::uint64_t i = 0; i < n; i++)
		layout[fb + i].disk = db + i;
}

std::vector<Event> World::bio_events(Event::Kind k) const
{
	std::vector<Event> out;
	for (const Event &e : events)
		if (e.kind == k)
			out.push_back(e);
	return out;
}

void World::complete_all()
{
	while (!inflight.empty()) {
		struct bio *b = inflight.front();
		inflight.erase(inflight.begin());
		std::uint64_t pos = b->bi_iter.bi_sector << 9;
		unsigned left = b->bi_iter.bi_size;
		bool is_write = (b->bi_opf & REQ_OP_MASK) == REQ_OP_WRITE;
		if (b->bi_iter.bi_sector >= bdev.bd_nr_sectors)
			b->bi_status = BLK_STS_IOERR;
		for (unsigned v = 0; v < b->bi_vcnt && !b->bi_status; v++) {
			bio_vec &bv = b->bi_io_vec[v];
			for (unsigned i = 0; i < bv.bv_len && left; i++, left--, pos++) {
				// a merged bvec runs on into the adjacent struct pages
				unsigned off = bv.bv_offset + i;
				unsigned char *byte = &(bv.bv_page + off / kPageSize)->data[off % kPageSize];
				if (is_write)
					bdev.data.at(pos) = *byte;
				else
					*byte = bdev.data.at(pos);
			}
		}
		b->bi_end_io(b);
	}
}

std::string Event::str() const
{
	static const char *names[] = {"bio", "rw_page", "fallback_read", "fallback_write", "bh_read",
				      "bh_write", "clean_aliases", "set_error"};
	std::ostringstream s;
	s << names[static_cast<int>(kind)] << (op == REQ_OP_WRITE ? " W" : " R") << " flags=0x" << std::hex
	  << flags << std::dec << " sector=" << sector << " size=" << size << " pages=[";
	for (size_t i = 0; i < pages.size(); i++)
		s << (i ? "," : "") << pages[i];
	s << "]";
	if (gfp)
		s << " gfp=0x" << std::hex << gfp << std::dec;
	if (nr_vecs)
		s << " vecs=" << nr_vecs;
	if (blkcg >= 0)
		s << " blkcg=" << blkcg;
	if (plugged)
		s << " plugged";
	if (error)
		s << " err=" << error;
	if (write_hint)
		s << " hint=" << write_hint;
	return s.str();
}

std::vector<struct buffer_head *> buffers_of(struct folio *f)
{
	std::vector<struct buffer_head *> out;
	auto *head = static_cast<struct buffer_head *>(f->page.private_);
	if (!head)
		return out;
	struct buffer_head *bh = head;
	do {
		out.push_back(bh);
		bh = bh->b_this_page;
	} while (bh != head);
	return out;
}

extern "C" int sim_get_block(struct inode *inode, std::uint64_t iblock, struct buffer_head *bh, int create)
{
	World &w = *World::current;
	w.get_block_calls++;
	const unsigned bits = inode->i_blkbits;
	auto it = w.layout.find(iblock);
	BlockMap m = it == w.layout.end() ? BlockMap{} : it->second;
	if (m.error)
		return -EIO;
	if (create && m.unmapped_on_create) {
		// A buggy get_block: "success", a block number, but no BH_Mapped.
		bh->b_bdev = &w.bdev;
		bh->b_blocknr = m.disk;
		bh->b_size = std::uint64_t(1) << bits;
		return 0;
	}
	if (!m.disk) {
		if (!create)
			return 0;
		if (!w.alloc_cursor)
			return -ENOSPC;
		m.disk = w.alloc_cursor++;
		m.is_new = true;
		w.layout[iblock] = m;
		w.layout[iblock].is_new = false;
	}
	// Extent: contiguous on disk, at most b_size (and max_extent_blocks), ends at a boundary.
	std::uint64_t want = bh->b_size >> bits;
	if (want == 0)
		want = 1;
	std::uint64_t n = 1;
	bool boundary = m.boundary;
	while (!create && !boundary && n < want && n < w.max_extent_blocks) {
		auto next = w.layout.find(iblock + n);
		if (next == w.layout.end() || next->second.disk != m.disk + n || next->second.error ||
		    next->second.uptodate != m.uptodate)
			break;
		boundary = next->second.boundary;
		n++;
	}
	bh->b_bdev = &w.bdev;
	bh->b_blocknr = m.disk;
	bh->b_size = n << bits;
	set(bh->b_state, BH_Mapped);
	if (boundary)
		set(bh->b_state, BH_Boundary);
	if (m.uptodate)
		set(bh->b_state, BH_Uptodate);
	if (m.is_new)
		set(bh->b_state, BH_New);
	return 0;
}

} // namespace sim
