// SPDX-License-Identifier: GPL-2.0
// Block and inode allocation over the pinned on-disk bitmaps. One mutex per
// mount covers both bitmaps and the cached free counts.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

/// One bitmap spread over pinned blocks of block_size bytes.
struct Bitmap {
	struct buffer_head **bhs;
	u32 bytes_per_block;
	u64 nbits;

	u64 bits_per_block() const { return u64(bytes_per_block) * 8; }
	ktl::Span<u8> block_span(u64 bit) const
	{
		return ktl::Span<u8>(static_cast<u8 *>(shim_bh_data(bhs[bit / bits_per_block()])),
				     bytes_per_block);
	}
	bool test(u64 bit) const { return format::bitmap_test(block_span(bit), bit % bits_per_block()); }
	void set(u64 bit, bool value) const
	{
		auto span = block_span(bit);
		if (value)
			format::bitmap_set(span, bit % bits_per_block());
		else
			format::bitmap_clear(span, bit % bits_per_block());
		shim_mark_buffer_dirty(bhs[bit / bits_per_block()]);
	}

	/// First clear bit in [from, to), or @to.
	u64 find_zero_up(u64 from, u64 to) const
	{
		while (from < to) {
			const u64 base = from - from % bits_per_block();
			const u64 end = ktl::min(to, base + bits_per_block());
			const u64 hit = format::bitmap_find_next_zero(block_span(from), end - base,
								      from - base);
			if (hit < end - base)
				return base + hit;
			from = end;
		}
		return to;
	}

	/// Highest clear bit in [lo, from], or ~0 if none.
	u64 find_zero_down(u64 from, u64 lo) const
	{
		u64 bit = from + 1;
		while (bit > lo) {
			bit--;
			auto span = block_span(bit);
			const u64 in = bit % bits_per_block();
			// Skip whole full bytes below an aligned position.
			if ((in & 7) == 7 && span[in >> 3] == 0xff) {
				bit -= 7;
				continue;
			}
			if (!format::bitmap_test(span, in))
				return bit;
		}
		return ~0ull;
	}
};

Bitmap block_bitmap(const SuperInfo &s)
{
	return Bitmap{s.block_bitmap, s.layout.block_size, s.layout.blocks_count};
}

Bitmap inode_bitmap(const SuperInfo &s)
{
	return Bitmap{s.inode_bitmap, s.layout.block_size, s.layout.inodes_count};
}

/// splitmix64: small, good enough to scatter blocks, reproducible per seed.
u64 next_random(SuperInfo &s)
{
	u64 z = (s.rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

u64 search(SuperInfo &s, u64 goal)
{
	const Bitmap bm = block_bitmap(s);
	const u64 lo = s.layout.first_data_block, hi = s.layout.blocks_count;
	switch (s.opts.alloc) {
	case AllocPolicy::Reverse: {
		u64 start = goal ? goal - 1 : s.cursor;
		if (start < lo || start >= hi)
			start = hi - 1;
		u64 b = bm.find_zero_down(start, lo);
		if (b == ~0ull && start + 1 < hi)
			b = bm.find_zero_down(hi - 1, start + 1);
		return b;
	}
	case AllocPolicy::Scatter:
		goal = lo + next_random(s) % (hi - lo);
		break;
	case AllocPolicy::Contiguous:
		goal = goal ? goal + 1 : s.cursor;
		break;
	}
	if (goal < lo || goal >= hi)
		goal = lo;
	const u64 b = bm.find_zero_up(goal, hi);
	if (b < hi)
		return b;
	const u64 w = bm.find_zero_up(lo, goal); // wrap around
	return w < goal ? w : ~0ull;
}

} // namespace

ktl::Result<u32> alloc_block(SuperInfo &s, u64 goal)
{
	MutexGuard g(s.alloc_lock);
	if (s.free_blocks == 0)
		return ktl::Error::from_errno(-ktl::kENOSPC);
	const u64 b = search(s, goal);
	if (b == ~0ull || b < s.layout.first_data_block || b >= s.layout.blocks_count)
		return ktl::Error::from_errno(-ktl::kENOSPC);
	block_bitmap(s).set(b, true);
	s.free_blocks--;
	s.cursor = b;
	return u32(b);
}

void free_block_locked(SuperInfo &s, u64 blk)
{
	const Bitmap bm = block_bitmap(s);
	if (blk < s.layout.first_data_block || blk >= s.layout.blocks_count || !bm.test(blk)) {
		shim_fs_err_ratelimited("freeing block %llu that is not an allocated data block",
					(unsigned long long)blk);
		return;
	}
	bm.set(blk, false);
	s.free_blocks++;
	shim_fs_forget_block(s.sb, blk);
}

ktl::Result<u32> alloc_inode_number(SuperInfo &s)
{
	MutexGuard g(s.alloc_lock);
	const Bitmap bm = inode_bitmap(s);
	const u64 bit = s.free_inodes ? bm.find_zero_up(0, bm.nbits) : bm.nbits;
	if (bit >= bm.nbits)
		return ktl::Error::from_errno(-ktl::kENOSPC);
	bm.set(bit, true);
	s.free_inodes--;
	return u32(bit + 1);
}

void free_inode_number(SuperInfo &s, u32 ino)
{
	MutexGuard g(s.alloc_lock);
	const Bitmap bm = inode_bitmap(s);
	if (ino < 1 || ino > s.layout.inodes_count || !bm.test(ino - 1)) {
		shim_fs_err_ratelimited("freeing inode %u that is not in use", ino);
		return;
	}
	bm.set(ino - 1, false);
	s.free_inodes++;
}

void count_free(SuperInfo &s)
{
	const Bitmap bb = block_bitmap(s);
	u64 used = 0;
	for (u32 i = 0; i < s.layout.block_bitmap_blocks; i++) {
		const u64 first = u64(i) * bb.bits_per_block();
		const u64 n = ktl::min(bb.bits_per_block(), s.layout.blocks_count - first);
		used += format::bitmap_count_set(bb.block_span(first), n);
	}
	s.free_blocks = s.layout.blocks_count - used;
	const Bitmap ib = inode_bitmap(s);
	used = 0;
	for (u32 i = 0; i < s.layout.inode_bitmap_blocks; i++) {
		const u64 first = u64(i) * ib.bits_per_block();
		const u64 n = ktl::min(ib.bits_per_block(), u64(s.layout.inodes_count) - first);
		used += format::bitmap_count_set(ib.block_span(first), n);
	}
	s.free_inodes = s.layout.inodes_count - used;
}

} // namespace mpfs::fs
