/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mpfs ioctl ABI, version 1: on any open file or directory of a mounted mpfs.
 *
 * Rules every command follows:
 *  - all fields are fixed-size, structs are 8-byte aligned with explicit
 *    padding, so 32- and 64-bit callers see the same layout;
 *  - "flags" and "reserved*" input fields must be 0, otherwise -EINVAL
 *    (room to extend without a new command number);
 *  - a bad user pointer gives -EFAULT, an unknown command -ENOTTY;
 *  - structs copied out are fully initialised (reserved fields are 0);
 *  - the struct size is part of the command number, so a changed struct is a
 *    new command; MPFS_IOCTL_ABI_VERSION (reported by GET_INFO) changes when
 *    the meaning of an existing command changes.
 *
 * The data-path commands (READAHEAD, READ_FOLIO, WRITEPAGES, INVALIDATE)
 * drive the mount's address_space operations, i.e. the engine chosen with
 * the engine=kernel|port|iomap mount option. They work on regular files only
 * (-EISDIR on a directory). GET_INFO, RESET_STATS and FAULT act on the whole
 * mount and work on any mpfs file descriptor.
 */
#ifndef _UAPI_MPFS_IOCTL_H
#define _UAPI_MPFS_IOCTL_H

#include "mpfs_types.h"

#if defined(__cplusplus) && !__STDC_HOSTED__
/* Freestanding module C++ cannot include <linux/ioctl.h>: the same encoding
 * (asm-generic/ioctl.h: nr 8 bits, type 8, size 14, dir 2; x86 uses it). */
#define MPFS__IOC(dir, type, nr, size) \
	(((dir) << 30) | ((size) << 16) | ((type) << 8) | (nr))
#define _IO(type, nr) MPFS__IOC(0U, (type), (nr), 0U)
#define _IOW(type, nr, T) MPFS__IOC(1U, (type), (nr), (unsigned)sizeof(T))
#define _IOR(type, nr, T) MPFS__IOC(2U, (type), (nr), (unsigned)sizeof(T))
#define _IOWR(type, nr, T) MPFS__IOC(3U, (type), (nr), (unsigned)sizeof(T))
#else
#include <linux/ioctl.h>
#endif

/* Unused in Documentation/userspace-api/ioctl/ioctl-number.rst (6.1). */
#define MPFS_IOC_MAGIC 0xB8
#define MPFS_IOCTL_ABI_VERSION 1U

/* mpfs_ioc_info.engine: the engine=... mount option */
#define MPFS_ENGINE_KERNEL 0U /* the kernel's exported mpage_* */
#define MPFS_ENGINE_PORT 1U   /* the C++ port of fs/mpage.c */
#define MPFS_ENGINE_IOMAP 2U  /* the kernel's exported iomap buffered I/O (regular files) */

/*
 * Index into mpfs_ioc_stats.fallback[]: why a page left the bio path for the
 * buffer_head path (block_read_full_folio / block_write_full_page).
 * Mirrors enum mpfs::mpage::FallbackReason (kmod/mpage/stats.h).
 */
#define MPFS_FALLBACK_HAD_BUFFERS 0U      /* folio already had buffer_heads */
#define MPFS_FALLBACK_HOLE_THEN_DATA 1U   /* mapped block after a hole in the page */
#define MPFS_FALLBACK_DISCONTIGUOUS 2U    /* blocks of the page not contiguous on disk */
#define MPFS_FALLBACK_UPTODATE_MAPPING 3U /* get_block returned an uptodate buffer */
#define MPFS_FALLBACK_BIO_ALLOC_FAILED 4U /* bio allocation failed */
#define MPFS_FALLBACK_PAST_EOF 5U         /* write: page past i_size */
#define MPFS_FALLBACK_GET_BLOCK_ERROR 6U  /* get_block returned an error */
#define MPFS_FALLBACK_NR 7U               /* reasons defined in this version */
#define MPFS_FALLBACK_SLOTS 8U            /* array size; unused slots are 0 */

