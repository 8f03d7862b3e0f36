// SPDX-License-Identifier: GPL-2.0
#include "image.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <tuple>

namespace mpfs::stress {

uint64_t image_seed(uint64_t run_seed, uint64_t index)
{
	Rng r(run_seed * 0x2545f4914f6cdd1dULL + index);
	r.next();
	return r.next();
}

Image::Image(uint64_t bytes, uint32_t bs, uint32_t inodes)
{
	auto l = format::compute_layout(bytes, bs, inodes);
	if (l.is_error())
		throw std::runtime_error("compute_layout failed");
	l_ = l.value();
	data_.assign(l_.blocks_count * bs, 0);
	// What mkfs.mpfs writes (harness/common/mkfs_core.cpp), with a fixed
	// time and UUID so the image depends on nothing but the seed.
	format::bitmap_set_range(block_bitmap(), 0, l_.first_data_block + 1);
	format::bitmap_set_range(block_bitmap(), l_.blocks_count, uint64_t(l_.block_bitmap_blocks) * bs * 8);
	format::bitmap_set(inode_bitmap(), 0);
	format::bitmap_set_range(inode_bitmap(), l_.inodes_count, uint64_t(l_.inode_bitmap_blocks) * bs * 8);
	format::init_dir_block(block_span(l_.first_data_block), MPFS_ROOT_INO, MPFS_ROOT_INO);
	mpfs_inode root{};
	root.i_mode = format::kModeDir | 0755;
	root.i_links_count = 2;
	root.i_size = bs;
	root.i_blocks = 1;
	root.i_atime = root.i_mtime = root.i_ctime = 1700000000ULL * 1000000000ULL;
	root.i_block[0] = uint32_t(l_.first_data_block);
	put(MPFS_ROOT_INO, root);
	mpfs_super_block sb{};
	format::layout_to_super(l_, sb);
	sb.s_mkfs_time = 1700000000ULL;
	for (unsigned i = 0; i < sizeof(sb.s_uuid); i++)
		sb.s_uuid[i] = uint8_t(0x11 * (i + 1));
	sb.s_uuid[6] = uint8_t((sb.s_uuid[6] & 0x0f) | 0x40);
	sb.s_uuid[8] = uint8_t((sb.s_uuid[8] & 0x3f) | 0x80);
	std::memcpy(sb.s_label, "stress", 6);
	format::super_set_checksum(sb);
	put_super(sb);
}

mpfs_super_block Image::super() const
{
	mpfs_super_block sb;
	std::memcpy(&sb, data_.data(), sizeof(sb));
	return sb;
}

void Image::put_super(const mpfs_super_block &sb) { std::memcpy(data_.data(), &sb, sizeof(sb)); }

uint32_t Image::add_file(uint32_t dir, const std::string &name, uint64_t size,
			 const std::vector<uint64_t> &blocks)
{
	return ImageEditor::add_file(dir, name, size, blocks, [](uint32_t ino, uint64_t fb, uint32_t k) {
		return uint8_t(ino * 31 + fb * 7 + k);
	});
}

Base build_base(uint32_t bs)
{
	const uint64_t bytes = bs == 4096 ? 1 << 20 : 512 << 10;
	Base b{Image(bytes, bs, 64), {}};
	Image &im = b.img;
	const format::MapGeometry g(bs);
	const uint64_t P = g.ptrs_per_block(), fi = g.first_indirect_block(), fd = g.first_double_block();
	auto file = [&](uint32_t dir, const std::string &dpath, const std::string &name, uint64_t size,
			const std::vector<uint64_t> &blocks) {
		b.entries.push_back({dpath + name, im.add_file(dir, name, size, blocks), MPFS_FT_REG});
	};
	auto range = [](uint64_t from, uint64_t to) {
		std::vector<uint64_t> v;
		for (uint64_t x = from; x < to; x++)
			v.push_back(x);
		return v;
	};
	const uint32_t root = MPFS_ROOT_INO;
	file(root, "", "a", 100, {0});
	file(root, "", "tail", 3 * bs + 17, {0, 1, 2, 3});
	file(root, "", "direct", 12 * bs, range(0, 12));
	std::vector<uint64_t> ind = range(0, fi + 20);
	ind.push_back(fi + P - 1); // the last slot of the indirect block: a boundary
	file(root, "", "ind", (fi + P) * bs, ind);
	file(root, "", "dind", (fd + P + 6) * bs, {0, fd, fd + 1, fd + 2, fd + P, fd + P + 5});
	file(root, "", "sparse", 10 * bs, {1, 5});
	file(root, "", "empty", 0, {});
	const uint32_t d1 = im.add_dir(root, "d1");
	b.entries.push_back({"d1", d1, MPFS_FT_DIR});
	file(d1, "d1/", "b", 2 * bs + 1, {0, 1, 2});
	const uint32_t d2 = im.add_dir(d1, "d2");
	b.entries.push_back({"d1/d2", d2, MPFS_FT_DIR});
	file(d2, "d1/d2/", "c", 10, {0});
	b.entries.push_back({"link", im.add_symlink(root, "link", "d1/b"), MPFS_FT_LNK});
	b.entries.push_back({"d1/long-link",
			     im.add_symlink(d1, "long-link", std::string(90, 'x') + "/../../a"),
			     MPFS_FT_LNK});
	// A directory of several blocks: one inode linked under many long names.
	const uint32_t many = im.add_dir(root, "many");
	b.entries.push_back({"many", many, MPFS_FT_DIR});
	file(many, "many/", "own", bs + 5, {0, 1});
	const uint32_t shared = im.alloc_inode(format::kModeReg | 0644, 0);
	const uint32_t sblk = im.map(shared, 0);
	std::memset(im.block(sblk), 'S', bs);
	mpfs_inode si = im.get(shared);
	si.i_size = 300;
	const unsigned nlinks = 45;
	const size_t namelen = bs / 20 - 8;
	for (unsigned k = 0; k < nlinks; k++) {
		char pfx[16];
		snprintf(pfx, sizeof(pfx), "L%02u-", k);
		const std::string name = pfx + std::string(namelen - 4, char('a' + k % 26));
		im.add_entry(many, name, shared, MPFS_FT_REG);
		if (k == 0)
			b.entries.push_back({"many/" + name, shared, MPFS_FT_REG});
	}
	si.i_links_count = uint16_t(nlinks);
	im.put(shared, si);
	return b;
}

namespace {

/// One pointer slot of a file's map.
struct PtrLoc {
	uint32_t ino;
	bool in_inode;   ///< i_block[idx] of the inode, else entry idx of block blk
	uint32_t blk;
	uint32_t idx;
	uint64_t first_fb; ///< first file block the pointer covers
	bool leaf;         ///< names a data block (else an indirect block)
	uint32_t value;
};

std::vector<PtrLoc> pointers(const Image &im, uint32_t ino)
{
	std::vector<PtrLoc> v;
	const mpfs_inode i = im.get(ino);
	const format::MapGeometry g(im.bs());
	const uint32_t P = g.ptrs_per_block();
	const format::Layout &l = im.layout();
	auto ptr = [&](uint32_t blk, uint32_t k) {
		return format::indirect_ptr(im.bytes().data() + uint64_t(blk) * im.bs(), k);
	};
	for (uint32_t s = 0; s < MPFS_N_BLOCKS; s++) {
		const uint32_t b = i.i_block[s];
		const uint64_t fb = s < 12 ? s : s == 12 ? g.first_indirect_block() : g.first_double_block();
		if (b || s < 12)
			v.push_back({ino, true, 0, s, fb, s < 12, b});
		if (!b || s < 12 || !l.is_data_block(b))
			continue;
		for (uint32_t k = 0; k < P; k++) {
			const uint32_t e = ptr(b, k);
			if (!e)
				continue;
			if (s == 12) {
				v.push_back({ino, false, b, k, fb + k, true, e});
				continue;
			}
			v.push_back({ino, false, b, k, fb + uint64_t(k) * P, false, e});
			if (!l.is_data_block(e))
				continue;
			for (uint32_t m = 0; m < P; m++)
				if (const uint32_t e2 = ptr(e, m))
					v.push_back({ino, false, e, m, fb + uint64_t(k) * P + m, true, e2});
		}
	}
	return v;
}


class Mutator {
public:
	Mutator(Base &b, Rng &r, Mutated &out) : b_(b), im_(b.img), l_(b.img.layout()), r_(r), out_(out) {}

