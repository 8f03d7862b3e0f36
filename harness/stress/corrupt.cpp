// SPDX-License-Identifier: GPL-2.0
// mpfs-corrupt: part 4 of make stress (corrupt images).
//
//   mpfs-corrupt image --seed S --index I -o FILE   write image I of run seed S
//   mpfs-corrupt base --index BLOCK_SIZE -o FILE    the unmutated base image
//   mpfs-corrupt run --seed S --dev DEV --mnt DIR [--seconds T] [--min N]
//                    [--first I] [--count N] [--engines "kernel port"] [--kver K]
//
// `run` (in the guest) writes each mutated image to DEV and, per engine,
// mounts it, checks the reads the mutation must make fail, walks and reads
// everything (read() and mmap), writes, creates, renames, deletes, unmounts
// and runs fsck.mpfs on it. A failure is: a kernel log complaint during the
// image, an errno outside the set a corrupt filesystem may answer with, an
// fsck.mpfs killed by a signal or with an unknown exit code, a read through
// an out-of-range block pointer that succeeds, or, for an image fsck found
// clean before mounting, any operation failing or fsck finding problems
// after it (the filesystem must not corrupt a consistent image). Each image
// runs in a child process, so a hang is pinned to its image.
#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <string>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/klog.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

#include "fsck_core.h"
#include "image.h"

extern char **environ;
using namespace mpfs;

namespace {

struct Opts {
	uint64_t seed = 1;
	uint64_t index = 0;
	std::string out, dev, mnt = "/mnt", kver = "?", engines = "kernel port";
	double seconds = 30;
	uint64_t min = 0, first = 0, count = ~uint64_t(0);
};

double now()
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

/// Counts one child reports back for one image under one engine.
struct Result {
	double t_mount = 0, t_walk = 0, t_write = 0, t_delete = 0, t_umount = 0, t_fsck = 0;
	uint32_t mounted = 0, refused = 0, op_errors = 0, ops = 0, failures = 0;
	int fsck_exit = -1;
};

/// What a corrupt filesystem may answer; anything else is a bug.
bool allowed_errno(int e)
{
	switch (e) {
	case EIO: case EUCLEAN: case ENOENT: case ENOTDIR: case EISDIR: case ENOSPC: case EFBIG:
	case EINVAL: case ENOTEMPTY: case EEXIST: case ENAMETOOLONG: case ELOOP: case EMLINK:
	case EOVERFLOW: case ESTALE:
		return true;
	default:
		return false;
	}
}

class Work {
public:
	Work(const Opts &o, const std::string &engine, uint64_t idx, uint64_t seed, const stress::Mutated &m,
	     bool pre_clean, Result &r)
		: o_(o), engine_(engine), idx_(idx), seed_(seed), m_(m), pre_clean_(pre_clean), r_(r)
	{
	}

	void fail(const std::string &what)
	{
		r_.failures++;
		printf("stress-fail: corrupt-images %s seed=%llu image=%llu (image seed %#llx, %uK blocks, %s): %s;"
		       " mutations: ",
		       engine_.c_str(), (unsigned long long)o_.seed, (unsigned long long)idx_,
		       (unsigned long long)seed_, m_.bs / 1024, pre_clean_ ? "fsck-clean" : "fsck-unclean",
		       what.c_str());
		for (size_t k = 0; k < m_.what.size(); k++)
			printf("%s%s", k ? "; " : "", m_.what[k].c_str());
		printf("; reproduce: tests/stress/4-corrupt-images --kernel %s --seed %llu --image %llu"
		       " (image file: mpfs-corrupt image --seed %llu --index %llu -o FILE)\n",
		       o_.kver.c_str(), (unsigned long long)o_.seed, (unsigned long long)idx_,
		       (unsigned long long)o_.seed, (unsigned long long)idx_);
		fflush(stdout);
	}

