// SPDX-License-Identifier: GPL-2.0
// libFuzzer: the block-map geometry (format::MapGeometry::path, the
// counterpart of ext2_block_to_path) and the indirect-pointer accessors.
// Input: 1 byte block size choice, 8 bytes file block, then an indirect
// block's bytes. Every path must name slots inside their arrays, and
// blocks_to_boundary must end at the array's last slot.
#include <cstdint>
#include <cstring>
#include <vector>

#include "format/format.h"

using namespace mpfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 9)
		return 0;
	static const uint32_t sizes[] = {1024, 2048, 4096};
	const uint32_t bs = sizes[data[0] % 3];
	uint64_t fb;
	std::memcpy(&fb, data + 1, 8);
	if (data[0] & 0x80) // mostly near the interesting range
		fb %= format::MapGeometry(bs).max_file_blocks() + 16;
	const format::MapGeometry g(bs);
	auto p = g.path(ktl::FileBlock(fb));
	if (p.is_error() != (fb >= g.max_file_blocks()))
		__builtin_trap();
	if (!p.is_error()) {
		const format::BlockPath &bp = p.value();
		if (bp.depth < 1 || bp.depth > 3)
			__builtin_trap();
		if (bp.offsets[0] >= MPFS_N_BLOCKS)
			__builtin_trap();
		for (uint32_t d = 1; d < bp.depth; d++)
			if (bp.offsets[d] >= g.ptrs_per_block())
				__builtin_trap();
		const uint32_t last = bp.offsets[bp.depth - 1];
		const uint32_t end = bp.depth == 1 ? MPFS_NDIR_BLOCKS : g.ptrs_per_block();
		if (bp.depth == 1 ? last + bp.blocks_to_boundary + 1 != end && last < MPFS_NDIR_BLOCKS
				  : last + bp.blocks_to_boundary + 1 != end)
			__builtin_trap();
		(void)format::mapping_hits_boundary(bp, uint32_t(fb));
		(void)g.indirect_blocks_for(fb);
	}
	std::vector<uint8_t> blk(bs);
	std::memcpy(blk.data(), data + 9, size - 9 < bs ? size - 9 : bs);
	const uint32_t i = uint32_t(fb % g.ptrs_per_block());
	const uint32_t v = format::indirect_ptr(blk.data(), i);
	format::set_indirect_ptr(blk.data(), i, v ^ 0x5a5a5a5a);
	if (format::indirect_ptr(blk.data(), i) != (v ^ 0x5a5a5a5a))
		__builtin_trap();
	return 0;
}