	void one(bool single)
	{
		const uint64_t k = r_.below(100);
		if (k < 20)
			inode_field();
		else if (k < 52)
			pointer(single);
		else if (k < 68)
			dirent();
		else if (k < 78)
			bitmap();
		else if (k < 88)
			super();
		else
			flip_bytes();
	}

private:
	Base &b_;
	Image &im_;
	const format::Layout &l_;
	Rng &r_;
	Mutated &out_;

	void note(const char *fmt, ...) __attribute__((format(printf, 2, 3)))
	{
		char buf[256];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		out_.what.push_back(buf);
	}

	const Entry &pick_entry() { return b_.entries[r_.below(b_.entries.size())]; }
	uint32_t pick_ino(std::string &name)
	{
		if (r_.chance(10)) {
			name = "/";
			return MPFS_ROOT_INO;
		}
		const Entry &e = pick_entry();
		name = e.path;
		return e.ino;
	}

	/// A pointer value of one of the classes a corrupt map can hold.
	uint32_t bad_pointer(bool &out_of_range, const char *&cls)
	{
		out_of_range = false;
		switch (r_.below(8)) {
		case 0:
			cls = "zero";
			return 0;
		case 1:
			out_of_range = true;
			cls = "past-end";
			return uint32_t(l_.blocks_count + r_.below(64));
		case 2:
			out_of_range = true;
			cls = "all-ones";
			return 0xffffffffu;
		case 3:
			out_of_range = true;
			cls = "metadata"; // never 0: that is a hole, not a bad pointer
			return uint32_t(1 + r_.below(l_.first_data_block - 1));
		case 4: { // a block some other file uses: shared
			cls = "in-use";
			for (int tries = 0; tries < 20; tries++) {
				auto ps = pointers(im_, pick_entry().ino);
				if (!ps.empty()) {
					const uint32_t v = ps[r_.below(ps.size())].value;
					if (v)
						return v;
				}
			}
			return uint32_t(l_.first_data_block);
		}
		case 5:
			cls = "free";
			return uint32_t(format::bitmap_find_next_zero(im_.block_bitmap(), l_.blocks_count,
								      l_.first_data_block + r_.below(l_.data_blocks())));
		case 6: {
			cls = "random";
			const uint32_t v = uint32_t(r_.next());
			out_of_range = v != 0 && !l_.is_data_block(v);
			return v;
		}
		default:
			cls = "last";
			return uint32_t(l_.blocks_count - 1);
		}
	}

