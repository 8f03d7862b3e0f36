// SPDX-License-Identifier: GPL-2.0
// mkfs.mpfs and fsck.mpfs as programs, on image files.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <unistd.h>

#include "device.h"
#include "mkfs_core.h"
#include "image.h"

using namespace mpfs;
using test::run;

namespace {

bool contains(const std::string &s, const std::string &what) { return s.find(what) != std::string::npos; }

std::vector<std::string> probe(const std::string &path)
{
	tools::Target t;
	std::string err;
	EXPECT_TRUE(t.open(path, tools::Access::read_only, err)) << err;
	auto r = tools::probe_target(t);
	EXPECT_TRUE(r.ok) << r.error;
	return r.found;
}

std::string read_all(const std::string &path)
{
	std::ifstream f(path, std::ios::binary | std::ios::ate);
	std::string s(size_t(f.tellg()), '\0');
	f.seekg(0);
	f.read(s.data(), std::streamsize(s.size()));
	return s;
}

std::string find_mke2fs()
{
	for (const char *p : {"/usr/sbin/mke2fs", "/sbin/mke2fs"})
		if (access(p, X_OK) == 0)
			return p;
	return {};
}

} // namespace

class MkfsAtBlockSize : public ::testing::TestWithParam<uint32_t> {};

TEST_P(MkfsAtBlockSize, FreshFilesystemIsClean)
{
	const uint32_t bs = GetParam();
	test::TempDir dir;
	const std::string img = dir.file("fs.img");
	test::make_sparse_file(img, 32ULL << 20);
	auto m = run({MKFS_BIN, "-b", std::to_string(bs), "-L", "scratch", img});
	ASSERT_EQ(m.status, 0) << m.err;
	EXPECT_TRUE(contains(m.out, std::to_string(bs) + " bytes")) << m.out;

	auto f = run({FSCK_BIN, "-n", img});
	EXPECT_EQ(f.status, 0) << f.err;
	EXPECT_TRUE(contains(f.out, "clean")) << f.out;
	EXPECT_TRUE(f.err.empty()) << f.err;

	test::Image im(img);
	EXPECT_EQ(im.bs(), bs);
	EXPECT_EQ(im.layout().blocks_count, (32ULL << 20) / bs);
	mpfs_super_block sb;
	std::memcpy(&sb, im.block(0), sizeof(sb));
	EXPECT_STREQ(std::string(sb.s_label, strnlen(sb.s_label, 32)).c_str(), "scratch");
	const mpfs_inode root = im.get(MPFS_ROOT_INO);
	EXPECT_EQ(root.i_mode, 040755);
	EXPECT_EQ(root.i_links_count, 2);
	EXPECT_EQ(root.i_size, bs);
	EXPECT_EQ(root.i_blocks, 1u);
	EXPECT_EQ(root.i_block[0], im.layout().first_data_block);
	uint32_t parent = 0;
	EXPECT_TRUE(format::check_dot_entries(im.block_span(root.i_block[0]), 1, &parent));
	EXPECT_EQ(parent, 1u);
	// Exactly the metadata and the root block are in use.
	EXPECT_EQ(format::bitmap_count_set(im.block_bitmap(), im.layout().blocks_count),
		  im.layout().first_data_block + 1);
	EXPECT_EQ(format::bitmap_count_set(im.inode_bitmap(), im.layout().inodes_count), 1u);
}

