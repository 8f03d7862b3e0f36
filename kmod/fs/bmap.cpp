// SPDX-License-Identifier: GPL-2.0
// The block map: get_block (lookup of runs, allocation of holes) and
// truncation. The pointer-slot arithmetic is format::MapGeometry::path(), the
// counterpart of ext2_block_to_path(); the run and BH_Boundary rules follow
// ext2_get_blocks(). Every pointer is range-checked before it is read through
// or mapped, so a corrupt inode yields -EIO and never I/O outside the fs.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

/// The pointer array holding the last slot of a path: i_data or an indirect block.
struct Leaf {
	const u32 *direct; ///< i_data when the path is direct
	const u8 *ind;     ///< indirect block data otherwise

	u32 get(u32 i) const
	{
		return direct ? __atomic_load_n(&direct[i], __ATOMIC_RELAXED) : format::indirect_ptr(ind, i);
	}
};

const Mapping kHole{0, 1, false, false};

/// Maps the run that starts at slot @idx of @leaf (ext2_get_blocks' "found" case).
ktl::Result<Mapping> run_at(struct inode *inode, const SuperInfo &s, const Leaf &leaf, u32 idx,
			    u32 to_boundary, u32 max)
{
	const u32 first = leaf.get(idx);
	if (first == 0)
		return kHole;
	if (!s.layout.is_data_block(first))
		return corrupt(inode, "block pointer out of range", first);
	u32 count = 1;
	while (count < max && count <= to_boundary) {
		const u32 next = leaf.get(idx + count);
		if (next != first + count || !s.layout.is_data_block(next))
			break;
		count++;
	}
	return Mapping{first, count, count > to_boundary, false};
}

/// Follows @p without allocating.
ktl::Result<Mapping> lookup(struct inode *inode, SuperInfo &s, const format::BlockPath &p, u32 max)
{
	const mpfs_inode_mem *m = shim_fs_inode_mem(inode);
	if (p.depth == 1)
		return run_at(inode, s, Leaf{m->i_data, nullptr}, p.offsets[0], p.blocks_to_boundary, max);
	u32 blk = __atomic_load_n(&m->i_data[p.offsets[0]], __ATOMIC_RELAXED);
	Buffer bh;
	for (u32 level = 1; level < p.depth; level++) {
		if (blk == 0)
			return kHole;
		if (!s.layout.is_data_block(blk))
			return corrupt(inode, "indirect block pointer out of range", blk);
		bh = KTRY(read_block(s, blk));
		if (level + 1 < p.depth)
			blk = format::indirect_ptr(bh.data(), p.offsets[level]);
	}
	return run_at(inode, s, Leaf{nullptr, bh.data()}, p.offsets[p.depth - 1], p.blocks_to_boundary,
		      max);
}

/// Gives back blocks allocated by a failed allocate().
void release(SuperInfo &s, const u32 *blocks, u32 n)
{
	MutexGuard g(s.alloc_lock);
	for (u32 i = 0; i < n; i++)
		free_block_locked(s, blocks[i]);
}

/**
 * allocate - fill the hole at @p with a data block and any missing indirect blocks
 *
 * All blocks are allocated before anything is linked, so ENOSPC leaves the map
 * untouched and the bitmaps as they were (ext2_alloc_branch's rule). New
 * indirect blocks are initialised before the pointer to them is stored.
 */
