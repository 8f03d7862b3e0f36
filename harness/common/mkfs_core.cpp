// SPDX-License-Identifier: GPL-2.0
// mkfs.mpfs core.
#include "mkfs_core.h"

#include <cstring>
#include <ctime>
#include <sys/random.h>
#include <unistd.h>
#include <vector>

#include "format/format.h"

namespace mpfs::tools {

using format::Layout;

uint32_t default_block_size(uint64_t bytes, uint32_t sector_size)
{
	const uint32_t bs = bytes < (16ULL << 20) ? 1024 : 4096;
	return bs < sector_size ? sector_size : bs;
}

namespace {

uint64_t now_ns()
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return uint64_t(ts.tv_sec) * 1000000000ULL + uint64_t(ts.tv_nsec);
}

/// Writes @count zeroed blocks starting at @first.
bool zero_blocks(const Target &t, const Layout &l, uint64_t first, uint64_t count, std::string &err)
{
	const uint64_t chunk_blocks = (1u << 20) / l.block_size;
	std::vector<uint8_t> zero(size_t(chunk_blocks) * l.block_size, 0);
	while (count > 0) {
		const uint64_t n = count < chunk_blocks ? count : chunk_blocks;
		if (!t.write_at(first * l.block_size, zero.data(), size_t(n * l.block_size), err))
			return false;
		first += n;
		count -= n;
	}
	return true;
}

/// Builds a whole bitmap region: @used bits from 0 set, and every bit from
/// @valid up to the end of the region.
std::vector<uint8_t> make_bitmap(const Layout &l, uint32_t blocks, uint64_t used, uint64_t valid)
{
	std::vector<uint8_t> map(size_t(blocks) * l.block_size, 0);
	ktl::Span<uint8_t> s(map.data(), map.size());
	format::bitmap_set_range(s, 0, used);
	format::bitmap_set_range(s, valid, uint64_t(map.size()) * 8);
	return map;
}

} // namespace

bool write_filesystem(const Target &t, const Layout &l, const MkfsOptions &o, std::string &err)
{
	const uint64_t stamp = o.now_ns ? o.now_ns : now_ns();
	// Superblock block, bitmaps, inode table and the root directory block.
	if (!zero_blocks(t, l, 0, l.first_data_block + 1, err))
		return false;

	// Block bitmap: metadata and the root directory block are in use.
	auto bmap = make_bitmap(l, l.block_bitmap_blocks, l.first_data_block + 1, l.blocks_count);
	if (!t.write_at(l.block_bitmap * l.block_size, bmap.data(), bmap.size(), err))
		return false;
	// Inode bitmap: the root inode is in use.
	auto imap = make_bitmap(l, l.inode_bitmap_blocks, MPFS_ROOT_INO, l.inodes_count);
	if (!t.write_at(l.inode_bitmap * l.block_size, imap.data(), imap.size(), err))
		return false;

	// Root directory: one block with "." and "..", both naming itself.
	const uint64_t root_block = l.first_data_block;
	std::vector<uint8_t> dir(l.block_size);
	format::init_dir_block(ktl::Span<uint8_t>(dir.data(), dir.size()), MPFS_ROOT_INO, MPFS_ROOT_INO);
	if (!t.write_at(root_block * l.block_size, dir.data(), dir.size(), err))
		return false;

	mpfs_inode root{};
	root.i_mode = format::kModeDir | 0755;
	root.i_links_count = 2;
	root.i_uid = 0;
	root.i_gid = 0;
	root.i_size = l.block_size;
	root.i_blocks = 1;
	root.i_atime = root.i_mtime = root.i_ctime = stamp;
	root.i_block[0] = uint32_t(root_block);
	auto loc = format::inode_location(l, MPFS_ROOT_INO);
	if (loc.is_error()) {
		err = "internal error: root inode outside the inode table";
		return false;
	}
	if (!t.write_at(loc.value().block * l.block_size + loc.value().offset, &root, sizeof(root), err))
		return false;

	// Superblock last: a crash before this leaves no valid mpfs behind.
	if (::fsync(t.fd()) != 0) {
		err = t.path() + ": fsync: " + std::strerror(errno);
		return false;
	}
	mpfs_super_block sb{};
	format::layout_to_super(l, sb);
	sb.s_mkfs_time = stamp / 1000000000ULL;
	if (getrandom(sb.s_uuid, sizeof(sb.s_uuid), 0) != ssize_t(sizeof(sb.s_uuid))) {
		err = std::string("getrandom: ") + std::strerror(errno);
		return false;
	}
	sb.s_uuid[6] = uint8_t((sb.s_uuid[6] & 0x0f) | 0x40); // RFC 4122 version 4
	sb.s_uuid[8] = uint8_t((sb.s_uuid[8] & 0x3f) | 0x80);
	std::memcpy(sb.s_label, o.label.data(), o.label.size() < sizeof(sb.s_label) ? o.label.size()
										 : sizeof(sb.s_label));
	format::super_set_checksum(sb);
	if (!t.write_at(0, &sb, sizeof(sb), err))
		return false;
	if (::fsync(t.fd()) != 0) {
		err = t.path() + ": fsync: " + std::strerror(errno);
		return false;
	}
	return true;
}

