/* SPDX-License-Identifier: GPL-2.0 */
// Pieces shared by the read and write halves of the port: the bio under
// construction, folio lock and plug ownership, counters and fault injection,
// and the equivalents of the helpers 6.1 or 6.12 do not export (docs/port.md).
#pragma once
#include "kernel_layout.h"
#include "ktl/optional.h"
#include "ktl/result.h"
#include "ktl/units.h"
#include "ktl/utility.h"
#include "mpage/flavour.h"
#include "mpage/kobj.h"
#include "mpage/mpage.h"
#include "mpage/stats.h"
#include "shim/shim_mpage.h"

namespace mpfs::mpage {

// ---- counters and fault injection ------------------------------------------

inline void count(Stats *s, ktl::u64 Stats::*field, ktl::u64 n = 1)
{
	if (s)
		s->*field += n;
}
inline void count_fallback(Stats *s, FallbackReason r)
{
	if (s)
		s->fallback[static_cast<unsigned>(r)]++;
}
enum class Create : ktl::u8 { No = 0, Yes = 1 };

/// The filesystem's get_block through the port: failable on demand (FaultKind::GetBlock).
/// Inline: when no fault is armed it is one load and the plain call, as the
/// kernel's mpage calls get_block (an out-of-line wrapper showed in make bench).
inline ktl::Result<void> call_get_block(const Context &ctx, k::Inode inode, ktl::FileBlock block,
					k::BufferHead bh, Create create)
{
	// Stats::get_block_calls is counted by the filesystem's get_block itself
	// (so the fallbacks' calls count too, under either engine), not here.
	if (fault_fires(ctx.fault, FaultKind::GetBlock)) [[unlikely]]
		return ktl::Error::from_errno(-K_EIO);
	return ktl::from_errno_code(
		ctx.get_block(inode.get(), block.value(), bh.get(), static_cast<int>(create)));
}

// ---- ownership ---------------------------------------------------------------

/// The bio being built. Whoever holds it must submit it; the destructor does so
/// if nobody did, so a bio can never be leaked on an early return.
class PendingBio {
public:
	explicit PendingBio(const Context &ctx) : ctx_(ctx) {}
	PendingBio(const PendingBio &) = delete;
	PendingBio &operator=(const PendingBio &) = delete;
	~PendingBio() { submit(); }

	explicit operator bool() const { return bio_ != nullptr; }
	k::Bio bio() const { return k::Bio(bio_); }
	void adopt(struct bio *b) { bio_ = b; }
	/// mpage_bio_submit() (6.12: mpage_bio_submit_read/_write), then forget
	/// the bio (upstream: bio = mpage_bio_submit(bio)). Defined below,
	/// inline: upstream's `if (bio)` test costs no call either.
	inline void submit();

private:
	struct bio *bio_ = nullptr;
	const Context &ctx_;
};

/// The lock on a folio the port was handed locked. Handing it over to I/O (the
/// end_io, ->rw_page or the buffer_head fallback unlock it) releases ownership;
/// otherwise the port unlocks it.
class FolioLock {
public:
	explicit FolioLock(struct folio *f) : folio_(f) {}
	FolioLock(const FolioLock &) = delete;
	FolioLock &operator=(const FolioLock &) = delete;
	~FolioLock() { unlock(); }

