// SPDX-License-Identifier: GPL-2.0
// Module entry points: the inode cache, then the filesystem type.
#include "fs/fs.h"
#include "kernel_layout.h"
#include "shim/shim.h"

static_assert(K_PAGE_SHIFT == 12, "x86_64 4K pages");

extern "C" int mpfs_init(void)
{
	int rc = shim_fs_inode_cache_create();
	if (rc)
		return rc;
	rc = shim_fs_register();
	if (rc)
		shim_fs_inode_cache_destroy();
	return rc;
}

extern "C" void mpfs_exit(void)
{
	shim_fs_unregister();
	shim_fs_inode_cache_destroy();
}
