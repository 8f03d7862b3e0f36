// SPDX-License-Identifier: GPL-2.0
// engine=port: the address_space operations that call the C++ port of
// fs/mpage.c with mpfs_get_block and this mount's counters and fault injection.
// (engine=kernel calls the kernel's mpage_* directly from the shim table.)
#include "fs/fs.h"
#include "kernel_layout.h"
#include "mpage/flavour.h"
#include "mpage/mpage.h"

namespace {

// engine=port must issue the I/O of the running kernel's own mpage, so the
// port follows the fs/mpage.c of the kernel this module is built for.
static_assert(mpfs::mpage::is_followed_kernel(K_LINUX_VERSION_CODE),
	      "the mpage port follows Linux 6.1 and 6.12 only (kmod/mpage/flavour.h)");
constexpr mpfs::mpage::Flavour kKernelFlavour = mpfs::mpage::flavour_of_kernel(K_LINUX_VERSION_CODE);

mpfs::mpage::Context port_context(struct inode *inode)
{
	mpfs::fs::MountInfo *mi = mpfs::fs::mount_info_of(inode);
	return mpfs::mpage::Context{mpfs_get_block, &mi->stats, &mi->fault, kKernelFlavour};
}

} // namespace

extern "C" int mpfs_port_read_folio(struct file *file, struct folio *folio)
{
	return mpfs::mpage::mpage_read_folio(folio, port_context(shim_folio_inode(folio)));
}

extern "C" void mpfs_port_readahead(struct readahead_control *rac)
{
	mpfs::mpage::mpage_readahead(rac, port_context(shim_rac_inode(rac)));
}

extern "C" int mpfs_port_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	return mpfs::mpage::mpage_writepages(mapping, wbc, port_context(shim_mapping_host(mapping)));
}
