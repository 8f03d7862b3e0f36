// SPDX-License-Identifier: GPL-2.0
/* Page-cache operations driven by the mpfs data-path ioctls. */
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/writeback.h>
#include <linux/capability.h>
#include "uapi/mpfs_ioctl.h"
#include "shim_ioctl.h"

/* The uapi values are the kernel's, so C++ passes them straight through. */
_Static_assert(MPFS_WB_SYNC_NONE == WB_SYNC_NONE, "uapi sync mode = kernel");
_Static_assert(MPFS_WB_SYNC_ALL == WB_SYNC_ALL, "uapi sync mode = kernel");
_Static_assert(CAP_SYS_ADMIN == 21, "C++ uses the capability number");
_Static_assert(S_IFMT == 0170000 && S_IFREG == 0100000 && S_IFDIR == 0040000, "POSIX mode bits");

struct address_space *shim_file_mapping(struct file *file)
{
	return file->f_mapping;
}

void shim_page_cache_ra_unbounded(struct file *file, unsigned long index, unsigned long nr_to_read)
{
	DEFINE_READAHEAD(ractl, file, &file->f_ra, file->f_mapping, index);
	page_cache_ra_unbounded(&ractl, nr_to_read, 0);
}

int shim_invalidate_inode_pages2_range(struct address_space *mapping, unsigned long start,
				       unsigned long end)
{
	return invalidate_inode_pages2_range(mapping, start, end);
}

int shim_filemap_write_and_wait_range(struct address_space *mapping, long long lstart,
				      long long lend)
{
	return filemap_write_and_wait_range(mapping, lstart, lend);
}

void shim_filemap_invalidate_lock_shared(struct address_space *mapping)
{
	filemap_invalidate_lock_shared(mapping);
}

void shim_filemap_invalidate_unlock_shared(struct address_space *mapping)
{
	filemap_invalidate_unlock_shared(mapping);
}

struct folio *shim_read_cache_folio(struct address_space *mapping, unsigned long index,
				    struct file *file)
{
	return read_cache_folio(mapping, index, NULL, file);
}

void shim_folio_put(struct folio *folio)
{
	folio_put(folio);
}

int shim_filemap_fdatawrite_wbc(struct address_space *mapping, long long start, long long end,
				int sync_mode, long *nr_to_write)
{
	struct writeback_control wbc = { .sync_mode = sync_mode, .nr_to_write = *nr_to_write,
					 .range_start = start, .range_end = end };
	int ret = filemap_fdatawrite_wbc(mapping, &wbc);

	*nr_to_write = wbc.nr_to_write;
	return ret;
}
