// SPDX-License-Identifier: GPL-2.0
// The mpfs ioctls (uapi/mpfs_ioctl.h): copy in, validate (ioctl_args.cpp),
// drive the page cache through the shim, copy out. Nothing here trusts user
// memory: every struct is copied whole before it is looked at.
#include "fs/ioctl_args.h"
#include "fs/mount_info.h"
#include "kernel_layout.h"
#include "ktl/errno.h"
#include "shim/shim_fs.h"
#include "shim/shim_ioctl.h"

namespace mpfs::fs::ioctl {
namespace {

using ktl::Error;
using ktl::Result;
using ktl::u64;

static_assert(K_PAGE_SHIFT == kPageShift, "ioctl_args assumes the kernel's page size");

constexpr int kCapSysAdmin = 21;   // CAP_SYS_ADMIN (checked in the shim)
constexpr unsigned kModeFmt = 0170000, kModeReg = 0100000, kModeDir = 0040000;
constexpr unsigned long kMaxErrno = 4095; // ERR_PTR range, include/linux/err.h

Error err(int positive_errno) { return Error::from_errno(-positive_errno); }

template <typename T> Result<T> copy_in(unsigned long arg)
{
	T v;
	if (shim_copy_from_user(&v, reinterpret_cast<const void *>(arg), sizeof(v)))
		return err(ktl::kEFAULT);
	return v;
}

template <typename T> Result<void> copy_out(unsigned long arg, const T &v)
{
	if (shim_copy_to_user(reinterpret_cast<void *>(arg), &v, sizeof(v)))
		return err(ktl::kEFAULT);
	return {};
}

/// Data-path commands work on regular files: a directory's mapping is not
/// driven through the mpage engines.
Result<void> require_regular(struct inode *inode)
{
	unsigned fmt = shim_inode_mode(inode) & kModeFmt;
	if (fmt == kModeReg)
		return {};
	return err(fmt == kModeDir ? ktl::kEISDIR : ktl::kEINVAL);
}

u64 file_size(struct inode *inode)
{
	long long sz = shim_i_size_read(inode);
	return sz > 0 ? static_cast<u64>(sz) : 0;
}

/// Holds mapping->invalidate_lock shared, as read_cache_folio expects.
class InvalidateLockShared {
public:
	explicit InvalidateLockShared(struct address_space *m) : m_(m) { shim_filemap_invalidate_lock_shared(m_); }
	~InvalidateLockShared() { shim_filemap_invalidate_unlock_shared(m_); }
	InvalidateLockShared(const InvalidateLockShared &) = delete;
	InvalidateLockShared &operator=(const InvalidateLockShared &) = delete;

private:
	struct address_space *m_;
};

Result<void> get_info(MountInfo &mi, unsigned long arg)
{
	mpfs_ioc_info info;
	fill_info(info, mi, 1u << kPageShift);
	return copy_out(arg, info);
}

Result<void> reset_stats(MountInfo &mi, unsigned long arg)
{
	if (arg != 0)
		return err(ktl::kEINVAL);
	__builtin_memset(&mi.stats, 0, sizeof(mi.stats));
	return {};
}

Result<void> readahead(struct file *file, struct inode *inode, unsigned long arg)
{
	auto a = KTRY(copy_in<mpfs_ioc_readahead>(arg));
	KTRY(require_regular(inode));
	PageRange r = KTRY(readahead_pages(a, file_size(inode)));
	for (u64 done = 0; done < r.count;) {
		u64 n = r.count - done < kReadaheadChunkPages ? r.count - done : kReadaheadChunkPages;
		shim_page_cache_ra_unbounded(file, r.first + done, n);
		done += n;
	}
	return {};
}

Result<void> read_folio(struct file *file, struct inode *inode, unsigned long arg)
{
	auto a = KTRY(copy_in<mpfs_ioc_read_folio>(arg));
	KTRY(require_regular(inode));
	u64 index = KTRY(read_folio_index(a, file_size(inode)));
	struct address_space *mapping = shim_file_mapping(file);

	// A dirty page is not dropped (-EBUSY): its data exists only in memory.
	KTRY(ktl::from_errno_code(shim_invalidate_inode_pages2_range(mapping, index, index)));
	struct folio *folio;
	{
		InvalidateLockShared lock(mapping);
		folio = shim_read_cache_folio(mapping, index, file);
	}
	auto bits = reinterpret_cast<unsigned long>(folio);
	if (bits >= -kMaxErrno)
		return Error::from_errno(static_cast<int>(static_cast<long>(bits)));
	shim_folio_put(folio);
	return {};
}

Result<void> writepages(struct file *file, struct inode *inode, unsigned long arg)
{
	auto a = KTRY(copy_in<mpfs_ioc_writepages>(arg));
	KTRY(require_regular(inode));
	WritebackRequest w = KTRY(writepages_request(a));
	long left = w.nr_to_write;
	KTRY(ktl::from_errno_code(shim_filemap_fdatawrite_wbc(shim_file_mapping(file),
							     static_cast<long long>(w.range.start),
							     static_cast<long long>(w.range.end),
							     w.sync_mode, &left)));
	a.pages_written = static_cast<u64>(w.nr_to_write - left);
	return copy_out(arg, a);
}

Result<void> invalidate(struct file *file, struct inode *inode, unsigned long arg)
{
	auto a = KTRY(copy_in<mpfs_ioc_range>(arg));
	KTRY(require_regular(inode));
	ByteRange r = KTRY(invalidate_range(a));
	struct address_space *mapping = shim_file_mapping(file);
	KTRY(ktl::from_errno_code(shim_filemap_write_and_wait_range(
		mapping, static_cast<long long>(r.start), static_cast<long long>(r.end))));
	PageRange p = pages_of(r);
	return ktl::from_errno_code(
		shim_invalidate_inode_pages2_range(mapping, p.first, p.first + p.count - 1));
}

Result<void> fault(MountInfo &mi, unsigned long arg)
{
	if (!shim_capable(kCapSysAdmin))
		return err(ktl::kEPERM);
	auto a = KTRY(copy_in<mpfs_ioc_fault>(arg));
	mpage::FaultInjection f = KTRY(fault_request(a));
	// Disarm first so the port never sees the new nth with the old count.
	__atomic_store_n(&mi.fault.nth, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&mi.fault.calls, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&mi.fault.kind, f.kind, __ATOMIC_RELEASE);
	__atomic_store_n(&mi.fault.nth, f.nth, __ATOMIC_RELEASE);
	// The port looks at the fault only while one is armed (init_port_context).
	__atomic_store_n(&mi.port.fault, f.nth ? &mi.fault : nullptr, __ATOMIC_RELEASE);
	return {};
}

Result<void> dispatch(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct inode *inode = shim_file_inode(file);
	MountInfo *mi = mount_info_of(inode);
	switch (cmd) {
	case MPFS_IOC_GET_INFO:
		return get_info(*mi, arg);
	case MPFS_IOC_RESET_STATS:
		return reset_stats(*mi, arg);
	case MPFS_IOC_READAHEAD:
		return readahead(file, inode, arg);
	case MPFS_IOC_READ_FOLIO:
		return read_folio(file, inode, arg);
	case MPFS_IOC_WRITEPAGES:
		return writepages(file, inode, arg);
	case MPFS_IOC_INVALIDATE:
		return invalidate(file, inode, arg);
	case MPFS_IOC_FAULT:
		return fault(*mi, arg);
	default:
		return err(ktl::kENOTTY);
	}
}

} // namespace
} // namespace mpfs::fs::ioctl

/**
 * mpfs_ioctl - file_operations.unlocked_ioctl of mpfs files and directories
 * @file: the open mpfs file
 * @cmd: an MPFS_IOC_* command
 * @arg: user pointer to the command's struct (0 for RESET_STATS)
 *
 * Return: 0 or a negative errno (-ENOTTY for commands mpfs does not know).
 */
extern "C" long mpfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return mpfs::fs::ioctl::dispatch(file, cmd, arg).to_errno();
}
