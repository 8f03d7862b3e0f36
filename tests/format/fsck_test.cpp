// SPDX-License-Identifier: GPL-2.0
// fsck.mpfs finds each kind of planted corruption, and only that kind of
// problem where the corruption implies nothing else.
#include <gtest/gtest.h>

#include <functional>

#include "format/le.h"
#include "image.h"

using namespace mpfs;
using tools::Problem;

namespace {

/// A populated image: root with files "f" (direct), "big" (indirect and
/// double indirect), "g", and directory "d" holding file "h".
struct Fixture {
	uint32_t f, big, g, d, h;
};

Fixture populate(test::Image &im)
{
	const uint64_t p = im.bs() / 4;
	Fixture x{};
	x.f = im.add_file(1, "f", 3 * im.bs(), {0, 1, 2});
	x.big = im.add_file(1, "big", (12 + p + p + 1) * im.bs(), {0, 12, 12 + p, 12 + p + p});
	x.g = im.add_file(1, "g", 10, {0});
	x.d = im.add_dir(1, "d");
	x.h = im.add_file(x.d, "h", 1, {0});
	return x;
}

struct Case {
	const char *name;
	std::function<void(test::Image &, const Fixture &)> corrupt;
	std::vector<Problem> expect; ///< every one must be reported
	int exit_code = tools::kFsckErrors;
};

void PrintTo(const Case &c, std::ostream *os) { *os << c.name; }

class FsckDetects : public ::testing::TestWithParam<std::tuple<Case, uint32_t>> {};

TEST_P(FsckDetects, PlantedCorruption)
{
	const Case &c = std::get<0>(GetParam());
	const uint32_t bs = std::get<1>(GetParam());
	test::TempDir dir;
	const std::string img = dir.file("fs.img");
	// Not a multiple of 8 blocks per bitmap block: the bitmap has padding bits.
	test::make_sparse_file(img, (16ULL << 20) - 12288);
	ASSERT_EQ(test::run({MKFS_BIN, "-q", "-b", std::to_string(bs), img}).status, 0);
	{
		test::Image im(img);
		const Fixture x = populate(im);
		im.save();
		auto clean = test::fsck_file(img);
		ASSERT_EQ(clean.exit_code, tools::kFsckClean)
			<< (clean.findings.empty() ? clean.error : clean.findings[0].message);
		c.corrupt(im, x);
		im.save();
	}
	auto r = test::fsck_file(img);
	EXPECT_EQ(r.exit_code, c.exit_code) << r.error;
	for (Problem p : c.expect)
		EXPECT_TRUE(r.has(p)) << "not reported: " << tools::problem_name(p);
	for (const auto &f : r.findings)
		std::cout << "    [" << tools::problem_name(f.kind) << "] " << f.message << "\n";
	// The command line agrees and prints one line per finding.
	auto cli = test::run({FSCK_BIN, "-n", img});
	EXPECT_EQ(cli.status, c.exit_code);
	if (c.exit_code == tools::kFsckErrors) {
		EXPECT_NE(cli.out.find("ERRORS FOUND"), std::string::npos) << cli.out;
		size_t lines = 0;
		for (char ch : cli.err)
			lines += ch == '\n';
		EXPECT_EQ(lines, r.findings.size());
	}
}


void with_inode(test::Image &im, uint32_t ino, const std::function<void(mpfs_inode &)> &fn)
{
	mpfs_inode i = im.get(ino);
	fn(i);
	im.put(ino, i);
}

const Case kCases[] = {
	{"double_used_block",
	 [](test::Image &im, const Fixture &x) {
		 // g's only block now points at one of f's; g's own block is orphaned.
		 const uint32_t orphan = im.lookup(x.g, 0);
		 with_inode(im, x.g, [&](mpfs_inode &i) { i.i_block[0] = im.lookup(x.f, 1); });
		 (void)orphan;
	 },
	 {Problem::block_shared, Problem::block_bitmap}},
	{"block_bitmap_clear",
	 [](test::Image &im, const Fixture &x) { format::bitmap_clear(im.block_bitmap(), im.lookup(x.big, 12)); },
	 {Problem::block_bitmap}},
	{"block_bitmap_extra",
	 [](test::Image &im, const Fixture &) {
		 format::bitmap_set(im.block_bitmap(), im.layout().blocks_count - 1);
	 },
	 {Problem::block_bitmap}},
	{"block_bitmap_padding",
	 [](test::Image &im, const Fixture &) {
		 // Clear the very last bit of the bitmap region (past the end).
		 const uint64_t bits = uint64_t(im.layout().block_bitmap_blocks) * im.bs() * 8;
		 if (bits > im.layout().blocks_count)
			 format::bitmap_clear(im.block_bitmap(), bits - 1);
	 },
	 {Problem::block_bitmap}},
	{"inode_bitmap_clear",
	 [](test::Image &im, const Fixture &x) { format::bitmap_clear(im.inode_bitmap(), x.g - 1); },
	 {Problem::inode_bitmap}},
	{"inode_bitmap_extra",
	 [](test::Image &im, const Fixture &) { format::bitmap_set(im.inode_bitmap(), 40); },
	 {Problem::inode_bitmap}},
	{"link_count_file",
	 [](test::Image &im, const Fixture &x) { with_inode(im, x.f, [](mpfs_inode &i) { i.i_links_count = 2; }); },
	 {Problem::link_count}},
	{"link_count_dir",
	 [](test::Image &im, const Fixture &) {
		 with_inode(im, 1, [](mpfs_inode &i) { i.i_links_count = 2; }); // should be 3: has "d"
	 },
	 {Problem::link_count}},
	{"bad_rec_len",
	 [](test::Image &im, const Fixture &x) {
		 auto [blk, off] = im.find_entry(1, "g");
		 format::store_le16(im.block(blk) + off + 4, 6);
	 },
	 {Problem::dirent}},
	{"bad_name_len",
	 [](test::Image &im, const Fixture &x) {
		 auto [blk, off] = im.find_entry(x.d, "h");
		 im.block(blk)[off + 6] = 0;
	 },
	 {Problem::dirent}},
	{"dirent_inode_out_of_range",
	 [](test::Image &im, const Fixture &) {
		 auto [blk, off] = im.find_entry(1, "f");
		 format::store_le32(im.block(blk) + off, im.layout().inodes_count + 1);
	 },
	 {Problem::dirent}},
	{"file_type_mismatch",
	 [](test::Image &im, const Fixture &) {
		 auto [blk, off] = im.find_entry(1, "f");
		 im.block(blk)[off + 7] = MPFS_FT_DIR;
	 },
	 {Problem::file_type}},
	{"duplicate_name",
	 [](test::Image &im, const Fixture &x) {
		 auto [blk, off] = im.find_entry(1, "g");
		 im.block(blk)[off + 8] = 'f'; // "g" -> "f": same length, both name files
	 },
	 {Problem::duplicate_name}},
	{"dangling_entry",
	 [](test::Image &im, const Fixture &x) {
		 with_inode(im, x.g, [](mpfs_inode &i) { i = mpfs_inode{}; });
		 format::bitmap_clear(im.inode_bitmap(), x.g - 1);
	 },
	 {Problem::dangling_entry, Problem::block_bitmap}},
	{"unreachable_inode",
	 [](test::Image &im, const Fixture &) { im.alloc_inode(format::kModeReg | 0644, 1); },
	 {Problem::unreachable}},
	{"wrong_dotdot",
	 [](test::Image &im, const Fixture &x) {
		 auto [blk, off] = im.find_entry(x.d, "..");
		 format::set_dirent_inode(im.block_span(blk), off, x.d, MPFS_FT_DIR);
	 },
	 {Problem::dot_entries, Problem::link_count}},
	{"stray_dot",
	 [](test::Image &im, const Fixture &x) {
		 auto [blk, off] = im.find_entry(x.d, "h");
		 im.block(blk)[off + 6] = 1;
		 im.block(blk)[off + 8] = '.';
	 },
	 {Problem::dot_entries, Problem::unreachable}},
	{"pointer_out_of_range_direct",
	 [](test::Image &im, const Fixture &x) {
		 with_inode(im, x.f, [&](mpfs_inode &i) { i.i_block[1] = uint32_t(im.layout().blocks_count + 7); });
	 },
	 {Problem::bad_inode}},
	{"pointer_out_of_range_indirect",
	 [](test::Image &im, const Fixture &x) {
		 format::set_indirect_ptr(im.block(im.slot(x.big, MPFS_IND_BLOCK)), 0,
					  uint32_t(im.layout().first_data_block - 1));
	 },
	 {Problem::pointer_range, Problem::i_blocks, Problem::block_bitmap}},
	{"pointer_out_of_range_dind_child",
	 [](test::Image &im, const Fixture &x) {
		 format::set_indirect_ptr(im.block(im.slot(x.big, MPFS_DIND_BLOCK)), 1, 0xfffffff0u);
	 },
	 {Problem::pointer_range}},
	{"size_too_small",
	 [](test::Image &im, const Fixture &x) { with_inode(im, x.f, [&](mpfs_inode &i) { i.i_size = im.bs(); }); },
	 {Problem::past_eof}},
	{"indirect_past_eof",
	 [](test::Image &im, const Fixture &x) {
		 with_inode(im, x.big, [&](mpfs_inode &i) { i.i_size = 12ULL * im.bs(); });
	 },
	 {Problem::past_eof}},
	{"i_blocks_wrong",
	 [](test::Image &im, const Fixture &x) { with_inode(im, x.big, [](mpfs_inode &i) { i.i_blocks++; }); },
	 {Problem::i_blocks}},
	{"dir_hole",
	 [](test::Image &im, const Fixture &x) {
		 with_inode(im, x.d, [&](mpfs_inode &i) { i.i_size = 2ULL * im.bs(); });
	 },
	 {Problem::dir_hole}},
	{"dir_size_unaligned",
	 [](test::Image &im, const Fixture &x) { with_inode(im, x.d, [](mpfs_inode &i) { i.i_size = 100; }); },
	 {Problem::bad_inode}},
	{"dir_two_parents",
	 [](test::Image &im, const Fixture &x) { im.add_entry(1, "d2", x.d, MPFS_FT_DIR); },
	 {Problem::dir_multiple_parents}},
	{"root_not_dir",
	 [](test::Image &im, const Fixture &) { with_inode(im, 1, [](mpfs_inode &i) { i.i_mode = 0100644; i.i_size = 0; }); },
	 {Problem::root}},
	{"superblock_checksum",
	 [](test::Image &im, const Fixture &) { im.block(0)[100] ^= 1; },
	 {Problem::superblock}},
	{"superblock_magic",
	 [](test::Image &im, const Fixture &) { im.block(0)[0] ^= 1; },
	 {},
	 tools::kFsckOperational},
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Corruptions, FsckDetects,
			 ::testing::Combine(::testing::ValuesIn(kCases), ::testing::Values(1024u, 4096u)),
			 [](const auto &info) {
				 return std::string(std::get<0>(info.param).name) + "_" +
					std::to_string(std::get<1>(info.param));
			 });
