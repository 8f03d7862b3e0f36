// SPDX-License-Identifier: GPL-2.0
#include "image.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace mpfs::test {

TempDir::TempDir()
{
	char tmpl[] = "/tmp/mpfs-format-test.XXXXXX";
	if (!mkdtemp(tmpl))
		throw std::runtime_error("mkdtemp failed");
	path_ = tmpl;
}

TempDir::~TempDir()
{
	std::string cmd = "rm -rf '" + path_ + "'";
	if (std::system(cmd.c_str()) != 0)
		fprintf(stderr, "cannot remove %s\n", path_.c_str());
}

namespace {
std::string slurp(const std::string &path)
{
	std::ifstream f(path);
	std::stringstream ss;
	ss << f.rdbuf();
	return ss.str();
}
} // namespace

RunResult run(const std::vector<std::string> &argv)
{
	TempDir tmp;
	const std::string out = tmp.file("out"), err = tmp.file("err");
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	std::vector<char *> args;
	for (const auto &a : argv)
		args.push_back(const_cast<char *>(a.c_str()));
	args.push_back(nullptr);
	pid_t pid;
	RunResult r;
	if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		r.err = "spawn failed";
		return r;
	}
	posix_spawn_file_actions_destroy(&fa);
	int st = 0;
	waitpid(pid, &st, 0);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r.out = slurp(out);
	r.err = slurp(err);
	return r;
}

void make_sparse_file(const std::string &path, uint64_t bytes)
{
	int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(ftruncate(fd, off_t(bytes)), 0);
	close(fd);
}

tools::FsckResult fsck_file(const std::string &path)
{
	tools::Target t;
	std::string err;
	if (!t.open(path, tools::Access::read_only, err)) {
		tools::FsckResult r;
		r.exit_code = tools::kFsckOperational;
		r.error = err;
		return r;
	}
	return tools::check_filesystem(t);
}

Image::Image(const std::string &path) : path_(path)
{
	std::ifstream f(path, std::ios::binary | std::ios::ate);
	data_.resize(size_t(f.tellg()));
	f.seekg(0);
	f.read(reinterpret_cast<char *>(data_.data()), std::streamsize(data_.size()));
	if (!f)
		throw std::runtime_error("cannot read image");
	mpfs_super_block sb;
	if (data_.size() < sizeof(sb))
		throw std::runtime_error("image too small");
	std::memcpy(&sb, data_.data(), sizeof(sb));
	auto l = format::validate_super(sb, data_.size());
	if (l.is_error())
		throw std::runtime_error("image has a bad superblock");
	l_ = l.value();
}

void Image::save() const
{
	std::ofstream f(path_, std::ios::binary | std::ios::trunc);
	f.write(reinterpret_cast<const char *>(data_.data()), std::streamsize(data_.size()));
	if (!f)
		throw std::runtime_error("cannot write image");
}

mpfs_inode Image::get(uint32_t ino) const
{
	auto loc = format::inode_location(l_, ino).release_value();
	mpfs_inode i;
	std::memcpy(&i, data_.data() + loc.block * l_.block_size + loc.offset, sizeof(i));
	return i;
}

void Image::put(uint32_t ino, const mpfs_inode &i)
{
	auto loc = format::inode_location(l_, ino).release_value();
	std::memcpy(data_.data() + loc.block * l_.block_size + loc.offset, &i, sizeof(i));
}

uint32_t Image::alloc_block()
{
	const uint64_t b = format::bitmap_find_next_zero(block_bitmap(), l_.blocks_count, l_.first_data_block);
	if (b >= l_.blocks_count)
		throw std::runtime_error("image full");
	format::bitmap_set(block_bitmap(), b);
	std::memset(block(b), 0, bs());
	return uint32_t(b);
}

uint32_t Image::alloc_inode(uint16_t mode, uint16_t links)
{
	const uint64_t bit = format::bitmap_find_next_zero(inode_bitmap(), l_.inodes_count, 0);
	if (bit >= l_.inodes_count)
		throw std::runtime_error("no inodes");
	format::bitmap_set(inode_bitmap(), bit);
	mpfs_inode i{};
	i.i_mode = mode;
	i.i_links_count = links;
	put(uint32_t(bit + 1), i);
	return uint32_t(bit + 1);
}

uint32_t Image::map(uint32_t ino, uint64_t fb)
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

uint32_t Image::lookup(uint32_t ino, uint64_t fb)
{
	const mpfs_inode i = get(ino);
	const format::BlockPath p = format::MapGeometry(bs()).path(ktl::FileBlock(fb)).release_value();
	uint32_t cur = i.i_block[p.offsets[0]];
	for (uint32_t d = 1; d < p.depth && cur; d++)
		cur = format::indirect_ptr(block(cur), p.offsets[d]);
	return cur;
}

void Image::add_entry(uint32_t dir, const std::string &name, uint32_t ino, uint8_t ft)
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

std::pair<uint32_t, uint32_t> Image::find_entry(uint32_t dir, const std::string &name)
{
	const uint64_t nblocks = get(dir).i_size / bs();
	for (uint64_t fb = 0; fb < nblocks; fb++) {
		const uint32_t b = lookup(dir, fb);
		auto d = format::find_dirent(block_span(b), name.data(), uint32_t(name.size()));
		if (d)
			return {b, d->offset};
	}
	return {0, 0};
}

uint32_t Image::add_file(uint32_t dir, const std::string &name, uint64_t size,
			 const std::vector<uint64_t> &blocks)
{
	const uint32_t ino = alloc_inode(format::kModeReg | 0644, 1);
	for (uint64_t fb : blocks) {
		const uint32_t b = map(ino, fb);
		std::memset(block(b), int(fb & 0xff), bs());
	}
	mpfs_inode i = get(ino);
	i.i_size = size;
	put(ino, i);
	add_entry(dir, name, ino, MPFS_FT_REG);
	return ino;
}

uint32_t Image::add_dir(uint32_t dir, const std::string &name)
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

} // namespace mpfs::test
