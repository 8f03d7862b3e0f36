// SPDX-License-Identifier: GPL-2.0
// engine=iomap: the kernel's iomap buffered I/O over mpfs's block map.
// iomap asks the filesystem for extents ("this byte range lies here on disk,
// or is a hole"), not for buffer_heads; these are the answers, built on
// map_blocks() (bmap.cpp), plus the two file operations iomap leaves to the
// filesystem (write_iter and page_mkwrite). The operation tables and the
// 6.1/6.12 spellings are in kmod/shim/fs_iomap.c.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

/// Longest mapping handed out at once, in blocks: bounds the run scan of one call.
constexpr u32 kMaxMapBlocks = 1u << 16;

/// A mapping in file blocks, before it becomes a struct iomap.
struct Extent {
	u64 first;  ///< first file block
	u64 pblock; ///< first disk block; 0 = hole
	u32 count;  ///< blocks
	bool fresh; ///< allocated by this call (IOMAP_F_NEW)
};

u32 blocks_spanned(const SuperInfo &s, long long pos, u64 length)
{
	const u64 first = u64(pos) >> s.blkbits();
	const u64 last = (u64(pos) + (length ? length : 1) - 1) >> s.blkbits();
	const u64 n = last - first + 1;
	return n > kMaxMapBlocks ? kMaxMapBlocks : u32(n);
}

/// A hole as long as the map has no block, up to @max blocks: iomap zeroes it
/// in one step instead of asking block by block.
ktl::Result<Extent> hole_run(struct inode *inode, u64 first, u32 max)
{
	u32 n = 1;
	while (n < max) {
		const Mapping m = KTRY(map_blocks(inode, first + n, 1, Create::No));
		if (m.pblock)
			break;
		n++;
	}
	return Extent{first, 0, n, false};
}

/// The extent at @first: a run of mapped blocks, a hole, or (with Create::Yes,
/// at a hole) one newly allocated block.
ktl::Result<Extent> extent_at(struct inode *inode, u64 first, u32 max, Create create)
{
	const Mapping found = KTRY(map_blocks(inode, first, max, Create::No));
	if (found.pblock)
		return Extent{first, found.pblock, found.count, false};
	if (create == Create::No)
		return hole_run(inode, first, max);
	// One block per call: a block allocated here and not covered by the write
	// would later be reported as mapped without IOMAP_F_NEW, and iomap would
	// read its stale contents into a partially written block.
	const Mapping made = KTRY(map_blocks(inode, first, 1, Create::Yes));
	return Extent{first, made.pblock, 1, made.fresh};
}

void fill(struct iomap *iomap, const SuperInfo &s, const Extent &e)
{
	const u32 bits = s.blkbits();
	if (e.pblock == 0) {
		shim_iomap_set(iomap, s.sb, MPFS_IOMAP_TYPE_HOLE, 0, MPFS_IOMAP_NULL_ADDR,
			       (long long)(e.first << bits), u64(e.count) << bits);
		return;
	}
	shim_iomap_set(iomap, s.sb, MPFS_IOMAP_TYPE_MAPPED, e.fresh ? MPFS_IOMAP_F_NEW : 0,
		       e.pblock << bits, (long long)(e.first << bits), u64(e.count) << bits);
}

/// The inode's i_rwsem, held exclusively (write_iter).
class InodeLock {
public:
	explicit InodeLock(struct inode *inode) : inode_(inode) { shim_inode_lock(inode_); }
	~InodeLock() { shim_inode_unlock(inode_); }
	InodeLock(const InodeLock &) = delete;
	InodeLock &operator=(const InodeLock &) = delete;

private:
	struct inode *inode_;
};

/// Freeze protection of a page fault, the time update, then the mapping's
/// invalidate_lock (shared), which keeps truncate out while the folio gets
/// its blocks.
class FaultGuard {
public:
	explicit FaultGuard(struct vm_fault *vmf) : inode_(shim_vmf_inode(vmf))
	{
		shim_sb_start_pagefault(shim_inode_sb(inode_));
		shim_vmf_file_update_time(vmf);
		shim_inode_invalidate_lock_shared(inode_);
	}
	~FaultGuard()
	{
		shim_inode_invalidate_unlock_shared(inode_);
		shim_sb_end_pagefault(shim_inode_sb(inode_));
	}
	FaultGuard(const FaultGuard &) = delete;
	FaultGuard &operator=(const FaultGuard &) = delete;

private:
	struct inode *inode_;
};

} // namespace
} // namespace mpfs::fs

