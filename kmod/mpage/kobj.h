/* SPDX-License-Identifier: GPL-2.0 */
// Typed views of the kernel objects the port touches, reading and writing
// fields at the K_* offsets of kernel_layout.h. These are the hot fields (one
// read per buffer or per folio): going through the shim for them would cost
// an out-of-line call each, which the C mpage does not pay.
//
// Both builds compile with -fno-strict-aliasing (the kernel always does; the
// host library sets it), so reinterpreting the object's bytes is defined.
#pragma once
#include "kernel_layout.h"
#include "ktl/types.h"
#include "ktl/units.h"
#include "shim/shim_mpage.h"

namespace mpfs::mpage::k {

static_assert(K_FOLIO_PAGE == 0, "a folio starts with its head page");
static_assert(K_BH_STATE_SIZE == 8 && K_BH_SIZE_SIZE == 8 && K_BH_BLOCKNR_SIZE == 8);
static_assert(K_INODE_BLKBITS_SIZE == 1 && K_BVEC_LEN_SIZE == 4 && K_BIO_VCNT_SIZE == 2);
static_assert(K_BIO_SIZE_SIZE == 4 && K_BLK_OPF_T_SIZE == 4 && K_BLK_STATUS_T_SIZE == 1);
static_assert(K_RAC_NR_PAGES_SIZE == 4);
static_assert(K_GFP_T_SIZE == 4 && K_SECTOR_T_SIZE == 8 && K_BDEV_NR_SECTORS_SIZE == 8);
static_assert(K_NTH_PAGE_IS_LINEAR, "struct pages of a bvec are adjacent (SPARSEMEM_VMEMMAP)");

template <typename T> inline T &field(void *obj, unsigned long off)
{
	return *reinterpret_cast<T *>(static_cast<char *>(obj) + off);
}
template <typename T> inline T load_once(const void *obj, unsigned long off)
{
	return *reinterpret_cast<const volatile T *>(static_cast<const char *>(obj) + off);
}
inline bool test_bit(const void *obj, unsigned long off, unsigned bit)
{
	return (load_once<unsigned long>(obj, off) >> bit) & 1;
}
/// clear_bit(): a locked RMW on the flags word, as the kernel's (x86: lock and).
inline void clear_bit(void *obj, unsigned long off, unsigned bit)
{
	__atomic_fetch_and(&field<unsigned long>(obj, off), ~(1UL << bit), __ATOMIC_RELAXED);
}
/// set_bit(): the same, setting (x86: lock or).
inline void set_bit(void *obj, unsigned long off, unsigned bit)
{
	__atomic_fetch_or(&field<unsigned long>(obj, off), 1UL << bit, __ATOMIC_RELAXED);
}

class BufferHead {
public:
	constexpr BufferHead() = default;
	constexpr explicit BufferHead(struct buffer_head *bh) : bh_(bh) {}
	struct buffer_head *get() const { return bh_; }
	explicit operator bool() const { return bh_ != nullptr; }
	bool operator==(BufferHead o) const { return bh_ == o.bh_; }

	unsigned long state() const { return load_once<unsigned long>(bh_, K_BH_STATE); }
	void set_state(unsigned long s) { field<unsigned long>(bh_, K_BH_STATE) = s; }
	bool mapped() const { return test_bit(bh_, K_BH_STATE, K_BH_Mapped); }
	bool uptodate() const { return test_bit(bh_, K_BH_STATE, K_BH_Uptodate); }
	bool dirty() const { return test_bit(bh_, K_BH_STATE, K_BH_Dirty); }
	bool is_new() const { return test_bit(bh_, K_BH_STATE, K_BH_New); }
	bool boundary() const { return test_bit(bh_, K_BH_STATE, K_BH_Boundary); }
	void clear_mapped() { clear_bit(bh_, K_BH_STATE, K_BH_Mapped); }
	void clear_dirty() { clear_bit(bh_, K_BH_STATE, K_BH_Dirty); }

