// SPDX-License-Identifier: GPL-2.0
// Opening the target of mkfs.mpfs / fsck.mpfs: a block device or an image
// file, its size and logical sector size, and what libblkid finds on it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mpfs::tools {

enum class Access { read_only, read_write };

/// An open device or image. Closes its descriptor on destruction.
class Target {
public:
	Target() = default;
	Target(const Target &) = delete;
	Target &operator=(const Target &) = delete;
	Target(Target &&o) noexcept;
	Target &operator=(Target &&o) noexcept;
	~Target();

	/// Opens @path. Block devices are opened O_EXCL when writing (fails with
	/// EBUSY while mounted). On failure returns false and sets @err.
	bool open(const std::string &path, Access access, std::string &err);

	int fd() const { return fd_; }
	const std::string &path() const { return path_; }
	bool is_block_device() const { return is_block_; }
	/// Size in bytes (BLKGETSIZE64 or file size; libblkid agrees).
	uint64_t size() const { return size_; }
	/// Logical sector size (BLKSSZGET; 512 for an image file).
	uint32_t sector_size() const { return sector_size_; }

	/// pread/pwrite the whole range or fail with a message in @err.
	bool read_at(uint64_t off, void *buf, size_t len, std::string &err) const;
	bool write_at(uint64_t off, const void *buf, size_t len, std::string &err) const;

private:
	int fd_ = -1;
	std::string path_;
	bool is_block_ = false;
	uint64_t size_ = 0;
	uint32_t sector_size_ = 512;
};

/// What libblkid found on a target.
struct ProbeResult {
	bool ok = false;               ///< probing worked (false: see error)
	std::string error;
	std::vector<std::string> found; ///< e.g. "ext2 filesystem", "dos partition table"
	uint64_t size = 0;             ///< blkid_probe_get_size()
	uint32_t sector_size = 0;      ///< blkid_probe_get_sectorsize()
};

/// Probes @t with libblkid for filesystems, RAID members and partition
/// tables, and checks for an mpfs superblock itself (libblkid has no mpfs prober).
ProbeResult probe_target(const Target &t);

/// Erases every signature libblkid finds (like wipefs), for mkfs -f.
bool wipe_signatures(const Target &t, std::string &err);

} // namespace mpfs::tools
