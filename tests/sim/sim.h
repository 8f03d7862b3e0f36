// SPDX-License-Identifier: GPL-2.0
// Host simulation of the kernel objects behind kmod/shim/shim_mpage.h: a page
// cache of order-0 folios, buffer_heads, bios, a block device that records
// every bio and every buffer_head fallback, readahead and writeback control.
// The port (kmod/mpage) reads these structs through tests/sim/include/
// kernel_layout.h, whose offsets are checked against them in sim.cpp.
#pragma once
#include <cerrno>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mpage/flavour.h"
#include "shim/shim_mpage.h"

namespace sim {
constexpr unsigned kPageShift = 12;
constexpr unsigned kPageSize = 4096;
} // namespace sim

struct address_space;
struct block_device;

// Field names follow the kernel's (private -> private_: a C++ keyword).
struct page {
	unsigned long flags;
	unsigned long compound_head;
	struct address_space *mapping;
	unsigned long index;
	void *private_;
	bool in_cache;
	int endio_err; // last error page_endio saw (6.1)
	unsigned char data[sim::kPageSize];
};
struct folio {
	struct page page;
};

struct buffer_head {
	unsigned long b_state;
	struct buffer_head *b_this_page;
	struct page *b_page;
	std::uint64_t b_blocknr;
	std::uint64_t b_size;
	char *b_data;
	struct block_device *b_bdev;
	int b_count;
};

struct inode {
	std::uint64_t i_ino;
	struct address_space *i_mapping;
	void *i_sb;
	long long i_size;
	unsigned char i_blkbits;
	unsigned char i_write_hint; // enum rw_hint (fcntl F_SET_RW_HINT)
};

struct address_space {
	struct inode *host;
	unsigned gfp_mask;
	int wb_err;
	std::vector<struct folio> *pages; // fixed capacity: struct pages are adjacent
};

struct bio_vec {
	struct page *bv_page;
	unsigned bv_len;
	unsigned bv_offset;
};

struct bvec_iter {
	std::uint64_t bi_sector;
	unsigned bi_size;
	unsigned bi_idx;
};

struct bio {
	struct block_device *bi_bdev;
	unsigned bi_opf;
	unsigned char bi_status;
	struct bvec_iter bi_iter;
	void (*bi_end_io)(struct bio *);
	unsigned short bi_vcnt;
	unsigned short bi_max_vecs;
	struct bio_vec *bi_io_vec;
	// sim
	unsigned char bi_write_hint; // 6.12 only (6.1's struct bio has none)
	unsigned gfp;
	int blkcg; // wbc_init_bio: id of the writeback's cgroup, -1 if none
	bool put;
	struct bio_vec inline_vecs[256];
};

// fs_bio_set: the sim has one bio pool, so the set is only a name.
struct bio_set {
	int unused;
};

struct blk_plug {
	int magic;
	int depth;
};

struct writeback_control {
	long nr_to_write;
	long long range_start;
	long long range_end;
	int sync_mode;
	unsigned for_kupdate : 1;
	unsigned for_background : 1;
	unsigned range_cyclic : 1;
	unsigned punt_to_cgroup : 1;
	int wb; // cgroup writeback id; 0 = none (wbc->wb == NULL)
};

struct readahead_control {
	struct address_space *mapping;
	unsigned long _index;
	unsigned _nr_pages;
	unsigned _batch_count;
};

struct block_device {
	std::uint64_t bd_nr_sectors;
	std::vector<unsigned char> data; // device contents
	bool has_rw_page;
	bool has_integrity;
	bool queue_dying;   // percpu_ref_tryget_live fails
	bool queue_pm_only;
	int rw_page_result; // what ->rw_page returns
	int queue_refs;
	std::map<std::uint64_t, std::unique_ptr<struct buffer_head>> buffer_cache; // __find_get_block
	std::map<std::uint64_t, std::vector<unsigned char>> buffer_data;
};