using namespace mpfs::fs;

/**
 * mpfs_iomap_begin - iomap_ops.iomap_begin of engine=iomap
 * @flags: IOMAP_WRITE (buffered write, page_mkwrite) fills a hole with a new
 *	block; IOMAP_ZERO and reads never allocate
 *
 * Reports the extent that holds @pos: a run of blocks contiguous on disk
 * (IOMAP_MAPPED), a run of unmapped blocks (IOMAP_HOLE), or a block allocated
 * now (IOMAP_MAPPED | IOMAP_F_NEW, so iomap zeroes what the write leaves of it).
 */
extern "C" int mpfs_iomap_begin(struct inode *inode, long long pos, long long length,
				unsigned int flags, struct iomap *iomap)
{
	SuperInfo &s = super_info_of(inode);
	s.mi.stats.get_block_calls++;
	if (pos < 0 || length <= 0)
		return -ktl::kEINVAL;
	const bool alloc = (flags & MPFS_IOMAP_FLAG_WRITE) && !(flags & MPFS_IOMAP_FLAG_ZERO);
	auto e = extent_at(inode, u64(pos) >> s.blkbits(), blocks_spanned(s, pos, u64(length)),
			   alloc ? Create::Yes : Create::No);
	if (e.is_error())
		return e.to_errno();
	fill(iomap, s, e.value());
	return 0;
}

/**
 * mpfs_iomap_map_writeback - iomap_writeback_ops.map_blocks of engine=iomap
 * @len: the dirty bytes from @offset that iomap wants mapped (6.1 asks per block)
 *
 * Looked up afresh at every call: a mapping kept from an earlier folio could
 * name blocks that a truncate has freed since. Blocks were allocated when the
 * data was written (write_iter, page_mkwrite), so a hole here is a range
 * iomap skips.
 */
extern "C" int mpfs_iomap_map_writeback(struct inode *inode, long long offset, unsigned int len,
					struct iomap *iomap)
{
	SuperInfo &s = super_info_of(inode);
	s.mi.stats.get_block_calls++;
	if (offset < 0)
		return -ktl::kEINVAL;
	auto e = extent_at(inode, u64(offset) >> s.blkbits(), blocks_spanned(s, offset, len),
			   Create::No);
	if (e.is_error())
		return e.to_errno();
	fill(iomap, s, e.value());
	return 0;
}

/**
 * mpfs_iomap_write_iter - file_operations.write_iter of engine=iomap files
 *
 * What generic_file_write_iter does around its copy, with
 * iomap_file_buffered_write as the copy; a short or failed write gives back
 * the blocks it allocated past i_size, as write_end does for the mpage engines.
 */
extern "C" long mpfs_iomap_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = shim_kiocb_inode(iocb);
	long ret;
	{
		InodeLock lock(inode);
		ret = shim_generic_write_checks(iocb, from);
		if (ret <= 0)
			return ret;
		const long count = ret;
		const long long pos = shim_kiocb_pos(iocb);
		const int rc = shim_kiocb_file_modified(iocb);
		if (rc)
			return rc;
		ret = shim_iomap_file_buffered_write(iocb, from);
		if (ret < count)
			write_failed(inode, pos + count);
	}
	if (ret > 0)
		ret = shim_generic_write_sync(iocb, ret);
	return ret;
}

/**
 * mpfs_iomap_page_mkwrite - vm_operations_struct.page_mkwrite of engine=iomap
 *
 * Gives the faulting folio its blocks (iomap_begin with IOMAP_WRITE) before
 * it can be dirtied through the mapping, so writeback never meets a hole
 * under dirty data.
 */
extern "C" unsigned int mpfs_iomap_page_mkwrite(struct vm_fault *vmf)
{
	FaultGuard guard(vmf);
	return shim_iomap_page_mkwrite(vmf);
}
