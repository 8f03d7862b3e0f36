// SPDX-License-Identifier: GPL-2.0
// mpfs-stress randio FILE MIB SECONDS SEED: fsx-style random I/O on one file
// of up to MIB MiB for SECONDS (at least 32 operations), checked against a
// model of one generation number per 4 KiB page (fill_page: gen 0 is zeros).
// Operations: pwrite and pread of random page ranges, mmap loads and stores,
// truncate down and up, fsync, fadvise(DONTNEED), and whole-file streaming
// passes (rewrite in 1 MiB writes, read back in 1 MiB reads: writeback and
// readahead at full size). Every read is compared with the model at once; the
// whole file again at the end. Prints "randio: ops N faults-seen M ..." and
// exits 1 on the first mismatch or unexpected error (with the page, the op
// number and the seed).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "common.h"

namespace mpfs::stress {
namespace {

constexpr uint64_t kPage = 4096;

struct RandIo {
	int fd = -1;
	uint64_t key;
	uint64_t max_pages;
	uint64_t size_pages = 0;
	std::vector<uint64_t> gen;
	uint64_t next_gen = 1;
	uint64_t op = 0;
	uint64_t seed;
	std::vector<unsigned char> buf, want;

	bool fail(const char *what, uint64_t page, long rc = 0)
	{
		printf("randio: FAIL seed=%llu op=%llu %s at page %llu (rc %ld, errno %s)\n",
		       (unsigned long long)seed, (unsigned long long)op, what, (unsigned long long)page, rc,
		       errname(errno).c_str());
		return false;
	}

	bool write_pages(uint64_t p, uint64_t n)
	{
		buf.resize(n * kPage);
		uint64_t g = next_gen++;
		for (uint64_t i = 0; i < n; i++)
			fill_page(buf.data() + i * kPage, key, p + i, g);
		ssize_t r = pwrite(fd, buf.data(), n * kPage, p * kPage);
		if (r != (ssize_t)(n * kPage))
			return fail("pwrite", p, r);
		for (uint64_t i = 0; i < n; i++)
			gen[p + i] = g;
		if (p + n > size_pages)
			size_pages = p + n;
		return true;
	}

	bool check(const unsigned char *got, uint64_t p)
	{
		want.resize(kPage);
		fill_page(want.data(), key, p, gen[p]);
		if (memcmp(got, want.data(), kPage)) {
			errno = 0;
			return fail("data differs from the model", p);
		}
		return true;
	}

	bool read_pages(uint64_t p, uint64_t n)
	{
		buf.resize(n * kPage);
		ssize_t r = pread(fd, buf.data(), n * kPage, p * kPage);
		uint64_t expect = p >= size_pages ? 0 : std::min(n, size_pages - p) * kPage;
		if (r != (ssize_t)expect)
			return fail("pread length", p, r);
		for (uint64_t i = 0; i < expect / kPage; i++)
			if (!check(buf.data() + i * kPage, p + i))
				return false;
		return true;
	}

	bool mmap_op(Rng &rng)
	{
		if (size_pages == 0)
			return true;
		uint64_t len = size_pages * kPage;
		void *m = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED)
			return fail("mmap", 0, -1);
		auto *base = static_cast<unsigned char *>(m);
		bool ok = true;
		for (int k = 0; k < 8 && ok; k++) {
			uint64_t p = rng.below(size_pages);
			if (rng.below(2)) {
				ok = check(base + p * kPage, p);
			} else {
				uint64_t g = next_gen++;
				buf.resize(kPage);
				fill_page(buf.data(), key, p, g);
				memcpy(base + p * kPage, buf.data(), kPage);
				gen[p] = g;
			}
		}
		if (ok && rng.below(4) == 0 && msync(m, len, MS_SYNC) < 0)
			ok = fail("msync", 0, -1);
		munmap(m, len);
		return ok;
	}