	void inode_field()
	{
		std::string name;
		uint32_t ino;
		if (r_.chance(12)) {
			ino = uint32_t(1 + r_.below(l_.inodes_count));
			name = "#" + std::to_string(ino);
		} else {
			ino = pick_ino(name);
		}
		mpfs_inode i = im_.get(ino);
		const uint64_t v = r_.next();
		switch (r_.below(9)) {
		case 0: {
			static const uint16_t modes[] = {0, format::kModeDir | 0755, format::kModeReg | 0644,
							 format::kModeLnk | 0777, 0010644 /* fifo */,
							 0020644 /* chr */, 0140644 /* sock */};
			i.i_mode = r_.chance(70) ? modes[r_.below(7)] : uint16_t(v);
			note("inode %u (%s): i_mode = 0%o", ino, name.c_str(), unsigned(i.i_mode));
			break;
		}
		case 1: {
			static const uint16_t links[] = {0, 1, 2, 3, 65535};
			i.i_links_count = r_.chance(70) ? links[r_.below(5)] : uint16_t(v);
			note("inode %u (%s): i_links_count = %u", ino, name.c_str(), unsigned(i.i_links_count));
			break;
		}
		case 2:
		case 3: {
			const uint64_t cur = i.i_size;
			const uint64_t maxs = format::max_file_size(im_.bs());
			const uint64_t sizes[] = {0, 1, cur + 1, cur ? cur - 1 : 7, cur * 2 + im_.bs(), maxs,
						  maxs + 1, uint64_t(1) << 63, ~uint64_t(0), v % maxs};
			i.i_size = sizes[r_.below(10)];
			note("inode %u (%s): i_size = %llu", ino, name.c_str(), (unsigned long long)i.i_size);
			break;
		}
		case 4:
			i.i_blocks = r_.chance(50) ? 0 : r_.chance(50) ? v : i.i_blocks + 1 + r_.below(3);
			note("inode %u (%s): i_blocks = %llu", ino, name.c_str(), (unsigned long long)i.i_blocks);
			break;
		case 5:
			i.i_flags = uint32_t(1) << r_.below(32);
			note("inode %u (%s): i_flags = %#x", ino, name.c_str(), unsigned(i.i_flags));
			break;
		case 6:
			i.i_reserved[r_.below(3)] = uint32_t(v) | 1;
			note("inode %u (%s): i_reserved set", ino, name.c_str());
			break;
		case 7:
			i.i_atime = v;
			i.i_mtime = ~v;
			i.i_ctime = v >> 1;
			i.i_uid = uint32_t(v >> 32);
			i.i_gid = uint32_t(v);
			i.i_generation = uint32_t(v >> 16);
			note("inode %u (%s): times, ids, generation = random", ino, name.c_str());
			break;
		default: // the whole inode as garbage or zeroes
			if (r_.chance(50)) {
				std::memset(&i, 0, sizeof(i));
				note("inode %u (%s): zeroed", ino, name.c_str());
			} else {
				auto *p = reinterpret_cast<uint8_t *>(&i);
				for (size_t k = 0; k < sizeof(i); k++)
					p[k] = uint8_t(r_.next());
				note("inode %u (%s): random bytes", ino, name.c_str());
			}
		}
		im_.put(ino, i);
	}

