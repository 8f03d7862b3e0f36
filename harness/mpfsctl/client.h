// SPDX-License-Identifier: GPL-2.0
// Userspace side of the mpfs ioctls (uapi/mpfs_ioctl.h): thin wrappers that
// return 0 or -errno, plus text and JSON renderings of GET_INFO. Shared by
// mpfsctl, the in-guest test suite and the trace comparator's workloads.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "uapi/mpfs_ioctl.h"

namespace mpfs::ctl {

int get_info(int fd, mpfs_ioc_info &out);
int reset_stats(int fd);
int readahead(int fd, uint64_t index, uint64_t nr_pages);
int read_folio(int fd, uint64_t index);
/// @pages_written receives the pages written on success.
int writepages(int fd, uint64_t offset, uint64_t length, int64_t nr_to_write, uint32_t sync_mode,
	       uint64_t *pages_written);
int invalidate(int fd, uint64_t offset, uint64_t length);
int fault(int fd, uint32_t kind, uint64_t nth);

const char *engine_name(uint32_t engine);
const char *fallback_name(unsigned reason);
const char *fault_kind_name(uint32_t kind);
/// MPFS_FAULT_* from "none", "get-block", "bio-alloc", "map-unmapped",
/// "truncate-wb"; -1 if unknown.
int fault_kind_from_name(const std::string &name);

/// One (name, value, counted-by-this-engine) row per counter of GET_INFO, in
/// struct order; the reserved slots are left out.
struct Counter {
	std::string name;
	uint64_t value;
	bool valid;
};
std::vector<Counter> counters(const mpfs_ioc_info &info);

std::string info_text(const mpfs_ioc_info &info);
std::string info_json(const mpfs_ioc_info &info);

/// Page-cache residency of the file behind @fd (mincore on a read-only
/// shared mapping): one bool per page of the file. Empty for an empty file.
/// Returns 0 or -errno.
int residency(int fd, std::vector<bool> &pages);

} // namespace mpfs::ctl
