// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "format/dirent.h"
#include "format/le.h"
#include "ktl/errno.h"

using namespace mpfs::format;

namespace {

struct Block {
	explicit Block(uint32_t bs) : v(bs, 0xa5) {}
	ktl::Span<uint8_t> s() { return {v.data(), v.size()}; }
	ktl::Span<const uint8_t> c() const { return {v.data(), v.size()}; }
	std::vector<uint8_t> v;
};

std::vector<std::string> used_names(ktl::Span<const uint8_t> b)
{
	std::vector<std::string> out;
	DirentIter it(b);
	Dirent d;
	while (it.next(d))
		if (d.used())
			out.emplace_back(d.name, d.name_len);
	EXPECT_EQ(it.reason(), DirentReason::ok);
	return out;
}

bool insert(Block &b, const std::string &name, uint32_t ino)
{
	auto off = find_space(b.c(), uint32_t(name.size()));
	if (!off)
		return false;
	insert_dirent(b.s(), *off, ino, name.data(), uint32_t(name.size()), MPFS_FT_REG);
	return true;
}

} // namespace

TEST(Dirent, NewDirectoryBlock)
{
	for (uint32_t bs : {1024u, 2048u, 4096u}) {
		Block b(bs);
		init_dir_block(b.s(), 7, 3);
		ASSERT_TRUE(validate_dir_block(b.c(), 10).is_ok());
		uint32_t parent = 0;
		EXPECT_TRUE(check_dot_entries(b.c(), 7, &parent));
		EXPECT_EQ(parent, 3u);
		EXPECT_FALSE(check_dot_entries(b.c(), 8));
		EXPECT_TRUE(dir_block_is_empty(b.c()));
		EXPECT_EQ(used_names(b.c()), (std::vector<std::string>{".", ".."}));
		// ".." runs to the end of the block.
		EXPECT_EQ(load_le16(b.v.data() + 12 + 4), bs - 12);
	}
}

TEST(Dirent, EmptyBlockHasOneUnusedRecord)
{
	Block b(2048);
	init_empty_dir_block(b.s());
	ASSERT_TRUE(validate_dir_block(b.c(), 10).is_ok());
	DirentIter it(b.c());
	Dirent d;
	ASSERT_TRUE(it.next(d));
	EXPECT_FALSE(d.used());
	EXPECT_EQ(d.rec_len, 2048);
	EXPECT_FALSE(it.next(d));
	EXPECT_TRUE(used_names(b.c()).empty());
}

TEST(Dirent, InsertUntilFullThenFindAndRemove)
{
	Block b(1024);
	init_dir_block(b.s(), 1, 1);
	std::set<std::string> names;
	uint32_t ino = 2;
	for (;; ino++) {
		std::string name = "file-" + std::to_string(ino); // 6..9 chars: 16-byte records
		if (!insert(b, name, ino))
			break;
		names.insert(name);
		ASSERT_TRUE(validate_dir_block(b.c(), 1000).is_ok()) << ino;
	}
	// 1024 - 12 ('.') - 12 ('..') = 1000 bytes: 62 records of 16 bytes fit.
	EXPECT_EQ(names.size(), 62u);
	EXPECT_FALSE(dir_block_is_empty(b.c()));
	for (const auto &n : names) {
		auto d = find_dirent(b.c(), n.data(), uint32_t(n.size()));
		ASSERT_TRUE(d.has_value()) << n;
		EXPECT_EQ("file-" + std::to_string(d->inode), n);
	}
	EXPECT_FALSE(find_dirent(b.c(), "nope", 4).has_value());
	EXPECT_FALSE(find_dirent(b.c(), "file-2x", 7).has_value());

	// Remove one in the middle: its space goes to the previous record and
	// can be reused by a name of the same length.
	auto mid = find_dirent(b.c(), "file-30", 7);
	ASSERT_TRUE(mid.has_value());
	remove_dirent(b.s(), mid->offset);
	ASSERT_TRUE(validate_dir_block(b.c(), 1000).is_ok());
	EXPECT_FALSE(find_dirent(b.c(), "file-30", 7).has_value());
	EXPECT_EQ(used_names(b.c()).size(), 63u); // 62 + "." + ".." - 1
	EXPECT_TRUE(insert(b, "file-99", 99));
	EXPECT_FALSE(insert(b, "file-98", 98));

	// Remove everything but the dots: the block is empty again.
	for (const auto &n : used_names(b.c())) {
		if (n == "." || n == "..")
			continue;
		auto d = find_dirent(b.c(), n.data(), uint32_t(n.size()));
		ASSERT_TRUE(d.has_value());
		remove_dirent(b.s(), d->offset);
		ASSERT_TRUE(validate_dir_block(b.c(), 1000).is_ok());
	}
	EXPECT_TRUE(dir_block_is_empty(b.c()));
	EXPECT_TRUE(check_dot_entries(b.c(), 1));
}

