// SPDX-License-Identifier: GPL-2.0
// libFuzzer: superblock validation (kmod/format/superblock.cpp), as mount
// and fsck run it on whatever block 0 holds. Input: 8 bytes of device size,
// then the 256-byte superblock. With the first input byte odd the checksum
// is recomputed, so the fuzzer gets past it to the geometry checks. An
// accepted superblock must describe a consistent layout.
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "format/format.h"

using namespace mpfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 9)
		return 0;
	uint64_t dev;
	std::memcpy(&dev, data + 1, 8);
	mpfs_super_block sb{};
	std::memcpy(&sb, data + 9, size - 9 < sizeof(sb) ? size - 9 : sizeof(sb));
	if (data[0] & 1)
		format::super_set_checksum(sb);
	format::SuperReason why;
	auto r = format::validate_super(sb, dev, &why);
	(void)format::super_reason_string(why);
	if (r.is_error())
		return 0;
	const format::Layout &l = r.value();
	// What the module relies on once a superblock is accepted.
	if (l.blocks_count * l.block_size > dev || l.first_data_block >= l.blocks_count ||
	    l.inode_table + l.inode_table_blocks != l.first_data_block || l.inodes_count == 0 ||
	    uint64_t(l.inode_table_blocks) * l.inodes_per_block() < l.inodes_count || (1u << l.blkbits) != l.block_size)
		__builtin_trap();
	for (uint64_t ino : {uint64_t(1), uint64_t(l.inodes_count), uint64_t(l.inodes_count) + 1, uint64_t(0)}) {
		auto loc = format::inode_location(l, ino);
		if (loc.is_error() != !format::inode_in_range(l, ino))
			__builtin_trap();
		if (!loc.is_error() && (loc.value().block < l.inode_table || loc.value().block >= l.first_data_block ||
					loc.value().offset + MPFS_INODE_SIZE > l.block_size))
			__builtin_trap();
	}
	return 0;
}
