/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpfs on-disk format code shared by the module (kmod/fs), mkfs.mpfs, fsck.mpfs
 * and the host tests. Pure and freestanding: no shim calls, no allocation, no
 * std; it only reads and writes caller-provided buffers. Include this one
 * header, or the part you need:
 *
 *   format/superblock.h  Layout, validate_super(), compute_layout(), checksum
 *   format/inode.h       mode helpers, inode_location(), check_inode()
 *   format/blockmap.h    MapGeometry::path() (ext2_block_to_path), boundary
 *   format/bitmap.h      test/set/clear/find-next-zero over a byte span
 *   format/dirent.h      directory block parse/validate/lookup/insert/remove
 *   format/crc32c.h      CRC-32C
 *   format/le.h          little-endian loads/stores for raw buffers
 *
 * Errors are ktl::Result with a negative errno: -EINVAL for a bad superblock
 * or mkfs request, -EUCLEAN for corrupt metadata (inode, dirent), -EFBIG past
 * the largest file. Each check also reports a reason enum with a *_string().
 */
#pragma once
#include "format/bitmap.h"
#include "format/blockmap.h"
#include "format/crc32c.h"
#include "format/dirent.h"
#include "format/inode.h"
#include "format/le.h"
#include "format/superblock.h"
