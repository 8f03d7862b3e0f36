// SPDX-License-Identifier: GPL-2.0
#include "client.h"

#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mpfs::ctl {
namespace {

int ioctl_rc(int rc) { return rc < 0 ? -errno : 0; }

std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

} // namespace

int get_info(int fd, mpfs_ioc_info &out)
{
	memset(&out, 0, sizeof(out));
	return ioctl_rc(ioctl(fd, MPFS_IOC_GET_INFO, &out));
}

int reset_stats(int fd) { return ioctl_rc(ioctl(fd, MPFS_IOC_RESET_STATS, 0)); }

int readahead(int fd, uint64_t index, uint64_t nr_pages)
{
	mpfs_ioc_readahead a{};
	a.index = index;
	a.nr_pages = nr_pages;
	return ioctl_rc(ioctl(fd, MPFS_IOC_READAHEAD, &a));
}

int read_folio(int fd, uint64_t index)
{
	mpfs_ioc_read_folio a{};
	a.index = index;
	return ioctl_rc(ioctl(fd, MPFS_IOC_READ_FOLIO, &a));
}

int writepages(int fd, uint64_t offset, uint64_t length, int64_t nr_to_write, uint32_t sync_mode,
	       uint64_t *pages_written)
{
	mpfs_ioc_writepages a{};
	a.offset = offset;
	a.length = length;
	a.nr_to_write = nr_to_write;
	a.sync_mode = sync_mode;
	int rc = ioctl_rc(ioctl(fd, MPFS_IOC_WRITEPAGES, &a));
	if (rc == 0 && pages_written)
		*pages_written = a.pages_written;
	return rc;
}

int invalidate(int fd, uint64_t offset, uint64_t length)
{
	mpfs_ioc_range a{};
	a.offset = offset;
	a.length = length;
	return ioctl_rc(ioctl(fd, MPFS_IOC_INVALIDATE, &a));
}

int fault(int fd, uint32_t kind, uint64_t nth)
{
	mpfs_ioc_fault a{};
	a.kind = kind;
	a.nth = nth;
	return ioctl_rc(ioctl(fd, MPFS_IOC_FAULT, &a));
}

const char *engine_name(uint32_t engine)
{
	switch (engine) {
	case MPFS_ENGINE_KERNEL: return "kernel";
	case MPFS_ENGINE_PORT: return "port";
	case MPFS_ENGINE_IOMAP: return "iomap";
	default: return "unknown";
	}
}

const char *fallback_name(unsigned reason)
{
	static const char *const names[MPFS_FALLBACK_NR] = {
		"had_buffers", "hole_then_data", "discontiguous", "uptodate_mapping",
		"bio_alloc_failed", "past_eof", "get_block_error",
	};
	return reason < MPFS_FALLBACK_NR ? names[reason] : "unknown";
}

const char *fault_kind_name(uint32_t kind)
{
	switch (kind) {
	case MPFS_FAULT_NONE: return "none";
	case MPFS_FAULT_GET_BLOCK: return "get-block";
	case MPFS_FAULT_BIO_ALLOC: return "bio-alloc";
	case MPFS_FAULT_MAP_UNMAPPED: return "map-unmapped";
	case MPFS_FAULT_TRUNCATE_WB: return "truncate-wb";
	default: return "unknown";
	}
}

int fault_kind_from_name(const std::string &name)
{
	for (uint32_t k : {MPFS_FAULT_NONE, MPFS_FAULT_GET_BLOCK, MPFS_FAULT_BIO_ALLOC,
			   MPFS_FAULT_MAP_UNMAPPED, MPFS_FAULT_TRUNCATE_WB})
		if (name == fault_kind_name(k))
			return static_cast<int>(k);
	return -1;
}

std::vector<Counter> counters(const mpfs_ioc_info &info)
{
	const mpfs_ioc_stats &s = info.stats;
	auto valid = [&](unsigned slot) { return ((info.stats_valid >> slot) & 1) != 0; };
	std::vector<Counter> out;
	auto add = [&](const std::string &name, const __u64 &field) {
		unsigned slot = static_cast<unsigned>(&field - reinterpret_cast<const __u64 *>(&s));
		out.push_back({name, field, valid(slot)});
	};
	add("read_bios", s.read_bios);
	add("write_bios", s.write_bios);
	add("read_pages", s.read_pages);
	add("write_pages", s.write_pages);
	add("read_bytes", s.read_bytes);
	add("write_bytes", s.write_bytes);
	add("avg_read_bio_bytes", s.avg_read_bio_bytes);
	add("avg_write_bio_bytes", s.avg_write_bio_bytes);
	for (unsigned i = 0; i < MPFS_FALLBACK_NR; i++)
		add(std::string("fallback_") + fallback_name(i), s.fallback[i]);
	add("boundary_submits", s.boundary_submits);
	add("tail_zeroings", s.tail_zeroings);
	add("hole_pages", s.hole_pages);
	add("rw_page_hits", s.rw_page_hits);
	add("get_block_calls", s.get_block_calls);
	return out;
}

std::string info_text(const mpfs_ioc_info &info)
{
	std::string t;
	t += format("abi_version  %u\n", info.abi_version);
	t += format("engine       %s\n", engine_name(info.engine));
	t += format("block_size   %u\n", info.block_size);
	t += format("page_size    %u\n", info.page_size);
	t += format("fault        %s nth=%" PRIu64 " calls=%" PRIu64 "\n", fault_kind_name(info.fault_kind),
		    static_cast<uint64_t>(info.fault_nth), static_cast<uint64_t>(info.fault_calls));
	for (const Counter &c : counters(info)) {
		if (c.valid)
			t += format("%-28s %" PRIu64 "\n", c.name.c_str(), c.value);
		else
			t += format("%-28s -  (not counted by engine=%s)\n", c.name.c_str(),
				    engine_name(info.engine));
	}
	return t;
}

std::string info_json(const mpfs_ioc_info &info)
{
	std::string j = "{";
	j += format("\"abi_version\": %u, \"engine\": \"%s\", \"block_size\": %u, \"page_size\": %u, ",
		    info.abi_version, engine_name(info.engine), info.block_size, info.page_size);
	j += format("\"fault\": {\"kind\": \"%s\", \"nth\": %" PRIu64 ", \"calls\": %" PRIu64 "}, ",
		    fault_kind_name(info.fault_kind), static_cast<uint64_t>(info.fault_nth),
		    static_cast<uint64_t>(info.fault_calls));
	j += "\"counters\": {";
	bool first = true;
	for (const Counter &c : counters(info)) {
		j += format("%s\"%s\": ", first ? "" : ", ", c.name.c_str());
		j += c.valid ? format("%" PRIu64, c.value) : std::string("null");
		first = false;
	}
	j += "}}";
	return j;
}

int residency(int fd, std::vector<bool> &pages)
{
	pages.clear();
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size == 0)
		return 0;
	long psz = sysconf(_SC_PAGESIZE);
	size_t npages = (static_cast<uint64_t>(st.st_size) + psz - 1) / psz;
	void *map = mmap(nullptr, npages * psz, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	std::vector<unsigned char> vec(npages);
	int rc = mincore(map, npages * psz, vec.data()) < 0 ? -errno : 0;
	munmap(map, npages * psz);
	if (rc == 0)
		for (unsigned char v : vec)
			pages.push_back((v & 1) != 0);
	return rc;
}

} // namespace mpfs::ctl
