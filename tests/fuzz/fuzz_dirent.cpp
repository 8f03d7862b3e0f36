// SPDX-License-Identifier: GPL-2.0
// libFuzzer: directory blocks (kmod/format/dirent.cpp): validation,
// iteration, lookup, and on a block that validates, insert and remove, which
// must leave it valid. Input: 1 byte (block size choice, inodes_count
// choice), 1 byte name length, the name, then the block.
#include <cstdint>
#include <cstring>
#include <vector>

#include "format/format.h"

using namespace mpfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	static const uint32_t sizes[] = {1024, 2048, 4096};
	const uint32_t bs = sizes[data[0] % 3];
	const uint32_t inodes = data[0] & 0x80 ? format::kAnyInode : 64;
	uint32_t nlen = data[1];
	if (size - 2 < nlen)
		nlen = uint32_t(size - 2);
	const char *name = reinterpret_cast<const char *>(data + 2);
	std::vector<uint8_t> blk(bs);
	const size_t rest = size - 2 - nlen;
	std::memcpy(blk.data(), data + 2 + nlen, rest < bs ? rest : bs);
	ktl::Span<const uint8_t> c(blk.data(), blk.size());
	ktl::Span<uint8_t> m(blk.data(), blk.size());

	format::DirentReason why;
	uint32_t bad = 0;
	const bool valid = !format::validate_dir_block(c, inodes, &why, &bad).is_error();
	(void)format::dirent_reason_string(why);
	format::DirentIter it(c, inodes);
	uint32_t n = 0;
	for (format::Dirent d; it.next(d); n++)
		if (d.offset + d.rec_len > bs || d.offset + MPFS_DIRENT_HEADER + d.name_len > bs)
			__builtin_trap();
	if (valid && it.reason() != format::DirentReason::ok)
		__builtin_trap();
	uint32_t parent = 0;
	(void)format::check_dot_entries(c, 1, &parent);
	(void)format::dir_block_is_empty(c);
	if (!valid)
		return 0;
	// Operations the module performs only on validated blocks.
	if (auto d = format::find_dirent(c, name, nlen)) {
		if (d->name_len != nlen || std::memcmp(d->name, name, nlen) != 0)
			__builtin_trap();
		format::remove_dirent(m, d->offset);
		if (format::validate_dir_block(c, inodes).is_error())
			__builtin_trap();
	}
	bool good_name = nlen >= 1 && nlen <= MPFS_NAME_LEN;
	for (uint32_t k = 0; k < nlen; k++)
		good_name &= name[k] != '/' && name[k] != 0;
	if (good_name && !format::find_dirent(c, name, nlen)) {
		if (auto off = format::find_space(c, nlen)) {
			format::insert_dirent(m, *off, 2, name, nlen, MPFS_FT_REG);
			if (format::validate_dir_block(c, inodes).is_error() || !format::find_dirent(c, name, nlen))
				__builtin_trap();
		}
	}
	return 0;
}
