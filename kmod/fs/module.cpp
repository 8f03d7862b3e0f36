// SPDX-License-Identifier: GPL-2.0
#include "shim/shim.h"
#include "ktl/result.h"
#include "kernel_layout.h"

static_assert(K_PAGE_SHIFT == 12, "x86_64 4K pages");

extern "C" int mpfs_init(void)
{
	return 0;
}

extern "C" void mpfs_exit(void)
{
}
