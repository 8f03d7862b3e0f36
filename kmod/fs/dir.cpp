// SPDX-License-Identifier: GPL-2.0
// Directory data: blocks mapped through the block map and read through the
// buffer cache, every block validated (format::validate_dir_block) before use.
// Callers hold the directory's i_rwsem (shared for lookup/readdir).
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

u64 dir_nblocks(struct inode *dir)
{
	return u64(shim_i_size_read(dir)) >> super_info_of(dir).blkbits();
}

/// Directory block @n, read and checked.
ktl::Result<Buffer> dir_block(struct inode *dir, u64 n)
{
	SuperInfo &s = super_info_of(dir);
	const Mapping m = KTRY(map_blocks(dir, n, 1, Create::No));
	if (m.pblock == 0)
		return corrupt(dir, "hole in directory at block", n);
	Buffer bh = KTRY(read_block(s, m.pblock));
	format::DirentReason why;
	u32 bad = 0;
	if (format::validate_dir_block(bh.span(s.block_size()), s.layout.inodes_count, &why, &bad)
		    .is_error()) {
		shim_fs_err_ratelimited("directory inode %lu block %llu offset %u: %s",
					shim_inode_ino(dir), (unsigned long long)n, bad,
					format::dirent_reason_string(why));
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	return bh;
}

void dir_changed(struct inode *dir, const Buffer &bh)
{
	shim_mark_buffer_dirty_inode(bh.get(), dir);
	shim_inode_touch_mctime(dir);
	shim_mark_inode_dirty(dir);
}

} // namespace

ktl::Result<DirSlot> dir_find(struct inode *dir, const char *name, u32 len)
{
	const u32 bs = super_info_of(dir).block_size();
	const u64 nblocks = dir_nblocks(dir);
	for (u64 n = 0; n < nblocks; n++) {
		Buffer bh = KTRY(dir_block(dir, n));
		auto d = format::find_dirent(bh.span(bs), name, len);
		if (d)
			return DirSlot{ktl::move(bh), d->offset, d->inode};
	}
	return ktl::Error::from_errno(-ktl::kENOENT);
}

ktl::Result<ktl::Optional<u32>> dir_find_ino(struct inode *dir, const char *name, u32 len)
{
	auto slot = dir_find(dir, name, len);
	if (slot.is_error()) {
		if (slot.error().to_errno() == -ktl::kENOENT)
			return ktl::Optional<u32>();
		return slot.error();
	}
	return ktl::Optional<u32>(slot.value().ino);
}

ktl::Result<void> dir_add(struct inode *dir, const char *name, u32 len, u32 ino, u8 ftype)
{
	SuperInfo &s = super_info_of(dir);
	const u32 bs = s.block_size();
	if (len == 0 || len > MPFS_NAME_LEN)
		return ktl::Error::from_errno(-ktl::kENAMETOOLONG);
	const u64 nblocks = dir_nblocks(dir);
	for (u64 n = 0; n < nblocks; n++) {
		Buffer bh = KTRY(dir_block(dir, n));
		auto off = format::find_space(bh.span(bs), len);
		if (off) {
			format::insert_dirent(bh.span(bs), *off, ino, name, len, ftype);
			dir_changed(dir, bh);
			return {};
		}
	}
	const Mapping m = KTRY(map_blocks(dir, nblocks, 1, Create::Yes));
	Buffer bh(shim_sb_getblk_zeroed(s.sb, m.pblock));
	if (!bh)
		return ktl::Error::from_errno(-ktl::kENOMEM);
	format::init_empty_dir_block(bh.span(bs));
	format::insert_dirent(bh.span(bs), 0, ino, name, len, ftype);
	shim_i_size_write(dir, (long long)((nblocks + 1) * bs));
	dir_changed(dir, bh);
	return {};
}

void dir_remove(struct inode *dir, DirSlot &slot)
{
	format::remove_dirent(slot.bh.span(super_info_of(dir).block_size()), slot.offset);
	dir_changed(dir, slot.bh);
}

void dir_set(struct inode *dir, DirSlot &slot, u32 ino, u8 ftype)
{
	format::set_dirent_inode(slot.bh.span(super_info_of(dir).block_size()), slot.offset, ino, ftype);
	slot.ino = ino;
	dir_changed(dir, slot.bh);
}

ktl::Result<void> dir_make_empty(struct inode *dir, u32 parent)
{
	SuperInfo &s = super_info_of(dir);
	const Mapping m = KTRY(map_blocks(dir, 0, 1, Create::Yes));
	Buffer bh(shim_sb_getblk_zeroed(s.sb, m.pblock));
	if (!bh)
		return ktl::Error::from_errno(-ktl::kENOMEM);
	format::init_dir_block(bh.span(s.block_size()), u32(shim_inode_ino(dir)), parent);
	shim_i_size_write(dir, s.block_size());
	dir_changed(dir, bh);
	return {};
}

ktl::Result<bool> dir_is_empty(struct inode *dir)
{
	const u32 bs = super_info_of(dir).block_size();
	const u64 nblocks = dir_nblocks(dir);
	for (u64 n = 0; n < nblocks; n++) {
		Buffer bh = KTRY(dir_block(dir, n));
		if (!format::dir_block_is_empty(bh.span(bs)))
			return false;
	}
	return true;
}

ktl::Result<DirSlot> dir_dotdot(struct inode *dir)
{
	const u32 bs = super_info_of(dir).block_size();
	Buffer bh = KTRY(dir_block(dir, 0));
	u32 parent = 0;
	if (!format::check_dot_entries(bh.span(bs), u32(shim_inode_ino(dir)), &parent))
		return corrupt(dir, "directory without . and .. entries", 0);
	format::DirentIter it(bh.span(bs));
	format::Dirent dot;
	it.next(dot);
	return DirSlot{ktl::move(bh), dot.rec_len, parent};
}

} // namespace mpfs::fs

using namespace mpfs::fs;
namespace format = mpfs::format;

extern "C" int mpfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = shim_file_inode(file);
	const SuperInfo &s = super_info_of(dir);
	const u32 bs = s.block_size();
	const long long size = shim_i_size_read(dir);
	long long pos = shim_dir_ctx_pos(ctx);
	while (pos < size) {
		const u64 n = u64(pos) >> s.blkbits();
		const u32 start = u32(pos & (bs - 1));
		auto bh = dir_block(dir, n);
		if (bh.is_error())
			return bh.to_errno();
		format::DirentIter it(bh.value().span(bs));
		format::Dirent d;
		const long long base = (long long)(n * bs);
		while (it.next(d)) {
			if (d.offset < start)
				continue; // before the position (or inside a record merged since)
			if (d.used()) {
				shim_dir_ctx_set_pos(ctx, base + d.offset);
				if (!shim_dir_emit(ctx, d.name, d.name_len, d.inode, d.file_type))
					return 0;
			}
		}
		pos = base + bs;
		shim_dir_ctx_set_pos(ctx, pos);
	}
	return 0;
}
