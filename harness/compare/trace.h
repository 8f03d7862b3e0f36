// SPDX-License-Identifier: GPL-2.0
// Queued-bio sequences from blkparse text output, and their comparison.
//
// blkparse's default output has one line per event:
//   "252,16   1     7   0.001234567   281  Q  RA 2048 + 8 [mpfs-compare]"
//   dev      cpu  seq   time          pid act rwbs sector + sectors [process]
// A flush has no sector/size ("... Q FWS [sync]"). Summary and message lines
// do not have that shape and are skipped. Only action Q (bio queued, i.e.
// submit_bio as the filesystem issued it) is kept: later actions (G, I, D, C,
// merges, splits) describe the block layer, not the engine under test.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mpfs::compare {

struct Bio {
	std::string rwbs;      ///< e.g. "R", "RA", "WS", "FWS"
	uint64_t sector = 0;   ///< 512-byte sector (0 for a flush without data)
	uint64_t sectors = 0;  ///< size in sectors
	bool has_range = false;///< false for data-less bios (flushes)
	std::string process;   ///< submitter, context only (not compared)
	std::string line;      ///< the source line, for reports

	/// The compared identity: RWBS, sector, size.
	bool same_as(const Bio &o) const
	{
		return rwbs == o.rwbs && sector == o.sector && sectors == o.sectors && has_range == o.has_range;
	}
	std::string key() const; ///< "RA 2048+8"
};

/// Parse blkparse text: queued bios in file order. Lines that are not events
/// are ignored; @bad_lines (if given) counts event-shaped lines that failed
/// to parse (a Q line with a malformed sector, for instance).
std::vector<Bio> parse_blkparse(const std::string &text, size_t *bad_lines = nullptr);

/// 512-byte sectors in a bio of BIO_MAX_VECS (256) single-page vectors.
inline constexpr uint64_t kFullBioSectors = 256 * (4096 / 512);

struct CompareOptions {
	/// Keep only bios at or past this sector (and no data-less bios).
	/// 0 = compare everything in the window.
	uint64_t min_sector = 0;
	unsigned context = 3; ///< bios shown around a divergence
	/// Join a bio of at least kFullBioSectors with the bio that continues it
	/// (same RWBS, next sector) before comparing. Why: bio_add_page merges
	/// physically contiguous pages into one vector, so when a bio fills its
	/// 256 vectors depends on where the page allocator put the page-cache
	/// pages, which differs between any two runs, whichever engine. A bio
	/// ends below 256 pages only for reasons the engine decides (boundary,
	/// discontiguity, hole, end of range); those splits stay compared.
	bool join_full_bios = true;
};

struct Comparison {
	bool identical = false;
	size_t kernel_bios = 0;     ///< after filtering
	size_t port_bios = 0;
	/// Index of the first differing bio (also when one sequence is a prefix of the other).
	std::optional<size_t> first_divergence;
	std::string report;         ///< human-readable; the divergence with context
	size_t kernel_joined = 0;   ///< full-bio continuations joined (join_full_bios)
	size_t port_joined = 0;
};

/// Join every bio of at least kFullBioSectors with its continuation (see
/// CompareOptions::join_full_bios); @joined counts the joins.
std::vector<Bio> join_full_bios(const std::vector<Bio> &bios, size_t *joined = nullptr);

std::vector<Bio> filter(const std::vector<Bio> &bios, const CompareOptions &opt);
Comparison compare(const std::vector<Bio> &kernel, const std::vector<Bio> &port, const CompareOptions &opt);

/// Size figures of a bio sequence: the bios that carry data (flushes and
/// other data-less bios are left out), their bytes and average size.
struct BioSummary {
	size_t all_bios = 0; ///< every queued bio, data-less ones included
	size_t bios = 0;
	uint64_t bytes = 0;
	uint64_t avg_bytes() const { return bios ? bytes / bios : 0; }
};
BioSummary summarize(const std::vector<Bio> &bios);

/// JSON string literal (quotes included) for @s.
std::string json_quote(const std::string &s);

} // namespace mpfs::compare
