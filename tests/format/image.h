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
#include "image_edit.h"

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

/// A whole mpfs image in memory, loaded from a file mkfs.mpfs made.
class Image : public tools::ImageEditor {
public:
	/// Loads @path (made by mkfs.mpfs).
	explicit Image(const std::string &path);
	void save() const;

	/// Disk block of the indirect block at i_block[slot].
	uint32_t slot(uint32_t ino, uint32_t s) { return get(ino).i_block[s]; }
	/// Location of the entry @name in @dir: {disk block, offset}; block 0 if absent.
	std::pair<uint32_t, uint32_t> find_entry(uint32_t dir, const std::string &name);
	/// A regular file whose file block fb is filled with the byte fb & 0xff.
	uint32_t add_file(uint32_t dir, const std::string &name, uint64_t size,
			  const std::vector<uint64_t> &blocks);

private:
	std::string path_;
};

} // namespace mpfs::test
