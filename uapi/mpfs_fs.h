/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mpfs on-disk format, version 1. All multi-byte fields are little-endian.
 * See docs/format.md for the prose description.
 *
 * Layout, in filesystem blocks of s_block_size bytes:
 *
 *   block 0                         superblock (struct mpfs_super_block at byte 0)
 *   s_block_bitmap ..               block bitmap, s_block_bitmap_blocks blocks
 *   s_inode_bitmap ..               inode bitmap, s_inode_bitmap_blocks blocks
 *   s_inode_table ..                inode table, s_inode_table_blocks blocks
 *   s_first_data_block .. end       data and indirect blocks
 *
 * Bit b of the block bitmap (byte b/8, bit b%8) is set when block b is in use;
 * metadata blocks and bits past s_blocks_count are set. Bit i of the inode
 * bitmap is set when inode number i+1 is in use. Inode number 0 means "none";
 * inode n lives at index n-1 of the inode table; bits past s_inodes_count are set.
 *
 * The v1 layout is fixed: s_block_bitmap = 1 and each region starts right
 * after the previous one, each exactly as long as it must be:
 *   s_block_bitmap_blocks = ceil(s_blocks_count / (8 * s_block_size))
 *   s_inode_bitmap_blocks = ceil(s_inodes_count / (8 * s_block_size))
 *   s_inode_table_blocks  = ceil(s_inodes_count * MPFS_INODE_SIZE / s_block_size)
 * Block pointers are 32 bits, so s_blocks_count <= MPFS_MAX_BLOCKS_COUNT.
 *
 * Rules fsck.mpfs enforces (and the kernel must keep):
 *  - a mapped block (data or indirect) lies in [s_first_data_block,
 *    s_blocks_count) and belongs to exactly one inode, once;
 *  - no data block is mapped at or past ceil(i_size / block size), and no
 *    indirect block is kept whose whole range lies past that point (holes
 *    inside i_size are fine for regular files);
 *  - i_blocks counts the mapped data blocks plus the indirect blocks;
 *  - a directory's i_size is a multiple of the block size, it has no holes
 *    and its first block starts with "." then "..";
 *  - i_links_count is the number of directory entries naming the inode
 *    (a directory: 2 + its subdirectories; the root's ".." names itself).
 */
#ifndef _UAPI_MPFS_FS_H
#define _UAPI_MPFS_FS_H

#include "mpfs_types.h"

#define MPFS_MAGIC 0x5346504dU /* "MPFS" read as a little-endian u32 */
#define MPFS_VERSION 1U

#define MPFS_MIN_BLOCK_SIZE 1024U
#define MPFS_MAX_BLOCK_SIZE 4096U
#define MPFS_ROOT_INO 1U
#define MPFS_INODE_SIZE 128U
#define MPFS_NAME_LEN 255U
#define MPFS_MAX_BLOCKS_COUNT 0xffffffffULL /* block pointers are __le32 */

/* i_block[] slots */
#define MPFS_NDIR_BLOCKS 12U
#define MPFS_IND_BLOCK 12U
#define MPFS_DIND_BLOCK 13U
#define MPFS_N_BLOCKS 14U

struct mpfs_super_block {
	__le32 s_magic;               /* MPFS_MAGIC */
	__le32 s_version;             /* MPFS_VERSION */
	__le32 s_block_size;          /* 1024, 2048 or 4096 */
	__le32 s_inode_size;          /* MPFS_INODE_SIZE */
	__le64 s_blocks_count;        /* blocks in the filesystem */
	__le32 s_inodes_count;        /* inodes in the inode table */
	__le32 s_root_ino;            /* MPFS_ROOT_INO */
	__le64 s_block_bitmap;        /* first block of the block bitmap */
	__le64 s_inode_bitmap;        /* first block of the inode bitmap */
	__le64 s_inode_table;         /* first block of the inode table */
	__le64 s_first_data_block;    /* first block after the metadata */
	__le32 s_block_bitmap_blocks;
	__le32 s_inode_bitmap_blocks;
	__le32 s_inode_table_blocks;
	__le32 s_flags;               /* none defined: must be 0 */
	__le64 s_mkfs_time;           /* seconds since the epoch */
	__u8 s_uuid[16];
	char s_label[32];             /* NUL-padded, not necessarily terminated */
	__le32 s_reserved[29];        /* must be 0 */
	__le32 s_checksum;            /* CRC32C of this struct with s_checksum = 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_super_block) == 256, "superblock is 256 bytes");

/*
 * i_mode uses the POSIX S_IF* and permission bits; i_mode == 0 means the inode
 * is free (its bitmap bit must then be clear). A symlink keeps its target in
 * data blocks like a regular file (i_size = target length, no NUL).
 */
struct mpfs_inode {
	__le16 i_mode;
	__le16 i_links_count;
	__le32 i_uid;
	__le32 i_gid;
	__le32 i_flags;               /* none defined: must be 0 */
	__le64 i_size;                /* bytes */
	__le64 i_blocks;              /* fs blocks mapped, data and indirect */
	__le64 i_atime;               /* nanoseconds since the epoch */
	__le64 i_mtime;
	__le64 i_ctime;
	__le32 i_block[MPFS_N_BLOCKS];/* 0 = hole / not allocated */
	__le32 i_generation;
	__le32 i_reserved[3];         /* must be 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_inode) == MPFS_INODE_SIZE, "inode is 128 bytes");

/* Directory file types in mpfs_dirent.file_type (same values as DT_*). */
#define MPFS_FT_UNKNOWN 0
#define MPFS_FT_REG 8
#define MPFS_FT_DIR 4
#define MPFS_FT_LNK 10

/*
 * A directory's data blocks are packed with records that never cross a block
 * boundary. rec_len (a multiple of 4, at least MPFS_DIRENT_LEN(name_len)) runs
 * to the next record; the last record of a block runs to its end. inode == 0
 * marks an unused record. Every directory holds "." and "..".
 */
struct mpfs_dirent {
	__le32 inode;
	__le16 rec_len;
	__u8 name_len;
	__u8 file_type;
	char name[];                  /* not NUL-terminated */
};
#define MPFS_DIRENT_HEADER 8U
#define MPFS_DIRENT_LEN(name_len) ((MPFS_DIRENT_HEADER + (name_len) + 3U) & ~3U)

#endif
