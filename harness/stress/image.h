// SPDX-License-Identifier: GPL-2.0
// Corrupt-image stress (make stress, part 4): populated mpfs images built in
// memory with kmod/format, and a mutator that knows the format. Everything
// is a pure function of (block size, seed), so a failing image is rebuilt on
// any machine from the seed the run printed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "format/format.h"
#include "image_edit.h"

namespace mpfs::stress {

/// splitmix64: small, fast, and the same sequence everywhere.
class Rng {
public:
	explicit Rng(uint64_t seed) : s_(seed) {}
	uint64_t next()
	{
		uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		return z ^ (z >> 31);
	}
	/// Uniform in [0, n); n > 0.
	uint64_t below(uint64_t n) { return next() % n; }
	bool chance(unsigned percent) { return below(100) < percent; }

private:
	uint64_t s_;
};

/// Seed of image @index of a run seeded @run_seed.
uint64_t image_seed(uint64_t run_seed, uint64_t index);

/// A whole mpfs image in memory, built from nothing.
class Image : public tools::ImageEditor {
public:
	/// An empty filesystem of @bytes with @bs blocks and @inodes inodes, as
	/// mkfs.mpfs writes it (fixed time and UUID).
	Image(uint64_t bytes, uint32_t bs, uint32_t inodes);

	mpfs_super_block super() const;
	void put_super(const mpfs_super_block &sb); ///< stores @sb as is (no checksum update)

	/// A regular file whose every byte depends on inode, file block and
	/// offset, so that a block read from the wrong place shows.
	uint32_t add_file(uint32_t dir, const std::string &name, uint64_t size,
			  const std::vector<uint64_t> &blocks);
};

/// What the populated base image holds, for the mutator and the walker.
struct Entry {
	std::string path; ///< relative to the mount point
	uint32_t ino;
	uint8_t type;     ///< MPFS_FT_*
};

struct Base {
	Image img;
	std::vector<Entry> entries; ///< every inode but the root
};

/// A populated filesystem of block size @bs: small and tail files, a full
/// direct file, files through the indirect and (sparse) double-indirect
/// blocks, a sparse file with a hole at EOF, an empty file, a symlink,
/// nested directories and a directory of several blocks.
Base build_base(uint32_t bs);

/// A check the guest can make on the mounted image because of one mutation:
/// reading @path at @offset must fail with EIO (a pointer the kernel must
/// refuse to follow).
struct Expect {
	std::string path;
	uint64_t offset;
};

struct Mutated {
	uint32_t bs = 0;
	std::vector<uint8_t> bytes;
	std::vector<std::string> what; ///< one line per mutation
	std::vector<Expect> expect_eio;
};

/// Image of seed @seed: the base of one of the three block sizes with 1-3
/// format-aware mutations.
Mutated make_mutated(uint64_t seed);

} // namespace mpfs::stress
