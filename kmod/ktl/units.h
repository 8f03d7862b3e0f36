/* SPDX-License-Identifier: GPL-2.0 */
// Distinct types for the units the block layer mixes up: a block of a file, a
// block of the device, a 512-byte sector and a page-cache index. Arithmetic is
// allowed within a unit; crossing units goes through the conversions at the
// bottom of this file, which are the only place that shifts by blkbits.
#pragma once
#include "types.h"

namespace ktl {

template <typename Tag> class Index {
public:
	constexpr Index() = default;
	constexpr explicit Index(u64 v) : v_(v) {}
	constexpr u64 value() const { return v_; }

	constexpr Index operator+(u64 n) const { return Index(v_ + n); }
	constexpr Index operator-(u64 n) const { return Index(v_ - n); }
	constexpr u64 operator-(Index o) const { return v_ - o.v_; }
	constexpr Index &operator++() { ++v_; return *this; }
	constexpr Index &operator+=(u64 n) { v_ += n; return *this; }
	constexpr bool operator==(Index o) const { return v_ == o.v_; }
	constexpr bool operator!=(Index o) const { return v_ != o.v_; }
	constexpr bool operator<(Index o) const { return v_ < o.v_; }
	constexpr bool operator<=(Index o) const { return v_ <= o.v_; }
	constexpr bool operator>(Index o) const { return v_ > o.v_; }
	constexpr bool operator>=(Index o) const { return v_ >= o.v_; }

private:
	u64 v_ = 0;
};

struct FileBlockTag {};
struct DiskBlockTag {};
struct SectorTag {};
struct PageIndexTag {};

using FileBlock = Index<FileBlockTag>;  ///< block number within a file
using DiskBlock = Index<DiskBlockTag>;  ///< block number on the device, in fs blocks
using Sector = Index<SectorTag>;        ///< 512-byte sector on the device
using PageIndex = Index<PageIndexTag>;  ///< page-cache index (file offset >> PAGE_SHIFT)

inline constexpr unsigned SECTOR_SHIFT = 9;

/// Block geometry of one filesystem instance: the only code that shifts by blkbits.
struct BlockGeometry {
	unsigned blkbits;    ///< log2(block size)
	unsigned page_shift; ///< log2(page size)

	constexpr u32 block_size() const { return 1u << blkbits; }
	constexpr unsigned blocks_per_page() const { return 1u << (page_shift - blkbits); }

	constexpr Sector to_sector(DiskBlock b) const { return Sector(b.value() << (blkbits - SECTOR_SHIFT)); }
	constexpr FileBlock first_block_of(PageIndex p) const
	{
		return FileBlock(p.value() << (page_shift - blkbits));
	}
	constexpr PageIndex page_of(FileBlock b) const { return PageIndex(b.value() >> (page_shift - blkbits)); }
	/// Blocks needed to hold @bytes (rounded up).
	constexpr u64 blocks_for_bytes(u64 bytes) const { return (bytes + block_size() - 1) >> blkbits; }
	/// Block holding byte offset @pos (rounded down).
	constexpr FileBlock block_of_byte(u64 pos) const { return FileBlock(pos >> blkbits); }
	constexpr u64 bytes_of_blocks(u64 n) const { return n << blkbits; }
	constexpr u64 blocks_of_bytes(u64 bytes) const { return bytes >> blkbits; }
	constexpr u64 byte_of_block(FileBlock b) const { return b.value() << blkbits; }
	/// Last block of a file of @size bytes, computed as the kernel does with a
	/// signed loff_t: (size - 1) >> blkbits, so size 0 gives all ones.
	constexpr FileBlock last_block_of_size(s64 size) const
	{
		return FileBlock(static_cast<u64>((size - 1) >> blkbits));
	}
};

} // namespace ktl
