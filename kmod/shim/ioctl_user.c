// SPDX-License-Identifier: GPL-2.0
/* User memory and capabilities for the mpfs ioctls. */
#include <linux/capability.h>
#include <linux/uaccess.h>
#include "shim_ioctl.h"

unsigned long shim_copy_from_user(void *to, const void *user_from, unsigned long n)
{
	return copy_from_user(to, (const void __user *)user_from, n);
}

unsigned long shim_copy_to_user(void *user_to, const void *from, unsigned long n)
{
	return copy_to_user((void __user *)user_to, from, n);
}

int shim_capable(int cap)
{
	return capable(cap);
}