	/// Accounts one syscall result; returns true when it succeeded.
	bool ok(long ret, const std::string &what, bool strict = true)
	{
		r_.ops++;
		if (ret >= 0)
			return true;
		const int e = errno;
		r_.op_errors++;
		if (!allowed_errno(e))
			fail(what + ": unexpected errno " + std::to_string(e) + " (" + strerror(e) + ")");
		else if (pre_clean_ && strict && e != ENOSPC && e != EFBIG)
			fail(what + " failed on an fsck-clean image: " + strerror(e));
		errno = e;
		return false;
	}

	void run();

private:
	const Opts &o_;
	const std::string &engine_;
	uint64_t idx_, seed_;
	const stress::Mutated &m_;
	bool pre_clean_;
	Result &r_;
	std::vector<std::string> files_, dirs_, links_;
	std::vector<ino_t> read_inos_;

	std::string p(const std::string &rel) const { return o_.mnt + "/" + rel; }
	void expectations();
	void walk(const std::string &rel, int depth);
	void read_file(const std::string &rel, const struct stat &st);
	void writes();
	void deletes();
};

sigjmp_buf bus_jmp;
void on_sigbus(int) { siglongjmp(bus_jmp, 1); }

void Work::expectations()
{
	for (const stress::Expect &x : m_.expect_eio) {
		const int fd = open(p(x.path).c_str(), O_RDONLY);
		if (fd < 0) {
			if (errno != EIO && errno != EUCLEAN)
				fail("open " + x.path + ": " + strerror(errno) + " (expected EIO or EUCLEAN)");
			continue;
		}
		std::vector<char> buf(m_.bs);
		const ssize_t n = pread(fd, buf.data(), buf.size(), off_t(x.offset));
		if (n >= 0)
			fail("read of " + x.path + " at " + std::to_string(x.offset) +
			     " through an out-of-range block pointer returned " + std::to_string(n) +
			     " bytes (expected EIO)");
		else if (errno != EIO && errno != EUCLEAN)
			fail("read of " + x.path + " through an out-of-range block pointer: " + strerror(errno) +
			     " (expected EIO)");
		close(fd);
	}
}

void Work::read_file(const std::string &rel, const struct stat &st)
{
	const int fd = open(p(rel).c_str(), O_RDONLY);
	if (!ok(fd, "open " + rel))
		return;
	// Sequentially from the start, then samples across the file and at
	// the map's landmarks (first indirect and double-indirect blocks, the
	// last indirect slot): copying megabytes of holes costs TCG time and
	// finds nothing the samples do not.
	static char buf[16384];
	uint64_t total = 0;
	for (;;) {
		const ssize_t n = read(fd, buf, sizeof(buf));
		if (!ok(n, "read " + rel + " at " + std::to_string(total)) || n == 0)
			break;
		total += uint64_t(n);
		if (total >= (16u << 10))
			break;
	}
	const format::MapGeometry g(m_.bs);
	const uint64_t size = uint64_t(st.st_size);
	std::vector<uint64_t> at = {g.first_indirect_block() * m_.bs,
				    (g.first_indirect_block() + g.ptrs_per_block() - 1) * m_.bs,
				    g.first_double_block() * m_.bs, (g.first_double_block() + g.ptrs_per_block()) * m_.bs,
				    size > 4096 ? size - 4096 : 0};
	at.push_back(size / 2);
	for (uint64_t off : at)
		if (off < size && off >= total)
			ok(pread(fd, buf, 4096, off_t(off)), "read " + rel + " at " + std::to_string(off));
	if (st.st_size > 0) {
		const size_t len = size_t(std::min<off_t>(st.st_size, 8 << 10));
		void *a = mmap(nullptr, len, PROT_READ, MAP_SHARED, fd, 0);
		if (ok(a == MAP_FAILED ? -1 : 0, "mmap " + rel)) {
			volatile uint8_t sum = 0;
			if (sigsetjmp(bus_jmp, 1) == 0) {
				for (size_t k = 0; k < len; k += 1024)
					sum = uint8_t(sum + static_cast<const uint8_t *>(a)[k]);
			} else {
				// SIGBUS: the page could not be read, what a failed
				// read() reports as EIO.
				errno = EIO;
				ok(-1, "mmap access " + rel);
			}
			munmap(a, len);
		}
	}
	close(fd);
}

void Work::walk(const std::string &rel, int depth)
{
	DIR *d = opendir(p(rel).c_str());
	if (!ok(d ? 0 : -1, "opendir " + (rel.empty() ? "/" : rel)))
		return;
	std::vector<std::string> names;
	errno = 0;
	while (dirent *de = readdir(d)) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names.push_back(de->d_name);
		if (names.size() > 1000)
			break;
	}
	ok(errno ? -1 : 0, "readdir " + rel);
	closedir(d);
	for (const std::string &n : names) {
		const std::string c = rel.empty() ? n : rel + "/" + n;
		struct stat st;
		if (!ok(lstat(p(c).c_str(), &st), "lstat " + c))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 8) // a corrupt tree may loop
				walk(c, depth + 1);
			dirs_.push_back(c);
		} else if (S_ISREG(st.st_mode)) {
			if (std::find(read_inos_.begin(), read_inos_.end(), st.st_ino) == read_inos_.end()) {
				read_inos_.push_back(st.st_ino); // hard links: read once
				read_file(c, st);
			}
			files_.push_back(c);
		} else if (S_ISLNK(st.st_mode)) {
			char buf[4097];
			ok(readlink(p(c).c_str(), buf, sizeof(buf)), "readlink " + c);
			links_.push_back(c);
		} else {
			fail("lstat " + c + ": file type " + std::to_string(st.st_mode & S_IFMT) +
			     " that mpfs cannot hold");
		}
	}
	struct stat st;
	ok(stat(p(rel).c_str(), &st), "stat " + rel);
}