TEST_P(MkfsAtBlockSize, PopulatedImageIsClean)
{
	const uint32_t bs = GetParam();
	test::TempDir dir;
	const std::string img = dir.file("fs.img");
	test::make_sparse_file(img, 64ULL << 20);
	ASSERT_EQ(run({MKFS_BIN, "-q", "-b", std::to_string(bs), img}).status, 0);
	{
		test::Image im(img);
		const uint64_t p = bs / 4;
		im.add_file(1, "small", 100, {0});
		im.add_file(1, "direct", 12ULL * bs, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
		im.add_file(1, "sparse", 12ULL * bs + 1, {12});          // only the first indirect block
		im.add_file(1, "dind", (12 + p + 2 * p) * bs, {0, 12 + p, 12 + p + p + 5}); // two dind children
		im.add_file(1, "empty", 0, {});
		im.add_file(1, "holes-at-end", 40ULL * bs, {0});          // size beyond the last block
		const uint32_t a = im.add_dir(1, "a");
		const uint32_t b = im.add_dir(a, "b");
		im.add_file(b, "deep", 5, {0});
		for (int i = 0; i < 200; i++) // grow "a" past one block at 1 KiB
			im.add_file(a, "entry-with-a-longish-name-" + std::to_string(i), 0, {});
		im.save();
		EXPECT_GT(im.get(a).i_size, bs);
	}
	auto r = test::fsck_file(img);
	for (const auto &f : r.findings)
		ADD_FAILURE() << f.message;
	EXPECT_EQ(r.exit_code, tools::kFsckClean);
	EXPECT_EQ(r.inodes_used, 1u + 6 + 2 + 1 + 200);
	auto f = run({FSCK_BIN, img});
	EXPECT_EQ(f.status, 0) << f.err;
}

INSTANTIATE_TEST_SUITE_P(Sizes, MkfsAtBlockSize, ::testing::Values(1024u, 2048u, 4096u));

TEST(Mkfs, DefaultBlockSizeAndInodes)
{
	test::TempDir dir;
	const std::string small = dir.file("small.img"), big = dir.file("big.img");
	test::make_sparse_file(small, 8ULL << 20);
	test::make_sparse_file(big, 64ULL << 20);
	ASSERT_EQ(run({MKFS_BIN, "-q", small}).status, 0);
	ASSERT_EQ(run({MKFS_BIN, "-q", big}).status, 0);
	EXPECT_EQ(test::Image(small).bs(), 1024u);
	EXPECT_EQ(test::Image(big).bs(), 4096u);
	EXPECT_EQ(test::Image(big).layout().inodes_count, (64u << 20) / 16384);
	ASSERT_EQ(run({MKFS_BIN, "-q", "-f", "-N", "1000", big}).status, 0);
	EXPECT_EQ(test::Image(big).layout().inodes_count, 1024u); // rounded to whole table blocks
}

TEST(Mkfs, RefusesExistingMpfsUnlessForced)
{
	test::TempDir dir;
	const std::string img = dir.file("fs.img");
	test::make_sparse_file(img, 16ULL << 20);
	ASSERT_EQ(run({MKFS_BIN, "-q", "-b", "1024", img}).status, 0);
	auto again = run({MKFS_BIN, "-b", "2048", img});
	EXPECT_EQ(again.status, tools::kMkfsRefused);
	EXPECT_TRUE(contains(again.err, "mpfs filesystem")) << again.err;
	EXPECT_TRUE(contains(again.err, "-f")) << again.err;
	EXPECT_EQ(test::Image(img).bs(), 1024u); // untouched
	auto forced = run({MKFS_BIN, "-f", "-b", "2048", img});
	EXPECT_EQ(forced.status, 0) << forced.err;
	EXPECT_EQ(test::Image(img).bs(), 2048u);
}

TEST(Mkfs, RefusesExt2UnlessForced)
{
	const std::string mke2fs = find_mke2fs();
	if (mke2fs.empty())
		GTEST_SKIP() << "mke2fs (e2fsprogs) not installed";
	test::TempDir dir;
	const std::string img = dir.file("ext2.img");
	test::make_sparse_file(img, 16ULL << 20);
	ASSERT_EQ(run({mke2fs, "-q", "-F", "-t", "ext2", img}).status, 0);
	const std::string orig = read_all(img);

	auto r = run({MKFS_BIN, img});
	EXPECT_EQ(r.status, tools::kMkfsRefused);
	EXPECT_TRUE(contains(r.err, "ext2")) << r.err;
	EXPECT_TRUE(orig == read_all(img)) << "image modified";

	auto f = run({MKFS_BIN, "-f", img});
	EXPECT_EQ(f.status, 0) << f.err;
	EXPECT_TRUE(contains(f.out, "ext2")) << f.out;
	// The ext2 signature is gone; only mpfs remains.
	EXPECT_EQ(probe(img), std::vector<std::string>{"mpfs filesystem"});
	EXPECT_EQ(run({FSCK_BIN, img}).status, 0);
}

TEST(Mkfs, RefusesPartitionTableUnlessForced)
{
	test::TempDir dir;
	const std::string img = dir.file("disk.img");
	test::make_sparse_file(img, 16ULL << 20);
	{
		// A DOS/MBR partition table with one Linux partition at 1 MiB.
		uint8_t mbr[512] = {};
		uint8_t *e = mbr + 446;
		e[4] = 0x83;
		const uint32_t start = 2048, count = 16384;
		std::memcpy(e + 8, &start, 4);
		std::memcpy(e + 12, &count, 4);
		mbr[510] = 0x55;
		mbr[511] = 0xaa;
		std::fstream f(img, std::ios::binary | std::ios::in | std::ios::out);
		f.write(reinterpret_cast<char *>(mbr), sizeof(mbr));
	}
	ASSERT_EQ(probe(img), std::vector<std::string>{"dos partition table"});
	auto r = run({MKFS_BIN, img});
	EXPECT_EQ(r.status, tools::kMkfsRefused);
	EXPECT_TRUE(contains(r.err, "dos partition table")) << r.err;
	auto f = run({MKFS_BIN, "-f", img});
	EXPECT_EQ(f.status, 0) << f.err;
	EXPECT_EQ(probe(img), std::vector<std::string>{"mpfs filesystem"});
	EXPECT_EQ(run({FSCK_BIN, img}).status, 0);
}

TEST(Mkfs, UsageAndSizeErrors)
{
	test::TempDir dir;
	const std::string img = dir.file("fs.img");
	test::make_sparse_file(img, 16ULL << 20);
	EXPECT_EQ(run({MKFS_BIN}).status, tools::kMkfsUsage);
	EXPECT_EQ(run({MKFS_BIN, "-b", "512", img}).status, tools::kMkfsUsage);
	EXPECT_EQ(run({MKFS_BIN, "-b", "4k", img}).status, tools::kMkfsUsage);
	EXPECT_EQ(run({MKFS_BIN, "-N", "0", img}).status, tools::kMkfsUsage);
	EXPECT_EQ(run({MKFS_BIN, "-L", std::string(33, 'x'), img}).status, tools::kMkfsUsage);
	EXPECT_EQ(run({MKFS_BIN, img, img}).status, tools::kMkfsUsage);
	auto missing = run({MKFS_BIN, dir.file("nope.img")});
	EXPECT_EQ(missing.status, tools::kMkfsError);
	EXPECT_TRUE(contains(missing.err, "No such file")) << missing.err;
	const std::string tiny = dir.file("tiny.img");
	test::make_sparse_file(tiny, 4096);
	auto t = run({MKFS_BIN, tiny});
	EXPECT_EQ(t.status, tools::kMkfsError);
	EXPECT_TRUE(contains(t.err, "too small")) << t.err;
	auto many = run({MKFS_BIN, "-N", "1000000", img});
	EXPECT_EQ(many.status, tools::kMkfsError);
	EXPECT_TRUE(contains(many.err, "too small")) << many.err;
	EXPECT_EQ(run({MKFS_BIN, "--help"}).status, 0);
}

TEST(Fsck, OperationalErrors)
{
	test::TempDir dir;
	auto missing = run({FSCK_BIN, dir.file("nope.img")});
	EXPECT_EQ(missing.status, tools::kFsckOperational);
	const std::string zero = dir.file("zero.img");
	test::make_sparse_file(zero, 1 << 20);
	auto z = run({FSCK_BIN, zero});
	EXPECT_EQ(z.status, tools::kFsckOperational);
	EXPECT_TRUE(contains(z.err, "not an mpfs filesystem")) << z.err;
	EXPECT_EQ(run({FSCK_BIN}).status, tools::kFsckOperational);
	auto help = run({FSCK_BIN, "--help"});
	EXPECT_EQ(help.status, 0);
	EXPECT_TRUE(contains(help.out, "never")) << help.out;
}

TEST(Fsck, TruncatedImageIsAnError)
{
	test::TempDir dir;
	const std::string img = dir.file("fs.img");
	test::make_sparse_file(img, 16ULL << 20);
	ASSERT_EQ(run({MKFS_BIN, "-q", img}).status, 0);
	ASSERT_EQ(truncate(img.c_str(), 8 << 20), 0);
	auto r = run({FSCK_BIN, img});
	EXPECT_EQ(r.status, tools::kFsckErrors);
	EXPECT_TRUE(contains(r.err, "larger than the device")) << r.err;
}
