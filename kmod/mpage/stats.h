/* SPDX-License-Identifier: GPL-2.0 */
// Counters and fault injection for the mpage port, read and reset through the
// mpfs ioctls (uapi/mpfs_ioctl.h). One instance per mounted filesystem; the
// port increments it at the points named below. Plain (non-atomic) u64s: they
// are statistics, and a lost increment under concurrency is acceptable.
#pragma once
#include "ktl/types.h"

namespace mpfs::mpage {

/// Why a page left the bio path for the buffer_head path ("confused").
enum class FallbackReason : ktl::u8 {
	HadBuffers,      ///< folio already had buffer_heads
	HoleThenData,    ///< a mapped block after a hole within the page
	Discontiguous,   ///< blocks within the page not contiguous on disk
	UptodateMapping, ///< get_block returned an uptodate buffer
	BioAllocFailed,  ///< bio_alloc returned NULL
	PastEof,         ///< write: page wholly past i_size (or straddling with offset 0)
	GetBlockError,   ///< get_block returned an error
	Count
};

struct Stats {
	ktl::u64 read_bios;            ///< bios submitted for reads
	ktl::u64 write_bios;           ///< bios submitted for writes
	ktl::u64 read_pages;           ///< pages added to read bios
	ktl::u64 write_pages;          ///< pages added to write bios
	ktl::u64 read_bytes;           ///< bytes added to read bios
	ktl::u64 write_bytes;          ///< bytes added to write bios
	ktl::u64 fallback[static_cast<unsigned>(FallbackReason::Count)];
	ktl::u64 boundary_submits;     ///< bios submitted early because of BH_Boundary
	ktl::u64 tail_zeroings;        ///< folio tails zeroed (read holes at EOF, write straddle)
	ktl::u64 hole_pages;           ///< read pages wholly holes: zeroed, no I/O
	ktl::u64 rw_page_hits;         ///< pages moved by ->rw_page without a bio
	ktl::u64 get_block_calls;      ///< calls into the filesystem's get_block (counted by the filesystem itself, fallbacks included)
};

/// What FAULT injects into the nth call (1-based) of that kind. GetBlock and
/// BioAlloc act in the port only; MapUnmapped and TruncateWriteback act in the
/// filesystem, so both engines meet them (they stage where 6.1 and 6.12 differ).
enum class FaultKind : ktl::u8 { None, GetBlock, BioAlloc, MapUnmapped, TruncateWriteback };

struct FaultInjection {
	FaultKind kind;
	ktl::u64 nth;    ///< 0 = disarmed; fires once on the nth call after arming
	ktl::u64 calls;  ///< calls of @kind seen since arming
};

/// True when the armed fault of @kind fires on this call (the nth since arming).
inline bool fault_fires(FaultInjection *f, FaultKind kind)
{
	if (!f || f->kind != kind || f->nth == 0)
		return false;
	return ++f->calls == f->nth;
}

} // namespace mpfs::mpage