	void pointer(bool single)
	{
		std::vector<PtrLoc> ps;
		const Entry *e = nullptr;
		PtrLoc p{};
		if (r_.chance(70)) {
			// Most often a slot inside an indirect block, which only
			// get_block sees (the inode's own slots are checked at iget).
			std::vector<std::pair<const Entry *, PtrLoc>> deep;
			for (const Entry &x : b_.entries)
				for (const PtrLoc &q : pointers(im_, x.ino))
					if (!q.in_inode)
						deep.push_back({&x, q});
			if (deep.empty())
				return inode_field();
			std::tie(e, p) = deep[r_.below(deep.size())];
		} else {
			for (int tries = 0; tries < 20 && ps.empty(); tries++) {
				e = r_.chance(8) ? nullptr : &pick_entry();
				ps = pointers(im_, e ? e->ino : MPFS_ROOT_INO);
			}
			if (ps.empty())
				return inode_field();
			p = ps[r_.below(ps.size())];
		}
		bool oor;
		const char *cls;
		const uint32_t v = bad_pointer(oor, cls);
		const uint32_t ino = e ? e->ino : MPFS_ROOT_INO;
		const std::string name = e ? e->path : "/";
		if (p.in_inode) {
			mpfs_inode i = im_.get(ino);
			i.i_block[p.idx] = v;
			im_.put(ino, i);
			note("inode %u (%s): i_block[%u] = %u (%s, was %u)", ino, name.c_str(), p.idx, v, cls,
			     p.value);
		} else {
			format::set_indirect_ptr(im_.block(p.blk), p.idx, v);
			note("inode %u (%s): %s block %u entry %u = %u (%s, was %u, file block %llu)", ino,
			     name.c_str(), p.leaf ? "indirect" : "double-indirect", p.blk, p.idx, v, cls,
			     p.value, (unsigned long long)p.first_fb);
		}
		// Only a lone mutation gives a sure expectation: reading the file
		// block through the bad pointer must fail, never reach the block.
		if (single && oor && e && e->type == MPFS_FT_REG &&
		    p.first_fb * im_.bs() < im_.get(ino).i_size)
			out_.expect_eio.push_back({e->path, p.first_fb * im_.bs()});
	}

