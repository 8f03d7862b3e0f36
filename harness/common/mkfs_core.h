// SPDX-License-Identifier: GPL-2.0
// mkfs.mpfs without the command line: probe, refuse or wipe, compute the
// layout with kmod/format and write an empty filesystem.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#include "device.h"
#include "format/superblock.h"

namespace mpfs::tools {

/// Exit codes of mkfs.mpfs.
enum MkfsExit : int {
	kMkfsOk = 0,
	kMkfsError = 1,   ///< device error, or the device cannot hold the requested layout
	kMkfsUsage = 2,   ///< bad command line
	kMkfsRefused = 3, ///< an existing filesystem or partition table, no -f
};

struct MkfsOptions {
	uint32_t block_size = 0;  ///< 0 = default (4096; 1024 below 16 MiB)
	uint32_t inodes = 0;      ///< 0 = default_inodes_count()
	std::string label;        ///< up to 32 bytes
	bool force = false;       ///< overwrite (and wipe) existing signatures
	bool quiet = false;       ///< no summary on @out
	uint64_t now_ns = 0;      ///< timestamps; 0 = the current time
};

/// Default block size for a device of @bytes with @sector_size logical sectors.
uint32_t default_block_size(uint64_t bytes, uint32_t sector_size);

/// Writes an empty filesystem with layout @l on @t (already probed). Zeroes
/// the metadata area, writes bitmaps, the root directory and the superblock
/// last, then fsyncs. Returns false with @err on an I/O error.
bool write_filesystem(const Target &t, const format::Layout &l, const MkfsOptions &o,
		      std::string &err);

/// The whole mkfs: returns one of MkfsExit, messages on @out / @err.
int run_mkfs(const std::string &path, const MkfsOptions &o, std::ostream &out, std::ostream &err);

} // namespace mpfs::tools
