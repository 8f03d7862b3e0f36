// SPDX-License-Identifier: GPL-2.0
// mpfs-cost: one bench workload on a file of a mounted mpfs, timed with the
// calling thread's CPU clock (CLOCK_THREAD_CPUTIME_ID). Driven by mpfs-bench
// in a guest booted with `vm-run --icount`, where that clock advances by one
// ns per guest instruction executed while this thread is on the CPU, so the
// figures repeat from run to run.
//
// Every workload prints one line: TOTAL BASE BYTES GET_BLOCK_CALLS
//   TOTAL  CPU ns of the workload;
//   BASE   CPU ns of the part of it that does not depend on the engine
//          (the same bytes read again from a warm cache, the write() calls
//          before the writeback; 0 where there is no such part), so
//          TOTAL - BASE is the cost of the engine's path plus the page-cache
//          and block-layer work around it;
//   BYTES  bytes the workload moved;
//   GET_BLOCK_CALLS  mpfs get_block calls during the whole run (GET_INFO).
// A read workload first reads the file's indirect blocks (cache_metadata).
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "client.h"

namespace {

const char kUsage[] =
	"usage: mpfs-cost WORKLOAD FILE [ARGS]\n"
	"  seq FILE               read() the file in 128 KiB chunks, cold then warm\n"
	"  mmap FILE              touch every page of a shared mapping, cold then warm\n"
	"  read-folio FILE N SEED READ_FOLIO ioctl on N distinct pages in random order\n"
	"  write FILE KIB [CHUNK] write KIB KiB (1 MiB writes) into a new file, then a\n"
	"                         WRITEPAGES ioctl (WB_SYNC_ALL, as fsync) per CHUNK KiB\n"
	"                         (default: all), then fsync\n"
	"prints: TOTAL_NS BASE_NS BYTES GET_BLOCK_CALLS\n";

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMiB = 1 << 20;

[[noreturn]] void die(const std::string &what, int err = errno)
{
	fprintf(stderr, "mpfs-cost: %s: %s\n", what.c_str(), strerror(err));
	exit(1);
}

[[noreturn]] void usage(const std::string &msg)
{
	fprintf(stderr, "mpfs-cost: %s\n%s", msg.c_str(), kUsage);
	exit(2);
}

uint64_t number(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || end == s || *s == '-')
		usage(std::string("bad number '") + s + "'");
	return v;
}

