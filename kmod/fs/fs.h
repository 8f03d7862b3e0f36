/* SPDX-License-Identifier: GPL-2.0 */
// The mpfs filesystem's internal interfaces: the in-memory superblock, the
// allocator, the block map (get_block), inodes and directories. Kernel objects
// are opaque; every kernel call goes through kmod/shim/shim_fs.h.
#pragma once
#include "format/format.h"
#include "fs/mount_info.h"
#include "ktl/errno.h"
#include "ktl/result.h"
#include "ktl/types.h"
#include "shim/shim_fs.h"

/// The filesystem's get_block_t (C ABI; the shim and both mpage engines call it).
extern "C" int mpfs_get_block(struct inode *inode, ktl::u64 iblock, struct buffer_head *bh,
			      int create);

namespace mpfs::fs {

using ktl::u16;
using ktl::u32;
using ktl::u64;
using ktl::u8;

/// Mount option alloc=: where new blocks go.
enum class AllocPolicy : u8 {
	Contiguous, ///< first free block after the goal (the file's previous block)
	Reverse,    ///< first free block below the goal: files laid out backwards
	Scatter,    ///< a free block at a pseudo-random place (seeded, reproducible)
};

/// Mount option iomap_large_folios=0|1 (engine=iomap only).
enum class LargeFolios : u8 { Off, On };

/// Parsed mount options.
struct Options {
	Engine engine = Engine::Port;
	AllocPolicy alloc = AllocPolicy::Contiguous;
	u64 seed = 0;
	/// engine=iomap: regular files may use large folios (iomap_large_folios=1, the default).
	LargeFolios large_folios = LargeFolios::On;
	bool engine_given = false; ///< engine= appeared (remount compares only what is given)
	bool alloc_given = false;
	bool large_folios_given = false;
};

/// Parses a comma-separated option string (may be null); logs and fails on
/// anything unknown or malformed.
ktl::Result<Options> parse_options(const char *data);

/// The in-memory superblock: one per mount, in sb->s_fs_info.
struct SuperInfo {
	MountInfo mi;                        ///< first: what the ioctl layer sees
	struct super_block *sb;
	format::Layout layout;
	Options opts;
	struct buffer_head **block_bitmap;   ///< pinned for the mount's lifetime
	struct buffer_head **inode_bitmap;
	void *alloc_lock;                    ///< mutex over both bitmaps and the counters
	u64 free_blocks;
	u64 free_inodes;
	u64 cursor;                          ///< where the last allocation happened
	u64 rng;                             ///< scatter generator state
	u32 next_generation;

	u32 block_size() const { return layout.block_size; }
	u32 blkbits() const { return layout.blkbits; }
	format::MapGeometry geometry() const { return format::MapGeometry(layout.block_size); }
};

SuperInfo &super_info(struct super_block *sb);
SuperInfo &super_info_of(struct inode *inode);

/// -EIO, after a ratelimited log line naming the inode and what is wrong.
ktl::Error corrupt(struct inode *inode, const char *what, u64 value);

// ---- balloc.cpp --------------------------------------------------------
/// Allocates one data/indirect block near @goal per the mount's policy (0 = no goal).
ktl::Result<u32> alloc_block(SuperInfo &s, u64 goal);
/// Frees @blk. Caller holds s.alloc_lock (see AllocLock).
void free_block_locked(SuperInfo &s, u64 blk);
ktl::Result<u32> alloc_inode_number(SuperInfo &s);
void free_inode_number(SuperInfo &s, u32 ino);
/// Counts free blocks and inodes from the bitmaps (mount).
void count_free(SuperInfo &s);

/// RAII holder of a shim mutex.
class MutexGuard {
public:
	explicit MutexGuard(void *m) : m_(m) { shim_mutex_lock(m_); }
	~MutexGuard() { shim_mutex_unlock(m_); }
	MutexGuard(const MutexGuard &) = delete;
	MutexGuard &operator=(const MutexGuard &) = delete;

private:
	void *m_;
};

/// RAII owner of a buffer_head reference.
class Buffer {
public:
	Buffer() = default;
	explicit Buffer(struct buffer_head *bh) : bh_(bh) {}
	Buffer(Buffer &&o) : bh_(o.bh_) { o.bh_ = nullptr; }
	Buffer &operator=(Buffer &&o)
	{
		reset();
		bh_ = o.bh_;
		o.bh_ = nullptr;
		return *this;
	}
	Buffer(const Buffer &) = delete;
	Buffer &operator=(const Buffer &) = delete;
	~Buffer() { reset(); }

	void reset()
	{
		if (bh_)
			shim_brelse(bh_);
		bh_ = nullptr;
	}
	/// Drops the reference and the buffer's dirty state: the block was freed.
	void forget()
	{
		shim_bforget(bh_);
		bh_ = nullptr;
	}
	struct buffer_head *get() const { return bh_; }
	explicit operator bool() const { return bh_ != nullptr; }
	u8 *data() const { return static_cast<u8 *>(shim_bh_data(bh_)); }
	ktl::Span<u8> span(u32 size) const { return ktl::Span<u8>(data(), size); }

private:
	struct buffer_head *bh_ = nullptr;
};

/// Reads metadata block @blk, which must lie in the filesystem.
ktl::Result<Buffer> read_block(SuperInfo &s, u64 blk);

// ---- bmap.cpp ----------------------------------------------------------
enum class Create : u8 { No, Yes };

/// Result of mapping file blocks.
struct Mapping {
	u64 pblock;    ///< first disk block, 0 = hole
	u32 count;     ///< contiguous blocks mapped (1 for a hole)
	bool boundary; ///< the run ends at the last slot of its pointer array
	bool fresh;    ///< allocated by this call
};

/// Maps up to @max blocks from @iblock; with Create::Yes fills a hole with one new block.
ktl::Result<Mapping> map_blocks(struct inode *inode, u64 iblock, u32 max, Create create);
/// Frees every block of @inode from file block @first on (truncate).
void truncate_blocks(struct inode *inode, u64 first);

// ---- inode.cpp ---------------------------------------------------------
ktl::Result<struct inode *> iget(struct super_block *sb, u64 ino);
/// A new locked (I_NEW) inode with a fresh inode number, mode and owner set.
ktl::Result<struct inode *> new_inode(struct mpfs_idmap *idmap, struct inode *dir, u16 mode);
void update_i_blocks(struct inode *inode);
/// Frees blocks past i_size after a failed or short write that aimed at @to (ext2_write_failed).
void write_failed(struct inode *inode, long long to);

// ---- dir.cpp -----------------------------------------------------------
/// A record in a directory block, with the block held.
struct DirSlot {
	Buffer bh;
	u32 offset;
	u32 ino;
};
ktl::Result<ktl::Optional<u32>> dir_find_ino(struct inode *dir, const char *name, u32 len);
ktl::Result<DirSlot> dir_find(struct inode *dir, const char *name, u32 len);
ktl::Result<void> dir_add(struct inode *dir, const char *name, u32 len, u32 ino, u8 ftype);
void dir_remove(struct inode *dir, DirSlot &slot);
void dir_set(struct inode *dir, DirSlot &slot, u32 ino, u8 ftype);
ktl::Result<void> dir_make_empty(struct inode *dir, u32 parent);
ktl::Result<bool> dir_is_empty(struct inode *dir);
ktl::Result<DirSlot> dir_dotdot(struct inode *dir);

} // namespace mpfs::fs
