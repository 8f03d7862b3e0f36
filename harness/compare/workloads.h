// SPDX-License-Identifier: GPL-2.0
// The named workloads of the trace comparison matrix. Each case is run twice
// in the guest (engine=kernel, engine=port) on a fresh filesystem:
//   setup  before the traced window (file written, filesystem remounted so
//          the page cache is cold),
//   run    inside the window: exactly the I/O the case is about.
// Everything is deterministic: fixed sizes, offsets, data and call sequence.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mpfs::compare {

inline constexpr uint64_t kPage = 4096;

enum class Layout {
	Contig,   ///< written sequentially, alloc=contiguous
	Reverse,  ///< written sequentially, alloc=reverse: every block before the previous one
	Scatter,  ///< written sequentially, alloc=scatter:SEED
	Sparse,   ///< page-sized holes, a data-then-hole page, hole at EOF (truncate)
	HoleData, ///< pages whose first block is a hole followed by data
	Tail,     ///< size not a multiple of the page or the block
	Ind,      ///< crosses the direct -> indirect boundary (block 12)
	Dind,     ///< crosses the indirect -> double-indirect boundary
};

enum class Op {
	SeqRead,    ///< read() the whole file in 64 KiB chunks, default readahead; data verified
	Readahead,  ///< READAHEAD ioctls of odd sizes and offsets
	ReadFolio,  ///< READ_FOLIO of several pages (one twice)
	WriteFsync, ///< buffered write of the layout into an empty file + fsync
	WbNone,     ///< buffered write, WRITEPAGES WB_SYNC_NONE with small nr_to_write, then WB_SYNC_ALL
	Overwrite,  ///< read (cache the pages), partial overwrites, fsync
	// Where the mpage of 6.1 and of 6.12 differ (docs/port.md, "Kernels"):
	// pages dirtied through mmap have no buffers, so writeback maps them
	// with get_block(create=1).
	MmapUnmapped, ///< get_block(create=1) leaves the buffer unmapped (fault map-unmapped)
	EofRace,      ///< writeback of pages wholly past a new EOF inside truncate (fault truncate-wb)
};

struct Extent {
	uint64_t offset;
	uint64_t length;
};

/// Bytes the workload writes: data extents in write order, then the file
/// size (extended by truncate when past the last extent).
struct Shape {
	std::vector<Extent> data;
	uint64_t size = 0;
};

struct Case {
	std::string name;   ///< e.g. "1k-contig-seqread"
	unsigned block_size;
	Layout layout;
	Op op;
	std::string alloc;  ///< alloc= mount option value
};

const char *layout_name(Layout l);
const char *op_name(Op o);

/// The full matrix, in a fixed order.
std::vector<Case> matrix();
/// nullptr if there is no such case.
const Case *find_case(const std::string &name);

Shape shape_of(Layout layout, unsigned block_size);

/// Data byte at file offset @off in generation @gen (0 = initial write,
/// 1 = overwrite): a hash, so a misplaced block never reads back right.
uint8_t pattern_byte(uint64_t off, unsigned gen);

/// Before the window. Returns 0 or prints an error and returns 1.
int setup(const Case &c, const std::string &file);
/// The window's workload. Returns 0 or prints an error and returns 1.
int run(const Case &c, const std::string &file);

} // namespace mpfs::compare
