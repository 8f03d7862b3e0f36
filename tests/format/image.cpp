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
	return ImageEditor::add_file(dir, name, size, blocks,
				     [](uint32_t, uint64_t fb, uint32_t) { return uint8_t(fb & 0xff); });
}

} // namespace mpfs::test
