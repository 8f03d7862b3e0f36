// SPDX-License-Identifier: GPL-2.0
// An mpfs image held in memory and edited through kmod/format only: files
// (with holes, indirect and double-indirect blocks), directories and
// symlinks written the way the module writes them, so that the host tests and
// make stress's corrupt-image part can build exact images and then damage
// them on purpose. Userspace only (throws std::runtime_error when the image
// runs out of blocks or inodes).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "format/format.h"

namespace mpfs::tools {

class ImageEditor {
public:
	/// Byte @k of file block @fb of inode @ino, as add_file writes it.
	using FillFn = uint8_t (*)(uint32_t ino, uint64_t fb, uint32_t k);

	const format::Layout &layout() const { return l_; }
	uint32_t bs() const { return l_.block_size; }
	std::vector<uint8_t> &bytes() { return data_; }
	const std::vector<uint8_t> &bytes() const { return data_; }
	uint8_t *block(uint64_t b) { return data_.data() + b * l_.block_size; }
	const uint8_t *block(uint64_t b) const { return data_.data() + b * l_.block_size; }
	ktl::Span<uint8_t> block_span(uint64_t b) { return {block(b), l_.block_size}; }

	mpfs_inode get(uint32_t ino) const;
	void put(uint32_t ino, const mpfs_inode &i);

	ktl::Span<uint8_t> block_bitmap() { return {block(l_.block_bitmap), size_t(l_.block_bitmap_blocks) * bs()}; }
	ktl::Span<uint8_t> inode_bitmap() { return {block(l_.inode_bitmap), size_t(l_.inode_bitmap_blocks) * bs()}; }

	/// Allocates a zeroed data block (marked in the bitmap).
	uint32_t alloc_block();
	/// Allocates an inode with @mode and @links (marked in the bitmap), with
	/// fixed times so that an image depends on its recipe only.
	uint32_t alloc_inode(uint16_t mode, uint16_t links);

	/// Maps file block @fb of @ino to a new block, allocating indirect
	/// blocks on the way; updates i_blocks. Returns the data block.
	uint32_t map(uint32_t ino, uint64_t fb);
	/// Disk block of file block @fb of @ino (0 = hole).
	uint32_t lookup(uint32_t ino, uint64_t fb) const;

	/// Adds entry @name -> @ino to directory @dir (grows it by a block if full).
	void add_entry(uint32_t dir, const std::string &name, uint32_t ino, uint8_t ft);
	/// A regular file of @size bytes in @dir, mapping the file blocks in
	/// @blocks and filling them with @fill.
	uint32_t add_file(uint32_t dir, const std::string &name, uint64_t size,
			  const std::vector<uint64_t> &blocks, FillFn fill);
	/// A subdirectory of @dir with one block (".", "..").
	uint32_t add_dir(uint32_t dir, const std::string &name);
	/// A symlink in @dir whose target sits in one data block.
	uint32_t add_symlink(uint32_t dir, const std::string &name, const std::string &target);

protected:
	ImageEditor() = default;
	std::vector<uint8_t> data_;
	format::Layout l_{};
};

} // namespace mpfs::tools
