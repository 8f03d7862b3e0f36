// SPDX-License-Identifier: GPL-2.0
// Inodes: reading from and writing to the inode table, creation, eviction
// (freeing on last unlink) and the VFS ops of regular files: setattr
// (truncate), fsync, write_begin/write_end.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

/// Inode-table location of @ino, or -EIO for a number that cannot exist.
ktl::Result<format::InodeLocation> locate(SuperInfo &s, u64 ino)
{
	auto loc = format::inode_location(s.layout, ino);
	if (loc.is_error()) {
		shim_fs_err_ratelimited("reference to inode %llu outside the inode table",
					(unsigned long long)ino);
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	return loc.value();
}

void set_ops(SuperInfo &s, struct inode *inode)
{
	const u16 mode = shim_inode_mode(inode);
	const int engine = int(s.mi.engine);
	if (format::mode_is_dir(mode)) {
		shim_fs_set_dir_ops(inode, engine);
	} else if (format::mode_is_lnk(mode)) {
		shim_fs_set_symlink_ops(inode, engine);
	} else {
		shim_fs_set_file_ops(inode, engine);
		if (s.mi.engine == Engine::Iomap && s.opts.large_folios == LargeFolios::On)
			shim_mapping_set_large_folios(inode);
	}
}

bool inode_bit_set(SuperInfo &s, u64 ino)
{
	const u64 bit = ino - 1, per = u64(s.block_size()) * 8;
	MutexGuard g(s.alloc_lock);
	return format::bitmap_test(
		ktl::Span<const u8>(static_cast<const u8 *>(shim_bh_data(s.inode_bitmap[bit / per])),
				    s.block_size()),
		bit % per);
}

/// Fills a new in-core inode from disk; -EIO when the on-disk inode is unusable.
ktl::Result<void> read_inode(SuperInfo &s, struct inode *inode, u64 ino)
{
	const format::InodeLocation loc = KTRY(locate(s, ino));
	mpfs_inode raw;
	{
		Buffer bh = KTRY(read_block(s, loc.block));
		__builtin_memcpy(&raw, bh.data() + loc.offset, sizeof(raw));
	}
	if (!inode_bit_set(s, ino) || raw.i_mode == 0 || raw.i_links_count == 0) {
		shim_fs_err_ratelimited("inode %llu is referenced but not in use", (unsigned long long)ino);
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	format::InodeReason why;
	if (format::check_inode(raw, s.layout, &why).is_error()) {
		shim_fs_err_ratelimited("inode %llu is corrupt: %s", (unsigned long long)ino,
					format::inode_reason_string(why));
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	mpfs_inode_mem *m = shim_fs_inode_mem(inode);
	for (u32 i = 0; i < MPFS_N_BLOCKS; i++)
		m->i_data[i] = raw.i_block[i];
	m->i_generation = raw.i_generation;
	m->i_flags = raw.i_flags;
	m->alloc_prev = 0;
	m->fs_blocks = raw.i_blocks;
	shim_inode_set_mode(inode, raw.i_mode);
	shim_set_nlink(inode, raw.i_links_count);
	shim_i_uid_write(inode, raw.i_uid);
	shim_i_gid_write(inode, raw.i_gid);
	shim_i_size_write(inode, (long long)raw.i_size);
	shim_inode_set_times(inode, (long long)raw.i_atime, (long long)raw.i_mtime,
			     (long long)raw.i_ctime);
	update_i_blocks(inode);
	set_ops(s, inode);
	return {};
}

/// Writes the on-disk inode of @inode (@clear: a zeroed, free inode).
ktl::Result<void> write_raw(struct inode *inode, bool clear, bool sync)
{
	SuperInfo &s = super_info_of(inode);
	const format::InodeLocation loc = KTRY(locate(s, shim_inode_ino(inode)));
	mpfs_inode raw{};
	if (!clear) {
		const mpfs_inode_mem *m = shim_fs_inode_mem(inode);
		raw.i_mode = shim_inode_mode(inode);
		const u32 nlink = shim_inode_nlink(inode);
		raw.i_links_count = u16(nlink > 0xffff ? 0xffff : nlink);
		raw.i_uid = shim_i_uid_read(inode);
		raw.i_gid = shim_i_gid_read(inode);
		raw.i_size = u64(shim_i_size_read(inode));
		raw.i_blocks = m->fs_blocks;
		long long a, mt, c;
		shim_inode_get_times(inode, &a, &mt, &c);
		raw.i_atime = u64(a);
		raw.i_mtime = u64(mt);
		raw.i_ctime = u64(c);
		for (u32 i = 0; i < MPFS_N_BLOCKS; i++)
			raw.i_block[i] = __atomic_load_n(&m->i_data[i], __ATOMIC_RELAXED);
		raw.i_generation = m->i_generation;
	}
	Buffer bh = KTRY(read_block(s, loc.block));
	__builtin_memcpy(bh.data() + loc.offset, &raw, sizeof(raw));
	shim_mark_buffer_dirty(bh.get());
	if (sync && shim_sync_dirty_buffer(bh.get()))
		return ktl::Error::from_errno(-ktl::kEIO);
	return {};
}

ktl::Result<void> set_size(struct inode *inode, long long size)
{
	const u16 mode = shim_inode_mode(inode);
	if (!format::mode_is_reg(mode))
		return ktl::Error::from_errno(-ktl::kEINVAL);
	SuperInfo &s = super_info_of(inode);
	if (u64(size) > format::max_file_size(s.block_size()))
		return ktl::Error::from_errno(-ktl::kEFBIG);
	shim_inode_dio_wait(inode);
	const long long old_size = shim_i_size_read(inode);
	if (s.mi.engine == Engine::Iomap) {
		// Zero the new last block past @size in the page cache; when growing,
		// also the old last block past the old size: iomap keeps no
		// buffer_head to say which of its bytes were ever written.
		if (size > old_size)
			KTRY(ktl::from_errno_code(shim_iomap_truncate_page(inode, old_size)));
		KTRY(ktl::from_errno_code(shim_iomap_truncate_page(inode, size)));
	} else {
		KTRY(ktl::from_errno_code(shim_block_truncate_page(inode, size)));
	}
	shim_filemap_invalidate_lock(inode);
	if (size < old_size && mpage::fault_fires(&s.mi.fault, mpage::FaultKind::TruncateWriteback)) {
		// The window truncate_setsize() leaves to a concurrent writeback:
		// i_size is already the new one, the pages past it are still cached.
		// Its errors stay in the mapping, as a real flusher's would.
		shim_i_size_write(inode, size);
		(void)shim_filemap_fdatawrite_range(inode, size, old_size - 1);
	}
	shim_truncate_setsize(inode, size);
	truncate_blocks(inode, u64((size + s.block_size() - 1) >> s.blkbits()));
	shim_filemap_invalidate_unlock(inode);
	shim_inode_touch_mctime(inode);
	shim_mark_inode_dirty(inode);
	return {};
}

} // namespace

void write_failed(struct inode *inode, long long to)
{
	const long long size = shim_i_size_read(inode);
	if (to > size) {
		shim_truncate_pagecache(inode, size);
		const SuperInfo &s = super_info_of(inode);
		truncate_blocks(inode, u64((size + s.block_size() - 1) >> s.blkbits()));
	}
}

void update_i_blocks(struct inode *inode)
{
	const SuperInfo &s = super_info_of(inode);
	shim_inode_set_blocks(inode, shim_fs_inode_mem(inode)->fs_blocks << (s.blkbits() - 9));
}

ktl::Result<struct inode *> iget(struct super_block *sb, u64 ino)
{
	SuperInfo &s = super_info(sb);
	struct inode *inode = shim_iget_locked(sb, ino);
	if (!inode)
		return ktl::Error::from_errno(-ktl::kENOMEM);
	if (!shim_inode_is_new(inode))
		return inode;
	auto r = read_inode(s, inode, ino);
	if (r.is_error()) {
		shim_iget_failed(inode);
		return r.error();
	}
	shim_unlock_new_inode(inode);
	return inode;
}

ktl::Result<struct inode *> new_inode(struct mpfs_idmap *idmap, struct inode *dir, u16 mode)
{
	struct super_block *sb = shim_inode_sb(dir);
	SuperInfo &s = super_info(sb);
	const u32 ino = KTRY(alloc_inode_number(s));
	struct inode *inode = shim_new_inode(sb);
	if (!inode) {
		free_inode_number(s, ino);
		return ktl::Error::from_errno(-ktl::kENOMEM);
	}
	shim_inode_init_owner(idmap, inode, dir, mode);
	shim_inode_set_ino(inode, ino);
	mpfs_inode_mem *m = shim_fs_inode_mem(inode);
	*m = mpfs_inode_mem{};
	{
		MutexGuard g(s.alloc_lock);
		m->i_generation = s.next_generation++;
	}
	const long long now = shim_ktime_get_real_ns();
	shim_inode_set_times(inode, now, now, now);
	update_i_blocks(inode);
	set_ops(s, inode);
	if (shim_insert_inode_locked(inode) < 0) {
		shim_fs_err("inode %u is already in use", ino);
		shim_iput(inode); // not hashed, not ours: plain drop; keep the bit set
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	shim_mark_inode_dirty(inode);
	return inode;
}

} // namespace mpfs::fs

using namespace mpfs::fs;
namespace format = mpfs::format;

extern "C" int mpfs_write_inode(struct inode *inode, struct writeback_control *wbc)
{
	return write_raw(inode, false, shim_wbc_sync_all(wbc)).to_errno();
}

extern "C" void mpfs_evict_inode(struct inode *inode)
{
	const bool want_delete = shim_inode_nlink(inode) == 0 && !shim_is_bad_inode(inode);
	shim_truncate_inode_pages_final(inode);
	if (want_delete) {
		shim_i_size_write(inode, 0);
		truncate_blocks(inode, 0);
		(void)write_raw(inode, true, false);
	}
	shim_invalidate_inode_buffers(inode);
	shim_clear_inode(inode);
	if (want_delete)
		free_inode_number(super_info_of(inode), u32(shim_inode_ino(inode)));
}

extern "C" int mpfs_setattr(struct mpfs_idmap *idmap, struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = shim_d_inode(dentry);
	int rc = shim_setattr_prepare(dentry, attr);
	if (rc)
		return rc;
	long long size;
	if (shim_iattr_size(attr, &size) && size != shim_i_size_read(inode)) {
		rc = set_size(inode, size).to_errno();
		if (rc)
			return rc;
	}
	shim_setattr_copy(inode, attr);
	shim_mark_inode_dirty(inode);
	return 0;
}

extern "C" int mpfs_write_begin(struct file *file, struct address_space *mapping, long long pos,
				unsigned int len, struct mpfs_wpage **pagep, void **fsdata)
{
	int rc = shim_block_write_begin(mapping, pos, len, pagep);
	if (rc < 0)
		write_failed(shim_mapping_host(mapping), pos + len);
	return rc;
}

extern "C" int mpfs_write_end(struct file *file, struct address_space *mapping, long long pos,
			      unsigned int len, unsigned int copied, struct mpfs_wpage *page,
			      void *fsdata)
{
	int rc = shim_generic_write_end(file, mapping, pos, len, copied, page, fsdata);
	if (rc < int(len))
		write_failed(shim_mapping_host(mapping), pos + len);
	return rc;
}

/**
 * mpfs_fsync - data, the inode, its indirect/directory blocks, then the bitmaps
 *
 * __generic_file_fsync writes the data range, the buffers associated with the
 * inode (indirect and directory blocks) and the inode itself; the bitmaps are
 * shared by all inodes, so they are written here before the cache flush.
 */
extern "C" int mpfs_fsync(struct file *file, long long start, long long end, int datasync)
{
	struct inode *inode = shim_file_inode(file);
	int rc = shim_generic_file_fsync_nobarrier(file, start, end, datasync);
	if (rc)
		return rc;
	SuperInfo &s = super_info_of(inode);
	for (u32 i = 0; i < s.layout.block_bitmap_blocks; i++)
		if (shim_sync_dirty_buffer(s.block_bitmap[i]))
			rc = -ktl::kEIO;
	for (u32 i = 0; i < s.layout.inode_bitmap_blocks; i++)
		if (shim_sync_dirty_buffer(s.inode_bitmap[i]))
			rc = -ktl::kEIO;
	if (rc)
		return rc;
	return shim_sb_issue_flush(s.sb);
}
