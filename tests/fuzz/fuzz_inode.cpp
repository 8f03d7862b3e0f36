// SPDX-License-Identifier: GPL-2.0
// libFuzzer: inode validation (format::check_inode) against the layout of a
// real filesystem of each block size. Input: 1 byte choosing the block size,
// then the 128-byte inode. An inode check_inode accepts must keep every
// pointer of i_block[] inside the data area and its size within the limit:
// the module trusts both afterwards.
#include <cstdint>
#include <cstring>

#include "format/format.h"

using namespace mpfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const uint32_t sizes[] = {1024, 2048, 4096};
	const uint32_t bs = sizes[data[0] % 3];
	auto l = format::compute_layout(uint64_t(1 + data[0] / 3) << 20, bs, 0);
	if (l.is_error())
		__builtin_trap();
	mpfs_inode ino{};
	std::memcpy(&ino, data + 1, size - 1 < sizeof(ino) ? size - 1 : sizeof(ino));
	format::InodeReason why;
	const bool ok = !format::check_inode(ino, l.value(), &why).is_error();
	(void)format::inode_reason_string(why);
	if (!ok)
		return 0;
	for (uint32_t s = 0; s < MPFS_N_BLOCKS; s++)
		if (ino.i_block[s] && !l.value().is_data_block(ino.i_block[s]))
			__builtin_trap();
	if (ino.i_size > format::max_file_size(bs))
		__builtin_trap();
	if (format::mode_is_dir(ino.i_mode) && ino.i_size % bs)
		__builtin_trap();
	return 0;
}
