// SPDX-License-Identifier: GPL-2.0
// Bio submission and completion of the port: mpage_end_io (6.1),
// mpage_read_end_io/mpage_write_end_io (6.12), mpage_bio_submit, and
// guard_bio_eod/bio_truncate (block/bio.c; exported by neither kernel).
#include "mpage/internal.h"

namespace mpfs::mpage {

ktl::Result<void> call_get_block(const Context &ctx, k::Inode inode, ktl::FileBlock block,
				 k::BufferHead bh, Create create)
{
	// Stats::get_block_calls is counted by the filesystem's get_block itself
	// (so the fallbacks' calls count too, under either engine), not here.
	if (fault_fires(ctx.fault, FaultKind::GetBlock))
		return ktl::Error::from_errno(-K_EIO);
	return ktl::from_errno_code(
		ctx.get_block(inode.get(), block.value(), bh.get(), static_cast<int>(create)));
}

ktl::Result<struct bio *> alloc_bio(const Context &ctx, struct block_device *bdev,
				    unsigned short nr_vecs, unsigned opf, unsigned gfp)
{
	if (fault_fires(ctx.fault, FaultKind::BioAlloc))
		return ktl::Error::from_errno(-K_ENOMEM);
	struct bio *bio = shim_bio_alloc(bdev, nr_vecs, opf, gfp);
#ifdef MPFS_BREAK_leak_bio
	// Test-only (MPFS_BREAK=leak-bio): a second bio, dropped unreferenced,
	// which kmemleak must report.
	(void)shim_bio_alloc(bdev, 1, opf, gfp);
#endif
	if (!bio)
		return ktl::Error::from_errno(-K_ENOMEM);
	return bio;
}

void PendingBio::submit()
{
	if (!bio_)
		return;
	struct bio *b = bio_;
	bio_ = nullptr;
	mpage_bio_submit(k::Bio(b), ctx_);
}

namespace {

/// bio_truncate(): shrink bi_size to @new_size; for a read, zero what will not
/// be read so the pages do not expose stale memory past the device end.
void bio_truncate(k::Bio bio, unsigned new_size)
{
	if (new_size >= bio.size())
		return;
	if (bio.op() == K_REQ_OP_READ) {
		unsigned done = 0;
		bool truncated = false;
		bio.for_each_segment_all([&](struct page *page, unsigned off, unsigned len) {
			if (done + len > new_size) {
				unsigned offset = truncated ? 0 : new_size - done;
				shim_zero_user(page, off + offset, len - offset);
				truncated = true;
			}
			done += len;
		});
	}
	// The bvec table stays intact: end_io walks all of it.
	bio.set_size(new_size);
}

} // namespace

void guard_bio_eod(k::Bio bio)
{
	ktl::u64 maxsector = shim_bdev_nr_sectors(bio.bdev());
	if (!maxsector)
		return;
	// Wholly past the end: let the block layer fail it with an I/O error.
	if (bio.sector().value() >= maxsector)
		return;
	maxsector -= bio.sector().value();
	if ((bio.size() >> ktl::SECTOR_SHIFT) <= maxsector)
		return;
	bio_truncate(bio, static_cast<unsigned>(maxsector << ktl::SECTOR_SHIFT));
}

void mpage_bio_submit(k::Bio bio, const Context &ctx)
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
	shim_submit_bio(bio.get());
}

} // namespace mpfs::mpage

/**
 * mpfs_mpage_end_io - port of 6.1's mpage_end_io(), the kernel calls it on completion
 * @bio: the completed bio
 *
 * Every page was added whole (or up to EOF), so one status covers each page:
 * page_endio() marks it uptodate, or not uptodate and PG_error, and unlocks it
 * (read), or sets PG_error and the mapping's error and ends its writeback (write).
 */
extern "C" void mpfs_mpage_end_io(struct bio *bio)
{
	mpfs::mpage::k::Bio b(bio);
	int err = shim_blk_status_to_errno(b.status());
	int is_write = b.op() != K_REQ_OP_READ;
	b.for_each_segment_all([&](struct page *page, unsigned, unsigned) {
		shim_page_endio(page, is_write, err);
	});
	shim_bio_put(bio);
}

/**
 * mpfs_mpage_read_end_io - port of 6.12's mpage_read_end_io()
 * @bio: the completed read bio
 *
 * folio_end_read() unlocks each folio, marking it uptodate only when the read
 * succeeded (6.12 has no PG_error).
 */
extern "C" void mpfs_mpage_read_end_io(struct bio *bio)
{
	mpfs::mpage::k::Bio b(bio);
	int err = shim_blk_status_to_errno(b.status());
	b.for_each_folio_all([&](mpfs::mpage::k::Folio folio) { shim_folio_end_read(folio.get(), err == 0); });
	shim_bio_put(bio);
}

/**
 * mpfs_mpage_write_end_io - port of 6.12's mpage_write_end_io()
 * @bio: the completed write bio
 *
 * A failed write is recorded in each folio's mapping (for fsync to report);
 * then folio_end_writeback().
 */
extern "C" void mpfs_mpage_write_end_io(struct bio *bio)
{
	mpfs::mpage::k::Bio b(bio);
	int err = shim_blk_status_to_errno(b.status());
	b.for_each_folio_all([&](mpfs::mpage::k::Folio folio) {
		if (err)
			shim_mapping_set_error(folio.mapping(), err);
		shim_folio_end_writeback(folio.get());
	});
	shim_bio_put(bio);
}
