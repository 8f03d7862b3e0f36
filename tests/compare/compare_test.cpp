// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include <set>

#include "trace.h"
#include "workloads.h"

using namespace mpfs::compare;

namespace {

// Shaped like blkparse -a queue output of a guest run: Q events mixed with
// the other queue-class actions, a flush, a message line and the summary.
const char kTrace[] = R"(254,16   1        1     0.000000000   301  Q  RA 20480 + 256 [mpfs-compare]
254,16   1        2     0.000004100   301  G  RA 20480 + 256 [mpfs-compare]
254,16   1        3     0.000011000   301  Q  RA 20736 + 8 [mpfs-compare]
254,16   0        1     0.000120000    12  Q   R 4104 + 2 [kworker/0:1]
254,16   0        0     0.000130000     0  m   N some message text
254,16   1        4     0.000200000   301  Q FWS [mpfs-compare]
254,16   1        5     0.000300000   301  Q  WS 20744 + 16 [mpfs-compare]
CPU0 (vdb):
 Reads Queued:           1,        1KiB  Writes Queued:           0,        0KiB
Total (vdb):
 Reads Queued:           3,      133KiB  Writes Queued:           1,        8KiB
)";

TEST(Parse, KeepsOnlyQueuedBiosInOrder)
{
	size_t bad = 99;
	auto bios = parse_blkparse(kTrace, &bad);
	EXPECT_EQ(bad, 0u);
	ASSERT_EQ(bios.size(), 5u);
	EXPECT_EQ(bios[0].key(), "RA 20480+256");
	EXPECT_EQ(bios[0].process, "mpfs-compare");
	EXPECT_EQ(bios[1].key(), "RA 20736+8");
	EXPECT_EQ(bios[2].key(), "R 4104+2");
	EXPECT_EQ(bios[2].process, "kworker/0:1");
	EXPECT_FALSE(bios[3].has_range);
	EXPECT_EQ(bios[3].key(), "FWS");
	EXPECT_EQ(bios[4].rwbs, "WS");
	EXPECT_EQ(bios[4].sector, 20744u);
	EXPECT_EQ(bios[4].sectors, 16u);
}

TEST(Parse, CountsMalformedQueueLines)
{
	size_t bad = 0;
	auto bios = parse_blkparse("8,0 0 1 0.1 5 Q R 12 + [x]\n8,0 0 2 0.2 5 Q R 99999999999999999999 + 8 [x]\n"
				   "8,0 0 3 0.3 5 Q W 16 + 8 [x]\n",
				   &bad);
	EXPECT_EQ(bad, 2u);
	ASSERT_EQ(bios.size(), 1u);
	EXPECT_EQ(bios[0].key(), "W 16+8");
}

TEST(Parse, IgnoresNonEventLines)
{
	EXPECT_TRUE(parse_blkparse("").empty());
	EXPECT_TRUE(parse_blkparse("Throughput (R/W): 0KiB/s / 0KiB/s\nEvents (vdb): 12 entries\n"
				   "Q R 1 + 2\n")
			    .empty());
}

TEST(Compare, IdenticalIgnoresTimeCpuPidAndProcess)
{
	auto k = parse_blkparse("254,16 0 1 0.000000001 10 Q R 100 + 8 [a]\n254,16 0 2 0.5 10 Q WS 200 + 8 [a]\n");
	auto p = parse_blkparse("254,16 1 7 3.000000000 99 Q R 100 + 8 [kworker]\n254,16 1 8 3.1 99 Q WS 200 + 8 [b]\n");
	Comparison c = compare(k, p, {});
	EXPECT_TRUE(c.identical);
	EXPECT_FALSE(c.first_divergence);
	EXPECT_EQ(c.kernel_bios, 2u);
	EXPECT_EQ(c.port_bios, 2u);
}

std::vector<Bio> seq(std::initializer_list<std::tuple<const char *, uint64_t, uint64_t>> l)
{
	std::string text;
	int n = 1;
	for (auto &[rwbs, sector, size] : l)
		text += "8,16 0 " + std::to_string(n++) + " 0.1 1 Q " + rwbs + " " + std::to_string(sector) + " + " +
			std::to_string(size) + " [t]\n";
	return parse_blkparse(text);
}

