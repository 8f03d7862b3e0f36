// SPDX-License-Identifier: GPL-2.0
// Target device/image access and libblkid probing.
#include "device.h"

#include <blkid.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uapi/mpfs_fs.h"

namespace mpfs::tools {

Target::Target(Target &&o) noexcept
	: fd_(o.fd_), path_(std::move(o.path_)), is_block_(o.is_block_), size_(o.size_),
	  sector_size_(o.sector_size_)
{
	o.fd_ = -1;
}

Target &Target::operator=(Target &&o) noexcept
{
	if (this != &o) {
		if (fd_ >= 0)
			::close(fd_);
		fd_ = o.fd_;
		o.fd_ = -1;
		path_ = std::move(o.path_);
		is_block_ = o.is_block_;
		size_ = o.size_;
		sector_size_ = o.sector_size_;
	}
	return *this;
}

Target::~Target()
{
	if (fd_ >= 0)
		::close(fd_);
}

bool Target::open(const std::string &path, Access access, std::string &err)
{
	path_ = path;
	struct stat st;
	if (::stat(path.c_str(), &st) != 0) {
		err = path + ": " + std::strerror(errno);
		return false;
	}
	is_block_ = S_ISBLK(st.st_mode);
	if (!is_block_ && !S_ISREG(st.st_mode)) {
		err = path + ": not a block device or regular file";
		return false;
	}
	int flags = O_CLOEXEC | (access == Access::read_write ? O_RDWR : O_RDONLY);
	if (is_block_ && access == Access::read_write)
		flags |= O_EXCL; // refuses a mounted or otherwise claimed device
	fd_ = ::open(path.c_str(), flags);
	if (fd_ < 0) {
		const int e = errno;
		err = path + ": " + std::strerror(e);
		if (e == EBUSY)
			err += " (mounted or in use?)";
		return false;
	}
	if (is_block_) {
		uint64_t bytes = 0;
		int ssz = 0;
		if (::ioctl(fd_, BLKGETSIZE64, &bytes) != 0 || ::ioctl(fd_, BLKSSZGET, &ssz) != 0) {
			err = path + ": cannot get device size: " + std::strerror(errno);
			return false;
		}
		size_ = bytes;
		sector_size_ = uint32_t(ssz);
	} else {
		size_ = uint64_t(st.st_size);
		sector_size_ = 512;
	}
	return true;
}

bool Target::read_at(uint64_t off, void *buf, size_t len, std::string &err) const
{
	auto *p = static_cast<char *>(buf);
	while (len > 0) {
		const ssize_t n = ::pread(fd_, p, len, off_t(off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = path_ + ": read at byte " + std::to_string(off) + ": " +
			      (n == 0 ? "unexpected end of device" : std::strerror(errno));
			return false;
		}
		p += n;
		off += uint64_t(n);
		len -= size_t(n);
	}
	return true;
}

bool Target::write_at(uint64_t off, const void *buf, size_t len, std::string &err) const
{
	auto *p = static_cast<const char *>(buf);
	while (len > 0) {
		const ssize_t n = ::pwrite(fd_, p, len, off_t(off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = path_ + ": write at byte " + std::to_string(off) + ": " +
			      (n == 0 ? "no progress" : std::strerror(errno));
			return false;
		}
		p += n;
		off += uint64_t(n);
		len -= size_t(n);
	}
	return true;
}

namespace {

/// A blkid probe bound to a target's descriptor, freed on scope exit.
class Probe {
public:
	explicit Probe(const Target &t) : pr_(blkid_new_probe())
	{
		if (pr_ && blkid_probe_set_device(pr_, t.fd(), 0, 0) != 0) {
			blkid_free_probe(pr_);
			pr_ = nullptr;
		}
	}
	~Probe()
	{
		if (pr_)
			blkid_free_probe(pr_);
	}
	Probe(const Probe &) = delete;
	Probe &operator=(const Probe &) = delete;
	blkid_probe get() const { return pr_; }

private:
	blkid_probe pr_;
};

std::string lookup(blkid_probe pr, const char *name)
{
	const char *data = nullptr;
	size_t len = 0;
	if (blkid_probe_lookup_value(pr, name, &data, &len) != 0 || !data)
		return {};
	return std::string(data, strnlen(data, len));
}

} // namespace

ProbeResult probe_target(const Target &t)
{
	ProbeResult r;
	Probe probe(t);
	blkid_probe pr = probe.get();
	if (!pr) {
		r.error = t.path() + ": libblkid cannot probe the device";
		return r;
	}
	r.size = uint64_t(blkid_probe_get_size(pr));
	r.sector_size = blkid_probe_get_sectorsize(pr);

	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE |
						      BLKID_SUBLKS_BADCSUM);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	int rc;
	while ((rc = blkid_do_probe(pr)) == 0) {
		std::string type = lookup(pr, "TYPE");
		std::string pttype = lookup(pr, "PTTYPE");
		if (!type.empty()) {
			const std::string usage = lookup(pr, "USAGE");
			r.found.push_back(type + (usage == "filesystem" || usage.empty() ? " filesystem"
											: " " + usage));
		} else if (!pttype.empty()) {
			r.found.push_back(pttype + " partition table");
		}
	}
	if (rc < 0) {
		r.error = t.path() + ": libblkid probing failed";
		return r;
	}

	// libblkid knows nothing of mpfs: look for our magic ourselves.
	mpfs_super_block sb{};
	std::string err;
	if (t.size() >= sizeof(sb) && t.read_at(0, &sb, sizeof(sb), err) && sb.s_magic == MPFS_MAGIC)
		r.found.push_back("mpfs filesystem");
	r.ok = true;
	return r;
}

bool wipe_signatures(const Target &t, std::string &err)
{
	Probe probe(t);
	blkid_probe pr = probe.get();
	if (!pr) {
		err = t.path() + ": libblkid cannot probe the device";
		return false;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_BADCSUM);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	int rc;
	while ((rc = blkid_do_probe(pr)) == 0) {
		if (blkid_do_wipe(pr, 0) != 0) {
			err = t.path() + ": cannot erase an existing signature: " + std::strerror(errno);
			return false;
		}
	}
	if (rc < 0) {
		err = t.path() + ": libblkid probing failed";
		return false;
	}
	return true;
}

} // namespace mpfs::tools
