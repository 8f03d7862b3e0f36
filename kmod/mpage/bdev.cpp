// SPDX-License-Identifier: GPL-2.0
// Equivalents of block/bdev.c's bdev_read_page()/bdev_write_page() (6.1; 6.12
// has no ->rw_page and so neither function) and fs/buffer.c's
// write_boundary_block(), which neither 6.1 nor 6.12 exports.
#include "mpage/internal.h"

namespace mpfs::mpage {

namespace {

/// blk_queue_enter(q, 0) ... blk_queue_exit(q) around ->rw_page. The kernel's
/// version sleeps while the queue is frozen; blk_queue_enter is not exported,
/// so this one only tries (percpu_ref_tryget_live + the pm_only test of
/// blk_try_enter_queue). Failing is a soft error: the caller builds a bio,
/// which waits for the queue inside submit_bio().
class QueueUsage {
public:
	explicit QueueUsage(struct block_device *bdev) : bdev_(bdev), live_(try_enter(bdev)) {}
	~QueueUsage()
	{
		if (live_)
			shim_bdev_queue_put(bdev_);
	}
	QueueUsage(const QueueUsage &) = delete;
	QueueUsage &operator=(const QueueUsage &) = delete;
	bool live() const { return live_; }

private:
	static bool try_enter(struct block_device *bdev)
	{
		if (!shim_bdev_queue_tryget_live(bdev))
			return false;
		if (shim_bdev_queue_pm_only(bdev)) {
			shim_bdev_queue_put(bdev);
			return false;
		}
		return true;
	}
	struct block_device *bdev_;
	bool live_;
};

bool rw_page_usable(struct block_device *bdev)
{
	return shim_bdev_has_rw_page(bdev) && !shim_bdev_has_integrity(bdev);
}

} // namespace

/// bdev_read_page(): on success the driver owns the (locked) folio and unlocks
/// it when the read is done.
ktl::Result<void> bdev_read_page(struct block_device *bdev, ktl::Sector sector, k::Folio folio)
{
	if (!rw_page_usable(bdev))
		return ktl::Error::from_errno(-K_EOPNOTSUPP);
	QueueUsage q(bdev);
	if (!q.live())
		return ktl::Error::from_errno(-K_EAGAIN);
	return ktl::from_errno_code(shim_bdev_rw_page(bdev, sector.value(), folio.page(), 0));
}

/// bdev_write_page(): on success the page is under writeback, its buffers are
/// clean and it is unlocked; on failure it is still locked and not under writeback.
ktl::Result<void> bdev_write_page(struct block_device *bdev, ktl::Sector sector, k::Folio folio,
				  FolioLock &lock)
{
	if (!rw_page_usable(bdev))
		return ktl::Error::from_errno(-K_EOPNOTSUPP);
	QueueUsage q(bdev);
	if (!q.live())
		return ktl::Error::from_errno(-K_EAGAIN);
	shim_folio_start_writeback(folio.get()); // set_page_writeback(page)
	int result = shim_bdev_rw_page(bdev, sector.value(), folio.page(), 1);
	if (result) {
		shim_folio_end_writeback(folio.get()); // end_page_writeback(page)
		return ktl::Error::from_errno(result);
	}
	clean_page_buffers(folio);
	lock.unlock();
	return {};
}

/// write_boundary_block(): @bblock was a BH_Boundary block, so @bblock + 1 is
/// probably a dirty indirect block; start its write now so it merges with the
/// data. The same in 6.1 and 6.12 but for the lookup, which the shim spells
/// (__find_get_block / __find_get_block_nonatomic).
void write_boundary_block(struct block_device *bdev, ktl::DiskBlock bblock, unsigned blocksize)
{
	k::BufferHead bh(shim_find_get_block(bdev, (bblock + 1).value(), blocksize));
	if (!bh)
		return;
	if (bh.dirty())
		shim_write_dirty_buffer(bh.get(), 0);
	shim_put_bh(bh.get());
}

} // namespace mpfs::mpage