TEST(Compare, SummaryCountsDataBiosAndTheirAverageSize)
{
	auto bios = parse_blkparse("8,16 0 1 0.1 1 Q R 0 + 8 [t]\n8,16 0 2 0.1 1 Q FWS [t]\n"
				   "8,16 0 3 0.1 1 Q WS 64 + 24 [t]\n8,16 0 4 0.1 1 Q RA 200 + 2 [t]\n");
	BioSummary s = summarize(bios);
	EXPECT_EQ(s.all_bios, 4u);
	EXPECT_EQ(s.bios, 3u);
	EXPECT_EQ(s.bytes, 34u * 512);
	EXPECT_EQ(s.avg_bytes(), 34u * 512 / 3);
	EXPECT_EQ(summarize({}).avg_bytes(), 0u);
}

TEST(Compare, FirstDivergenceOnSectorSizeAndRwbs)
{
	auto base = seq({{"RA", 0, 8}, {"RA", 8, 8}, {"RA", 16, 8}, {"RA", 24, 8}});
	auto sector = seq({{"RA", 0, 8}, {"RA", 8, 8}, {"RA", 17, 8}, {"RA", 24, 8}});
	auto size = seq({{"RA", 0, 8}, {"RA", 8, 16}, {"RA", 24, 8}});
	auto rwbs = seq({{"R", 0, 8}, {"RA", 8, 8}, {"RA", 16, 8}, {"RA", 24, 8}});
	EXPECT_EQ(compare(base, sector, {}).first_divergence, 2u);
	EXPECT_EQ(compare(base, size, {}).first_divergence, 1u);
	EXPECT_EQ(compare(base, rwbs, {}).first_divergence, 0u);
	EXPECT_FALSE(compare(base, sector, {}).identical);
}

TEST(Compare, PrefixIsADivergenceAtTheShorterLength)
{
	auto k = seq({{"W", 0, 8}, {"W", 8, 8}});
	auto p = seq({{"W", 0, 8}, {"W", 8, 8}, {"W", 16, 8}});
	Comparison c = compare(k, p, {});
	EXPECT_FALSE(c.identical);
	EXPECT_EQ(c.first_divergence, 2u);
	EXPECT_NE(c.report.find("W 16+8"), std::string::npos);
	EXPECT_EQ(compare(p, k, {}).first_divergence, 2u);
}

TEST(Compare, ReportShowsContextAroundTheDivergence)
{
	auto k = seq({{"R", 0, 2}, {"R", 2, 2}, {"R", 4, 2}, {"R", 6, 2}, {"R", 8, 2}, {"R", 10, 2}, {"R", 12, 2}});
	auto p = seq({{"R", 0, 2}, {"R", 2, 2}, {"R", 4, 2}, {"R", 6, 4}, {"R", 10, 2}, {"R", 12, 2}});
	CompareOptions opt;
	opt.context = 2;
	Comparison c = compare(k, p, opt);
	ASSERT_EQ(c.first_divergence, 3u);
	// Two bios of context before, the divergence marked, two after.
	EXPECT_NE(c.report.find("DIVERGENCE at bio #3"), std::string::npos);
	EXPECT_NE(c.report.find("R 2+2"), std::string::npos);
	EXPECT_EQ(c.report.find("R 0+2"), std::string::npos) << c.report;
	EXPECT_NE(c.report.find("> 3"), std::string::npos) << c.report;
	EXPECT_NE(c.report.find("R 6+4"), std::string::npos);
	EXPECT_NE(c.report.find("kernel: 8,16 0 4"), std::string::npos) << c.report;
}

TEST(Compare, MinSectorDropsMetadataAndFlushes)
{
	auto k = seq({{"R", 10, 2}, {"RA", 1000, 8}, {"WS", 20, 2}});
	auto p = seq({{"R", 12, 2}, {"RA", 1000, 8}});
	EXPECT_FALSE(compare(k, p, {}).identical);
	CompareOptions opt;
	opt.min_sector = 1000;
	Comparison c = compare(k, p, opt);
	EXPECT_TRUE(c.identical);
	EXPECT_EQ(c.kernel_bios, 1u);
}