void Work::writes()
{
	const uint32_t bs = m_.bs;
	std::vector<char> buf(size_t(bs) * 3, 'w');
	unsigned n = 0;
	for (const std::string &f : files_) {
		if (n++ == 6)
			break;
		const int fd = open(p(f).c_str(), O_RDWR);
		if (!ok(fd, "open for writing " + f))
			continue;
		struct stat st;
		if (ok(fstat(fd, &st), "fstat " + f)) {
			ok(pwrite(fd, buf.data(), 100, 0), "overwrite " + f);
			ok(pwrite(fd, buf.data(), 50, st.st_size), "append to " + f);
			ok(ftruncate(fd, st.st_size / 2), "truncate " + f);
			if (n == 1)
				ok(fsync(fd), "fsync " + f);
		}
		close(fd);
	}
	const format::MapGeometry g(bs);
	const int fd = open(p("zz-new").c_str(), O_RDWR | O_CREAT | O_EXCL, 0644);
	if (ok(fd, "create zz-new")) {
		ok(pwrite(fd, buf.data(), buf.size(), 0), "write zz-new");
		ok(pwrite(fd, buf.data(), 1, off_t((g.first_indirect_block() + 3) * bs)), "write zz-new (indirect)");
		ok(pwrite(fd, buf.data(), 1, off_t((g.first_double_block() + 1) * bs)), "write zz-new (double indirect)");
		ok(fsync(fd), "fsync zz-new");
		close(fd);
	}
	ok(mkdir(p("zz-dir").c_str(), 0755), "mkdir zz-dir");
	const int fd2 = open(p("zz-dir/x").c_str(), O_WRONLY | O_CREAT, 0644);
	if (ok(fd2, "create zz-dir/x")) {
		ok(write(fd2, buf.data(), bs + 1), "write zz-dir/x");
		close(fd2);
	}
	ok(rename(p("zz-new").c_str(), p("zz-dir/new").c_str()), "rename zz-new");
	ok(symlink("zz-dir/new", p("zz-sym").c_str()), "symlink zz-sym");
}

void Work::deletes()
{
	// Every second file and link of the walk, then the new ones; then
	// directories deepest first, where empty.
	for (size_t k = 0; k < files_.size(); k += 2)
		ok(unlink(p(files_[k]).c_str()), "unlink " + files_[k]);
	for (size_t k = 0; k < links_.size(); k += 2)
		ok(unlink(p(links_[k]).c_str()), "unlink " + links_[k]);
	ok(unlink(p("zz-sym").c_str()), "unlink zz-sym");
	ok(unlink(p("zz-dir/new").c_str()), "unlink zz-dir/new");
	ok(unlink(p("zz-dir/x").c_str()), "unlink zz-dir/x");
	ok(rmdir(p("zz-dir").c_str()), "rmdir zz-dir");
	for (const std::string &d : dirs_) { // post-order already: children first
		const long r = rmdir(p(d).c_str());
		if (r < 0 && errno == ENOTEMPTY)
			continue;
		ok(r, "rmdir " + d);
	}
}

