// SPDX-License-Identifier: GPL-2.0
// Directory block records.
#include "format/dirent.h"

#include "format/le.h"
#include "ktl/errno.h"

namespace mpfs::format {
namespace {

using ktl::u8;
using ktl::u16;
using ktl::u32;

// Field offsets of struct mpfs_dirent.
constexpr u32 kOffInode = 0;
constexpr u32 kOffRecLen = 4;
constexpr u32 kOffNameLen = 6;
constexpr u32 kOffFileType = 7;
static_assert(__builtin_offsetof(mpfs_dirent, rec_len) == kOffRecLen, "dirent layout");
static_assert(__builtin_offsetof(mpfs_dirent, file_type) == kOffFileType, "dirent layout");
static_assert(__builtin_offsetof(mpfs_dirent, name) == MPFS_DIRENT_HEADER, "dirent layout");

constexpr bool valid_block_size(ktl::usize n) { return n == 1024 || n == 2048 || n == 4096; }

constexpr bool known_file_type(u8 t) { return t == MPFS_FT_DIR || t == MPFS_FT_REG || t == MPFS_FT_LNK; }

/// Decodes the header at @off without checks.
Dirent decode(ktl::Span<const u8> block, u32 off)
{
	const u8 *p = block.data() + off;
	Dirent d{};
	d.offset = off;
	d.inode = load_le32(p + kOffInode);
	d.rec_len = load_le16(p + kOffRecLen);
	d.name_len = p[kOffNameLen];
	d.file_type = p[kOffFileType];
	d.name = reinterpret_cast<const char *>(p + MPFS_DIRENT_HEADER);
	return d;
}

void encode(ktl::Span<u8> block, u32 off, u32 ino, u16 rec_len, u8 name_len, u8 ft)
{
	u8 *p = block.data() + off;
	store_le32(p + kOffInode, ino);
	store_le16(p + kOffRecLen, rec_len);
	p[kOffNameLen] = name_len;
	p[kOffFileType] = ft;
}

bool names_equal(const Dirent &d, const char *name, u32 len)
{
	if (d.name_len != len)
		return false;
	for (u32 i = 0; i < len; i++)
		if (d.name[i] != name[i])
			return false;
	return true;
}

} // namespace

const char *dirent_reason_string(DirentReason r)
{
	switch (r) {
	case DirentReason::ok:
		return "ok";
	case DirentReason::bad_block_size:
		return "directory block has a bad size";
	case DirentReason::header_past_block:
		return "record header runs past the end of the block";
	case DirentReason::rec_len_unaligned:
		return "rec_len not a multiple of 4";
	case DirentReason::rec_len_too_small:
		return "rec_len too small for the name";
	case DirentReason::rec_len_past_block:
		return "rec_len runs past the end of the block";
	case DirentReason::name_len_zero:
		return "empty name";
	case DirentReason::bad_name:
		return "name contains '/' or NUL";
	case DirentReason::bad_inode:
		return "inode number out of range";
	case DirentReason::bad_file_type:
		return "unknown file type";
	}
	return "unknown reason";
}

ktl::Result<Dirent> parse_dirent(ktl::Span<const u8> block, u32 offset, u32 inodes_count,
				 DirentReason *why)
{
	auto fail = [why](DirentReason r) -> ktl::Result<Dirent> {
		if (why)
			*why = r;
		return ktl::Error::from_errno(-ktl::kEUCLEAN);
	};
	if (why)
		*why = DirentReason::ok;
	if (!valid_block_size(block.size()))
		return fail(DirentReason::bad_block_size);
	if (offset > block.size() || block.size() - offset < MPFS_DIRENT_HEADER)
		return fail(DirentReason::header_past_block);
	const Dirent d = decode(block, offset);
	if (d.rec_len & 3)
		return fail(DirentReason::rec_len_unaligned);
	if (d.rec_len < MPFS_DIRENT_HEADER || d.rec_len < d.needed())
		return fail(DirentReason::rec_len_too_small);
	if (d.rec_len > block.size() - offset)
		return fail(DirentReason::rec_len_past_block);
	if (!d.used())
		return d;
	if (d.name_len == 0)
		return fail(DirentReason::name_len_zero);
	for (u32 i = 0; i < d.name_len; i++)
		if (d.name[i] == '/' || d.name[i] == '\0')
			return fail(DirentReason::bad_name);
	if (d.inode > inodes_count)
		return fail(DirentReason::bad_inode);
	if (!known_file_type(d.file_type))
		return fail(DirentReason::bad_file_type);
	return d;
}

bool DirentIter::next(Dirent &out)
{
	if (reason_ != DirentReason::ok || offset_ >= block_.size())
		return false;
	auto r = parse_dirent(block_, offset_, inodes_count_, &reason_);
	if (r.is_error())
		return false;
	out = r.value();
	offset_ += out.rec_len;
	return true;
}

ktl::Result<void> validate_dir_block(ktl::Span<const u8> block, u32 inodes_count, DirentReason *why,
				     u32 *bad_offset)
{
	DirentIter it(block, inodes_count);
	Dirent d;
	while (it.next(d)) {
	}
	if (why)
		*why = it.reason();
	if (bad_offset)
		*bad_offset = it.offset();
	if (it.reason() != DirentReason::ok)
		return ktl::Error::from_errno(-ktl::kEUCLEAN);
	return {};
}

bool check_dot_entries(ktl::Span<const u8> block, u32 self, u32 *parent)
{
	DirentIter it(block);
	Dirent dot, dotdot;
	if (!it.next(dot) || !it.next(dotdot))
		return false;
	if (dot.inode != self || dot.name_len != 1 || dot.name[0] != '.' || dot.file_type != MPFS_FT_DIR)
		return false;
	if (!dotdot.used() || dotdot.name_len != 2 || dotdot.name[0] != '.' || dotdot.name[1] != '.' ||
	    dotdot.file_type != MPFS_FT_DIR)
		return false;
	if (parent)
		*parent = dotdot.inode;
	return true;
}

ktl::Optional<Dirent> find_dirent(ktl::Span<const u8> block, const char *name, u32 name_len)
{
	DirentIter it(block);
	Dirent d;
	while (it.next(d))
		if (d.used() && names_equal(d, name, name_len))
			return d;
	return ktl::nullopt;
}

ktl::Optional<u32> find_space(ktl::Span<const u8> block, u32 name_len)
{
	const u32 need = MPFS_DIRENT_LEN(name_len);
	DirentIter it(block);
	Dirent d;
	while (it.next(d)) {
		const u32 slack = d.used() ? d.rec_len - d.needed() : d.rec_len;
		if (slack >= need)
			return d.offset;
	}
	return ktl::nullopt;
}

void insert_dirent(ktl::Span<u8> block, u32 offset, u32 ino, const char *name, u32 name_len,
		   u8 file_type)
{
	Dirent d = decode(block, offset);
	if (d.used()) {
		const u32 keep = d.needed();
		encode(block, offset, d.inode, u16(keep), d.name_len, d.file_type);
		offset += keep;
		d.rec_len = u16(d.rec_len - keep);
	}
	encode(block, offset, ino, d.rec_len, u8(name_len), file_type);
	__builtin_memcpy(block.data() + offset + MPFS_DIRENT_HEADER, name, name_len);
}

void remove_dirent(ktl::Span<u8> block, u32 offset)
{
	DirentIter it(block);
	Dirent d, prev{};
	bool have_prev = false, found = false;
	while (it.next(d)) {
		if (d.offset == offset) {
			found = true;
			break;
		}
		prev = d;
		have_prev = true;
	}
	if (!found)
		return; // not a record boundary: leave the block alone
	if (!have_prev) {
		store_le32(block.data() + offset + kOffInode, 0);
		return;
	}
	const Dirent victim = decode(block, offset);
	store_le16(block.data() + prev.offset + kOffRecLen, u16(prev.rec_len + victim.rec_len));
}

void set_dirent_inode(ktl::Span<u8> block, u32 offset, u32 ino, u8 file_type)
{
	store_le32(block.data() + offset + kOffInode, ino);
	block[offset + kOffFileType] = file_type;
}

void init_dir_block(ktl::Span<u8> block, u32 self, u32 parent)
{
	__builtin_memset(block.data(), 0, block.size());
	const u32 dot_len = MPFS_DIRENT_LEN(1);
	encode(block, 0, self, u16(dot_len), 1, MPFS_FT_DIR);
	block[MPFS_DIRENT_HEADER] = '.';
	encode(block, dot_len, parent, u16(block.size() - dot_len), 2, MPFS_FT_DIR);
	block[dot_len + MPFS_DIRENT_HEADER] = '.';
	block[dot_len + MPFS_DIRENT_HEADER + 1] = '.';
}

void init_empty_dir_block(ktl::Span<u8> block)
{
	__builtin_memset(block.data(), 0, block.size());
	encode(block, 0, 0, u16(block.size()), 0, MPFS_FT_UNKNOWN);
}

bool dir_block_is_empty(ktl::Span<const u8> block)
{
	DirentIter it(block);
	Dirent d;
	while (it.next(d))
		if (d.used() && !is_dot_or_dotdot(d.name, d.name_len))
			return false;
	return true;
}

} // namespace mpfs::format
