// SPDX-License-Identifier: GPL-2.0
#include "image_edit.h"

#include <cstring>
#include <stdexcept>

namespace mpfs::tools {

namespace {
// 2023-11-14, in ns: any fixed time will do.
constexpr uint64_t kFixedTime = 1700000000ULL * 1000000000ULL;
} // namespace

mpfs_inode ImageEditor::get(uint32_t ino) const
{
	auto loc = format::inode_location(l_, ino).release_value();
	mpfs_inode i;
	std::memcpy(&i, block(loc.block) + loc.offset, sizeof(i));
	return i;
}

void ImageEditor::put(uint32_t ino, const mpfs_inode &i)
{
	auto loc = format::inode_location(l_, ino).release_value();
	std::memcpy(block(loc.block) + loc.offset, &i, sizeof(i));
}

uint32_t ImageEditor::alloc_block()
{
	const uint64_t b = format::bitmap_find_next_zero(block_bitmap(), l_.blocks_count, l_.first_data_block);
	if (b >= l_.blocks_count)
		throw std::runtime_error("image full");
	format::bitmap_set(block_bitmap(), b);
	std::memset(block(b), 0, bs());
	return uint32_t(b);
}

uint32_t ImageEditor::alloc_inode(uint16_t mode, uint16_t links)
{
	const uint64_t bit = format::bitmap_find_next_zero(inode_bitmap(), l_.inodes_count, 0);
	if (bit >= l_.inodes_count)
		throw std::runtime_error("image out of inodes");
	format::bitmap_set(inode_bitmap(), bit);
	mpfs_inode i{};
	i.i_mode = mode;
	i.i_links_count = links;
	i.i_atime = i.i_mtime = i.i_ctime = kFixedTime;
	i.i_generation = uint32_t(bit * 7 + 1);
	put(uint32_t(bit + 1), i);
	return uint32_t(bit + 1);
}

uint32_t ImageEditor::map(uint32_t ino, uint64_t fb)
{
	mpfs_inode i = get(ino);
	const format::BlockPath p = format::MapGeometry(bs()).path(ktl::FileBlock(fb)).release_value();
	uint32_t *slotp = &i.i_block[p.offsets[0]];
	if (!*slotp) {
		*slotp = alloc_block();
		i.i_blocks++;
	}
	uint32_t cur = *slotp;
	for (uint32_t d = 1; d < p.depth; d++) {
		uint32_t next = format::indirect_ptr(block(cur), p.offsets[d]);
		if (!next) {
			next = alloc_block();
			format::set_indirect_ptr(block(cur), p.offsets[d], next);
			i.i_blocks++;
		}
		cur = next;
	}
	put(ino, i);
	return cur;
}

uint32_t ImageEditor::lookup(uint32_t ino, uint64_t fb) const
{
	const mpfs_inode i = get(ino);
	const format::BlockPath p = format::MapGeometry(bs()).path(ktl::FileBlock(fb)).release_value();
	uint32_t cur = i.i_block[p.offsets[0]];
	for (uint32_t d = 1; d < p.depth && cur; d++)
		cur = format::indirect_ptr(block(cur), p.offsets[d]);
	return cur;
}

void ImageEditor::add_entry(uint32_t dir, const std::string &name, uint32_t ino, uint8_t ft)
{
	mpfs_inode d = get(dir);
	const uint64_t nblocks = d.i_size / bs();
	for (uint64_t fb = 0; fb < nblocks; fb++) {
		const uint32_t b = lookup(dir, fb);
		auto off = format::find_space(block_span(b), uint32_t(name.size()));
		if (off) {
			format::insert_dirent(block_span(b), *off, ino, name.data(), uint32_t(name.size()), ft);
			return;
		}
	}
	const uint32_t b = map(dir, nblocks);
	format::init_empty_dir_block(block_span(b));
	format::insert_dirent(block_span(b), 0, ino, name.data(), uint32_t(name.size()), ft);
	d = get(dir);
	d.i_size += bs();
	put(dir, d);
}

uint32_t ImageEditor::add_file(uint32_t dir, const std::string &name, uint64_t size,
			       const std::vector<uint64_t> &blocks, FillFn fill)
{
	const uint32_t ino = alloc_inode(format::kModeReg | 0644, 1);
	for (uint64_t fb : blocks) {
		uint8_t *p = block(map(ino, fb));
		for (uint32_t k = 0; k < bs(); k++)
			p[k] = fill(ino, fb, k);
	}
	mpfs_inode i = get(ino);
	i.i_size = size;
	put(ino, i);
	add_entry(dir, name, ino, MPFS_FT_REG);
	return ino;
}

uint32_t ImageEditor::add_dir(uint32_t dir, const std::string &name)
{
	const uint32_t ino = alloc_inode(format::kModeDir | 0755, 2);
	const uint32_t b = map(ino, 0);
	format::init_dir_block(block_span(b), ino, dir);
	mpfs_inode i = get(ino);
	i.i_size = bs();
	put(ino, i);
	add_entry(dir, name, ino, MPFS_FT_DIR);
	mpfs_inode p = get(dir);
	p.i_links_count++;
	put(dir, p);
	return ino;
}

uint32_t ImageEditor::add_symlink(uint32_t dir, const std::string &name, const std::string &target)
{
	if (target.size() > bs())
		throw std::runtime_error("symlink target longer than a block");
	const uint32_t ino = alloc_inode(format::kModeLnk | 0777, 1);
	const uint32_t b = map(ino, 0);
	std::memcpy(block(b), target.data(), target.size());
	mpfs_inode i = get(ino);
	i.i_size = target.size();
	put(ino, i);
	add_entry(dir, name, ino, MPFS_FT_LNK);
	return ino;
}

} // namespace mpfs::tools