	void dirent()
	{
		std::vector<std::pair<uint32_t, std::string>> dirs{{MPFS_ROOT_INO, "/"}};
		for (const Entry &e : b_.entries)
			if (e.type == MPFS_FT_DIR)
				dirs.push_back({e.ino, e.path});
		const auto &[dino, dname] = dirs[r_.below(dirs.size())];
		const mpfs_inode d = im_.get(dino);
		const uint64_t nb = d.i_size / im_.bs();
		const uint64_t fb = r_.below(nb ? nb : 1);
		const uint32_t blk = im_.lookup(dino, fb);
		if (!l_.is_data_block(blk))
			return flip_bytes();
		ktl::Span<uint8_t> sp = im_.block_span(blk);
		std::vector<format::Dirent> recs;
		format::DirentIter it(ktl::Span<const uint8_t>(sp.data(), sp.size()));
		for (format::Dirent de; it.next(de);)
			recs.push_back(de);
		if (recs.empty())
			return flip_bytes();
		const format::Dirent de = recs[r_.below(recs.size())];
		uint8_t *rec = sp.data() + de.offset;
		const uint64_t v = r_.next();
		auto put16 = [](uint8_t *p, uint16_t x) { p[0] = uint8_t(x); p[1] = uint8_t(x >> 8); };
		auto put32 = [](uint8_t *p, uint32_t x) {
			for (int k = 0; k < 4; k++)
				p[k] = uint8_t(x >> (8 * k));
		};
		const std::string rn(de.name, de.name_len);
		switch (r_.below(6)) {
		case 0: {
			const uint32_t inos[] = {0, l_.inodes_count + 1, uint32_t(v), dino, MPFS_ROOT_INO,
						 uint32_t(1 + v % l_.inodes_count), pick_entry().ino};
			const uint32_t x = inos[r_.below(7)];
			put32(rec, x);
			note("dir %s block %u record '%s': inode = %u", dname.c_str(), blk, rn.c_str(), x);
			break;
		}
		case 1: {
			const uint16_t lens[] = {0, 4, uint16_t(de.rec_len + 1), uint16_t(de.rec_len + 4),
						 uint16_t(im_.bs()), uint16_t(de.needed() - 4), uint16_t(v)};
			const uint16_t x = lens[r_.below(7)];
			put16(rec + 4, x);
			note("dir %s block %u record '%s': rec_len = %u", dname.c_str(), blk, rn.c_str(), x);
			break;
		}
		case 2: {
			const uint8_t lens[] = {0, 255, uint8_t(de.rec_len - 7), uint8_t(de.name_len + 1), uint8_t(v)};
			const uint8_t x = lens[r_.below(5)];
			rec[6] = x;
			note("dir %s block %u record '%s': name_len = %u", dname.c_str(), blk, rn.c_str(), x);
			break;
		}
		case 3: {
			const uint8_t x = r_.chance(60) ? uint8_t((const uint8_t[]){0, 4, 8, 10}[r_.below(4)]) : uint8_t(v);
			rec[7] = x;
			note("dir %s block %u record '%s': file_type = %u", dname.c_str(), blk, rn.c_str(), x);
			break;
		}
		case 4:
			if (de.name_len) {
				const uint32_t at = uint32_t(v % de.name_len);
				rec[8 + at] = r_.chance(50) ? '/' : (r_.chance(50) ? 0 : '.');
				note("dir %s block %u record '%s': name byte %u = %#x", dname.c_str(), blk, rn.c_str(),
				     at, rec[8 + at]);
				break;
			}
			[[fallthrough]];
		default:
			for (int k = 0; k < 8; k++)
				rec[k] = uint8_t(r_.next());
			note("dir %s block %u record '%s': header = random", dname.c_str(), blk, rn.c_str());
		}
	}

	void bitmap()
	{
		const int n = 1 + int(r_.below(4));
		for (int k = 0; k < n; k++) {
			if (r_.chance(65)) {
				uint64_t bit;
				if (r_.chance(40)) { // a block some file uses
					auto ps = pointers(im_, pick_entry().ino);
					bit = ps.empty() || !l_.is_data_block(ps[0].value) ? r_.below(l_.blocks_count)
											   : ps[r_.below(ps.size())].value;
					if (bit >= l_.blocks_count)
						bit = r_.below(l_.blocks_count);
				} else {
					bit = r_.below(uint64_t(l_.block_bitmap_blocks) * im_.bs() * 8);
				}
				auto bm = im_.block_bitmap();
				format::bitmap_test(bm, bit) ? format::bitmap_clear(bm, bit) : format::bitmap_set(bm, bit);
				note("block bitmap: bit %llu flipped", (unsigned long long)bit);
			} else {
				const uint64_t bit = r_.chance(30) ? r_.below(4) : r_.below(uint64_t(l_.inode_bitmap_blocks) * im_.bs() * 8);
				auto bm = im_.inode_bitmap();
				format::bitmap_test(bm, bit) ? format::bitmap_clear(bm, bit) : format::bitmap_set(bm, bit);
				note("inode bitmap: bit %llu (inode %llu) flipped", (unsigned long long)bit,
				     (unsigned long long)bit + 1);
			}
		}
	}