namespace sim {

// Kernel constants the sim shares with tests/sim/include/kernel_layout.h.
enum : unsigned { BH_Uptodate = 0, BH_Dirty = 1, BH_Lock = 2, BH_Mapped = 4, BH_New = 5, BH_Boundary = 9 };
enum : unsigned { PG_locked = 0, PG_error = 1, PG_uptodate = 2, PG_dirty = 3, PG_private = 13,
		  PG_writeback = 15, PG_mappedtodisk = 17 };
constexpr unsigned REQ_OP_READ = 0, REQ_OP_WRITE = 1, REQ_OP_MASK = 0xff;
constexpr unsigned REQ_SYNC = 1u << 11, REQ_RAHEAD = 1u << 19, REQ_BACKGROUND = 1u << 20,
		   REQ_CGROUP_PUNT = 1u << 22;
constexpr unsigned GFP_KERNEL = 0xcc0, GFP_NOFS = 0xc40, GFP_NORETRY = 0x10000, GFP_NOWARN = 0x2000;
constexpr int WB_SYNC_NONE = 0, WB_SYNC_ALL = 1;
// errno values: the host's <cerrno> (Linux: same numbers as the kernel).
constexpr unsigned char BLK_STS_IOERR = 10;

inline bool test(unsigned long flags, unsigned bit) { return (flags >> bit) & 1; }
inline void set(unsigned long &flags, unsigned bit) { flags |= 1UL << bit; }
inline void clear(unsigned long &flags, unsigned bit) { flags &= ~(1UL << bit); }

/// One thing the block layer or the buffer_head code saw, in order.
struct Event {
	enum class Kind {
		Bio,           // submit_bio by the port
		RwPage,        // ->rw_page by the port's bdev_read_page/bdev_write_page
		FallbackRead,  // block_read_full_folio
		FallbackWrite, // block_write_full_page (6.1) / __block_write_full_folio (6.12)
		BhRead,        // a buffer read by the fallback
		BhWrite,       // a buffer written by the fallback or write_dirty_buffer
		CleanAliases,  // clean_bdev_aliases
		SetError,      // mapping_set_error with an error
	};
	Event(Kind k = Kind::Bio) : kind(k) {}
	Kind kind;
	unsigned op = 0;    // REQ_OP_*
	unsigned flags = 0; // opf without the op
	std::uint64_t sector = 0;
	unsigned size = 0;
	std::vector<unsigned long> pages; // page indexes, one per segment
	unsigned gfp = 0;
	unsigned nr_vecs = 0;
	int blkcg = -1;
	bool plugged = false;
	int error = 0;
	int write_hint = 0; // the bio's bi_write_hint (write bios; 6.12)
	std::string str() const;
	bool operator==(const Event &) const = default;
};

/// What the scripted get_block returns for one file block.
struct BlockMap {
	std::uint64_t disk = 0; // 0 = hole
	bool boundary = false;  // BH_Boundary on this block (ends the extent)
	bool uptodate = false;  // get_block returns it BH_Uptodate (fs filled the data)
	bool error = false;     // get_block fails with -EIO
	bool is_new = false;    // BH_New (write: freshly allocated)
	bool unmapped_on_create = false; // create=1 returns 0, sets b_blocknr but not BH_Mapped
};

/// The whole simulated machine. One at a time (tests reset it).
struct World {
	// knobs
	/// The kernel simulated: its helpers that the other kernel lacks throw
	/// when called (the port must not call them in that flavour), and the
	/// models follow that kernel's fs/buffer.c and mm/filemap.c.
	mpfs::mpage::Flavour kernel = mpfs::mpage::Flavour::Linux6_1;
	unsigned blkbits = 12;
	unsigned max_extent_blocks = 1u << 30; // get_block extent limit (read)
	std::map<std::uint64_t, BlockMap> layout; // file block -> mapping
	std::uint64_t alloc_cursor = 0;        // write: allocate holes from here (0 = fail: -ENOSPC)
	int fail_bio_alloc_nth = 0;             // nth bio_alloc_bioset returns NULL (1-based)
	unsigned max_bio_bytes = 0;             // bio_add_page refuses beyond this (0: no limit)
	bool merge_adjacent_pages = false;      // bio_add_page merges physically adjacent pages
	bool complete_on_submit = false;

	// objects
	block_device bdev{};
	std::vector<struct folio> pages;
	address_space mapping{};
	inode ino{};
	std::vector<std::unique_ptr<struct bio>> bios;
	std::vector<std::vector<std::unique_ptr<struct buffer_head>>> page_buffers;

	// observations
	std::vector<Event> events;
	std::vector<struct bio *> inflight;
	int plug_depth = 0;
	int plug_starts = 0;
	int bio_allocs = 0;
	int get_block_calls = 0;
	std::vector<unsigned long> released; // pages whose readahead reference was dropped, in order
	std::vector<std::pair<unsigned long, unsigned long>> cgroup_owner; // (page, bytes)

	World(unsigned blkbits, std::uint64_t dev_bytes, unsigned nr_pages);

	unsigned block_size() const { return 1u << blkbits; }
	unsigned blocks_per_page() const { return kPageSize >> blkbits; }
	struct folio *folio(unsigned long index) { return &pages.at(index); }
	unsigned long &flags(unsigned long index) { return pages.at(index).page.flags; }
	bool page_flag(unsigned long index, unsigned bit) { return test(flags(index), bit); }

	/// Put pages [first, first+n) in the cache: locked, not uptodate (readahead state).
	void add_locked_pages(unsigned long first, unsigned n);
	/// Put pages in the cache uptodate and dirty with a fill pattern (write state).
	void add_dirty_pages(unsigned long first, unsigned n);
	/// Map file blocks [fb, fb+n) to disk blocks [db, db+n).
	void map_extent(std::uint64_t fb, std::uint64_t db, std::uint64_t n);
	/// Fill the device with a pattern that identifies each sector.
	void fill_device();
	/// Expected byte of the device at @off (fill_device pattern).
	static unsigned char device_byte(std::uint64_t off);
	/// Expected byte of page @index at @off for add_dirty_pages.
	static unsigned char page_byte(unsigned long index, unsigned off);

	/// Complete every submitted bio (run its end_io), in submission order.
	void complete_all();
	std::vector<Event> bio_events(Event::Kind k = Event::Kind::Bio) const;

	static World *current;
};

/// The get_block the tests hand to the port (and the fallbacks).
extern "C" int sim_get_block(struct inode *inode, std::uint64_t iblock, struct buffer_head *bh,
			     int create);

/// Buffers of a page (after create_empty_buffers), for assertions.
std::vector<struct buffer_head *> buffers_of(struct folio *f);

} // namespace sim