void Work::run()
{
	const double t_start = now();
	const std::string opts = "engine=" + engine_;
	if (mount(o_.dev.c_str(), o_.mnt.c_str(), "mpfs", MS_NOATIME, opts.c_str()) != 0) {
		const int e = errno;
		r_.refused++;
		if (e != EINVAL && e != EUCLEAN && e != EIO)
			fail(std::string("mount refused with ") + strerror(e) + " (expected EINVAL, EUCLEAN or EIO)");
		else if (pre_clean_)
			fail(std::string("mount of an fsck-clean image refused: ") + strerror(e));
		return;
	}
	r_.mounted++;
	double t = now();
	r_.t_mount += t - t_start;
	expectations();
	walk("", 0);
	r_.t_walk += now() - t;
	t = now();
	writes();
	r_.t_write += now() - t;
	t = now();
	deletes();
	r_.t_delete += now() - t;
	t = now();
	const int fd = open(o_.mnt.c_str(), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		ok(syncfs(fd), "syncfs");
		close(fd);
	}
	if (umount(o_.mnt.c_str()) != 0) {
		fail(std::string("umount: ") + strerror(errno));
		umount2(o_.mnt.c_str(), MNT_DETACH);
	}
	r_.t_umount += now() - t;
}

/// fsck.mpfs on DEV: its exit status, or -signal.
int run_fsck(const std::string &dev)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	const char *argv[] = {"fsck.mpfs", "-n", dev.c_str(), nullptr};
	pid_t pid;
	int rc = posix_spawnp(&pid, "fsck.mpfs", &fa, nullptr, const_cast<char **>(argv), environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return 1000;
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? -WTERMSIG(st) : WEXITSTATUS(st);
}

/// Puts @bytes on @dev. Only the blocks that differ from what the device
/// holds are written: the last image's blocks are still in the block
/// device's page cache, so the comparison is cheap and most blocks match.
/// fsync: mount and fsck read metadata through this page cache, but file
/// data goes to the disk through the filesystem's own bios.
bool write_image(const std::string &dev, const std::vector<uint8_t> &bytes, uint32_t bs)
{
	const int fd = open(dev.c_str(), O_RDWR);
	if (fd < 0)
		return false;
	static std::vector<uint8_t> cur;
	cur.resize(bytes.size());
	bool good = pread(fd, cur.data(), cur.size(), 0) == ssize_t(cur.size());
	for (size_t off = 0; good && off < bytes.size(); off += bs) {
		size_t end = off;
		while (end < bytes.size() && memcmp(&cur[end], &bytes[end], bs) != 0)
			end += bs;
		if (end > off)
			good = pwrite(fd, &bytes[off], end - off, off_t(off)) == ssize_t(end - off);
		off = end;
	}
	good = good && fsync(fd) == 0;
	close(fd);
	return good;
}

/// New kernel log lines since the last call that mean a kernel problem.
std::string kmsg_complaints(int kfd)
{
	static const char *bad[] = {"WARNING:", "BUG:", "Oops", "general protection", "blocked for more than",
				    "beyond end of device", "UBSAN", "KASAN", "list_del corruption",
				    "refcount_t", "Busy inodes", "kernel BUG", "soft lockup", "Call Trace"};
	std::string out;
	char buf[8192];
	for (;;) {
		const ssize_t n = read(kfd, buf, sizeof(buf) - 1);
		if (n < 0) {
			if (errno == EPIPE) // overwritten records: read on
				continue;
			break;
		}
		buf[n] = 0;
		const char *msg = strchr(buf, ';');
		msg = msg ? msg + 1 : buf;
		for (const char *b : bad)
			if (strstr(msg, b)) {
				std::string line(msg);
				if (!line.empty() && line.back() == '\n')
					line.pop_back();
				if (out.size() < 600)
					out += (out.empty() ? "" : " | ") + line;
				break;
			}
	}
	return out;
}