	void super()
	{
		mpfs_super_block sb = im_.super();
		const uint64_t v = r_.next();
		const int d = r_.chance(50) ? 1 : -1;
		const char *f;
		switch (r_.below(14)) {
		case 0: f = "s_magic"; sb.s_magic ^= uint32_t(1) << r_.below(32); break;
		case 1: f = "s_version"; sb.s_version = r_.chance(50) ? 2 : uint32_t(v); break;
		case 2: {
			f = "s_block_size";
			const uint32_t sizes[] = {512, 1024, 2048, 4096, 8192, 1025};
			sb.s_block_size = sizes[r_.below(6)];
			break;
		}
		case 3: f = "s_inode_size"; sb.s_inode_size = r_.chance(50) ? 256 : 64; break;
		case 4: {
			f = "s_blocks_count";
			const uint64_t c = sb.s_blocks_count;
			const uint64_t cs[] = {c - 1, c + 1, c / 2, c * 2, uint64_t(1) << 32, l_.first_data_block, v};
			sb.s_blocks_count = cs[r_.below(7)];
			break;
		}
		case 5: {
			f = "s_inodes_count";
			const uint32_t c = sb.s_inodes_count;
			const uint32_t cs[] = {0, 1, c - 1, c + 1, c * 2, uint32_t(v)};
			sb.s_inodes_count = cs[r_.below(6)];
			break;
		}
		case 6: f = "s_root_ino"; sb.s_root_ino = r_.chance(50) ? 2 : 0; break;
		case 7: f = "s_block_bitmap"; sb.s_block_bitmap += d; break;
		case 8: f = "s_inode_bitmap"; sb.s_inode_bitmap += d; break;
		case 9: f = "s_inode_table"; sb.s_inode_table += d; break;
		case 10: f = "s_first_data_block"; sb.s_first_data_block += d; break;
		case 11: f = "s_flags"; sb.s_flags = uint32_t(1) << r_.below(32); break;
		case 12: f = "s_reserved"; sb.s_reserved[r_.below(29)] = uint32_t(v) | 1; break;
		default: // what the kernel never reads: must stay harmless
			f = "s_label/s_uuid/s_mkfs_time";
			for (auto &c : sb.s_label)
				c = char(r_.next());
			sb.s_uuid[r_.below(16)] ^= 0xff;
			sb.s_mkfs_time = v;
			break;
		}
		const bool fix = !r_.chance(5);
		if (fix)
			format::super_set_checksum(sb);
		im_.put_super(sb);
		note("superblock: %s changed%s", f, fix ? " (checksum recomputed)" : " (stale checksum)");
	}

	void flip_bytes()
	{
		// A metadata block: inode table, a directory or an indirect block.
		std::vector<uint32_t> blocks;
		for (uint64_t b = l_.inode_table; b < l_.first_data_block; b++)
			blocks.push_back(uint32_t(b));
		for (const Entry &e : b_.entries) {
			for (const PtrLoc &p : pointers(im_, e.ino)) {
				if (!p.in_inode && l_.is_data_block(p.blk))
					blocks.push_back(p.blk);
				if (e.type == MPFS_FT_DIR && p.leaf && l_.is_data_block(p.value))
					blocks.push_back(p.value);
			}
		}
		blocks.push_back(uint32_t(l_.first_data_block)); // the root directory
		const uint32_t blk = blocks[r_.below(blocks.size())];
		const int n = 1 + int(r_.below(8));
		for (int k = 0; k < n; k++) {
			const uint32_t at = uint32_t(r_.below(im_.bs()));
			im_.block(blk)[at] ^= uint8_t(1 + r_.below(255));
		}
		note("block %u: %d random bytes changed", blk, n);
	}
};

} // namespace

Mutated make_mutated(uint64_t seed)
{
	Rng r(seed);
	static const uint32_t sizes[] = {1024, 2048, 4096};
	const uint32_t bs = sizes[r.below(3)];
	static const Base bases[3] = {build_base(1024), build_base(2048), build_base(4096)};
	Base b = bases[bs == 1024 ? 0 : bs == 2048 ? 1 : 2];
	Mutated m;
	m.bs = bs;
	const uint64_t k = r.below(100);
	const int n = k < 60 ? 1 : k < 85 ? 2 : 3;
	Mutator mu(b, r, m);
	for (int i = 0; i < n; i++)
		mu.one(n == 1);
	m.bytes = std::move(b.img.bytes());
	return m;
}

} // namespace mpfs::stress
