/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C ABI between the shim (C, kernel headers) and the C++ core (no kernel
 * headers). Kernel types are opaque here. Sub-headers group the helpers by
 * subsystem; this header pulls them all in.
 */
#ifndef MPFS_SHIM_H
#define MPFS_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Implemented in C++ (kmod/fs): module init/exit. */
int mpfs_init(void);
void mpfs_exit(void);

#ifdef __cplusplus
}
#endif

#endif