ktl::Result<Mapping> allocate(struct inode *inode, SuperInfo &s, const format::BlockPath &p)
{
	mpfs_inode_mem *m = shim_fs_inode_mem(inode);
	Buffer parents[3]; // parents[k]: the indirect block holding slot k (k >= 1)
	u32 k = 0;
	for (; k < p.depth; k++) {
		const u32 blk = k == 0 ? m->i_data[p.offsets[0]]
				       : format::indirect_ptr(parents[k].data(), p.offsets[k]);
		if (blk == 0)
			break;
		if (!s.layout.is_data_block(blk))
			return corrupt(inode, "indirect block pointer out of range", blk);
		if (k + 1 < p.depth)
			parents[k + 1] = KTRY(read_block(s, blk));
	}
	if (k == p.depth) // lookup() just saw a hole under the same map lock
		return corrupt(inode, "block map changed under its lock at file block", p.offsets[p.depth - 1]);

	// Goal: right after the previous block of the same array, else the inode's last allocation.
	u64 goal = m->alloc_prev;
	const u32 last = p.offsets[p.depth - 1];
	if (k == p.depth - 1 && last > 0) {
		const u32 prev = k == 0 ? m->i_data[last - 1]
					: format::indirect_ptr(parents[k].data(), last - 1);
		if (s.layout.is_data_block(prev))
			goal = prev;
	}

	const u32 n = p.depth - k;
	u32 fresh[3];
	for (u32 i = 0; i < n; i++) {
		auto b = alloc_block(s, goal);
		if (b.is_error()) {
			release(s, fresh, i);
			return b.error();
		}
		fresh[i] = b.value();
		goal = fresh[i];
	}
	Buffer newind[2];
	for (u32 i = 0; i + 1 < n; i++) {
		newind[i] = Buffer(shim_sb_getblk_zeroed(s.sb, fresh[i]));
		if (!newind[i]) {
			release(s, fresh, n);
			return ktl::Error::from_errno(-ktl::kENOMEM);
		}
	}
	for (u32 i = 0; i + 1 < n; i++) {
		format::set_indirect_ptr(newind[i].data(), p.offsets[k + i + 1], fresh[i + 1]);
		shim_mark_buffer_dirty_inode(newind[i].get(), inode);
	}
	if (k == 0) {
		__atomic_store_n(&m->i_data[p.offsets[0]], fresh[0], __ATOMIC_RELEASE);
	} else {
		format::set_indirect_ptr(parents[k].data(), p.offsets[k], fresh[0]);
		shim_mark_buffer_dirty_inode(parents[k].get(), inode);
	}
	m->fs_blocks += n;
	m->alloc_prev = fresh[n - 1];
	update_i_blocks(inode);
	shim_mark_inode_dirty(inode);
	return Mapping{fresh[n - 1], 1, p.blocks_to_boundary == 0, true};
}

/// Frees the blocks of one subtree of the map during truncation.
struct Freer {
	SuperInfo &s;
	struct inode *inode;
	u32 ptrs_bits;
	u64 freed = 0;

	void free_one(u32 &slot, u32 blk)
	{
		free_block_locked(s, blk);
		freed++;
		slot = 0;
	}

	/// Frees file blocks >= @start of the subtree at @slot; @level 0 = a data block,
	/// 1 = an indirect block of data pointers, 2 = the double-indirect block.
	void subtree(u32 &slot, u32 level, u64 start)
	{
		const u32 blk = slot;
		if (blk == 0)
			return;
		if (!s.layout.is_data_block(blk)) {
			(void)corrupt(inode, "dropping out-of-range block pointer", blk);
			slot = 0;
			return;
		}
		if (level == 0) {
			if (start == 0)
				free_one(slot, blk);
			return;
		}
		auto bh = read_block(s, blk);
		if (bh.is_error()) {
			if (start == 0)
				free_one(slot, blk); // its children leak: fsck reports them
			return;
		}
		u8 *d = bh.value().data();
		const u32 ptrs = 1u << ptrs_bits;
		const u32 shift = ptrs_bits * (level - 1);
		const u64 c0 = start >> shift;
		bool dirty = false, empty = true;
		for (u32 c = 0; c < ptrs; c++) {
			u32 e = format::indirect_ptr(d, c);
			if (c >= c0 && e) {
				subtree(e, level - 1, c == c0 ? start & ((1ull << shift) - 1) : 0);
				if (e != format::indirect_ptr(d, c)) {
					format::set_indirect_ptr(d, c, e);
					dirty = true;
				}
			}
			if (e)
				empty = false;
		}
		if (empty) {
			bh.value().forget();
			free_one(slot, blk);
		} else if (dirty) {
			shim_mark_buffer_dirty_inode(bh.value().get(), inode);
		}
	}
};

} // namespace

