// SPDX-License-Identifier: GPL-2.0
// libFuzzer: fsck.mpfs's checker (harness/common/fsck_core.cpp) on an
// in-memory image (a memfd). Input byte 0 picks the mode:
//  - even: patches to a small populated 1K-block image (a file, a file
//    through its indirect block, a directory with a file, a symlink):
//    records of {u16 offset, u8 length, bytes}; bit 1 recomputes the
//    superblock checksum afterwards, so geometry changes get past it;
//  - odd: the rest of the input is the whole image.
// The checker must end with exit 0, 4 or 8 and never touch memory it does
// not own (ASan) or hit undefined behaviour (UBSan).
#include <cstdint>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

#include "fsck_core.h"
#include "image.h"

using namespace mpfs;

namespace {

std::vector<uint8_t> make_base()
{
	stress::Image im(64 << 10, 1024, 16);
	const uint32_t root = MPFS_ROOT_INO;
	im.add_file(root, "a", 100, {0});
	std::vector<uint64_t> ind;
	for (uint64_t b = 0; b < 15; b++)
		ind.push_back(b);
	im.add_file(root, "ind", 15 * 1024 - 3, ind);
	const uint32_t d = im.add_dir(root, "d");
	im.add_file(d, "b", 2000, {1});
	im.add_symlink(d, "l", "../a");
	return im.bytes();
}

int memfd()
{
	static int fd = memfd_create("fuzz-image", 0);
	return fd;
}

int check(const std::vector<uint8_t> &img)
{
	const int fd = memfd();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, img.data(), img.size(), 0) != ssize_t(img.size()))
		__builtin_trap();
	tools::Target t;
	std::string err;
	if (!t.open("/proc/self/fd/" + std::to_string(fd), tools::Access::read_only, err))
		__builtin_trap();
	return tools::check_filesystem(t).exit_code;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const std::vector<uint8_t> base = [] {
		auto b = make_base();
		if (check(b) != tools::kFsckClean) // the builder's image is consistent
			__builtin_trap();
		return b;
	}();
	if (size < 1)
		return 0;
	std::vector<uint8_t> img;
	if (data[0] & 1) {
		img.assign(data + 1, data + size);
	} else {
		img = base;
		for (size_t at = 1; at + 3 <= size;) {
			const size_t off = (size_t(data[at]) | size_t(data[at + 1]) << 8) % img.size();
			size_t len = data[at + 2] % 17;
			at += 3;
			if (len > size - at)
				len = size - at;
			if (off + len > img.size())
				len = img.size() - off;
			std::memcpy(&img[off], data + at, len);
			at += len;
		}
		if (data[0] & 2) {
			mpfs_super_block sb;
			std::memcpy(&sb, img.data(), sizeof(sb));
			format::super_set_checksum(sb);
			std::memcpy(img.data(), &sb, sizeof(sb));
		}
	}
	const int rc = check(img);
	if (rc != tools::kFsckClean && rc != tools::kFsckErrors && rc != tools::kFsckOperational)
		__builtin_trap();
	return 0;
}
