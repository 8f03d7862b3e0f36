// SPDX-License-Identifier: GPL-2.0
#include "workloads.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"

namespace mpfs::compare {
namespace {

constexpr size_t kChunk = 64 * 1024;

int fail(const std::string &what, int err)
{
	fprintf(stderr, "mpfs-compare: %s: %s\n", what.c_str(), strerror(err));
	return 1;
}

uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

int write_pattern(int fd, uint64_t off, uint64_t len, unsigned gen, const std::string &file)
{
	std::vector<uint8_t> buf;
	while (len) {
		size_t n = static_cast<size_t>(std::min<uint64_t>(len, kChunk - off % kChunk));
		buf.resize(n);
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern_byte(off + i, gen);
		ssize_t w = pwrite(fd, buf.data(), n, static_cast<off_t>(off));
		if (w != static_cast<ssize_t>(n))
			return fail("pwrite " + file, w < 0 ? errno : EIO);
		off += n;
		len -= n;
	}
	return 0;
}

int write_shape(int fd, const Shape &s, const std::string &file)
{
	for (const Extent &e : s.data)
		if (write_pattern(fd, e.offset, e.length, 0, file))
			return 1;
	if (ftruncate(fd, static_cast<off_t>(s.size)) < 0)
		return fail("ftruncate " + file, errno);
	return 0;
}

uint8_t expected_byte(const Shape &s, uint64_t off)
{
	for (const Extent &e : s.data)
		if (off >= e.offset && off - e.offset < e.length)
			return pattern_byte(off, 0);
	return 0;
}

int read_and_verify(int fd, const Shape &s, const std::string &file)
{
	std::vector<uint8_t> buf(kChunk);
	uint64_t off = 0;
	for (;;) {
		ssize_t r = read(fd, buf.data(), buf.size());
		if (r < 0)
			return fail("read " + file, errno);
		if (r == 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != expected_byte(s, off + i)) {
				fprintf(stderr, "mpfs-compare: %s: wrong data at byte %llu: %#x, expected %#x\n",
					file.c_str(), static_cast<unsigned long long>(off + i), buf[i],
					expected_byte(s, off + i));
				return 1;
			}
		off += r;
	}
	if (off != s.size) {
		fprintf(stderr, "mpfs-compare: %s: read %llu bytes, expected %llu\n", file.c_str(),
			static_cast<unsigned long long>(off), static_cast<unsigned long long>(s.size));
		return 1;
	}
	return 0;
}

int read_all(int fd, const std::string &file)
{
	std::vector<uint8_t> buf(kChunk);
	ssize_t r;
	while ((r = read(fd, buf.data(), buf.size())) > 0) {
	}
	return r < 0 ? fail("read " + file, errno) : 0;
}

int check(int rc, const std::string &what)
{
	return rc ? fail(what, -rc) : 0;
}

int do_readahead(int fd, const Shape &s)
{
	uint64_t pages = (s.size + kPage - 1) / kPage;
	// Odd sizes and offsets, an overlap (cached pages split the batch) and a
	// request running past EOF (clamped).
	const Extent reqs[] = {{1, 5}, {9, 3}, {0, 17}, {pages / 2 + 1, 7}, {pages - 2, 100}};
	for (const Extent &r : reqs)
		if (check(mpfs::ctl::readahead(fd, r.offset, r.length),
			  "READAHEAD " + std::to_string(r.offset) + "+" + std::to_string(r.length)))
			return 1;
	return 0;
}

int do_read_folio(int fd, const Shape &s)
{
	uint64_t pages = (s.size + kPage - 1) / kPage;
	const uint64_t idx[] = {0, 3, 5, pages / 2, pages - 1, 3};
	for (uint64_t i : idx)
		if (check(mpfs::ctl::read_folio(fd, i), "READ_FOLIO " + std::to_string(i)))
			return 1;
	return 0;
}

int do_wb_none(int fd, const Shape &s, const std::string &file)
{
	if (write_shape(fd, s, file))
		return 1;
	uint64_t written;
	for (int i = 0; i < 3; i++)
		if (check(mpfs::ctl::writepages(fd, 0, 0, 3, MPFS_WB_SYNC_NONE, &written), "WRITEPAGES none/3"))
			return 1;
	if (check(mpfs::ctl::writepages(fd, s.size / 2, 0, 5, MPFS_WB_SYNC_NONE, &written),
		  "WRITEPAGES none/5 from the middle"))
		return 1;
	if (check(mpfs::ctl::writepages(fd, 0, 0, 1L << 40, MPFS_WB_SYNC_ALL, &written), "WRITEPAGES all"))
		return 1;
	return fsync(fd) < 0 ? fail("fsync " + file, errno) : 0;
}

int do_overwrite(int fd, const Shape &s, unsigned bs, const std::string &file)
{
	if (read_all(fd, file))
		return 1;
	uint64_t pages = (s.size + kPage - 1) / kPage;
	for (uint64_t p = 1; p < pages; p += 4) {
		// 100 bytes inside a block, and one whole block of the next page
		// (its second block; at 4K blocks the page after).
		uint64_t off = p * kPage + 10;
		if (off + 100 <= s.size && write_pattern(fd, off, 100, 1, file))
			return 1;
		uint64_t blk = (p + 1) * kPage + bs;
		if (blk + bs <= s.size && write_pattern(fd, blk, bs, 1, file))
			return 1;
	}
	// A write that straddles EOF extends the file by a partial block.
	if (write_pattern(fd, s.size - 7, 7 + 300, 1, file))
		return 1;
	return fsync(fd) < 0 ? fail("fsync " + file, errno) : 0;
}

/// Read every page of the file through a shared mapping (the pages come in
/// by readahead, without buffers) and dirty one byte of each of @pages
/// through it, so writeback meets them without buffers and maps them with
/// get_block(create=1).
int dirty_through_mmap(int fd, const Shape &s, const std::vector<uint64_t> &pages,
		       const std::string &file)
{
	void *m = mmap(nullptr, s.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return fail("mmap " + file, errno);
	auto *b = static_cast<volatile uint8_t *>(m);
	for (uint64_t off = 0; off < s.size; off += kPage)
		(void)b[off];
	for (uint64_t p : pages) {
		uint64_t off = p * kPage + 100;
		b[off] = pattern_byte(off, 1);
	}
	munmap(m, s.size);
	return 0;
}

int write_page_now(int fd, uint64_t page, const std::string &what)
{
	uint64_t written;
	return check(mpfs::ctl::writepages(fd, page * kPage, kPage, 1, MPFS_WB_SYNC_ALL, &written),
		     "WRITEPAGES " + what);
}

/// Sparse layout: pages 4-7 are holes, 8-11 data. get_block(create=1) maps
/// nothing for the first block of page 5 and, at blocks smaller than a page,
/// for the second block of page 6: 6.12 takes the buffer_head path for both;
/// 6.1 uses the b_blocknr that get_block left (the device's last block).
int do_mmap_unmapped(int fd, const Shape &s, unsigned bs, const std::string &file)
{
	if (dirty_through_mmap(fd, s, {5, 6, 9}, file))
		return 1;
	if (check(mpfs::ctl::fault(fd, MPFS_FAULT_MAP_UNMAPPED, 1), "FAULT map-unmapped 1") ||
	    write_page_now(fd, 5, "page 5"))
		return 1;
	uint64_t nth = bs < kPage ? 2 : 1;
	if (check(mpfs::ctl::fault(fd, MPFS_FAULT_MAP_UNMAPPED, nth), "FAULT map-unmapped") ||
	    write_page_now(fd, 6, "page 6"))
		return 1;
	if (check(mpfs::ctl::fault(fd, MPFS_FAULT_NONE, 0), "FAULT none"))
		return 1;
	return fsync(fd) < 0 ? fail("fsync " + file, errno) : 0;
}

/// Sparse layout: pages 42-47 are holes. Pages 44 and 45, dirtied through
/// mmap, are written back inside a truncate to 43 pages, after i_size
/// changed: 6.1 allocates their blocks with get_block(create=1) before
/// giving up on them, 6.12 does not call get_block for them.
int do_eof_race(int fd, const Shape &s, const std::string &file)
{
	if (dirty_through_mmap(fd, s, {2, 44, 45}, file))
		return 1;
	if (check(mpfs::ctl::fault(fd, MPFS_FAULT_TRUNCATE_WB, 1), "FAULT truncate-wb"))
		return 1;
	if (ftruncate(fd, static_cast<off_t>(43 * kPage)) < 0)
		return fail("ftruncate " + file, errno);
	return fsync(fd) < 0 ? fail("fsync " + file, errno) : 0;
}

Case make(unsigned bs, Layout l, Op o)
{
	std::string alloc = l == Layout::Reverse ? "reverse" : l == Layout::Scatter ? "scatter:42" : "contiguous";
	return Case{std::to_string(bs / 1024) + "k-" + layout_name(l) + "-" + op_name(o), bs, l, o, alloc};
}

} // namespace

uint8_t pattern_byte(uint64_t off, unsigned gen)
{
	uint64_t w = splitmix((off >> 3) ^ (uint64_t{gen} << 56));
	return static_cast<uint8_t>(w >> ((off & 7) * 8));
}

const char *layout_name(Layout l)
{
	switch (l) {
	case Layout::Contig: return "contig";
	case Layout::Reverse: return "reverse";
	case Layout::Scatter: return "scatter";
	case Layout::Sparse: return "sparse";
	case Layout::HoleData: return "holedata";
	case Layout::Tail: return "tail";
	case Layout::Ind: return "ind";
	case Layout::Dind: return "dind";
	}
	return "?";
}

const char *op_name(Op o)
{
	switch (o) {
	case Op::SeqRead: return "seqread";
	case Op::Readahead: return "readahead";
	case Op::ReadFolio: return "readfolio";
	case Op::WriteFsync: return "writefsync";
	case Op::WbNone: return "wbnone";
	case Op::Overwrite: return "overwrite";
	case Op::MmapUnmapped: return "mmapunmapped";
	case Op::EofRace: return "eofrace";
	}
	return "?";
}

std::vector<Case> matrix()
{
	using L = Layout;
	using O = Op;
	// Per block size: every operation on the contiguous layout, and each other
	// layout with the operations whose code paths it changes.
	const std::pair<L, std::vector<O>> plan[] = {
		{L::Contig, {O::SeqRead, O::Readahead, O::ReadFolio, O::WriteFsync, O::WbNone, O::Overwrite}},
		{L::Reverse, {O::SeqRead, O::WriteFsync}},
		{L::Scatter, {O::SeqRead, O::Readahead, O::WbNone}},
		{L::Sparse, {O::SeqRead, O::ReadFolio, O::WriteFsync, O::MmapUnmapped, O::EofRace}},
		{L::HoleData, {O::SeqRead, O::WriteFsync}},
		{L::Tail, {O::SeqRead, O::ReadFolio, O::Overwrite}},
		{L::Ind, {O::SeqRead, O::WriteFsync}},
		{L::Dind, {O::SeqRead, O::WbNone}},
	};
	std::vector<Case> out;
	for (unsigned bs : {1024u, 2048u, 4096u})
		for (const auto &[l, ops] : plan)
			for (O o : ops)
				out.push_back(make(bs, l, o));
	return out;
}

const Case *find_case(const std::string &name)
{
	static const std::vector<Case> all = matrix();
	for (const Case &c : all)
		if (c.name == name)
			return &c;
	return nullptr;
}

Shape shape_of(Layout layout, unsigned bs)
{
	Shape s;
	switch (layout) {
	case Layout::Contig:
	case Layout::Reverse:
	case Layout::Scatter:
		s.data = {{0, 64 * kPage}};
		s.size = 64 * kPage;
		break;
	case Layout::Sparse:
		// Data, page holes, a page with data then a hole (bs < page), a
		// lone block, and a hole at EOF made by truncate.
		s.data = {{0, 4 * kPage}, {8 * kPage, 4 * kPage}, {16 * kPage, bs}, {20 * kPage + kPage - bs, bs},
			  {24 * kPage, 9 * kPage}, {40 * kPage, 2 * kPage}};
		s.size = 48 * kPage;
		break;
	case Layout::HoleData:
		// Even pages: first block a hole, the rest data (page-granular
		// at 4K blocks: a hole page then data pages); odd pages: full.
		for (uint64_t p = 0; p < 32; p++) {
			if (p % 2 == 1)
				s.data.push_back({p * kPage, kPage});
			else if (bs < kPage)
				s.data.push_back({p * kPage + bs, kPage - bs});
		}
		s.size = 32 * kPage;
		break;
	case Layout::Tail:
		s.size = 37 * kPage + bs + 123;
		s.data = {{0, s.size}};
		break;
	case Layout::Ind:
		s.size = (12 + 36) * uint64_t{bs};
		s.data = {{0, s.size}};
		break;
	case Layout::Dind:
		s.size = (12 + bs / 4 + 24) * uint64_t{bs};
		s.data = {{0, s.size}};
		break;
	}
	return s;
}

int setup(const Case &c, const std::string &file)
{
	bool writes_in_run = c.op == Op::WriteFsync || c.op == Op::WbNone;
	int fd = open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail("create " + file, errno);
	int rc = writes_in_run ? 0 : write_shape(fd, shape_of(c.layout, c.block_size), file);
	if (!rc && fsync(fd) < 0)
		rc = fail("fsync " + file, errno);
	close(fd);
	return rc;
}

int run(const Case &c, const std::string &file)
{
	Shape s = shape_of(c.layout, c.block_size);
	bool writes = c.op != Op::SeqRead && c.op != Op::Readahead && c.op != Op::ReadFolio;
	int fd = open(file.c_str(), (writes ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return fail("open " + file, errno);
	int rc = 0;
	switch (c.op) {
	case Op::SeqRead:
		rc = read_and_verify(fd, s, file);
		break;
	case Op::Readahead:
		rc = do_readahead(fd, s);
		break;
	case Op::ReadFolio:
		rc = do_read_folio(fd, s);
		break;
	case Op::WriteFsync:
		rc = write_shape(fd, s, file);
		if (!rc && fsync(fd) < 0)
			rc = fail("fsync " + file, errno);
		break;
	case Op::WbNone:
		rc = do_wb_none(fd, s, file);
		break;
	case Op::Overwrite:
		rc = do_overwrite(fd, s, c.block_size, file);
		break;
	case Op::MmapUnmapped:
		rc = do_mmap_unmapped(fd, s, c.block_size, file);
		break;
	case Op::EofRace:
		rc = do_eof_race(fd, s, file);
		break;
	}
	close(fd);
	return rc;
}

} // namespace mpfs::compare
