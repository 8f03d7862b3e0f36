/* SPDX-License-Identifier: GPL-2.0 */
// Validation and decoding of the mpfs ioctl arguments (uapi/mpfs_ioctl.h).
// Pure functions of the copied-in structs and a few inode facts: no shim calls,
// so the same code is unit-tested on the host (tests/ioctl). Every rejection
// is -EINVAL; every accepted range fits a loff_t without overflow.
#pragma once
#include "ktl/result.h"
#include "ktl/types.h"
#include "fs/mount_info.h"
#include "uapi/mpfs_ioctl.h"

namespace mpfs::fs::ioctl {

inline constexpr ktl::u64 kMaxLoff = 0x7fffffffffffffffULL; ///< LLONG_MAX, the largest loff_t
inline constexpr unsigned kPageShift = 12;                    ///< x86_64 (checked against K_PAGE_SHIFT)
/// Readahead is issued in chunks of this many pages, as force_page_cache_ra
/// does (2 MiB), so one ioctl never pins an unbounded number of locked pages.
inline constexpr ktl::u64 kReadaheadChunkPages = (2u << 20) >> kPageShift;

/// Bytes [start, end], end inclusive (the kernel's lstart/lend convention).
struct ByteRange {
	ktl::u64 start;
	ktl::u64 end;
};

/// Pages [first, first + count).
struct PageRange {
	ktl::u64 first;
	ktl::u64 count;
};

struct WritebackRequest {
	ByteRange range;
	int sync_mode; ///< MPFS_WB_SYNC_*, equal to the kernel's values
	long nr_to_write;
};

/// [offset, offset + length) with length 0 meaning "to the end"; -EINVAL if it
/// does not fit in a loff_t.
ktl::Result<ByteRange> byte_range(ktl::u64 offset, ktl::u64 length);

/// Pages that cover @r (first page holding r.start to the page holding r.end).
PageRange pages_of(ByteRange r);

/// READAHEAD: the pages to read, clamped to the page holding the last byte of
/// a file of @i_size bytes (count 0: nothing to do).
ktl::Result<PageRange> readahead_pages(const mpfs_ioc_readahead &a, ktl::u64 i_size);

/// READ_FOLIO: the page index, which must hold a byte of the file.
ktl::Result<ktl::u64> read_folio_index(const mpfs_ioc_read_folio &a, ktl::u64 i_size);

ktl::Result<WritebackRequest> writepages_request(const mpfs_ioc_writepages &a);

ktl::Result<ByteRange> invalidate_range(const mpfs_ioc_range &a);

/// FAULT: the fault to arm (kind None with nth 0 disarms).
ktl::Result<mpage::FaultInjection> fault_request(const mpfs_ioc_fault &a);

/// GET_INFO: fill @out completely (zeroing everything not set) from @mi.
void fill_info(mpfs_ioc_info &out, const MountInfo &mi, ktl::u32 page_size);

/// Bits of mpfs_ioc_info.stats_valid for @engine.
ktl::u64 stats_valid_mask(Engine engine);

} // namespace mpfs::fs::ioctl