int run_mkfs(const std::string &path, const MkfsOptions &o, std::ostream &out, std::ostream &err)
{
	if (o.label.size() > sizeof(mpfs_super_block::s_label)) {
		err << "mkfs.mpfs: label longer than " << sizeof(mpfs_super_block::s_label) << " bytes\n";
		return kMkfsUsage;
	}
	Target t;
	std::string msg;
	if (!t.open(path, Access::read_write, msg)) {
		err << "mkfs.mpfs: " << msg << "\n";
		return kMkfsError;
	}
	ProbeResult probe = probe_target(t);
	if (!probe.ok) {
		err << "mkfs.mpfs: " << probe.error << "\n";
		return kMkfsError;
	}
	// Prefer libblkid's view of the device; it matches the ioctls on a block
	// device and the file size on an image.
	const uint64_t bytes = probe.size ? probe.size : t.size();
	const uint32_t sector = probe.sector_size ? probe.sector_size : t.sector_size();

	if (!probe.found.empty()) {
		std::string what;
		for (const auto &f : probe.found)
			what += (what.empty() ? "" : ", ") + f;
		if (!o.force) {
			err << "mkfs.mpfs: " << path << " contains " << what
			    << "; not overwriting it (use -f to force)\n";
			return kMkfsRefused;
		}
		if (!o.quiet)
			out << "mkfs.mpfs: " << path << " contains " << what << "; overwriting (-f)\n";
	}

	const uint32_t bs = o.block_size ? o.block_size : default_block_size(bytes, sector);
	if (bs < sector) {
		err << "mkfs.mpfs: block size " << bs << " is smaller than the device's logical sector size "
		    << sector << "\n";
		return kMkfsUsage;
	}
	format::SuperReason why;
	auto layout = format::compute_layout(bytes, bs, o.inodes, &why);
	if (layout.is_error()) {
		err << "mkfs.mpfs: " << path << " (" << bytes << " bytes): "
		    << format::super_reason_string(why) << "\n";
		return why == format::SuperReason::device_too_small ? kMkfsError : kMkfsUsage;
	}
	const Layout &l = layout.value();

	if (o.force && !probe.found.empty() && !wipe_signatures(t, msg)) {
		err << "mkfs.mpfs: " << msg << "\n";
		return kMkfsError;
	}
	if (!write_filesystem(t, l, o, msg)) {
		err << "mkfs.mpfs: " << msg << "\n";
		return kMkfsError;
	}
	if (!o.quiet) {
		out << "mkfs.mpfs: " << path << ": " << l.blocks_count << " blocks of " << l.block_size
		    << " bytes, " << l.inodes_count << " inodes, data from block " << l.first_data_block
		    << " (" << l.data_blocks() << " data blocks)\n";
	}
	return kMkfsOk;
}

} // namespace mpfs::tools