/*
 * Counters of one mount since mount or RESET_STATS. Every field is a __u64
 * "slot"; slot i of this struct is counted by the mount's engine when bit i
 * of mpfs_ioc_info.stats_valid is set (engine=kernel runs the kernel's own
 * mpage, which mpfs cannot instrument: there only get_block_calls counts;
 * engine=iomap runs the kernel's iomap: there get_block_calls counts the calls
 * into mpfs's block map, i.e. get_block, iomap_begin and writeback map_blocks).
 */
struct mpfs_ioc_stats {
	__u64 read_bios;           /* slot 0: read bios submitted */
	__u64 write_bios;          /* slot 1: write bios submitted */
	__u64 read_pages;          /* slot 2: pages added to read bios */
	__u64 write_pages;         /* slot 3: pages added to write bios */
	__u64 read_bytes;          /* slot 4: bytes added to read bios */
	__u64 write_bytes;         /* slot 5: bytes added to write bios */
	__u64 avg_read_bio_bytes;  /* slot 6: read_bytes / read_bios (0 without bios) */
	__u64 avg_write_bio_bytes; /* slot 7: write_bytes / write_bios */
	__u64 fallback[MPFS_FALLBACK_SLOTS]; /* slots 8..15, MPFS_FALLBACK_* */
	__u64 boundary_submits;    /* slot 16: bios submitted early at BH_Boundary */
	__u64 tail_zeroings;       /* slot 17: folio tails zeroed (EOF hole, write straddle) */
	__u64 hole_pages;          /* slot 18: read pages wholly holes: zeroed, no I/O */
	__u64 rw_page_hits;        /* slot 19: pages moved by ->rw_page without a bio */
	__u64 get_block_calls;     /* slot 20: calls into mpfs's get_block */
	__u64 reserved[11];        /* slots 21..31: 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_stats) == 256, "mpfs_ioc_stats is 32 slots");

#define MPFS_STATS_SLOT(field) (__builtin_offsetof(struct mpfs_ioc_stats, field) / 8U)

/* mpfs_ioc_fault.kind, mpfs_ioc_info.fault_kind; mirrors enum FaultKind */
#define MPFS_FAULT_NONE 0U      /* disarm */
#define MPFS_FAULT_GET_BLOCK 1U /* the port's nth get_block call returns an error */
#define MPFS_FAULT_BIO_ALLOC 2U /* the port's nth bio allocation fails */
/* The two below act in the filesystem, so both engines meet them: they stage
 * the situations where the mpage of 6.1 and of 6.12 behave differently. */
#define MPFS_FAULT_MAP_UNMAPPED 3U /* the nth get_block(create=1) returns 0 with the buffer
				    * unmapped, its b_blocknr the device's last block */
#define MPFS_FAULT_TRUNCATE_WB 4U  /* the nth shrinking truncate writes back the range past
				    * the new EOF after i_size changed, before the page cache
				    * drops it (the truncate/writeback race) */

/* GET_INFO (out only) */
struct mpfs_ioc_info {
	__u32 abi_version;  /* MPFS_IOCTL_ABI_VERSION */
	__u32 engine;       /* MPFS_ENGINE_* */
	__u32 block_size;   /* filesystem block size in bytes */
	__u32 page_size;    /* page-cache page size in bytes */
	__u32 fault_kind;   /* armed fault (MPFS_FAULT_NONE when disarmed) */
	__u32 pad0;         /* 0 */
	__u64 fault_nth;    /* the armed fault fires on this call of its kind */
	__u64 fault_calls;  /* calls of fault_kind seen since arming (>= nth: fired) */
	__u64 stats_valid;  /* bit i set: stats slot i is counted by this engine */
	__u64 reserved[4];  /* 0 */
	struct mpfs_ioc_stats stats;
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_info) == 336, "mpfs_ioc_info layout");

/* READAHEAD (in): pages [index, index + nr_pages) through ->readahead, like
 * readahead(2) without the window logic. Clamped to the page holding the last
 * byte of the file; pages already cached are skipped (each cached page ends a
 * ->readahead batch, as in page_cache_ra_unbounded). nr_pages 0 is a no-op. */