	void unlock()
	{
		if (folio_)
			folio_unlock(release());
	}
	/// The lock now belongs to whoever completes the I/O.
	void hand_over() { folio_ = nullptr; }
	/// The locked folio, for a new FolioLock to own: passing the lock itself
	/// to a function that is not inlined puts it in memory, and gives the
	/// caller a stack-protector check (a cold fallback did that to the read
	/// path's every folio).
	[[nodiscard]] struct folio *release()
	{
		struct folio *f = folio_;
		folio_ = nullptr;
		return f;
	}

private:
	struct folio *folio_;
};

/// blk_start_plug() ... blk_finish_plug() around a scope.
class BlkPlug {
public:
	BlkPlug() { shim_blk_start_plug(get()); }
	~BlkPlug() { shim_blk_finish_plug(get()); }
	BlkPlug(const BlkPlug &) = delete;
	BlkPlug &operator=(const BlkPlug &) = delete;

private:
	struct blk_plug *get() { return reinterpret_cast<struct blk_plug *>(storage_); }
	alignas(K_ALIGNOF_BLK_PLUG) unsigned char storage_[K_SIZEOF_BLK_PLUG] = {};
};

// ---- bios (bio.cpp) ------------------------------------------------------------

/// bio_alloc() (bio_alloc_bioset() from fs_bio_set); fails with -ENOMEM when
/// the allocator (or the injected fault) says so. Inline for the same reason
/// as call_get_block: one test, then the allocation.
inline ktl::Result<struct bio *> alloc_bio(const Context &ctx, struct block_device *bdev,
					   unsigned short nr_vecs, unsigned opf, unsigned gfp)
{
	if (fault_fires(ctx.fault, FaultKind::BioAlloc)) [[unlikely]]
		return ktl::Error::from_errno(-K_ENOMEM);
	struct bio *bio = bio_alloc_bioset(bdev, nr_vecs, opf, gfp, &fs_bio_set);
#ifdef MPFS_BREAK_leak_bio
	// Test-only (MPFS_BREAK=leak-bio): a second bio, dropped unreferenced,
	// which kmemleak must report.
	(void)bio_alloc_bioset(bdev, 1, opf, gfp, &fs_bio_set);
#endif
	if (!bio) [[unlikely]]
		return ktl::Error::from_errno(-K_ENOMEM);
	return bio;
}

/// bio_add_folio() of an order-0 folio (all mpfs's mpage mappings hold): 6.12
/// exports it and 6.1 does not, and in both it is bio_add_page() of the
/// folio's one page, which adds all of @len or nothing (6.1's
/// __mpage_writepage tests bio_add_page(...) < length: the same).
inline bool bio_add_folio(k::Bio bio, k::Folio folio, unsigned len, unsigned off)
{
	return ::bio_add_page(bio.get(), folio.page(), len, off) > 0;
}

/// bio_truncate() (block/bio.c, exported by neither kernel): shrink bi_size
/// to @new_size, zeroing what a read will not fill. Out of line: it runs only
/// for a bio that reaches past the end of the device.
void bio_truncate(k::Bio bio, unsigned new_size);

/// guard_bio_eod(): trim a bio that reaches past the end of the device.
/// Inline, reading bd_nr_sectors as bdev_nr_sectors() does: for every other
/// bio it is a load and two compares, not two calls (make bench).
inline void guard_bio_eod(k::Bio bio)
{
	ktl::u64 maxsector = k::bdev_nr_sectors(bio.bdev());
	if (!maxsector)
		return;
	// Wholly past the end: let the block layer fail it with an I/O error.
	if (bio.sector().value() >= maxsector)
		return;
	maxsector -= bio.sector().value();
	if ((bio.size() >> ktl::SECTOR_SHIFT) <= maxsector) [[likely]]
		return;
	bio_truncate(bio, static_cast<unsigned>(maxsector << ktl::SECTOR_SHIFT));
}

/// mpage_bio_submit(): the flavour's end_io, guard_bio_eod(), submit_bio().
/// Inline, as upstream's static mpage_bio_submit_read/_write are in practice.
inline void mpage_bio_submit(k::Bio bio, const Context &ctx)
{
	bool is_read = bio.op() == K_REQ_OP_READ;
	count(ctx.stats, is_read ? &Stats::read_bios : &Stats::write_bios);
	// 6.12 splits mpage_bio_submit into _read and _write, which differ only
	// in the end_io they set; the op of the bio tells which one this is.
	if (behaviour(ctx.flavour).end_io == EndIo::PageEndio)
		bio.set_end_io(mpfs_mpage_end_io);
	else
		bio.set_end_io(is_read ? mpfs_mpage_read_end_io : mpfs_mpage_write_end_io);
	guard_bio_eod(bio);
	submit_bio(bio.get());
}

inline void PendingBio::submit()
{
	if (!bio_)
		return;
	struct bio *b = bio_;
	bio_ = nullptr;
	mpage_bio_submit(k::Bio(b), ctx_);
}

// ---- equivalents of unexported helpers (bdev.cpp, write.cpp) ------------------

/// How a folio's I/O was started once it had its disk blocks.
enum class IoPath : ktl::u8 { Bio, RwPage };

// 6.1 flavour only (RwPage::TryFirst): 6.12 has no ->rw_page.
ktl::Result<void> bdev_read_page(struct block_device *bdev, ktl::Sector sector, k::Folio folio);
ktl::Result<void> bdev_write_page(struct block_device *bdev, ktl::Sector sector, k::Folio folio,
				  FolioLock &lock);
void write_boundary_block(struct block_device *bdev, ktl::DiskBlock bblock, unsigned blocksize);
void clean_buffers(k::Folio folio, unsigned first_unmapped);
void map_buffer_to_folio(k::Folio folio, k::BufferHead bh, unsigned page_block);
int __mpage_writepage(struct folio *folio, struct writeback_control *wbc, void *data);
void clean_page_buffers(k::Folio folio); // 6.1 flavour only (bdev_write_page)
/// 6.12's block_write_full_folio() (not exported there): EOF handling around
/// __block_write_full_folio(). Hands the folio lock on in every case.
int block_write_full_folio(k::Folio folio, struct writeback_control *wbc, get_block_t get_block);

/// buffer_heads_over_limit is not exported: the port behaves as if it were
/// always false (docs/port.md, "Substitutions").
inline constexpr bool buffer_heads_over_limit = false;

} // namespace mpfs::mpage
