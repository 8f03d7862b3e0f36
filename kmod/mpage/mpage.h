/* SPDX-License-Identifier: GPL-2.0 */
// Entry points of the C++ port of fs/mpage.c (Linux 6.1 and 6.12, chosen at
// run time by Context::flavour). The filesystem's engine=port address_space
// operations call these; engine=kernel calls the kernel's exported mpage_*
// with the same get_block.
#pragma once
#include "ktl/types.h"
#include "mpage/flavour.h"
#include "mpage/stats.h"

struct inode;
struct buffer_head;
struct folio;
struct page;
struct readahead_control;
struct address_space;
struct writeback_control;

namespace mpfs::mpage {

/// The kernel's get_block_t: map file block @iblock of @inode into @bh_result.
using get_block_t = int (*)(struct inode *inode, ktl::u64 iblock, struct buffer_head *bh_result,
			    int create);

/// What the port needs from its caller besides the kernel objects.
struct Context {
	get_block_t get_block;
	Stats *stats;          ///< may be null
	FaultInjection *fault; ///< may be null
	Flavour flavour;       ///< whose fs/mpage.c to follow (flavour.h)
};

/// Port of mpage_readahead(): start reads against the pages of @rac.
void mpage_readahead(struct readahead_control *rac, const Context &ctx);

/// Port of mpage_read_folio(): read one locked folio. Always returns 0, as upstream.
int mpage_read_folio(struct folio *folio, const Context &ctx);

/// Port of mpage_writepages(): write back dirty pages of @mapping per @wbc.
int mpage_writepages(struct address_space *mapping, struct writeback_control *wbc, const Context &ctx);

} // namespace mpfs::mpage
