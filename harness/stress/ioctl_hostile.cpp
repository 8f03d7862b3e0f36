// SPDX-License-Identifier: GPL-2.0
// mpfs-ioctl-hostile: part 6 of make stress (hostile ioctl callers), in the guest.
//
//   mpfs-ioctl-hostile --dir MNT --engine E --seed N [--seconds T] [--min-calls N]
//
// Two callers issue random ioctls on one file of a mounted mpfs while an I/O
// worker reads, writes, truncates, fsyncs and maps the same file: one as root,
// one as nobody (setuid 65534, so without CAP_SYS_ADMIN). Commands are drawn
// in and around the MPFS magic (the seven real ones, real numbers with a
// wrong size or direction, neighbouring magics, any nr), arguments from
// valid, misaligned, NULL, unmapped, half-mapped, read-only and kernel-space
// pointers and random contents. Every return is checked against the errnos
// the ABI allows for that command and pointer (docs/ioctl.md); FAULT must
// give EPERM to nobody whatever the argument. Faults root arms are limited
// to the port's GET_BLOCK and BIO_ALLOC (an error on a read or writeback,
// which the I/O worker tolerates), never ones that write to other blocks.
#include <cerrno>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "image.h" // mpfs::stress::Rng
#include "uapi/mpfs_ioctl.h"

