// SPDX-License-Identifier: GPL-2.0
#include "fs/ioctl_args.h"
#include "ktl/errno.h"

namespace mpfs::fs::ioctl {

using ktl::Error;
using ktl::Result;
using ktl::u64;

namespace {

// The uapi mirrors the port's enums and counters; a counter added to stats.h
// must be added to mpfs_ioc_stats (and fill_stats) too, or this fails to build.
static_assert(static_cast<unsigned>(mpage::FallbackReason::Count) == MPFS_FALLBACK_NR);
static_assert(MPFS_FALLBACK_NR <= MPFS_FALLBACK_SLOTS);
static_assert(static_cast<unsigned>(mpage::FallbackReason::HadBuffers) == MPFS_FALLBACK_HAD_BUFFERS);
static_assert(static_cast<unsigned>(mpage::FallbackReason::HoleThenData) == MPFS_FALLBACK_HOLE_THEN_DATA);
static_assert(static_cast<unsigned>(mpage::FallbackReason::Discontiguous) == MPFS_FALLBACK_DISCONTIGUOUS);
static_assert(static_cast<unsigned>(mpage::FallbackReason::UptodateMapping) == MPFS_FALLBACK_UPTODATE_MAPPING);
static_assert(static_cast<unsigned>(mpage::FallbackReason::BioAllocFailed) == MPFS_FALLBACK_BIO_ALLOC_FAILED);
static_assert(static_cast<unsigned>(mpage::FallbackReason::PastEof) == MPFS_FALLBACK_PAST_EOF);
static_assert(static_cast<unsigned>(mpage::FallbackReason::GetBlockError) == MPFS_FALLBACK_GET_BLOCK_ERROR);
static_assert(sizeof(mpage::Stats) == (6 + MPFS_FALLBACK_NR + 5) * sizeof(u64),
	      "mpage::Stats changed: update uapi/mpfs_ioctl.h and fill_stats()");
static_assert(static_cast<unsigned>(mpage::FaultKind::None) == MPFS_FAULT_NONE);
static_assert(static_cast<unsigned>(mpage::FaultKind::GetBlock) == MPFS_FAULT_GET_BLOCK);
static_assert(static_cast<unsigned>(mpage::FaultKind::BioAlloc) == MPFS_FAULT_BIO_ALLOC);
static_assert(static_cast<unsigned>(mpage::FaultKind::MapUnmapped) == MPFS_FAULT_MAP_UNMAPPED);
static_assert(static_cast<unsigned>(mpage::FaultKind::TruncateWriteback) == MPFS_FAULT_TRUNCATE_WB);
static_assert(static_cast<unsigned>(Engine::Kernel) == MPFS_ENGINE_KERNEL);
static_assert(static_cast<unsigned>(Engine::Port) == MPFS_ENGINE_PORT);
static_assert(static_cast<unsigned>(Engine::Iomap) == MPFS_ENGINE_IOMAP);

constexpr Error einval() { return Error::from_errno(-ktl::kEINVAL); }

template <unsigned N> constexpr bool all_zero(const __u64 (&r)[N])
{
	for (unsigned i = 0; i < N; i++)
		if (r[i])
			return false;
	return true;
}

/// Flags and every reserved field of an input struct must be 0.
template <typename T> constexpr bool reserved_clear(const T &a)
{
	return a.flags == 0 && a.reserved0 == 0 && all_zero(a.reserved);
}

constexpr u64 div_or_zero(u64 n, u64 d) { return d ? n / d : 0; }

void fill_stats(mpfs_ioc_stats &o, const mpage::Stats &s)
{
	o.read_bios = s.read_bios;
	o.write_bios = s.write_bios;
	o.read_pages = s.read_pages;
	o.write_pages = s.write_pages;
	o.read_bytes = s.read_bytes;
	o.write_bytes = s.write_bytes;
	o.avg_read_bio_bytes = div_or_zero(s.read_bytes, s.read_bios);
	o.avg_write_bio_bytes = div_or_zero(s.write_bytes, s.write_bios);
	for (unsigned i = 0; i < MPFS_FALLBACK_NR; i++)
		o.fallback[i] = s.fallback[i];
	o.boundary_submits = s.boundary_submits;
	o.tail_zeroings = s.tail_zeroings;
	o.hole_pages = s.hole_pages;
	o.rw_page_hits = s.rw_page_hits;
	o.get_block_calls = s.get_block_calls;
}

} // namespace

Result<ByteRange> byte_range(u64 offset, u64 length)
{
	if (offset > kMaxLoff)
		return einval();
	if (length == 0)
		return ByteRange{offset, kMaxLoff};
	// offset + length - 1 <= kMaxLoff, written so that nothing overflows.
	if (length - 1 > kMaxLoff - offset)
		return einval();
	return ByteRange{offset, offset + (length - 1)};
}

PageRange pages_of(ByteRange r)
{
	u64 first = r.start >> kPageShift;
	return PageRange{first, (r.end >> kPageShift) - first + 1};
}

Result<PageRange> readahead_pages(const mpfs_ioc_readahead &a, u64 i_size)
{
	if (!reserved_clear(a))
		return einval();
	if (a.nr_pages == 0 || i_size == 0)
		return PageRange{a.index, 0};
	u64 end_index = (i_size - 1) >> kPageShift;
	if (a.index > end_index)
		return PageRange{a.index, 0};
	u64 room = end_index - a.index + 1;
	return PageRange{a.index, a.nr_pages < room ? a.nr_pages : room};
}

Result<u64> read_folio_index(const mpfs_ioc_read_folio &a, u64 i_size)
{
	if (!reserved_clear(a))
		return einval();
	if (i_size == 0 || a.index > ((i_size - 1) >> kPageShift))
		return einval();
	return a.index;
}

Result<WritebackRequest> writepages_request(const mpfs_ioc_writepages &a)
{
	if (a.flags != 0 || !all_zero(a.reserved))
		return einval();
	if (a.sync_mode != MPFS_WB_SYNC_NONE && a.sync_mode != MPFS_WB_SYNC_ALL)
		return einval();
	if (a.nr_to_write < 1)
		return einval();
	auto r = byte_range(a.offset, a.length);
	if (r.is_error())
		return r.error();
	return WritebackRequest{r.value(), static_cast<int>(a.sync_mode), static_cast<long>(a.nr_to_write)};
}

Result<ByteRange> invalidate_range(const mpfs_ioc_range &a)
{
	if (!reserved_clear(a))
		return einval();
	return byte_range(a.offset, a.length);
}

Result<mpage::FaultInjection> fault_request(const mpfs_ioc_fault &a)
{
	if (a.flags != 0 || !all_zero(a.reserved))
		return einval();
	switch (a.kind) {
	case MPFS_FAULT_NONE:
		if (a.nth != 0)
			return einval();
		return mpage::FaultInjection{mpage::FaultKind::None, 0, 0};
	case MPFS_FAULT_GET_BLOCK:
	case MPFS_FAULT_BIO_ALLOC:
	case MPFS_FAULT_MAP_UNMAPPED:
	case MPFS_FAULT_TRUNCATE_WB:
		if (a.nth == 0)
			return einval();
		return mpage::FaultInjection{static_cast<mpage::FaultKind>(a.kind), a.nth, 0};
	default:
		return einval();
	}
}

u64 stats_valid_mask(Engine engine)
{
	if (engine == Engine::Port) {
		u64 all = (u64{1} << (MPFS_STATS_SLOT(get_block_calls) + 1)) - 1;
		for (unsigned i = MPFS_FALLBACK_NR; i < MPFS_FALLBACK_SLOTS; i++)
			all &= ~(u64{1} << (MPFS_STATS_SLOT(fallback) + i));
		return all;
	}
	return u64{1} << MPFS_STATS_SLOT(get_block_calls);
}

void fill_info(mpfs_ioc_info &out, const MountInfo &mi, ktl::u32 page_size)
{
	__builtin_memset(&out, 0, sizeof(out));
	out.abi_version = MPFS_IOCTL_ABI_VERSION;
	out.engine = static_cast<__u32>(mi.engine);
	out.block_size = mi.block_size;
	out.page_size = page_size;
	out.fault_kind = static_cast<__u32>(mi.fault.kind);
	out.fault_nth = mi.fault.nth;
	out.fault_calls = mi.fault.calls;
	out.stats_valid = stats_valid_mask(mi.engine);
	fill_stats(out.stats, mi.stats);
}

} // namespace mpfs::fs::ioctl