uint64_t cpu_ns()
{
	timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

/// CPU ns spent in @f.
template <typename F> uint64_t timed(F &&f)
{
	uint64_t t0 = cpu_ns();
	f();
	return cpu_ns() - t0;
}

uint64_t file_size(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		die("fstat");
	return uint64_t(st.st_size);
}

/// Read the file's indirect blocks into the buffer cache (FIBMAP of the first
/// block each one maps; mpfs: 12 direct pointers, 4-byte pointers), leaving
/// the file's own pages uncached: a cold read then sleeps only for its data,
/// never inside the engine for a metadata read.
void cache_metadata(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		die("fstat");
	uint64_t blocks = (uint64_t(st.st_size) + st.st_blksize - 1) / st.st_blksize;
	for (uint64_t b = 12; b < blocks; b += st.st_blksize / 4) {
		int x = int(b);
		if (ioctl(fd, FIBMAP, &x) < 0)
			die("FIBMAP");
	}
}

struct Result {
	uint64_t total = 0, base = 0, bytes = 0;
};

Result seq(int fd)
{
	std::vector<char> buf(128 << 10);
	Result r;
	auto pass = [&] {
		ssize_t n;
		uint64_t off = 0;
		while ((n = pread(fd, buf.data(), buf.size(), off)) > 0)
			off += uint64_t(n);
		if (n < 0)
			die("read");
		r.bytes = off;
	};
	r.total = timed(pass);
	r.base = timed(pass);
	return r;
}

Result mmap_read(int fd)
{
	uint64_t size = file_size(fd);
	Result r;
	r.bytes = size;
	volatile unsigned sum = 0;  // keeps the loads
	auto pass = [&] {
		void *p = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			die("mmap");
		const volatile char *c = static_cast<const char *>(p);
		for (uint64_t off = 0; off < size; off += kPage)
			sum = sum + unsigned(c[off]);
		munmap(p, size);
	};
	r.total = timed(pass);
	r.base = timed(pass);
	return r;
}

Result read_folio(int fd, uint64_t n, uint64_t seed)
{
	uint64_t pages = file_size(fd) / kPage;
	if (n > pages)
		usage("read-folio: N is larger than the file's page count");
	// The first n of a Fisher-Yates shuffle (LCG driven): distinct pages,
	// the same ones on every run with the same seed.
	std::vector<uint64_t> idx(pages);
	for (uint64_t i = 0; i < pages; i++)
		idx[i] = i;
	uint64_t x = seed * 2862933555777941757ull + 3037000493ull;
	for (uint64_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		std::swap(idx[i], idx[i + (x >> 33) % (pages - i)]);
	}
	Result r;
	r.bytes = n * kPage;
	r.total = timed([&] {
		for (uint64_t i = 0; i < n; i++)
			if (int rc = mpfs::ctl::read_folio(fd, idx[i]))
				die("READ_FOLIO", -rc);
	});
	return r;
}

/// Write @bytes in write() calls of up to 1 MiB; the timed part is returned.
uint64_t write_bytes(int fd, uint64_t bytes)
{
	std::vector<char> buf(kMiB);
	for (size_t i = 0; i < buf.size(); i++)
		buf[i] = static_cast<char>(i * 7 + 3);
	return timed([&] {
		for (uint64_t done = 0; done < bytes;) {
			size_t n = std::min<uint64_t>(buf.size(), bytes - done);
			if (::write(fd, buf.data(), n) != ssize_t(n))
				die("write");
			done += n;
		}
	});
}

/// write() @bytes (the base), then the writeback fsync starts, timed: a
/// WRITEPAGES ioctl with WB_SYNC_ALL, which is what fsync's filemap_fdatawrite
/// does, per @chunk bytes, each followed by an untimed wait for that range's
/// writeback (so the next one finds free request tags). The fsync at the end
/// is not timed: what it adds (waiting, the inode write) is the same for both
/// engines, and how often it sleeps depends on when the host completes I/O.
Result write_writeback(int fd, uint64_t bytes, uint64_t chunk)
{
	Result r;
	r.bytes = bytes;
	r.base = write_bytes(fd, bytes);
	r.total = r.base;
	for (uint64_t off = 0; off < bytes; off += chunk) {
		r.total += timed([&] {
			if (int rc = mpfs::ctl::writepages(fd, off, chunk, INT64_MAX, MPFS_WB_SYNC_ALL, nullptr))
				die("WRITEPAGES", -rc);
		});
		if (sync_file_range(fd, off64_t(off), off64_t(chunk), SYNC_FILE_RANGE_WAIT_AFTER) < 0)
			die("sync_file_range");
	}
	if (fsync(fd) < 0)
		die("fsync");
	return r;
}

} // namespace

int main(int argc, char **argv)
{
	if (argc < 3)
		usage("expected WORKLOAD FILE");
	std::string w = argv[1];
	bool creates = w == "write";
	size_t nargs = w == "read-folio" ? 2 : creates ? 1 : 0;
	if (size_t(argc) != 3 + nargs && !(creates && argc == 5))
		usage(w + ": wrong number of arguments");
	int fd = open(argv[2], creates ? (O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC), 0644);
	if (fd < 0)
		die(argv[2]);
	// Above the irq threads (SCHED_FIFO 50 under threadirqs): completions
	// then wait until this thread blocks instead of preempting it at times
	// that depend on the host's I/O speed.
	sched_param sp{};
	sp.sched_priority = 60;
	if (sched_setscheduler(0, SCHED_FIFO, &sp) < 0)
		die("sched_setscheduler");
	if (!creates)
		cache_metadata(fd);
	if (int rc = mpfs::ctl::reset_stats(fd))
		die("RESET_STATS", -rc);

	Result r;
	if (w == "seq")
		r = seq(fd);
	else if (w == "mmap")
		r = mmap_read(fd);
	else if (w == "read-folio")
		r = read_folio(fd, number(argv[3]), number(argv[4]));
	else if (w == "write")
		r = write_writeback(fd, number(argv[3]) * 1024,
				    (argc > 4 ? number(argv[4]) : number(argv[3])) * 1024);
	else
		usage("unknown workload '" + w + "'");

	mpfs_ioc_info info;
	if (int rc = mpfs::ctl::get_info(fd, info))
		die("GET_INFO", -rc);
	close(fd);
	printf("%llu %llu %llu %llu\n", (unsigned long long)r.total, (unsigned long long)r.base,
	       (unsigned long long)r.bytes, (unsigned long long)info.stats.get_block_calls);
	return 0;
}
