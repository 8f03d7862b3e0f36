/* SPDX-License-Identifier: GPL-2.0 */
// Which kernel's fs/mpage.c the port follows, and the one table of what that
// changes in the port's behaviour. The port asks behaviour(Context::flavour),
// so the host simulator runs the same code under both kernels; mpfs.ko is
// built for one kernel, and there behaviour() answers for that kernel alone
// (fixed_flavour below), so each switch folds to a constant. The module passes
// the same flavour in its Context (kmod/fs/aops.cpp). Kernel API *spellings*
// that differ without changing behaviour are not here: the C shim absorbs
// them. docs/port.md ("Versions") lists every difference and where it is handled.
#pragma once
#include "ktl/types.h"
#ifdef __MPFS_KERNEL__
#include "kernel_layout.h" // K_LINUX_VERSION_CODE of the kernel mpfs.ko is built for
#endif

namespace mpfs::mpage {

/// The upstream fs/mpage.c the port reproduces.
enum class Flavour : ktl::u8 { Linux6_1, Linux6_12 };

/// ->rw_page: 6.1 offers a whole, fully mapped folio to bdev_read_page /
/// bdev_write_page before building a bio; 6.12 has no ->rw_page at all.
enum class RwPage : ktl::u8 { TryFirst, Absent };

/// Write, folio without buffers wholly beyond EOF: 6.1 maps every block with
/// get_block(create=1) (allocating) before its EOF test sends the folio to the
/// fallback; 6.12 skips get_block ("avoid leaking space").
enum class PastEofMapping : ktl::u8 { GetBlock, Skip };

/// Write: get_block(create=1) returned 0 but left the buffer unmapped. 6.1
/// takes b_blocknr anyway; 6.12 sends the folio to the fallback.
enum class UnmappedAfterCreate : ktl::u8 { UseBlocknr, Confused };

/// Write bios: 6.12 copies inode->i_write_hint into bio->bi_write_hint (6.1's
/// struct bio has no such member).
enum class WriteHint : ktl::u8 { None, FromInode };

/// Completion: 6.1's mpage_end_io calls page_endio() (which also sets
/// PG_error); 6.12 has mpage_read_end_io (folio_end_read) and
/// mpage_write_end_io (mapping_set_error + folio_end_writeback), no PG_error.
enum class EndIo : ktl::u8 { PageEndio, FolioEndReadOrWriteback };

/// The confused write path: 6.1 calls the exported block_write_full_page();
/// 6.12's block_write_full_folio() is not exported, so the port carries its
/// EOF handling and calls the exported __block_write_full_folio().
enum class ConfusedWrite : ktl::u8 { BlockWriteFullPage, PortedBlockWriteFullFolio };

/// Everything in which the port's behaviour depends on the flavour.
struct Behaviour {
	Flavour flavour; ///< the row's own flavour: rows are in enum order (checked below)
	RwPage rw_page;
	PastEofMapping past_eof_mapping;
	UnmappedAfterCreate unmapped_after_create;
	WriteHint write_hint;
	EndIo end_io;
	ConfusedWrite confused_write;
};

inline constexpr Behaviour kBehaviours[] = {
	{
		.flavour = Flavour::Linux6_1,
		.rw_page = RwPage::TryFirst,
		.past_eof_mapping = PastEofMapping::GetBlock,
		.unmapped_after_create = UnmappedAfterCreate::UseBlocknr,
		.write_hint = WriteHint::None,
		.end_io = EndIo::PageEndio,
		.confused_write = ConfusedWrite::BlockWriteFullPage,
	},
	{
		.flavour = Flavour::Linux6_12,
		.rw_page = RwPage::Absent,
		.past_eof_mapping = PastEofMapping::Skip,
		.unmapped_after_create = UnmappedAfterCreate::Confused,
		.write_hint = WriteHint::FromInode,
		.end_io = EndIo::FolioEndReadOrWriteback,
		.confused_write = ConfusedWrite::PortedBlockWriteFullFolio,
	},
};

static_assert(sizeof(kBehaviours) / sizeof(kBehaviours[0]) == 2);
static_assert(kBehaviours[0].flavour == Flavour::Linux6_1);
static_assert(kBehaviours[1].flavour == Flavour::Linux6_12);

/// KERNEL_VERSION(a, b, c), as <linux/version.h> computes LINUX_VERSION_CODE
/// (the sublevel saturates at 255).
constexpr ktl::u32 kernel_version(ktl::u32 major, ktl::u32 minor, ktl::u32 sublevel)
{
	return (major << 16) + (minor << 8) + (sublevel > 255 ? 255 : sublevel);
}

/// The port follows the mpage.c of exactly these two kernel series; any other
/// series may differ in ways the table above does not know.
constexpr bool is_followed_kernel(ktl::u32 version_code)
{
	return (version_code >> 8) == (kernel_version(6, 1, 0) >> 8) ||
	       (version_code >> 8) == (kernel_version(6, 12, 0) >> 8);
}

/// The flavour of a kernel of a followed series.
constexpr Flavour flavour_of_kernel(ktl::u32 version_code)
{
	return version_code >= kernel_version(6, 12, 0) ? Flavour::Linux6_12 : Flavour::Linux6_1;
}

/// The flavour behaviour() follows when asked for @f: in mpfs.ko the one of
/// the kernel it is built for, a constant, whatever @f says (a runtime table
/// lookup per switch cost 9 guest instructions a folio, and 11 a bio to pick
/// the end_io, in make bench); in the host build @f itself.
constexpr Flavour fixed_flavour(Flavour f)
{
#ifdef __MPFS_KERNEL__
	(void)f;
	return flavour_of_kernel(K_LINUX_VERSION_CODE);
#else
	return f;
#endif
}

constexpr const Behaviour &behaviour(Flavour f)
{
	return kBehaviours[static_cast<unsigned>(fixed_flavour(f))];
}
#ifndef __MPFS_KERNEL__
static_assert(behaviour(Flavour::Linux6_1).flavour == Flavour::Linux6_1);
static_assert(behaviour(Flavour::Linux6_12).flavour == Flavour::Linux6_12);
#endif

} // namespace mpfs::mpage
