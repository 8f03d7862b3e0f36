// SPDX-License-Identifier: GPL-2.0
// engine=port: the address_space operations that call the C++ port of
// fs/mpage.c with mpfs_get_block and this mount's counters and fault injection.
// (engine=kernel calls the kernel's mpage_* directly from the shim table.)
#include "fs/fs.h"
#include "kernel_layout.h"
#include "mpage/flavour.h"
#include "mpage/kobj.h"
#include "mpage/mpage.h"

namespace {

// engine=port must issue the I/O of the running kernel's own mpage, so the
// port follows the fs/mpage.c of the kernel this module is built for.
static_assert(mpfs::mpage::is_followed_kernel(K_LINUX_VERSION_CODE),
	      "the mpage port follows Linux 6.1 and 6.12 only (kmod/mpage/flavour.h)");
constexpr mpfs::mpage::Flavour kKernelFlavour = mpfs::mpage::flavour_of_kernel(K_LINUX_VERSION_CODE);

namespace k = mpfs::mpage::k;

/// The Context of @inode's mount, built once at mount (init_port_context):
/// i_sb and s_fs_info are read inline at their kernel_layout offsets, and the
/// port gets a reference to the mount's own Context. The kernel's mpage pays
/// nothing per call here; out-of-line mount_info_of() and shim accessors were
/// five calls per read_folio, and a Context built on the stack per call (with
/// its stack-protector check) 18 instructions against engine=kernel's 5, in
/// make bench.
const mpfs::mpage::Context &port_context(struct inode *inode)
{
	auto *sb = k::field<struct super_block *>(inode, K_INODE_SB);
	auto *si = static_cast<mpfs::fs::SuperInfo *>(k::field<void *>(sb, K_SB_FS_INFO));
	return si->mi.port;
}

} // namespace

void mpfs::fs::init_port_context(MountInfo &mi)
{
	// No fault armed yet, so none to test: the port's fault checks cost one
	// test of this null pointer until the FAULT ioctl arms one (kmod/fs/
	// ioctl.cpp), rather than three loads per get_block and bio allocation.
	mi.port = mpfs::mpage::Context{mpfs_get_block, &mi.stats, nullptr, kKernelFlavour};
}

// The host inode is reached inline too (folio->mapping->host,
// rac->mapping->host), for the same reason.

extern "C" int mpfs_port_read_folio(struct file *file, struct folio *folio)
{
	return mpfs::mpage::mpage_read_folio(folio, port_context(k::Folio(folio).host().get()));
}

extern "C" void mpfs_port_readahead(struct readahead_control *rac)
{
	auto *mapping = k::field<struct address_space *>(rac, K_RAC_MAPPING);
	mpfs::mpage::mpage_readahead(rac, port_context(k::mapping_host(mapping)));
}

extern "C" int mpfs_port_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	return mpfs::mpage::mpage_writepages(mapping, wbc, port_context(k::mapping_host(mapping)));
}
