/* SPDX-License-Identifier: GPL-2.0 */
// Per-mount facts the ioctl layer needs from the filesystem, without knowing
// the filesystem's own superblock structure.
#pragma once
#include "ktl/types.h"
#include "mpage/mpage.h"
#include "mpage/stats.h"

struct inode;
struct super_block;

namespace mpfs::fs {

enum class Engine : ktl::u8 { Kernel = 0, Port = 1, Iomap = 2 };

/// Embedded in the filesystem's in-memory superblock; one per mount.
struct MountInfo {
	Engine engine;
	ktl::u32 block_size;
	mpage::Stats stats;           ///< port counters; for engine=kernel only what mpfs sees (get_block calls)
	mpage::FaultInjection fault;  ///< armed by the FAULT ioctl
	/// engine=port's get_block, &stats, flavour and &fault (null while no
	/// fault is armed), set at mount (init_port_context, kmod/fs/aops.cpp) so
	/// that ->read_folio and the others hand the port a reference rather than
	/// build one per call.
	mpage::Context port;
};

/// The MountInfo of the mount that @inode belongs to. Never null for an mpfs inode.
MountInfo *mount_info_of(struct inode *inode);

/// Fill @mi.port for engine=port: mpfs_get_block, @mi's counters and fault
/// injection, the flavour of the kernel mpfs.ko is built for. @mi must not move.
void init_port_context(MountInfo &mi);

} // namespace mpfs::fs
