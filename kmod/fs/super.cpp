// SPDX-License-Identifier: GPL-2.0
// Mount: superblock validation, bitmaps pinned for the mount, statfs, and the
// per-mount MountInfo the ioctl layer reads.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

/// Buffer-head array for one bitmap, read whole and kept until umount.
ktl::Result<struct buffer_head **> pin_bitmap(SuperInfo &s, u64 first, u32 nblocks)
{
	auto **arr = static_cast<struct buffer_head **>(shim_kzalloc(sizeof(void *) * nblocks));
	if (!arr)
		return ktl::Error::from_errno(-ktl::kENOMEM);
	for (u32 i = 0; i < nblocks; i++) {
		arr[i] = shim_sb_bread(s.sb, first + i);
		if (!arr[i]) {
			shim_fs_err("cannot read bitmap block %llu", (unsigned long long)(first + i));
			for (u32 j = 0; j < i; j++)
				shim_brelse(arr[j]);
			shim_kfree(arr);
			return ktl::Error::from_errno(-ktl::kEIO);
		}
	}
	return arr;
}

void unpin_bitmap(struct buffer_head **arr, u32 nblocks)
{
	if (!arr)
		return;
	for (u32 i = 0; i < nblocks; i++)
		shim_brelse(arr[i]);
	shim_kfree(arr);
}

void destroy(SuperInfo *s)
{
	unpin_bitmap(s->block_bitmap, s->layout.block_bitmap_blocks);
	unpin_bitmap(s->inode_bitmap, s->layout.inode_bitmap_blocks);
	if (s->alloc_lock)
		shim_fs_mutex_free(s->alloc_lock);
	s->~SuperInfo();
	shim_kfree(s);
}

/// Reads and validates the superblock; on success the device uses the fs block size.
ktl::Result<format::Layout> read_super(struct super_block *sb)
{
	if (!shim_sb_min_blocksize(sb, MPFS_MIN_BLOCK_SIZE)) {
		shim_fs_err("device sector size is larger than %u bytes", MPFS_MAX_BLOCK_SIZE);
		return ktl::Error::from_errno(-ktl::kEINVAL);
	}
	mpfs_super_block raw;
	{
		Buffer bh(shim_sb_bread(sb, 0));
		if (!bh) {
			shim_fs_err("cannot read the superblock");
			return ktl::Error::from_errno(-ktl::kEIO);
		}
		__builtin_memcpy(&raw, bh.data(), sizeof(raw));
	}
	format::SuperReason why;
	const u64 dev_bytes = shim_sb_bdev_bytes(sb);
	auto layout = format::validate_super(raw, dev_bytes, &why);
	if (layout.is_error()) {
		shim_fs_err("bad superblock: %s", format::super_reason_string(why));
		return ktl::Error::from_errno(-ktl::kEINVAL);
	}
	const format::Layout l = layout.value();
	if (shim_sb_set_blocksize(sb, int(l.block_size)) != int(l.block_size)) {
		shim_fs_err("block size %u is not supported by the device", l.block_size);
		return ktl::Error::from_errno(-ktl::kEINVAL);
	}
	return l;
}

ktl::Result<SuperInfo *> make_super_info(struct super_block *sb, const format::Layout &l,
					const Options &opts)
{
	void *mem = shim_kzalloc(sizeof(SuperInfo));
	if (!mem)
		return ktl::Error::from_errno(-ktl::kENOMEM);
	auto *s = new (mem) SuperInfo{};
	s->sb = sb;
	s->layout = l;
	s->opts = opts;
	s->mi.engine = opts.engine;
	s->mi.block_size = l.block_size;
	init_port_context(s->mi);
	s->rng = opts.seed ^ 0x9e3779b97f4a7c15ull;
	s->cursor = opts.alloc == AllocPolicy::Reverse ? l.blocks_count - 1 : l.first_data_block;
	s->next_generation = 1;
	s->alloc_lock = shim_fs_mutex_new();
	if (!s->alloc_lock) {
		destroy(s);
		return ktl::Error::from_errno(-ktl::kENOMEM);
	}
	auto bb = pin_bitmap(*s, l.block_bitmap, l.block_bitmap_blocks);
	if (bb.is_error()) {
		destroy(s);
		return bb.error();
	}
	s->block_bitmap = bb.value();
	auto ib = pin_bitmap(*s, l.inode_bitmap, l.inode_bitmap_blocks);
	if (ib.is_error()) {
		destroy(s);
		return ib.error();
	}
	s->inode_bitmap = ib.value();
	count_free(*s);
	return s;
}

ktl::Result<void> fill_super(struct super_block *sb, void *data)
{
	const Options opts = KTRY(parse_options(static_cast<const char *>(data)));
	if (opts.large_folios_given && opts.engine != Engine::Iomap) {
		shim_fs_err("iomap_large_folios= needs engine=iomap");
		return ktl::Error::from_errno(-ktl::kEINVAL);
	}
	const format::Layout l = KTRY(read_super(sb));
	SuperInfo *s = KTRY(make_super_info(sb, l, opts));
	shim_fs_sb_init(sb, s, format::max_file_size(l.block_size));

	auto root = iget(sb, MPFS_ROOT_INO);
	if (root.is_error()) {
		shim_fs_err("cannot read the root directory (error %d)", root.error().to_errno());
		destroy(s);
		return root.error();
	}
	if (!format::mode_is_dir(shim_inode_mode(root.value()))) {
		shim_fs_err("root inode is not a directory");
		shim_iput(root.value());
		destroy(s);
		return ktl::Error::from_errno(-ktl::kEINVAL);
	}
	int rc = shim_fs_sb_set_root(sb, root.value()); // consumes the inode reference
	if (rc) {
		destroy(s);
		return ktl::Error::from_errno(rc);
	}
	return {};
}