	bool truncate_to(uint64_t pages)
	{
		if (ftruncate(fd, pages * kPage) < 0)
			return fail("ftruncate", pages, -1);
		for (uint64_t p = pages; p < max_pages; p++)
			gen[p] = 0;
		size_pages = pages;
		return true;
	}

	bool verify_all()
	{
		struct stat st;
		if (fstat(fd, &st) < 0 || (uint64_t)st.st_size != size_pages * kPage) {
			errno = 0;
			return fail("file size differs from the model", size_pages, (long)st.st_size);
		}
		for (uint64_t p = 0; p < size_pages; p += 256)
			if (!read_pages(p, std::min<uint64_t>(256, size_pages - p)))
				return false;
		return true;
	}
};

} // namespace

int randio_main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: mpfs-stress randio FILE MIB SECONDS SEED\n");
		return 2;
	}
	RandIo io;
	io.max_pages = strtoull(argv[2], nullptr, 0) * 256;
	double seconds = atof(argv[3]);
	io.seed = strtoull(argv[4], nullptr, 0);
	io.key = splitmix64(io.seed ^ 0x52414e44494fULL);
	io.gen.assign(io.max_pages, 0);
	io.fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (io.fd < 0) {
		perror(argv[1]);
		return 1;
	}
	Rng rng(io.seed);
	auto t0 = std::chrono::steady_clock::now();
	auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
	uint64_t streams = 0;
	bool ok = true;
	// Start with the whole file written: the first pass already exceeds a
	// memory.max smaller than the file.
	for (uint64_t p = 0; ok && p < io.max_pages; p += 256)
		ok = io.write_pages(p, std::min<uint64_t>(256, io.max_pages - p));
	// At least kMinOps random operations however short the time: under a
	// debug kernel the first pass alone outlasted a short run's share, and
	// the part reported 0 operations.
	constexpr uint64_t kMinOps = 32;
	while (ok && (elapsed() < seconds || io.op < kMinOps)) {
		io.op++;
		uint64_t r = rng.below(100);
		uint64_t p = rng.below(io.max_pages), n = 1 + rng.below(64);
		n = std::min(n, io.max_pages - p);
		if (r < 30) {
			ok = io.write_pages(p, n);
		} else if (r < 60) {
			ok = io.read_pages(p, n);
		} else if (r < 72) {
			ok = io.mmap_op(rng);
		} else if (r < 78) {
			ok = io.truncate_to(rng.below(io.max_pages + 1));
		} else if (r < 84) {
			ok = fsync(io.fd) == 0 || io.fail("fsync", 0, -1);
		} else if (r < 90) {
			int e = posix_fadvise(io.fd, 0, 0, POSIX_FADV_DONTNEED);
			errno = e;
			ok = e == 0 || io.fail("fadvise", 0, -1);
		} else if (r < 95) {
			streams++;
			for (uint64_t q = 0; ok && q < io.max_pages; q += 256)
				ok = io.write_pages(q, std::min<uint64_t>(256, io.max_pages - q));
		} else {
			streams++;
			ok = io.verify_all();
		}
	}
	if (ok)
		ok = fsync(io.fd) == 0 || io.fail("final fsync", 0, -1);
	if (ok) {
		posix_fadvise(io.fd, 0, 0, POSIX_FADV_DONTNEED);
		ok = io.verify_all();
	}
	// The model's hash of the whole file (fnv1a over its bytes, as `probe
	// scan` computes it), for a check after remount.
	uint64_t h = fnv1a("", 0);
	std::vector<unsigned char> page(kPage);
	for (uint64_t p = 0; p < io.size_pages; p++) {
		fill_page(page.data(), io.key, p, io.gen[p]);
		h = fnv1a(page.data(), kPage, h);
	}
	printf("randio: ops %llu, streaming passes %llu, final size %llu pages, model h=%016llx, %s\n",
	       (unsigned long long)io.op, (unsigned long long)streams, (unsigned long long)io.size_pages,
	       (unsigned long long)h, ok ? "verified" : "FAILED");
	close(io.fd);
	return ok ? 0 : 1;
}

} // namespace mpfs::stress