int cmd_image(const Opts &o)
{
	const uint64_t seed = stress::image_seed(o.seed, o.index);
	const stress::Mutated m = stress::make_mutated(seed);
	FILE *f = fopen(o.out.c_str(), "wb");
	if (!f || fwrite(m.bytes.data(), 1, m.bytes.size(), f) != m.bytes.size() || fclose(f) != 0) {
		perror(o.out.c_str());
		return 1;
	}
	printf("image %llu of seed %llu (image seed %#llx): %u-byte blocks, %zu bytes\n",
	       (unsigned long long)o.index, (unsigned long long)o.seed, (unsigned long long)seed, m.bs,
	       m.bytes.size());
	for (const std::string &w : m.what)
		printf("  mutation: %s\n", w.c_str());
	for (const stress::Expect &x : m.expect_eio)
		printf("  expect: reading %s at %llu fails with EIO\n", x.path.c_str(), (unsigned long long)x.offset);
	return 0;
}

/// The unmutated base of block size @o.index (a check of the builder: fsck finds it clean).
int cmd_base(const Opts &o)
{
	const stress::Base b = stress::build_base(uint32_t(o.index));
	FILE *f = fopen(o.out.c_str(), "wb");
	const auto &bytes = b.img.bytes();
	if (!f || fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || fclose(f) != 0) {
		perror(o.out.c_str());
		return 1;
	}
	return 0;
}