TEST(Dirent, RemovingTheFirstRecordMarksItUnused)
{
	Block b(1024);
	init_empty_dir_block(b.s());
	ASSERT_TRUE(insert(b, "a", 5));
	ASSERT_TRUE(insert(b, "b", 6));
	auto a = find_dirent(b.c(), "a", 1);
	ASSERT_TRUE(a.has_value());
	EXPECT_EQ(a->offset, 0u);
	remove_dirent(b.s(), 0);
	ASSERT_TRUE(validate_dir_block(b.c(), 10).is_ok());
	EXPECT_EQ(used_names(b.c()), std::vector<std::string>{"b"});
	// The freed first record is reused.
	ASSERT_TRUE(insert(b, "c", 7));
	EXPECT_EQ(find_dirent(b.c(), "c", 1)->offset, 0u);
}

TEST(Dirent, RemoveAtANonRecordOffsetChangesNothing)
{
	Block b(1024);
	init_dir_block(b.s(), 1, 1);
	ASSERT_TRUE(insert(b, "x", 5));
	const auto before = b.v;
	remove_dirent(b.s(), 16); // inside "..", not a record start
	remove_dirent(b.s(), 2000);
	EXPECT_EQ(b.v, before);
}

TEST(Dirent, LongestNameFits)
{
	Block b(1024);
	init_dir_block(b.s(), 1, 1);
	std::string name(MPFS_NAME_LEN, 'x');
	ASSERT_TRUE(insert(b, name, 2));
	ASSERT_TRUE(validate_dir_block(b.c(), 10).is_ok());
	auto d = find_dirent(b.c(), name.data(), uint32_t(name.size()));
	ASSERT_TRUE(d.has_value());
	EXPECT_EQ(d->name_len, 255);
	EXPECT_EQ(d->needed(), 264u);
}

TEST(Dirent, SetInode)
{
	Block b(1024);
	init_dir_block(b.s(), 4, 1);
	auto dd = find_dirent(b.c(), "..", 2);
	ASSERT_TRUE(dd.has_value());
	set_dirent_inode(b.s(), dd->offset, 9, MPFS_FT_DIR);
	uint32_t parent = 0;
	EXPECT_TRUE(check_dot_entries(b.c(), 4, &parent));
	EXPECT_EQ(parent, 9u);
}

namespace {

DirentReason corrupt(void (*edit)(uint8_t *second_record), uint32_t inodes = 100)
{
	Block b(1024);
	init_dir_block(b.s(), 1, 1);
	edit(b.v.data() + 12);
	DirentReason why;
	uint32_t off = 0;
	auto r = validate_dir_block(b.c(), inodes, &why, &off);
	EXPECT_TRUE(r.is_error());
	if (r.is_error()) {
		EXPECT_EQ(r.error().to_errno(), -ktl::kEUCLEAN);
	}
	EXPECT_EQ(off, 12u);
	return why;
}

} // namespace

TEST(Dirent, ValidationRejectsEachCorruption)
{
	EXPECT_EQ(corrupt([](uint8_t *r) { store_le16(r + 4, 1010); }), DirentReason::rec_len_unaligned);
	EXPECT_EQ(corrupt([](uint8_t *r) { store_le16(r + 4, 8); }), DirentReason::rec_len_too_small);
	EXPECT_EQ(corrupt([](uint8_t *r) { store_le16(r + 4, 0); }), DirentReason::rec_len_too_small);
	EXPECT_EQ(corrupt([](uint8_t *r) { store_le16(r + 4, 1016); }), DirentReason::rec_len_past_block);
	EXPECT_EQ(corrupt([](uint8_t *r) { r[6] = 0; }), DirentReason::name_len_zero);
	EXPECT_EQ(corrupt([](uint8_t *r) { r[9] = '/'; }), DirentReason::bad_name);
	EXPECT_EQ(corrupt([](uint8_t *r) { r[9] = 0; }), DirentReason::bad_name);
	EXPECT_EQ(corrupt([](uint8_t *r) { store_le32(r, 101); }), DirentReason::bad_inode);
	EXPECT_EQ(corrupt([](uint8_t *r) { r[7] = 3; }), DirentReason::bad_file_type);
	// name_len larger than the record.
	EXPECT_EQ(corrupt([](uint8_t *r) {
			  store_le16(r + 4, 12);
			  r[6] = 5;
		  }),
		  DirentReason::rec_len_too_small);
}

TEST(Dirent, ParseChecksBounds)
{
	Block b(1024);
	init_dir_block(b.s(), 1, 1);
	DirentReason why;
	EXPECT_TRUE(parse_dirent(b.c(), 1020, 10, &why).is_error());
	EXPECT_EQ(why, DirentReason::header_past_block);
	EXPECT_TRUE(parse_dirent(b.c(), 5000, 10, &why).is_error());
	EXPECT_EQ(why, DirentReason::header_past_block);
	ktl::Span<const uint8_t> odd(b.v.data(), 1000);
	EXPECT_TRUE(parse_dirent(odd, 0, 10, &why).is_error());
	EXPECT_EQ(why, DirentReason::bad_block_size);
	for (int r = int(DirentReason::ok); r <= int(DirentReason::bad_file_type); r++)
		EXPECT_STRNE(dirent_reason_string(DirentReason(r)), "unknown reason");
}
