// SPDX-License-Identifier: GPL-2.0
/* Module entry points: pass straight to the C++ filesystem. */
#include <linux/module.h>
#include "shim.h"

static int __init mpfs_module_init(void)
{
	return mpfs_init();
}

static void __exit mpfs_module_exit(void)
{
	mpfs_exit();
}

module_init(mpfs_module_init);
module_exit(mpfs_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mpfs: a block filesystem whose data path is a C++ port of fs/mpage.c");
MODULE_AUTHOR("mpfs developers");