int cmd_run(const Opts &o)
{
	std::vector<std::string> engines;
	for (size_t at = 0; at < o.engines.size();) {
		const size_t sp = o.engines.find(' ', at);
		const std::string e = o.engines.substr(at, sp == std::string::npos ? std::string::npos : sp - at);
		if (!e.empty())
			engines.push_back(e);
		if (sp == std::string::npos)
			break;
		at = sp + 1;
	}
	// Held open for the whole run: the block device's page cache then
	// survives each umount (the last close would drop it), so writing the
	// next image, fsck and the next mount read memory instead of the disk.
	const int hold = open(o.dev.c_str(), O_RDONLY | O_CLOEXEC);
	(void)hold;
	const int kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kfd >= 0)
		lseek(kfd, 0, SEEK_END);
	signal(SIGBUS, on_sigbus);
	// Corruption messages on the serial console cost milliseconds each
	// under TCG; the kernel log is still read here and dumped at the end
	// of the boot, where vm-run scans it.
	int console_level = 0;
	if (FILE *f = fopen("/proc/sys/kernel/printk", "r")) {
		if (fscanf(f, "%d", &console_level) != 1)
			console_level = 0;
		fclose(f);
	}
	klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, nullptr, 1);
	struct RestoreLevel {
		int level;
		~RestoreLevel()
		{
			if (level > 0)
				klogctl(8, nullptr, level);
		}
	} restore{console_level};
	const double t0 = now(), deadline = t0 + o.seconds;
	struct PerEngine {
		uint64_t images = 0, mounted = 0, refused = 0, op_errors = 0, ops = 0, failures = 0;
		uint64_t fsck_clean = 0, fsck_errors = 0, fsck_oper = 0;
	};
	std::vector<PerEngine> pe(engines.size());
	double t_prep = 0, t_child = 0, t_phase[6] = {};
	uint64_t images = 0, mutations = 0, pre_clean_n = 0, expects = 0, fail_total = 0;
	for (uint64_t idx = o.first; idx - o.first < o.count; idx++) {
		if (images >= o.min && now() >= deadline)
			break;
		double tp = now();
		const uint64_t seed = stress::image_seed(o.seed, idx);
		const stress::Mutated m = stress::make_mutated(seed);
		images++;
		mutations += m.what.size();
		expects += m.expect_eio.size();
		// fsck before mounting (in process: fast); a clean verdict turns
		// every later error into a failure.
		bool pre_clean = false;
		if (!write_image(o.dev, m.bytes, m.bs)) {
			printf("stress-fail: corrupt-images - seed=%llu cannot write %s: %s\n",
			       (unsigned long long)o.seed, o.dev.c_str(), strerror(errno));
			return 1;
		}
		{
			tools::Target t;
			std::string err;
			if (t.open(o.dev, tools::Access::read_only, err))
				pre_clean = tools::check_filesystem(t).exit_code == tools::kFsckClean;
		}
		pre_clean_n += pre_clean;
		t_prep += now() - tp;
		for (size_t ei = 0; ei < engines.size(); ei++) {
			if (ei > 0 && !write_image(o.dev, m.bytes, m.bs))
				return 1;
			Result r;
			int pfd[2];
			if (pipe(pfd) != 0)
				return 1;
			fflush(stdout);
			const double tc = now();
			const pid_t pid = fork();
			if (pid == 0) {
				close(pfd[0]);
				Work w(o, engines[ei], idx, seed, m, pre_clean, r);
				w.run();
				// fsck.mpfs is fsck_core behind a 70-line main; starting the
				// dynamically linked binary costs ~0.2 s under TCG, so every
				// 16th image runs the binary and the others its core here,
				// in the child, where a crash is still caught as a signal.
				const double tf = now();
				int fr;
				if (idx % 16 == 0) {
					fr = run_fsck(o.dev);
				} else {
					tools::Target t;
					std::string err;
					fr = t.open(o.dev, tools::Access::read_only, err)
						     ? tools::check_filesystem(t).exit_code
						     : tools::kFsckOperational;
				}
				r.t_fsck = now() - tf;
				r.fsck_exit = fr;
				if (fr < 0)
					w.fail("fsck.mpfs killed by signal " + std::to_string(-fr));
				else if (fr != 0 && fr != 4 && fr != 8)
					w.fail("fsck.mpfs exit status " + std::to_string(fr));
				else if (pre_clean && r.mounted && fr != 0)
					w.fail("fsck.mpfs finds errors (exit " + std::to_string(fr) +
					       ") after the workload on an image it found clean before");
				fflush(stdout);
				if (write(pfd[1], &r, sizeof(r)) != ssize_t(sizeof(r)))
					_exit(3);
				_exit(0);
			}
			close(pfd[1]);
			// A child stuck in the kernel is a hang: give it far longer
			// than an image takes (well under a second) and report.
			bool got = false;
			const double limit = now() + 60;
			while (!got && now() < limit) {
				int st;
				const pid_t w = waitpid(pid, &st, WNOHANG);
				if (w == pid) {
					got = read(pfd[0], &r, sizeof(r)) == ssize_t(sizeof(r));
					if (!got) {
						Work(o, engines[ei], idx, seed, m, pre_clean, r)
							.fail(WIFSIGNALED(st) ? "image runner killed by signal " +
											std::to_string(WTERMSIG(st))
									      : "image runner died");
						r.failures = 1;
						got = true;
					}
					break;
				}
				usleep(2000);
			}
			close(pfd[0]);
			t_child += now() - tc;
			t_phase[0] += r.t_mount, t_phase[1] += r.t_walk, t_phase[2] += r.t_write;
			t_phase[3] += r.t_delete, t_phase[4] += r.t_umount, t_phase[5] += r.t_fsck;
			if (!got) {
				Work(o, engines[ei], idx, seed, m, pre_clean, r).fail("no progress for 60 s (hang)");
				printf("stress-row: corrupt-images %s %llu %llu %llu\n", engines[ei].c_str(),
				       (unsigned long long)images, (unsigned long long)mutations,
				       (unsigned long long)pe[ei].failures + 1);
				fflush(stdout);
				return 1;
			}
			const std::string k = kfd >= 0 ? kmsg_complaints(kfd) : std::string();
			if (!k.empty()) {
				Work(o, engines[ei], idx, seed, m, pre_clean, r).fail("kernel log: " + k);
				r.failures++;
			}
			PerEngine &P = pe[ei];
			P.images++;
			P.mounted += r.mounted;
			P.refused += r.refused;
			P.op_errors += r.op_errors;
			P.ops += r.ops;
			P.failures += r.failures;
			(r.fsck_exit == 0 ? P.fsck_clean : r.fsck_exit == 4 ? P.fsck_errors : P.fsck_oper)++;
			fail_total += r.failures;
		}
	}
	const double el = now() - t0;
	printf("corrupt-images: %llu images (%llu fsck-clean before mounting, %llu read-must-fail checks),"
	       " %llu mutations, %.1f s, %.1f images/s\n",
	       (unsigned long long)images, (unsigned long long)pre_clean_n, (unsigned long long)expects,
	       (unsigned long long)mutations, el, images / (el > 0 ? el : 1));
	printf("corrupt-images: time: building and writing images %.1f s, per-engine children %.1f s (mount %.1f,"
	       " walk %.1f, write %.1f, delete %.1f, umount %.1f, fsck %.1f)\n",
	       t_prep, t_child, t_phase[0], t_phase[1], t_phase[2], t_phase[3], t_phase[4], t_phase[5]);
	for (size_t ei = 0; ei < engines.size(); ei++) {
		const PerEngine &P = pe[ei];
		printf("corrupt-images: engine=%s: %llu images, %llu mounted, %llu refused, %llu syscalls"
		       " (%llu failed with an allowed errno), fsck after: %llu clean, %llu errors, %llu could not"
		       " check; %llu failures\n",
		       engines[ei].c_str(), (unsigned long long)P.images, (unsigned long long)P.mounted,
		       (unsigned long long)P.refused, (unsigned long long)P.ops, (unsigned long long)P.op_errors,
		       (unsigned long long)P.fsck_clean, (unsigned long long)P.fsck_errors,
		       (unsigned long long)P.fsck_oper, (unsigned long long)P.failures);
	}
	for (size_t ei = 0; ei < engines.size(); ei++)
		printf("stress-row: corrupt-images %s %llu %llu %llu\n", engines[ei].c_str(),
		       (unsigned long long)pe[ei].images, (unsigned long long)mutations,
		       (unsigned long long)pe[ei].failures);
	return fail_total ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mpfs-corrupt image|run [options]\n");
		return 2;
	}
	const std::string cmd = argv[1];
	Opts o;
	static const option longopts[] = {
		{"seed", required_argument, nullptr, 's'},    {"index", required_argument, nullptr, 'i'},
		{"output", required_argument, nullptr, 'o'},  {"dev", required_argument, nullptr, 'd'},
		{"mnt", required_argument, nullptr, 'm'},     {"seconds", required_argument, nullptr, 'S'},
		{"min", required_argument, nullptr, 'M'},     {"first", required_argument, nullptr, 'f'},
		{"count", required_argument, nullptr, 'c'},   {"engines", required_argument, nullptr, 'e'},
		{"kver", required_argument, nullptr, 'k'},    {nullptr, 0, nullptr, 0}};
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "s:i:o:", longopts, nullptr)) != -1) {
		switch (c) {
		case 's': o.seed = strtoull(optarg, nullptr, 0); break;
		case 'i': o.index = strtoull(optarg, nullptr, 0); break;
		case 'o': o.out = optarg; break;
		case 'd': o.dev = optarg; break;
		case 'm': o.mnt = optarg; break;
		case 'S': o.seconds = atof(optarg); break;
		case 'M': o.min = strtoull(optarg, nullptr, 0); break;
		case 'f': o.first = strtoull(optarg, nullptr, 0); break;
		case 'c': o.count = strtoull(optarg, nullptr, 0); break;
		case 'e': o.engines = optarg; break;
		case 'k': o.kver = optarg; break;
		default: return 2;
		}
	}
	if (cmd == "image" && !o.out.empty())
		return cmd_image(o);
	if (cmd == "base" && !o.out.empty())
		return cmd_base(o);
	if (cmd == "run" && !o.dev.empty())
		return cmd_run(o);
	fprintf(stderr, "usage: mpfs-corrupt image --seed S --index I -o FILE | run --seed S --dev DEV ...\n");
	return 2;
}