namespace {

double now()
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

const unsigned kCmds[] = {MPFS_IOC_GET_INFO,  MPFS_IOC_RESET_STATS, MPFS_IOC_READAHEAD, MPFS_IOC_READ_FOLIO,
			  MPFS_IOC_WRITEPAGES, MPFS_IOC_INVALIDATE, MPFS_IOC_FAULT};

unsigned mk(unsigned dir, unsigned type, unsigned nr, unsigned size)
{
	return (dir << 30) | ((size & 0x3fff) << 16) | ((type & 0xff) << 8) | (nr & 0xff);
}

/// Counts one caller sends back to the parent.
struct Counts {
	uint64_t calls = 0, ok = 0, enotty = 0, efault = 0, einval = 0, eperm = 0, other_ok_errno = 0;
	uint64_t faults_armed = 0, failures = 0;
};

enum class Ptr { good, misaligned, null, low, unmapped, half, readonly, kernel, random, count };

class Caller {
public:
	Caller(mpfs::stress::Rng &r, int fd, int dirfd, bool root, const std::string &engine, uint64_t seed)
		: r_(r), fd_(fd), dirfd_(dirfd), root_(root), engine_(engine), seed_(seed)
	{
		const long pg = sysconf(_SC_PAGESIZE);
		pg_ = size_t(pg);
		// [good page][guard page, unmapped][read-only page]
		area_ = static_cast<uint8_t *>(mmap(nullptr, 3 * pg_, PROT_READ | PROT_WRITE,
						    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
		munmap(area_ + pg_, pg_);
		mprotect(area_ + 2 * pg_, pg_, PROT_READ);
		void *gone = mmap(nullptr, pg_, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(gone, pg_);
		unmapped_ = reinterpret_cast<uintptr_t>(gone);
	}

	void call(Counts &c);

private:
	mpfs::stress::Rng &r_;
	int fd_, dirfd_;
	bool root_;
	const std::string &engine_;
	uint64_t seed_;
	size_t pg_;
	uint8_t *area_;
	uintptr_t unmapped_;

	void fill_args(uint8_t *buf, size_t len, unsigned cmd);
	void fail(Counts &c, unsigned cmd, Ptr p, bool on_dir, int ret, int e, const char *expected);
};

void Caller::fill_args(uint8_t *buf, size_t len, unsigned cmd)
{
	memset(buf, 0, len);
	if (r_.chance(25)) { // garbage everywhere
		for (size_t k = 0; k < len; k++)
			buf[k] = uint8_t(r_.next());
		return;
	}
	const uint64_t big[] = {0, 1, 2, 7, 64, 4096, 1u << 20, uint64_t(1) << 40, uint64_t(INT64_MAX),
				~uint64_t(0), uint64_t(1) << 63};
	auto pick = [&]() { return r_.chance(60) ? r_.below(160) : big[r_.below(11)]; };
	switch (cmd) {
	case MPFS_IOC_READAHEAD: {
		auto *a = reinterpret_cast<mpfs_ioc_readahead *>(buf);
		a->index = pick();
		a->nr_pages = r_.chance(80) ? r_.below(64) : pick();
		break;
	}
	case MPFS_IOC_READ_FOLIO:
		reinterpret_cast<mpfs_ioc_read_folio *>(buf)->index = pick();
		break;
	case MPFS_IOC_WRITEPAGES: {
		auto *a = reinterpret_cast<mpfs_ioc_writepages *>(buf);
		a->offset = pick() * 512;
		a->length = r_.chance(30) ? 0 : pick() * 512;
		a->nr_to_write = r_.chance(80) ? int64_t(1 + r_.below(32)) : int64_t(r_.next());
		a->sync_mode = r_.chance(90) ? unsigned(r_.below(2)) : unsigned(r_.next());
		a->pages_written = r_.next();
		break;
	}
	case MPFS_IOC_INVALIDATE: {
		auto *a = reinterpret_cast<mpfs_ioc_range *>(buf);
		a->offset = pick() * 512;
		a->length = r_.chance(30) ? 0 : pick() * 512;
		break;
	}
	case MPFS_IOC_FAULT: {
		auto *a = reinterpret_cast<mpfs_ioc_fault *>(buf);
		a->kind = unsigned(r_.below(7));
		a->nth = r_.chance(20) ? 0 : 1 + r_.below(50);
		if (a->kind == MPFS_FAULT_MAP_UNMAPPED || a->kind == MPFS_FAULT_TRUNCATE_WB)
			a->kind = MPFS_FAULT_GET_BLOCK; // never faults that write elsewhere
		break;
	}
	default:
		break;
	}
	// Now and then one nonzero flag or reserved byte: must be EINVAL.
	if (r_.chance(15) && len >= 16)
		buf[len - 1 - r_.below(8)] = uint8_t(1 + r_.below(255));
}

void Caller::fail(Counts &c, unsigned cmd, Ptr p, bool on_dir, int ret, int e, const char *expected)
{
	c.failures++;
	if (c.failures > 20)
		return;
	static const char *names[] = {"valid", "misaligned", "NULL", "low", "unmapped", "half-mapped",
				      "read-only", "kernel-space", "random"};
	printf("stress-fail: ioctl-hostile %s seed=%llu %s caller: ioctl(%s, %#x, %s pointer) returned %d"
	       " errno %d (%s), expected %s; reproduce: tests/stress/6-ioctl-hostile --kernel K --seed %llu\n",
	       engine_.c_str(), (unsigned long long)seed_, root_ ? "root" : "nobody", on_dir ? "dir" : "file",
	       cmd, names[int(p)], ret, ret < 0 ? e : 0, ret < 0 ? strerror(e) : "success", expected,
	       (unsigned long long)seed_);
	fflush(stdout);
}

void Caller::call(Counts &c)
{
	// The command.
	unsigned cmd;
	const uint64_t k = r_.below(100);
	const unsigned real = kCmds[r_.below(7)];
	if (k < 55) {
		cmd = real;
	} else if (k < 75) { // a real number with another size or direction
		const unsigned dir = unsigned(r_.below(4)), size = (real >> 16) & 0x3fff;
		const unsigned sizes[] = {0, size - 8, size + 8, size * 2, unsigned(r_.below(0x4000))};
		cmd = mk(dir, MPFS_IOC_MAGIC, real & 0xff, sizes[r_.below(5)]);
	} else if (k < 90) { // the MPFS magic, any nr
		cmd = mk(unsigned(r_.below(4)), MPFS_IOC_MAGIC, unsigned(r_.below(256)), unsigned(r_.below(512)));
	} else { // neighbouring magics
		cmd = mk(unsigned(r_.below(4)), MPFS_IOC_MAGIC - 2 + unsigned(r_.below(5)), unsigned(r_.below(16)),
			 unsigned(r_.below(512)));
	}
	bool known = false;
	for (unsigned x : kCmds)
		known |= x == cmd;
	// The pointer.
	const Ptr p = Ptr(r_.below(unsigned(Ptr::count)));
	const size_t len = known ? (cmd >> 16) & 0x3fff : 64;
	uint8_t *good = area_ + pg_ - 512; // room for the largest struct (336 bytes)
	unsigned long arg = 0;
	bool readable = false, writable = false;
	switch (p) {
	case Ptr::good:
		arg = reinterpret_cast<uintptr_t>(good);
		readable = writable = true;
		break;
	case Ptr::misaligned:
		arg = reinterpret_cast<uintptr_t>(good) - 1 - r_.below(7);
		readable = writable = true;
		break;
	case Ptr::null: arg = 0; break;
	case Ptr::low: arg = 1 + r_.below(0x10000); break;
	case Ptr::unmapped: arg = unmapped_ + r_.below(pg_); break;
	case Ptr::half: // the struct runs into the unmapped guard page
		arg = reinterpret_cast<uintptr_t>(area_ + pg_) - (len > 1 ? 1 + r_.below(len - 1) : 1);
		break;
	case Ptr::readonly:
		arg = reinterpret_cast<uintptr_t>(area_ + 2 * pg_);
		readable = true;
		break;
	case Ptr::kernel: {
		const unsigned long ks[] = {0xffff888000000000UL, 0xffffffff81000000UL, 0xffffffffff600000UL,
					    0x8000000000000000UL, ~0UL - 8};
		arg = ks[r_.below(5)];
		break;
	}
	default: arg = r_.next(); break; // random: treated as unmapped (almost surely)
	}
	if (readable && len && p != Ptr::readonly)
		fill_args(reinterpret_cast<uint8_t *>(arg), len, cmd);
	const bool on_dir = r_.chance(8);
	const int fd = on_dir ? dirfd_ : fd_;
	if (root_ && cmd == MPFS_IOC_FAULT && readable) {
		// Root: only arm what the I/O worker can take (see the top).
		auto *a = reinterpret_cast<mpfs_ioc_fault *>(arg);
		if (p == Ptr::readonly) // cannot rewrite it: disarm-shaped page of zeros is fine
			;
		else if (a->kind == MPFS_FAULT_MAP_UNMAPPED || a->kind == MPFS_FAULT_TRUNCATE_WB)
			a->kind = MPFS_FAULT_BIO_ALLOC;
	}
	if (cmd == MPFS_IOC_RESET_STATS && r_.chance(50))
		arg = 0;

	const int ret = ioctl(fd, cmd, arg);
	const int e = errno;
	c.calls++;
	if (ret == 0)
		c.ok++;
	else if (e == ENOTTY)
		c.enotty++;
	else if (e == EFAULT)
		c.efault++;
	else if (e == EINVAL)
		c.einval++;
	else if (e == EPERM)
		c.eperm++;
	else
		c.other_ok_errno++;
	auto is = [&](int x) { return ret < 0 && e == x; };
	if (!known) {
		if (!is(ENOTTY))
			fail(c, cmd, p, on_dir, ret, e, "ENOTTY (not an mpfs command)");
		return;
	}
	if (cmd == MPFS_IOC_FAULT && !root_) {
		if (!is(EPERM))
			fail(c, cmd, p, on_dir, ret, e, "EPERM (FAULT needs CAP_SYS_ADMIN)");
		return;
	}
	if (cmd == MPFS_IOC_RESET_STATS) {
		if (arg == 0 ? ret != 0 : !is(EINVAL))
			fail(c, cmd, p, on_dir, ret, e, arg == 0 ? "success" : "EINVAL (argument must be 0)");
		return;
	}
	if (cmd == MPFS_IOC_GET_INFO) {
		if (writable ? ret != 0 : !is(EFAULT))
			fail(c, cmd, p, on_dir, ret, e, writable ? "success" : "EFAULT");
		return;
	}
	if (!readable) {
		if (!is(EFAULT))
			fail(c, cmd, p, on_dir, ret, e, "EFAULT (unreadable argument)");
		return;
	}
	if (cmd == MPFS_IOC_FAULT) {
		if (ret == 0) {
			c.faults_armed++;
		} else if (!is(EINVAL)) {
			fail(c, cmd, p, on_dir, ret, e, "success or EINVAL");
		}
		return;
	}
	// Data-path commands on a readable argument.
	if (on_dir) {
		if (!is(EISDIR))
			fail(c, cmd, p, on_dir, ret, e, "EISDIR");
		return;
	}
	if (ret == 0 || is(EINVAL) || is(EBUSY) || is(EIO) || (is(EFAULT) && !writable && cmd == MPFS_IOC_WRITEPAGES))
		return;
	fail(c, cmd, p, on_dir, ret, e, "success, EINVAL, EBUSY or EIO");
}

sigjmp_buf bus_jmp;
void on_sigbus(int) { siglongjmp(bus_jmp, 1); }

/// Reads, writes, truncates, syncs and maps the file until killed. Errors
/// other than EIO (an armed fault firing) are failures.
[[noreturn]] void io_worker(const std::string &path, uint64_t seed, int out)
{
	mpfs::stress::Rng r(seed ^ 0x10);
	signal(SIGBUS, on_sigbus);
	const int fd = open(path.c_str(), O_RDWR);
	static char buf[65536];
	uint64_t ops = 0, bad = 0;
	for (;;) {
		const off_t off = off_t(r.below(512 << 10));
		const size_t len = 1 + r.below(sizeof(buf));
		long ret = 0;
		switch (r.below(7)) {
		case 0: case 1: memset(buf, int(r.below(256)), len); ret = pwrite(fd, buf, len, off); break;
		case 2: case 3: ret = pread(fd, buf, len, off); break;
		case 4: ret = ftruncate(fd, off_t(r.below(600 << 10))); break;
		case 5: ret = r.chance(50) ? fsync(fd) : posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); break;
		default: {
			void *a = mmap(nullptr, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (a != MAP_FAILED) {
				struct stat st;
				// SIGBUS when an armed fault fails the page's read: what
				// read() reports as EIO, so tolerated.
				if (fstat(fd, &st) == 0 && st.st_size >= 16384 && sigsetjmp(bus_jmp, 1) == 0)
					static_cast<volatile char *>(a)[r.below(16384)] = 'm';
				munmap(a, 16384);
			}
		}
		}
		ops++;
		if (ret < 0 && errno != EIO && errno != ENOSPC) {
			if (bad++ < 5)
				printf("stress-fail: ioctl-hostile - seed=%llu I/O worker: %s\n", (unsigned long long)seed,
				       strerror(errno));
		}
		if ((ops & 63) == 0) {
			uint64_t msg[2] = {ops, bad};
			if (write(out, msg, sizeof(msg)) < 0)
				_exit(1);
		}
	}
}

} // namespace

int main(int argc, char **argv)
{
	std::string dir, engine = "?";
	uint64_t seed = 1, min_calls = 100000;
	double seconds = 20;
	static const option longopts[] = {{"dir", required_argument, nullptr, 'd'},
					  {"engine", required_argument, nullptr, 'e'},
					  {"seed", required_argument, nullptr, 's'},
					  {"seconds", required_argument, nullptr, 'S'},
					  {"min-calls", required_argument, nullptr, 'm'},
					  {nullptr, 0, nullptr, 0}};
	for (int c; (c = getopt_long(argc, argv, "", longopts, nullptr)) != -1;) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'e': engine = optarg; break;
		case 's': seed = strtoull(optarg, nullptr, 0); break;
		case 'S': seconds = atof(optarg); break;
		case 'm': min_calls = strtoull(optarg, nullptr, 0); break;
		default: return 2;
		}
	}
	if (dir.empty()) {
		fprintf(stderr, "usage: mpfs-ioctl-hostile --dir MNT --engine E --seed N [--seconds T] [--min-calls N]\n");
		return 2;
	}
	setvbuf(stdout, nullptr, _IOLBF, 0);
	const std::string path = dir + "/hostile";
	{
		const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
		static char buf[256 << 10];
		memset(buf, 'h', sizeof(buf));
		if (fd < 0 || write(fd, buf, sizeof(buf)) != ssize_t(sizeof(buf)) || fsync(fd) != 0) {
			perror(path.c_str());
			return 1;
		}
		close(fd);
	}
	const double t0 = now();
	int iopipe[2];
	if (pipe(iopipe) != 0)
		return 1;
	const pid_t io = fork();
	if (io == 0) {
		close(iopipe[0]);
		io_worker(path, seed, iopipe[1]);
	}
	close(iopipe[1]);
	// Two callers, each half of the calls; results come back over a pipe.
	pid_t kids[2];
	int pipes[2][2];
	for (int who = 0; who < 2; who++) {
		if (pipe(pipes[who]) != 0)
			return 1;
		kids[who] = fork();
		if (kids[who] == 0) {
			close(pipes[who][0]);
			const int fd = open(path.c_str(), O_RDWR);
			const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
			const bool root = who == 0;
			if (!root && (setgid(65534) != 0 || setuid(65534) != 0)) {
				perror("setuid nobody");
				_exit(1);
			}
			mpfs::stress::Rng r(seed * 2 + uint64_t(who));
			Caller caller(r, fd, dfd, root, engine, seed);
			Counts c;
			const double end = t0 + seconds;
			while (c.calls < min_calls / 2 || now() < end) {
				caller.call(c);
				if ((c.calls & 1023) == 0 && c.calls >= min_calls / 2 && now() >= end)
					break;
			}
			if (root) { // leave nothing armed for the unmount
				mpfs_ioc_fault off{};
				if (ioctl(fd, MPFS_IOC_FAULT, &off) != 0)
					printf("stress-fail: ioctl-hostile %s seed=%llu cannot disarm: %s\n", engine.c_str(),
					       (unsigned long long)seed, strerror(errno));
			}
			if (write(pipes[who][1], &c, sizeof(c)) != ssize_t(sizeof(c)))
				_exit(1);
			_exit(0);
		}
		close(pipes[who][1]);
	}
	Counts tot[2];
	for (int who = 0; who < 2; who++) {
		if (read(pipes[who][0], &tot[who], sizeof(Counts)) != ssize_t(sizeof(Counts)))
			tot[who].failures++, printf("stress-fail: ioctl-hostile %s seed=%llu %s caller died\n",
						    engine.c_str(), (unsigned long long)seed, who ? "nobody" : "root");
		int st;
		waitpid(kids[who], &st, 0);
	}
	kill(io, SIGKILL);
	uint64_t io_ops = 0, io_bad = 0;
	for (uint64_t msg[2]; read(iopipe[0], msg, sizeof(msg)) == ssize_t(sizeof(msg));)
		io_ops = msg[0], io_bad = msg[1];
	waitpid(io, nullptr, 0);
	const double el = now() - t0;
	uint64_t calls = 0, failures = io_bad, armed = 0;
	for (int who = 0; who < 2; who++) {
		const Counts &c = tot[who];
		printf("ioctl-hostile: engine=%s %s: %llu calls: %llu succeeded, ENOTTY %llu, EFAULT %llu, EINVAL %llu,"
		       " EPERM %llu, other allowed errnos %llu; faults armed %llu; %llu failures\n",
		       engine.c_str(), who ? "nobody" : "root", (unsigned long long)c.calls, (unsigned long long)c.ok,
		       (unsigned long long)c.enotty, (unsigned long long)c.efault, (unsigned long long)c.einval,
		       (unsigned long long)c.eperm, (unsigned long long)c.other_ok_errno,
		       (unsigned long long)c.faults_armed, (unsigned long long)c.failures);
		calls += c.calls;
		failures += c.failures;
		armed += c.faults_armed;
	}
	printf("ioctl-hostile: engine=%s: %llu calls in %.1f s, I/O worker %llu operations on the same file"
	       " meanwhile (%llu failed unexpectedly)\n",
	       engine.c_str(), (unsigned long long)calls, el, (unsigned long long)io_ops, (unsigned long long)io_bad);
	printf("stress-row: ioctl-hostile %s %llu %llu %llu\n", engine.c_str(), (unsigned long long)calls,
	       (unsigned long long)armed, (unsigned long long)failures);
	return failures ? 1 : 0;
}