struct mpfs_ioc_readahead {
	__u64 index;        /* first page-cache index */
	__u64 nr_pages;
	__u32 flags;        /* none defined: 0 */
	__u32 reserved0;    /* 0 */
	__u64 reserved[2];  /* 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_readahead) == 40, "mpfs_ioc_readahead layout");

/* READ_FOLIO (in): drop page @index from the page cache if it is clean
 * (-EBUSY if it is dirty or cannot be dropped), then read it through
 * ->read_folio. @index must hold a byte of the file (-EINVAL past EOF).
 * A failed read gives -EIO. */
struct mpfs_ioc_read_folio {
	__u64 index;
	__u32 flags;        /* 0 */
	__u32 reserved0;    /* 0 */
	__u64 reserved[2];  /* 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_read_folio) == 32, "mpfs_ioc_read_folio layout");

/* mpfs_ioc_writepages.sync_mode: the kernel's enum writeback_sync_modes */
#define MPFS_WB_SYNC_NONE 0U /* don't wait on anything; nr_to_write limits */
#define MPFS_WB_SYNC_ALL 1U  /* wait on every page (nr_to_write is not a limit) */

/* WRITEPAGES (in/out): one ->writepages call (via filemap_fdatawrite_wbc) over
 * bytes [offset, offset + length), length 0 = to the end of the file. */
struct mpfs_ioc_writepages {
	__u64 offset;        /* in */
	__u64 length;        /* in: 0 = to the end */
	__s64 nr_to_write;   /* in: page budget for the wbc, >= 1 */
	__u32 sync_mode;     /* in: MPFS_WB_SYNC_* */
	__u32 flags;         /* in: 0 */
	__u64 pages_written; /* out: nr_to_write before minus after; ignored on input */
	__u64 reserved[3];   /* in: 0; out: 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_writepages) == 64, "mpfs_ioc_writepages layout");

/* INVALIDATE (in): write back, wait on, then drop from the page cache every
 * page that overlaps bytes [offset, offset + length); length 0 = to the end.
 * -EBUSY if a page could not be dropped (e.g. redirtied meanwhile). */
struct mpfs_ioc_range {
	__u64 offset;
	__u64 length;
	__u32 flags;        /* 0 */
	__u32 reserved0;    /* 0 */
	__u64 reserved[2];  /* 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_range) == 40, "mpfs_ioc_range layout");

/* FAULT (in, CAP_SYS_ADMIN, else -EPERM): arm a one-shot fault in the nth
 * call of @kind counted from now (nth >= 1); kind MPFS_FAULT_NONE with nth 0
 * disarms. Re-arming replaces the previous fault. GET_BLOCK and BIO_ALLOC
 * act in the port (engine=kernel runs the kernel's own mpage, which never
 * consults them); MAP_UNMAPPED and TRUNCATE_WB in the filesystem, under
 * every engine. */
struct mpfs_ioc_fault {
	__u32 kind;         /* MPFS_FAULT_* */
	__u32 flags;        /* 0 */
	__u64 nth;
	__u64 reserved[2];  /* 0 */
};
MPFS_STATIC_ASSERT(sizeof(struct mpfs_ioc_fault) == 32, "mpfs_ioc_fault layout");

#define MPFS_IOC_GET_INFO _IOR(MPFS_IOC_MAGIC, 1, struct mpfs_ioc_info)
#define MPFS_IOC_RESET_STATS _IO(MPFS_IOC_MAGIC, 2) /* argument must be 0 */
#define MPFS_IOC_READAHEAD _IOW(MPFS_IOC_MAGIC, 3, struct mpfs_ioc_readahead)
#define MPFS_IOC_READ_FOLIO _IOW(MPFS_IOC_MAGIC, 4, struct mpfs_ioc_read_folio)
#define MPFS_IOC_WRITEPAGES _IOWR(MPFS_IOC_MAGIC, 5, struct mpfs_ioc_writepages)
#define MPFS_IOC_INVALIDATE _IOW(MPFS_IOC_MAGIC, 6, struct mpfs_ioc_range)
#define MPFS_IOC_FAULT _IOW(MPFS_IOC_MAGIC, 7, struct mpfs_ioc_fault)

#endif
