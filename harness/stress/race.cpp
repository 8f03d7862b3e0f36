// SPDX-License-Identifier: GPL-2.0
// mpfs-stress race DIR SECONDS SEED [MODEL]: threads on the same files for
// SECONDS, then a model check.
// mpfs-stress race-verify DIR SEED MODEL: the model check alone (after a
// remount: what reached the disk).
//
// Files DIR/race0..2, each kRegions regions of kRegionPages pages (the data
// part, D bytes) plus a tail past D that only the truncater changes. Region r
// belongs to writer r % 2; a writer rewrites its regions whole, by pwrite or
// by stores through a shared mapping, each time with a new generation, and
// records the generation when the write returned: at the end every region
// must read back as the generation recorded last (fill_page). Meanwhile:
// a pread reader and an mmap reader over the whole file (a SIGBUS inside the
// data part is a failure), a truncater (size between D and D + 64 KiB:
// truncate shrinks and extends under the readers and the writeback of the
// data part), fsync/fdatasync, fadvise(DONTNEED) and drop_caches, and the
// READAHEAD, WRITEPAGES, READ_FOLIO and INVALIDATE ioctls over random
// ranges. An error other than the documented EBUSY of READ_FOLIO/INVALIDATE
// (a page dirty or redirtied meanwhile) is a failure.
#include <atomic>
#include <chrono>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "client.h"
#include "common.h"

