/* SPDX-License-Identifier: GPL-2.0 */
// Per-mount facts the ioctl layer needs from the filesystem, without knowing
// the filesystem's own superblock structure.
#pragma once
#include "ktl/types.h"
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
};

/// The MountInfo of the mount that @inode belongs to. Never null for an mpfs inode.
MountInfo *mount_info_of(struct inode *inode);

} // namespace mpfs::fs