/// Appends @s to @buf (bounded).
void append(char *buf, ktl::usize cap, ktl::usize &len, const char *s)
{
	while (*s && len + 1 < cap)
		buf[len++] = *s++;
	buf[len] = 0;
}

void append_u64(char *buf, ktl::usize cap, ktl::usize &len, u64 v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = char('0' + v % 10);
		v /= 10;
	} while (v);
	char rev[24];
	for (int i = 0; i < n; i++)
		rev[i] = tmp[n - 1 - i];
	rev[n] = 0;
	append(buf, cap, len, rev);
}

} // namespace

SuperInfo &super_info(struct super_block *sb)
{
	return *static_cast<SuperInfo *>(shim_sb_fs_info(sb));
}

SuperInfo &super_info_of(struct inode *inode)
{
	return super_info(shim_inode_sb(inode));
}

MountInfo *mount_info_of(struct inode *inode)
{
	return &super_info_of(inode).mi;
}

ktl::Error corrupt(struct inode *inode, const char *what, u64 value)
{
	shim_fs_err_ratelimited("inode %lu: %s (%llu): I/O error", shim_inode_ino(inode), what,
				(unsigned long long)value);
	return ktl::Error::from_errno(-ktl::kEIO);
}

ktl::Result<Buffer> read_block(SuperInfo &s, u64 blk)
{
	if (blk >= s.layout.blocks_count) {
		shim_fs_err_ratelimited("refusing to read block %llu past the filesystem end",
					(unsigned long long)blk);
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	Buffer bh(shim_sb_bread(s.sb, blk));
	if (!bh) {
		shim_fs_err_ratelimited("cannot read block %llu", (unsigned long long)blk);
		return ktl::Error::from_errno(-ktl::kEIO);
	}
	return bh;
}

} // namespace mpfs::fs

using namespace mpfs::fs;
namespace format = mpfs::format;

extern "C" int mpfs_fill_super(struct super_block *sb, void *data, int silent)
{
	return fill_super(sb, data).to_errno();
}

extern "C" void mpfs_put_super(struct super_block *sb)
{
	SuperInfo *s = &super_info(sb);
	unpin_bitmap(s->block_bitmap, s->layout.block_bitmap_blocks);
	unpin_bitmap(s->inode_bitmap, s->layout.inode_bitmap_blocks);
	s->block_bitmap = nullptr;
	s->inode_bitmap = nullptr;
	shim_fs_mutex_free(s->alloc_lock);
	s->alloc_lock = nullptr;
	s->~SuperInfo();
	shim_kfree(s);
	shim_fs_sb_init(sb, nullptr, 0);
}

extern "C" int mpfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	SuperInfo &s = super_info(shim_dentry_sb(dentry));
	u64 bfree, ffree;
	{
		MutexGuard g(s.alloc_lock);
		bfree = s.free_blocks;
		ffree = s.free_inodes;
	}
	shim_kstatfs_fill(buf, MPFS_MAGIC, s.block_size(), s.layout.data_blocks(), bfree,
			  s.layout.inodes_count, ffree, MPFS_NAME_LEN);
	return 0;
}

extern "C" int mpfs_show_options(struct seq_file *m, struct dentry *root)
{
	const SuperInfo &s = super_info(shim_dentry_sb(root));
	char buf[64];
	ktl::usize len = 0;
	buf[0] = 0;
	switch (s.opts.engine) {
	case Engine::Kernel:
		append(buf, sizeof(buf), len, ",engine=kernel");
		break;
	case Engine::Port:
		append(buf, sizeof(buf), len, ",engine=port");
		break;
	case Engine::Iomap:
		append(buf, sizeof(buf), len, ",engine=iomap");
		if (s.opts.large_folios == LargeFolios::Off)
			append(buf, sizeof(buf), len, ",iomap_large_folios=0");
		break;
	}
	switch (s.opts.alloc) {
	case AllocPolicy::Contiguous:
		append(buf, sizeof(buf), len, ",alloc=contiguous");
		break;
	case AllocPolicy::Reverse:
		append(buf, sizeof(buf), len, ",alloc=reverse");
		break;
	case AllocPolicy::Scatter:
		append(buf, sizeof(buf), len, ",alloc=scatter:");
		append_u64(buf, sizeof(buf), len, s.opts.seed);
		break;
	}
	shim_seq_puts(m, buf);
	return 0;
}

/**
 * mpfs_remount - accept a remount only if it keeps engine= and alloc=
 *
 * The engine is fixed per inode when the inode is read, and the allocator
 * state belongs to the mount: changing either needs a fresh mount.
 */
extern "C" int mpfs_remount(struct super_block *sb, int *flags, char *data)
{
	const SuperInfo &s = super_info(sb);
	auto o = parse_options(data);
	if (o.is_error())
		return o.to_errno();
	const Options &n = o.value();
	if ((n.engine_given && n.engine != s.opts.engine) ||
	    (n.large_folios_given && n.large_folios != s.opts.large_folios &&
	     s.opts.engine == Engine::Iomap) ||
	    (n.alloc_given && (n.alloc != s.opts.alloc || n.seed != s.opts.seed))) {
		shim_fs_err("engine=, alloc= and iomap_large_folios= cannot change on remount; unmount and mount again");
		return -ktl::kEINVAL;
	}
	return 0;
}