namespace mpfs::stress {
namespace {

constexpr uint64_t kPage = 4096;
constexpr int kFiles = 3;
constexpr uint64_t kRegions = 48;
constexpr uint64_t kRegionPages = 8;
constexpr uint64_t kDataBytes = kRegions * kRegionPages * kPage;

std::atomic<bool> stop{false};
std::atomic<uint64_t> failures{0};
std::atomic<uint64_t> writes{0};
std::mutex out_mu;
uint64_t g_seed;

struct Counts {
	std::atomic<uint64_t> ops{0};
};

void report(const char *who, const std::string &what)
{
	std::lock_guard<std::mutex> l(out_mu);
	if (++failures > 20)
		return; // counted, not printed: the first ones tell the story
	printf("race: FAIL seed=%llu %s: %s\n", (unsigned long long)g_seed, who, what.c_str());
	fflush(stdout);
}

std::string path_of(const std::string &dir, int f) { return dir + "/race" + std::to_string(f); }

uint64_t key_of(int f) { return splitmix64(g_seed * 31 + f + 0x7261636500ULL); }

// model[f][r]: generation of region r of file f when its last write returned
std::vector<std::vector<std::atomic<uint64_t>>> model;

thread_local sigjmp_buf t_bus_jmp;
thread_local volatile sig_atomic_t t_bus_armed = 0;
void on_sigbus(int)
{
	if (t_bus_armed)
		siglongjmp(t_bus_jmp, 1);
	_exit(98);
}

int fds[kFiles];

// Memory accesses that may raise SIGBUS, each in its own frame so that no
// caller's local lives across the sigsetjmp. false: SIGBUS.
__attribute__((noinline)) bool guarded_copy(void *dst, const void *src, size_t n)
{
	if (sigsetjmp(t_bus_jmp, 1) != 0) {
		t_bus_armed = 0;
		return false;
	}
	t_bus_armed = 1;
	memcpy(dst, src, n);
	t_bus_armed = 0;
	return true;
}

__attribute__((noinline)) bool guarded_load(const volatile unsigned char *p)
{
	if (sigsetjmp(t_bus_jmp, 1) != 0) {
		t_bus_armed = 0;
		return false;
	}
	t_bus_armed = 1;
	(void)*p;
	t_bus_armed = 0;
	return true;
}

void writer(int w, const std::string &dir)
{
	Rng rng(g_seed * 1000 + w);
	std::vector<unsigned char> buf(kRegionPages * kPage);
	void *maps[kFiles];
	for (int f = 0; f < kFiles; f++) {
		maps[f] = mmap(nullptr, kDataBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fds[f], 0);
		if (maps[f] == MAP_FAILED) {
			report("writer", "mmap failed");
			return;
		}
	}
	uint64_t counter = 0;
	while (!stop) {
		int f = rng.below(kFiles);
		uint64_t r = rng.below(kRegions / 2) * 2 + w;
		uint64_t g = (uint64_t(w + 1) << 40) | ++counter;
		for (uint64_t i = 0; i < kRegionPages; i++)
			fill_page(buf.data() + i * kPage, key_of(f), r * kRegionPages + i, g);
		if (rng.below(3) == 0) {
			auto *dst = static_cast<unsigned char *>(maps[f]) + r * kRegionPages * kPage;
			if (!guarded_copy(dst, buf.data(), buf.size())) {
				report("writer", "SIGBUS storing into region " + std::to_string(r) + " of race" +
								 std::to_string(f));
				break;
			}
		} else {
			ssize_t n = pwrite(fds[f], buf.data(), buf.size(), r * kRegionPages * kPage);
			if (n != (ssize_t)buf.size()) {
				report("writer", "pwrite returned " + std::to_string(n) + " " + errname(errno));
				break;
			}
		}
		model[f][r] = g;
		writes++;
	}
	for (int f = 0; f < kFiles; f++)
		munmap(maps[f], kDataBytes);
}

void reader(Counts &c)
{
	Rng rng(g_seed * 1000 + 10);
	std::vector<unsigned char> buf(256 * 1024);
	while (!stop) {
		int f = rng.below(kFiles);
		uint64_t off = rng.below(kDataBytes + 64 * 1024), len = 1 + rng.below(buf.size());
		if (pread(fds[f], buf.data(), len, off) < 0)
			report("reader", "pread " + errname(errno));
		c.ops++;
	}
}

void mmap_reader(Counts &c)
{
	Rng rng(g_seed * 1000 + 11);
	void *maps[kFiles];
	for (int f = 0; f < kFiles; f++)
		maps[f] = mmap(nullptr, kDataBytes, PROT_READ, MAP_SHARED, fds[f], 0);
	while (!stop) {
		int f = rng.below(kFiles);
		if (maps[f] == MAP_FAILED)
			break;
		auto *p = static_cast<volatile unsigned char *>(maps[f]);
		uint64_t off = rng.below(kDataBytes);
		bool ok = true;
		for (uint64_t i = 0; ok && i < 16 && off + i * kPage < kDataBytes; i++)
			ok = guarded_load(p + off + i * kPage);
		if (!ok) {
			report("mmap-reader", "SIGBUS inside the data part at " + std::to_string(off));
			break;
		}
		c.ops++;
	}
	for (int f = 0; f < kFiles; f++)
		if (maps[f] != MAP_FAILED)
			munmap(maps[f], kDataBytes);
}

void truncater(Counts &c)
{
	Rng rng(g_seed * 1000 + 12);
	while (!stop) {
		int f = rng.below(kFiles);
		uint64_t size = kDataBytes + (rng.below(3) ? rng.below(64 * 1024) : 0);
		if (ftruncate(fds[f], size) < 0)
			report("truncater", "ftruncate " + errname(errno));
		c.ops++;
		usleep(rng.below(2000));
	}
}

void syncer(Counts &c)
{
	Rng rng(g_seed * 1000 + 13);
	while (!stop) {
		int f = rng.below(kFiles);
		int rc = rng.below(2) ? fsync(fds[f]) : fdatasync(fds[f]);
		if (rc < 0)
			report("syncer", "fsync " + errname(errno));
		c.ops++;
		usleep(rng.below(20000));
	}
}

void dropper(Counts &c)
{
	Rng rng(g_seed * 1000 + 14);
	while (!stop) {
		int f = rng.below(kFiles);
		if (rng.below(8) == 0) {
			int d = open("/proc/sys/vm/drop_caches", O_WRONLY);
			if (d < 0 || write(d, rng.below(2) ? "1\n" : "3\n", 2) != 2)
				report("dropper", "drop_caches " + errname(errno));
			if (d >= 0)
				close(d);
		} else {
			uint64_t off = rng.below(kDataBytes), len = rng.below(kDataBytes);
			int e = posix_fadvise(fds[f], off, len, POSIX_FADV_DONTNEED);
			if (e)
				report("dropper", "fadvise " + errname(e));
		}
		c.ops++;
		usleep(rng.below(20000));
	}
}

void ioctler(Counts &c)
{
	Rng rng(g_seed * 1000 + 15);
	const uint64_t pages = kDataBytes / kPage;
	while (!stop) {
		int f = rng.below(kFiles);
		int e = 0;
		const char *what = "";
		switch (rng.below(4)) {
		case 0:
			what = "READAHEAD";
			e = mpfs::ctl::readahead(fds[f], rng.below(pages + 16), 1 + rng.below(64));
			break;
		case 1: {
			what = "WRITEPAGES";
			uint64_t w;
			e = mpfs::ctl::writepages(fds[f], rng.below(kDataBytes), rng.below(kDataBytes),
						  1 + rng.below(64), rng.below(2) ? MPFS_WB_SYNC_ALL : MPFS_WB_SYNC_NONE, &w);
			break;
		}
		case 2:
			what = "READ_FOLIO";
			e = mpfs::ctl::read_folio(fds[f], rng.below(pages));
			if (e == -EBUSY)
				e = 0;
			break;
		case 3:
			what = "INVALIDATE";
			e = mpfs::ctl::invalidate(fds[f], rng.below(kDataBytes), rng.below(256 * 1024));
			if (e == -EBUSY)
				e = 0;
			break;
		}
		if (e)
			report("ioctl", std::string(what) + " " + errname(-e));
		c.ops++;
		usleep(rng.below(5000));
	}
}

int verify(const std::string &dir)
{
	std::vector<unsigned char> got(kRegionPages * kPage), want(kPage);
	uint64_t bad = 0;
	for (int f = 0; f < kFiles; f++) {
		int fd = open(path_of(dir, f).c_str(), O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || (uint64_t)st.st_size < kDataBytes) {
			report("verify", path_of(dir, f) + ": missing or shorter than its data part");
			bad++;
			continue;
		}
		for (uint64_t r = 0; r < kRegions; r++) {
			ssize_t n = pread(fd, got.data(), got.size(), r * kRegionPages * kPage);
			if (n != (ssize_t)got.size()) {
				report("verify", "read of region " + std::to_string(r) + ": " + errname(errno));
				bad++;
				continue;
			}
			for (uint64_t i = 0; i < kRegionPages; i++) {
				uint64_t p = r * kRegionPages + i;
				fill_page(want.data(), key_of(f), p, model[f][r]);
				if (memcmp(got.data() + i * kPage, want.data(), kPage)) {
					report("verify", "race" + std::to_string(f) + " page " + std::to_string(p) +
								 " (region " + std::to_string(r) + ") differs from generation " +
								 std::to_string(model[f][r]));
					bad++;
					break;
				}
			}
		}
		close(fd);
	}
	return bad ? 1 : 0;
}

void init_model()
{
	model = std::vector<std::vector<std::atomic<uint64_t>>>(kFiles);
	for (auto &m : model)
		m = std::vector<std::atomic<uint64_t>>(kRegions);
}

} // namespace

int race_main(int argc, char **argv)
{
	std::string sub = argv[0];
	if (sub == "race-verify") {
		if (argc != 4)
			return 2;
		g_seed = strtoull(argv[2], nullptr, 0);
		init_model();
		FILE *m = fopen(argv[3], "r");
		if (!m) {
			perror(argv[3]);
			return 2;
		}
		int f;
		unsigned long long r, g;
		while (fscanf(m, "%d %llu %llu", &f, &r, &g) == 3)
			if (f >= 0 && f < kFiles && r < kRegions)
				model[f][r] = g;
		fclose(m);
		int rc = verify(argv[1]);
		printf("race-verify: %s\n", rc ? "FAILED" : "every region holds its last generation");
		return rc;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: mpfs-stress race DIR SECONDS SEED [MODEL]\n");
		return 2;
	}
	std::string dir = argv[1];
	double seconds = atof(argv[2]);
	g_seed = strtoull(argv[3], nullptr, 0);
	init_model();
	struct sigaction sa = {};
	sa.sa_handler = on_sigbus;
	sigaction(SIGBUS, &sa, nullptr);

	std::vector<unsigned char> buf(kRegionPages * kPage);
	for (int f = 0; f < kFiles; f++) {
		fds[f] = open(path_of(dir, f).c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fds[f] < 0) {
			perror("open");
			return 1;
		}
		for (uint64_t r = 0; r < kRegions; r++) {
			for (uint64_t i = 0; i < kRegionPages; i++)
				fill_page(buf.data() + i * kPage, key_of(f), r * kRegionPages + i, 1);
			if (pwrite(fds[f], buf.data(), buf.size(), r * kRegionPages * kPage) != (ssize_t)buf.size()) {
				perror("pwrite");
				return 1;
			}
			model[f][r] = 1;
		}
		fsync(fds[f]);
	}

	Counts reads, mreads, truncs, syncs, drops, ioctls;
	std::vector<std::thread> ts;
	ts.emplace_back(writer, 0, dir);
	ts.emplace_back(writer, 1, dir);
	ts.emplace_back(reader, std::ref(reads));
	ts.emplace_back(mmap_reader, std::ref(mreads));
	ts.emplace_back(truncater, std::ref(truncs));
	ts.emplace_back(syncer, std::ref(syncs));
	ts.emplace_back(dropper, std::ref(drops));
	ts.emplace_back(ioctler, std::ref(ioctls));
	std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
	stop = true;
	for (auto &t : ts)
		t.join();

	for (int f = 0; f < kFiles; f++) {
		if (fsync(fds[f]) < 0)
			report("final", "fsync " + errname(errno));
		close(fds[f]);
	}
	if (argc >= 5) {
		FILE *m = fopen(argv[4], "w");
		for (int f = 0; f < kFiles && m; f++)
			for (uint64_t r = 0; r < kRegions; r++)
				fprintf(m, "%d %llu %llu\n", f, (unsigned long long)r, (unsigned long long)model[f][r].load());
		if (m)
			fclose(m);
	}
	verify(dir);
	uint64_t total = writes + reads.ops + mreads.ops + truncs.ops + syncs.ops + drops.ops + ioctls.ops;
	printf("race: ops %llu (write %llu, pread %llu, mmap-read %llu, truncate %llu, fsync %llu, drop %llu, ioctl %llu), "
	       "failures %llu\n",
	       (unsigned long long)total, (unsigned long long)writes.load(), (unsigned long long)reads.ops.load(), (unsigned long long)mreads.ops.load(),
	       (unsigned long long)truncs.ops.load(), (unsigned long long)syncs.ops.load(),
	       (unsigned long long)drops.ops.load(), (unsigned long long)ioctls.ops.load(),
	       (unsigned long long)failures.load());
	return failures ? 1 : 0;
}

} // namespace mpfs::stress