TEST(Json, Quotes)
{
	EXPECT_EQ(json_quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(Matrix, AtLeastFortyUniqueCasesCoveringEveryAxis)
{
	auto m = matrix();
	EXPECT_GE(m.size(), 40u);
	std::set<std::string> names;
	std::set<unsigned> sizes;
	std::set<Layout> layouts;
	std::set<Op> ops;
	for (const Case &c : m) {
		EXPECT_TRUE(names.insert(c.name).second) << c.name;
		sizes.insert(c.block_size);
		layouts.insert(c.layout);
		ops.insert(c.op);
		ASSERT_NE(find_case(c.name), nullptr);
		EXPECT_EQ(find_case(c.name)->block_size, c.block_size);
	}
	EXPECT_EQ(sizes.size(), 3u);
	EXPECT_EQ(layouts.size(), 8u);
	EXPECT_EQ(ops.size(), 8u);
	EXPECT_EQ(find_case("nope"), nullptr);
}

TEST(Shapes, FitTheirSizeAndHitTheBoundariesTheyName)
{
	for (unsigned bs : {1024u, 2048u, 4096u}) {
		for (Layout l : {Layout::Contig, Layout::Reverse, Layout::Scatter, Layout::Sparse, Layout::HoleData,
				 Layout::Tail, Layout::Ind, Layout::Dind}) {
			Shape s = shape_of(l, bs);
			ASSERT_FALSE(s.data.empty());
			for (const Extent &e : s.data) {
				EXPECT_GT(e.length, 0u);
				EXPECT_LE(e.offset + e.length, s.size) << layout_name(l) << " " << bs;
			}
		}
		uint64_t ptrs = bs / 4;
		EXPECT_GT(shape_of(Layout::Ind, bs).size / bs, 12u);
		EXPECT_LT(shape_of(Layout::Ind, bs).size / bs, 12u + ptrs);
		EXPECT_GT(shape_of(Layout::Dind, bs).size / bs, 12u + ptrs);
		Shape t = shape_of(Layout::Tail, bs);
		EXPECT_NE(t.size % kPage, 0u);
		EXPECT_NE(t.size % bs, 0u);
		EXPECT_GT(shape_of(Layout::Sparse, bs).size, shape_of(Layout::Sparse, bs).data.back().offset +
								      shape_of(Layout::Sparse, bs).data.back().length);
	}
	// Hole-then-data inside a page exists only when a page holds several blocks.
	Shape hd = shape_of(Layout::HoleData, 1024);
	EXPECT_EQ(hd.data[0].offset, 1024u); // page 0: block 0 a hole, then data
}

TEST(Pattern, DiffersBetweenBlocksAndGenerations)
{
	int same_gen = 0, same_block = 0;
	for (uint64_t off = 0; off < 4096; off++) {
		same_gen += pattern_byte(off, 0) == pattern_byte(off, 1);
		same_block += pattern_byte(off, 0) == pattern_byte(off + 1024, 0);
	}
	EXPECT_LT(same_gen, 64);
	EXPECT_LT(same_block, 64);
}

} // namespace

namespace {

// A bio split because its 256 vectors filled: where the split falls depends on
// physical page contiguity, so the two runs may split the same range apart.
TEST(JoinFullBios, JoinsOnlyContinuationsOfFullBios)
{
	auto k = seq({{"WS", 8352, 2728}, {"WS", 11080, 1416}, {"W", 12496, 40}});
	auto p = seq({{"WS", 8352, 2184}, {"WS", 10536, 1960}, {"W", 12496, 40}});
	EXPECT_FALSE(compare(k, p, CompareOptions{0, 3, false}).identical);
	Comparison c = compare(k, p, {});
	EXPECT_TRUE(c.identical) << c.report;
	EXPECT_EQ(c.kernel_joined, 1u);
	EXPECT_EQ(c.port_joined, 1u);
	EXPECT_EQ(c.kernel_bios, 3u); // counts are as queued
	// The W after the joined run continues it but has other flags: kept apart.
	size_t joined = 0;
	auto j = join_full_bios(k, &joined);
	ASSERT_EQ(j.size(), 2u);
	EXPECT_EQ(j[0].key(), "WS 8352+4144");
}

TEST(JoinFullBios, KeepsSplitsOfBiosBelowFull)
{
	// 255 pages then a continuation: the engine ended that bio, not the vectors.
	auto a = seq({{"R", 0, 2040}, {"R", 2040, 8}});
	auto b = seq({{"R", 0, 2048}});
	EXPECT_FALSE(compare(a, b, {}).identical);
	EXPECT_EQ(join_full_bios(a).size(), 2u);
	// A full bio, then one below full, then a continuation of that: one join only.
	auto c = seq({{"W", 0, 2048}, {"W", 2048, 16}, {"W", 2064, 8}});
	size_t n = 0;
	auto j = join_full_bios(c, &n);
	EXPECT_EQ(n, 1u);
	ASSERT_EQ(j.size(), 2u);
	EXPECT_EQ(j[0].key(), "W 0+2064");
	EXPECT_EQ(j[1].key(), "W 2064+8");
	// Not contiguous: nothing to join.
	EXPECT_EQ(join_full_bios(seq({{"W", 0, 2048}, {"W", 4096, 8}})).size(), 2u);
}

} // namespace