	ktl::DiskBlock blocknr() const { return ktl::DiskBlock(field<ktl::u64>(bh_, K_BH_BLOCKNR)); }
	void set_blocknr(ktl::DiskBlock b) { field<ktl::u64>(bh_, K_BH_BLOCKNR) = b.value(); }
	ktl::u64 size() const { return field<ktl::u64>(bh_, K_BH_SIZE); }
	void set_size(ktl::u64 s) { field<ktl::u64>(bh_, K_BH_SIZE) = s; }
	struct block_device *bdev() const { return field<struct block_device *>(bh_, K_BH_BDEV); }
	void set_bdev(struct block_device *b) { field<struct block_device *>(bh_, K_BH_BDEV) = b; }
	void set_page(struct page *p) { field<struct page *>(bh_, K_BH_PAGE) = p; }
	BufferHead this_page() const { return BufferHead(field<struct buffer_head *>(bh_, K_BH_THIS_PAGE)); }

private:
	struct buffer_head *bh_ = nullptr;
};

/// A zeroed buffer_head on the stack: the map_bh that get_block fills.
class StackBufferHead {
public:
	StackBufferHead() = default;
	StackBufferHead(const StackBufferHead &) = delete;
	StackBufferHead &operator=(const StackBufferHead &) = delete;
	BufferHead view() { return BufferHead(reinterpret_cast<struct buffer_head *>(storage_)); }

private:
	alignas(K_ALIGNOF_BUFFER_HEAD) unsigned char storage_[K_SIZEOF_BUFFER_HEAD] = {};
};

class Inode {
public:
	explicit Inode(struct inode *i) : i_(i) {}
	struct inode *get() const { return i_; }
	unsigned blkbits() const { return field<unsigned char>(i_, K_INODE_BLKBITS); }
	/// i_size_read() on 64-bit: a single load.
	ktl::s64 size() const { return load_once<ktl::s64>(i_, K_INODE_SIZE); }
	ktl::BlockGeometry geometry() const { return ktl::BlockGeometry{blkbits(), K_PAGE_SHIFT}; }

private:
	struct inode *i_;
};

inline struct inode *mapping_host(struct address_space *m)
{
	return field<struct inode *>(m, K_MAPPING_HOST);
}
/// readahead_count(rac): pages left in the readahead window. Inline, as in
/// the kernel: an out-of-line shim call per folio showed in make bench.
inline unsigned readahead_count(struct readahead_control *rac)
{
	return field<unsigned>(rac, K_RAC_NR_PAGES);
}
/// bdev_nr_sectors(bdev): an inline in both kernels (a read of bd_nr_sectors),
/// so inline here too: guard_bio_eod reads it for every bio.
inline ktl::u64 bdev_nr_sectors(struct block_device *bdev)
{
	return field<ktl::u64>(bdev, K_BDEV_NR_SECTORS);
}
/// mapping_gfp_constraint(mapping, gfp)
inline unsigned mapping_gfp_constraint(struct address_space *m, unsigned gfp)
{
	return field<unsigned>(m, K_MAPPING_GFP_MASK) & gfp;
}

/// struct folio and its head struct page share these fields (and the address).
class Folio {
public:
	explicit Folio(struct folio *f) : f_(f) {}
	static Folio of_page(struct page *p)
	{
		// page_folio(): compound_head with bit 0 set points at the head page.
		unsigned long head = load_once<unsigned long>(p, K_PAGE_COMPOUND_HEAD);
		if (head & 1)
			return Folio(reinterpret_cast<struct folio *>(head - 1));
		return Folio(reinterpret_cast<struct folio *>(p));
	}
	struct folio *get() const { return f_; }
	struct page *page() const { return reinterpret_cast<struct page *>(f_); }

	bool test_flag(unsigned bit) const { return test_bit(f_, K_FOLIO_FLAGS, bit); }
	bool uptodate() const { return test_flag(K_PG_uptodate); }
	bool has_private() const { return test_flag(K_PG_private); }
	/// folio_set_mappedtodisk(), inline as in the kernel (per folio on the read path).
	void set_mappedtodisk() const { set_bit(f_, K_FOLIO_FLAGS, K_PG_mappedtodisk); }
	ktl::PageIndex index() const { return ktl::PageIndex(field<unsigned long>(f_, K_FOLIO_INDEX)); }
	/// folio_pos(): the file offset of the folio's first byte.
	ktl::s64 pos() const { return static_cast<ktl::s64>(index().value() << K_PAGE_SHIFT); }
	struct address_space *mapping() const { return field<struct address_space *>(f_, K_FOLIO_MAPPING); }
	Inode host() const { return Inode(mapping_host(mapping())); }
	/// folio_buffers(): the buffer ring hangs off folio->private.
	BufferHead buffers() const { return BufferHead(field<struct buffer_head *>(f_, K_FOLIO_PRIVATE)); }

private:
	struct folio *f_;
};

class Bio {
public:
	explicit Bio(struct bio *b) : b_(b) {}
	struct bio *get() const { return b_; }
	ktl::Sector sector() const { return ktl::Sector(field<ktl::u64>(b_, K_BIO_SECTOR)); }
	void set_sector(ktl::Sector s) { field<ktl::u64>(b_, K_BIO_SECTOR) = s.value(); }
	unsigned size() const { return field<unsigned>(b_, K_BIO_SIZE); }
	void set_size(unsigned s) { field<unsigned>(b_, K_BIO_SIZE) = s; }
	/// bio_op()
	unsigned op() const { return field<unsigned>(b_, K_BIO_OPF) & K_REQ_OP_MASK; }
	unsigned char status() const { return field<unsigned char>(b_, K_BIO_STATUS); }
	struct block_device *bdev() const { return field<struct block_device *>(b_, K_BIO_BDEV); }
	void set_end_io(void (*fn)(struct bio *)) { field<void (*)(struct bio *)>(b_, K_BIO_END_IO) = fn; }

	/// bio_for_each_segment_all(): every single-page segment of every bvec.
	/// Also what bio_for_each_segment() visits on a bio not yet advanced.
	template <typename F> void for_each_segment_all(F &&fn) const
	{
		unsigned short vcnt = field<unsigned short>(b_, K_BIO_VCNT);
		char *vec = field<char *>(b_, K_BIO_IO_VEC);
		for (unsigned short i = 0; i < vcnt; i++, vec += K_SIZEOF_BIO_VEC) {
			char *first = field<char *>(vec, K_BVEC_PAGE);
			unsigned len = field<unsigned>(vec, K_BVEC_LEN);
			unsigned off = field<unsigned>(vec, K_BVEC_OFFSET);
			while (len) {
				struct page *page = reinterpret_cast<struct page *>(
					first + (off >> K_PAGE_SHIFT) * K_SIZEOF_PAGE);
				unsigned in_page = off & (K_PAGE_SIZE - 1);
				unsigned seg = len < K_PAGE_SIZE - in_page ? len : K_PAGE_SIZE - in_page;
				fn(page, in_page, seg);
				off += seg;
				len -= seg;
			}
		}
	}

	/// bio_for_each_folio_all(): every folio of the bio once. mpfs's folios
	/// are order-0 (one page each), so this is the segment walk above, one
	/// page per folio, including pages a multi-page bvec merged.
	template <typename F> void for_each_folio_all(F &&fn) const
	{
		for_each_segment_all([&](struct page *page, unsigned, unsigned) { fn(Folio::of_page(page)); });
	}

private:
	struct bio *b_;
};

} // namespace mpfs::mpage::k