ktl::Result<Mapping> map_blocks(struct inode *inode, u64 iblock, u32 max, Create create)
{
	SuperInfo &s = super_info_of(inode);
	auto path = s.geometry().path(ktl::FileBlock(iblock));
	if (path.is_error())
		return create == Create::Yes ? ktl::Result<Mapping>(path.error()) : ktl::Result<Mapping>(kHole);
	const format::BlockPath &p = path.value();
	if (create == Create::No)
		return lookup(inode, s, p, max);
	MutexGuard g(shim_fs_inode_map_lock(inode));
	auto found = lookup(inode, s, p, max);
	if (found.is_error() || found.value().pblock)
		return found;
	return allocate(inode, s, p);
}

void truncate_blocks(struct inode *inode, u64 first)
{
	SuperInfo &s = super_info_of(inode);
	mpfs_inode_mem *m = shim_fs_inode_mem(inode);
	const format::MapGeometry geo = s.geometry();
#ifdef MPFS_BREAK_lock_order
	// Test-only (MPFS_BREAK=lock-order): the reverse of get_block's order,
	// which lockdep must report.
	MutexGuard alloc(s.alloc_lock);
	MutexGuard map(shim_fs_inode_map_lock(inode));
#else
	MutexGuard map(shim_fs_inode_map_lock(inode));
	MutexGuard alloc(s.alloc_lock);
#endif
	Freer f{s, inode, geo.ptrs_bits()};
	for (u64 i = first; i < MPFS_NDIR_BLOCKS; i++)
		f.subtree(m->i_data[i], 0, 0);
	const u64 ind = geo.first_indirect_block(), dind = geo.first_double_block();
	if (first < dind)
		f.subtree(m->i_data[MPFS_IND_BLOCK], 1, first > ind ? first - ind : 0);
	f.subtree(m->i_data[MPFS_DIND_BLOCK], 2, first > dind ? first - dind : 0);
	m->fs_blocks = m->fs_blocks >= f.freed ? m->fs_blocks - f.freed : 0;
	m->alloc_prev = 0;
	update_i_blocks(inode);
	shim_mark_inode_dirty(inode);
}

} // namespace mpfs::fs

using namespace mpfs::fs;
namespace format = mpfs::format;

/**
 * mpfs_get_block - the filesystem's get_block_t
 * @create: 0 maps existing blocks (holes stay unmapped); 1 also fills a hole
 *
 * Maps a run of up to b_size bytes of contiguous blocks, stopping at a
 * discontinuity, a hole or the end of the pointer array; sets BH_Boundary when
 * the run reaches that end and BH_New on a freshly allocated block.
 */
extern "C" int mpfs_get_block(struct inode *inode, ktl::u64 iblock, struct buffer_head *bh, int create)
{
	SuperInfo &s = super_info_of(inode);
	s.mi.stats.get_block_calls++;
	if (create && mpfs::mpage::fault_fires(&s.mi.fault, mpfs::mpage::FaultKind::MapUnmapped)) {
		// A get_block that fills in a location but forgets BH_Mapped: 6.1's
		// mpage writes the page there anyway, 6.12's takes the buffer_head path.
		shim_bh_set_location(bh, s.sb, s.layout.blocks_count - 1);
		return 0;
	}
	u64 max = shim_bh_size(bh) >> s.blkbits();
	if (max == 0)
		max = 1;
	if (max > (1u << 20))
		max = 1u << 20;
	auto r = map_blocks(inode, iblock, u32(max), create ? Create::Yes : Create::No);
	if (r.is_error())
		return r.to_errno();
	const Mapping &m = r.value();
	if (m.pblock == 0)
		return 0;
	shim_map_bh(bh, s.sb, m.pblock);
	shim_bh_set_size(bh, u64(m.count) << s.blkbits());
	if (m.boundary)
		shim_set_buffer_boundary(bh);
	if (m.fresh)
		shim_set_buffer_new(bh);
	return 0;
}
