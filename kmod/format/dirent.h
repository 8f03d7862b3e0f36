/* SPDX-License-Identifier: GPL-2.0 */
// Directory blocks: parse and validate records, look names up, find room for
// and insert a new entry, remove one, and build the first block of a new
// directory. Records never cross a block boundary, so everything here works
// on one directory block (block_size bytes) at a time.
#pragma once
#include "ktl/optional.h"
#include "ktl/result.h"
#include "ktl/span.h"
#include "ktl/types.h"
#include "uapi/mpfs_fs.h"

namespace mpfs::format {

/// One record of a directory block, decoded. name points into the block.
struct Dirent {
	ktl::u32 offset;     ///< byte offset of the record in its block
	ktl::u32 inode;      ///< 0 = unused record
	ktl::u16 rec_len;    ///< bytes to the next record
	ktl::u8 name_len;
	ktl::u8 file_type;   ///< MPFS_FT_*
	const char *name;    ///< name_len bytes, not NUL-terminated

	/// True for a record naming an inode.
	constexpr bool used() const { return inode != 0; }
	/// Bytes this record needs for its own name (MPFS_DIRENT_LEN).
	constexpr ktl::u32 needed() const { return MPFS_DIRENT_LEN(name_len); }
};

/// Why a directory record is unacceptable.
enum class DirentReason : ktl::u8 {
	ok,
	bad_block_size,     ///< block span is not 1024, 2048 or 4096 bytes
	header_past_block,  ///< fewer than MPFS_DIRENT_HEADER bytes left in the block
	rec_len_unaligned,  ///< rec_len not a multiple of 4
	rec_len_too_small,  ///< rec_len < MPFS_DIRENT_LEN(name_len) (or < header)
	rec_len_past_block, ///< record runs past the end of the block
	name_len_zero,      ///< used record with an empty name
	bad_name,           ///< name contains '/' or NUL
	bad_inode,          ///< inode number > inodes_count
	bad_file_type,      ///< used record with a file_type other than DIR/REG/LNK
};

/// A short English description of @r.
const char *dirent_reason_string(DirentReason r);

/// Pass as @inodes_count when the caller checks inode numbers itself.
inline constexpr ktl::u32 kAnyInode = 0xffffffffu;

/**
 * parse_dirent - decode and check the record at @offset of @block
 * @inodes_count: used records must name an inode <= this
 * @why: optional reason on failure
 * Return: the record, or -EUCLEAN.
 */
ktl::Result<Dirent> parse_dirent(ktl::Span<const ktl::u8> block, ktl::u32 offset,
				 ktl::u32 inodes_count, DirentReason *why = nullptr);

/// Walks the records of one block in order, used and unused, stopping at the
/// end of the block or at the first bad record.
class DirentIter {
public:
	DirentIter(ktl::Span<const ktl::u8> block, ktl::u32 inodes_count = kAnyInode)
		: block_(block), inodes_count_(inodes_count)
	{
	}
	/// Stores the next record in @out; false at the end or on a bad record
	/// (then reason() != ok and offset() is where the bad record starts).
	bool next(Dirent &out);
	/// Why iteration stopped early (ok at a clean end).
	DirentReason reason() const { return reason_; }
	/// Offset of the next record to read (of the bad one after a failure).
	ktl::u32 offset() const { return offset_; }

private:
	ktl::Span<const ktl::u8> block_;
	ktl::u32 inodes_count_;
	ktl::u32 offset_ = 0;
	DirentReason reason_ = DirentReason::ok;
};

/**
 * validate_dir_block - check every record of one directory block
 * @bad_offset: optional; receives the offset of the first bad record
 * Return: 0 or -EUCLEAN. Does not check "." and ".." (see check_dot_entries()).
 */
ktl::Result<void> validate_dir_block(ktl::Span<const ktl::u8> block, ktl::u32 inodes_count,
				     DirentReason *why = nullptr, ktl::u32 *bad_offset = nullptr);

/// True when the first block of a directory starts with "." naming @self and
/// ".." (any inode, returned in *parent when non-null). @block must be valid.
bool check_dot_entries(ktl::Span<const ktl::u8> block, ktl::u32 self, ktl::u32 *parent = nullptr);

/// The used record named @name in a valid @block, if any.
ktl::Optional<Dirent> find_dirent(ktl::Span<const ktl::u8> block, const char *name,
				  ktl::u32 name_len);

/// Offset of a record in a valid @block with room for an entry of @name_len
/// (an unused record large enough, or slack after a used one), if any.
ktl::Optional<ktl::u32> find_space(ktl::Span<const ktl::u8> block, ktl::u32 name_len);

/// Writes an entry into the record at @offset returned by find_space(): fills
/// an unused record in place or splits the slack off a used one.
/// 1 <= @name_len <= MPFS_NAME_LEN.
void insert_dirent(ktl::Span<ktl::u8> block, ktl::u32 offset, ktl::u32 ino, const char *name,
		   ktl::u32 name_len, ktl::u8 file_type);

/// Removes the used record at @offset of a valid @block: the previous record
/// absorbs it, or, if it is the first record of the block, it becomes unused.
/// An @offset that is not the start of a record changes nothing.
void remove_dirent(ktl::Span<ktl::u8> block, ktl::u32 offset);

/// Points the used record at @offset to another inode (rename over an existing
/// name, ".." of a moved directory).
void set_dirent_inode(ktl::Span<ktl::u8> block, ktl::u32 offset, ktl::u32 ino, ktl::u8 file_type);

/// First block of a new directory: "." -> @self, ".." -> @parent taking the rest.
void init_dir_block(ktl::Span<ktl::u8> block, ktl::u32 self, ktl::u32 parent);

/// A further (non-first) directory block: one unused record spanning it.
void init_empty_dir_block(ktl::Span<ktl::u8> block);

/// True when a valid @block has no used records other than "." and "..".
bool dir_block_is_empty(ktl::Span<const ktl::u8> block);

/// True for the names "." and "..".
constexpr bool is_dot_or_dotdot(const char *name, ktl::u32 len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

} // namespace mpfs::format
