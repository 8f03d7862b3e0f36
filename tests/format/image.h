// SPDX-License-Identifier: GPL-2.0
// Test helpers: run the tools, and an in-memory mpfs image that tests can
// populate (files, directories, holes, indirect blocks) and then corrupt on
// purpose, using only kmod/format for the on-disk encoding.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "format/format.h"
#include "fsck_core.h"

namespace mpfs::test {

/// A fresh temporary directory, removed with its files on destruction.
class TempDir {
public:
	TempDir();
	~TempDir();
	std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
	std::string path_;
};

struct RunResult {
	int status = -1; ///< exit status, or -1 if it did not exit normally
	std::string out, err;
};

/// Runs @argv (argv[0] is the program path), capturing stdout and stderr.
RunResult run(const std::vector<std::string> &argv);

/// Creates a sparse file of @bytes.
void make_sparse_file(const std::string &path, uint64_t bytes);

/// fsck of an image file through fsck_core.
tools::FsckResult fsck_file(const std::string &path);

/// A whole mpfs image in memory.
class Image {
public:
	/// Loads @path (made by mkfs.mpfs).
	explicit Image(const std::string &path);
	void save() const;

	const format::Layout &layout() const { return l_; }
	uint32_t bs() const { return l_.block_size; }
	uint8_t *block(uint64_t b) { return data_.data() + b * l_.block_size; }
	ktl::Span<uint8_t> block_span(uint64_t b) { return {block(b), l_.block_size}; }

	mpfs_inode get(uint32_t ino) const;
	void put(uint32_t ino, const mpfs_inode &i);

	ktl::Span<uint8_t> block_bitmap() { return {block(l_.block_bitmap), size_t(l_.block_bitmap_blocks) * bs()}; }
	ktl::Span<uint8_t> inode_bitmap() { return {block(l_.inode_bitmap), size_t(l_.inode_bitmap_blocks) * bs()}; }

	/// Allocates a zeroed data block (marked in the bitmap).
	uint32_t alloc_block();
	/// Allocates an inode with @mode and @links (marked in the bitmap).
	uint32_t alloc_inode(uint16_t mode, uint16_t links);

	/// Maps file block @fb of @ino to a new block, allocating indirect
	/// blocks on the way; updates i_blocks. Returns the data block.
	uint32_t map(uint32_t ino, uint64_t fb);
	/// Disk block of file block @fb (0 = hole).
	uint32_t lookup(uint32_t ino, uint64_t fb);
	/// Disk block of the indirect block at i_block[slot].
	uint32_t slot(uint32_t ino, uint32_t s) { return get(ino).i_block[s]; }

	/// Adds entry @name -> @ino to directory @dir (grows it by a block if full).
	void add_entry(uint32_t dir, const std::string &name, uint32_t ino, uint8_t ft);
	/// Location of the entry @name in @dir: {disk block, offset}; block 0 if absent.
	std::pair<uint32_t, uint32_t> find_entry(uint32_t dir, const std::string &name);

	/// A regular file of @size bytes in @dir, mapping the file blocks in @blocks.
	uint32_t add_file(uint32_t dir, const std::string &name, uint64_t size,
			  const std::vector<uint64_t> &blocks);
	/// A subdirectory of @dir with one block (".", "..").
	uint32_t add_dir(uint32_t dir, const std::string &name);

private:
	std::string path_;
	std::vector<uint8_t> data_;
	format::Layout l_{};
};

} // namespace mpfs::test
