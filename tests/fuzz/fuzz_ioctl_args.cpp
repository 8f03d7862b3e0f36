// SPDX-License-Identifier: GPL-2.0
// libFuzzer: the ioctl argument checks (kmod/fs/ioctl_args.cpp, the source
// that builds into mpfs.ko). Input: 1 byte command choice, 8 bytes i_size,
// then the argument struct. Whatever is accepted must be a range the kernel
// side can use without overflow: end >= start, within loff_t, readahead and
// read_folio inside the file.
#include <cstdint>
#include <cstring>

#include "fs/ioctl_args.h"

using namespace mpfs::fs::ioctl;

namespace {
template <typename T> T take(const uint8_t *d, size_t n)
{
	T v{};
	std::memcpy(&v, d, n < sizeof(v) ? n : sizeof(v));
	return v;
}
constexpr uint64_t kLoffMax = uint64_t(INT64_MAX);
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 9)
		return 0;
	uint64_t isz;
	std::memcpy(&isz, data + 1, 8);
	if (data[0] & 0x80)
		isz %= 1ull << 40;
	const uint8_t *a = data + 9;
	const size_t n = size - 9;
	switch (data[0] % 6) {
	case 0: {
		auto r = readahead_pages(take<mpfs_ioc_readahead>(a, n), isz);
		if (!r.is_error() && r.value().count) {
			const uint64_t last_page = isz ? (isz - 1) >> kPageShift : 0;
			if (isz == 0 || r.value().first > last_page || r.value().first + r.value().count - 1 > last_page ||
			    r.value().first + r.value().count < r.value().first)
				__builtin_trap();
		}
		break;
	}
	case 1: {
		auto r = read_folio_index(take<mpfs_ioc_read_folio>(a, n), isz);
		if (!r.is_error() && (isz == 0 || r.value() > (isz - 1) >> kPageShift))
			__builtin_trap();
		break;
	}
	case 2: {
		auto r = writepages_request(take<mpfs_ioc_writepages>(a, n));
		if (!r.is_error() && (r.value().range.end < r.value().range.start || r.value().range.end > kLoffMax ||
				      r.value().nr_to_write < 1 ||
				      (r.value().sync_mode != MPFS_WB_SYNC_NONE && r.value().sync_mode != MPFS_WB_SYNC_ALL)))
			__builtin_trap();
		break;
	}
	case 3: {
		auto r = invalidate_range(take<mpfs_ioc_range>(a, n));
		if (!r.is_error()) {
			if (r.value().end < r.value().start || r.value().end > kLoffMax)
				__builtin_trap();
			const PageRange p = pages_of(r.value());
			if (p.count == 0 || p.first + p.count < p.first)
				__builtin_trap();
		}
		break;
	}
	case 4: {
		auto r = fault_request(take<mpfs_ioc_fault>(a, n));
		(void)r;
		break;
	}
	default: {
		const auto off = take<uint64_t>(a, n), len = take<uint64_t>(n > 8 ? a + 8 : a, n > 8 ? n - 8 : 0);
		auto r = byte_range(off, len);
		if (!r.is_error() && (r.value().start != off || r.value().end < r.value().start || r.value().end > kLoffMax ||
				      (len && r.value().end != off + len - 1)))
			__builtin_trap();
		break;
	}
	}
	return 0;
}
