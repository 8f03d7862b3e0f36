// SPDX-License-Identifier: GPL-2.0
// Bio completion of the port: mpage_end_io (6.1), mpage_read_end_io /
// mpage_write_end_io (6.12), and bio_truncate (block/bio.c; exported by
// neither kernel). mpage_bio_submit and guard_bio_eod are inline in
// internal.h, with the fault-injection wrappers call_get_block and alloc_bio.
#include "mpage/internal.h"

namespace mpfs::mpage {

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
