// SPDX-License-Identifier: GPL-2.0
// mpfs-stress probe OP...: run a list of file operations in one process and
// print one line per operation, "<op> -> <result>", where the result is what a
// user sees (return value, errno name, a hash of the data, SIGBUS). Part 1 of
// make stress runs the same list under each engine and compares the output, so
// the lines hold nothing that legitimately differs between runs (no
// addresses, no times). File descriptors are named, so errseq behaviour per
// open file description can be asked for (two opens of one file, fsync each).
//
// Ops (N: a descriptor name; numbers take a 0x prefix):
//   open N PATH (created if missing) | close N | sync | drop (drop_caches=3)
//   sync-point         does nothing: tells a caller reading the output where it is
//   pread N OFF LEN | pwrite N OFF LEN KEY GEN | fsync N | fadvdn N
//   scan N BS          pread every BS bytes to EOF: runs of ok/errno, hash of the ok data
//   readfolio N IDX    MPFS_IOC_READ_FOLIO | writepages N (WB_SYNC_ALL, whole file)
//   mmapread N OFF     load one byte through a shared mapping (SIGBUS caught)
//   mmapwrite N OFF    store one byte through a shared mapping
//   fibmap N LBLK      the block FIBMAP maps file block LBLK to
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <linux/fs.h>
#include <map>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "client.h"
#include "common.h"

namespace mpfs::stress {
namespace {

sigjmp_buf bus_jmp;
volatile sig_atomic_t bus_armed = 0;

void on_sigbus(int)
{
	if (bus_armed)
		siglongjmp(bus_jmp, 1);
	_exit(99);
}

std::string res(long rc) { return rc < 0 ? errname(errno) : std::to_string(rc); }

std::string hex(uint64_t h)
{
	char b[24];
	snprintf(b, sizeof(b), "%016llx", (unsigned long long)h);
	return b;
}

void pattern(std::vector<unsigned char> &buf, uint64_t off, uint64_t key, uint64_t gen)
{
	unsigned char page[4096];
	uint64_t cur = ~0ULL;
	for (size_t i = 0; i < buf.size(); i++) {
		uint64_t o = off + i;
		if (o / 4096 != cur) {
			cur = o / 4096;
			fill_page(page, key, cur, gen);
		}
		buf[i] = page[o % 4096];
	}
}

// One mmap access; "ok <byte>" or "SIGBUS".
std::string mmap_access(int fd, uint64_t off, bool write)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return res(-1);
	size_t len = st.st_size > 0 ? st.st_size : 4096;
	if (off >= len)
		return "beyond the mapping";
	void *m = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return "mmap " + res(-1);
	std::string out;
	volatile unsigned char *p = static_cast<unsigned char *>(m);
	if (sigsetjmp(bus_jmp, 1) == 0) {
		bus_armed = 1;
		if (write) {
			p[off] = 0x5a;
			out = "ok";
		} else {
			out = "ok " + std::to_string(p[off]);
		}
		bus_armed = 0;
	} else {
		bus_armed = 0;
		out = "SIGBUS";
	}
	munmap(m, len);
	return out;
}

std::string scan(int fd, uint64_t bs)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return res(-1);
	std::vector<unsigned char> buf(bs);
	std::ostringstream runs;
	std::string cur;
	uint64_t start = 0, h = fnv1a("", 0);
	auto flush = [&](uint64_t end) {
		if (!cur.empty())
			runs << " " << start << "-" << end - 1 << ":" << cur;
	};
	uint64_t n = (st.st_size + bs - 1) / bs;
	for (uint64_t i = 0; i < n; i++) {
		ssize_t r = pread(fd, buf.data(), bs, i * bs);
		std::string what;
		if (r < 0) {
			what = errname(errno);
		} else {
			what = r == (ssize_t)bs || i * bs + r == (uint64_t)st.st_size ? "ok" : "short" + std::to_string(r);
			h = fnv1a(buf.data(), r, h);
		}
		if (what != cur) {
			flush(i);
			cur = what;
			start = i;
		}
	}
	flush(n);
	return "size " + std::to_string(st.st_size) + runs.str() + " h=" + hex(h);
}

} // namespace

int probe_main(int argc, char **argv)
{
	struct sigaction sa = {};
	sa.sa_handler = on_sigbus;
	sigaction(SIGBUS, &sa, nullptr);
	std::map<std::string, int> fds;
	auto fd_of = [&](const std::string &n) {
		auto it = fds.find(n);
		return it == fds.end() ? -1 : it->second;
	};
	int bad = 0;
	// "-": the ops come one a line from stdin, as they are written (the
	// caller can act between two ops, e.g. arm a device fault).
	bool from_stdin = argc == 2 && !strcmp(argv[1], "-");
	std::string line;
	for (int i = 1; from_stdin || i < argc; i++) {
		if (from_stdin) {
			char lb[4096];
			if (!fgets(lb, sizeof(lb), stdin))
				break;
			line = lb;
			while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
				line.pop_back();
			if (line.empty())
				continue;
		} else {
			line = argv[i];
		}
		std::istringstream in(line);
		std::string op, n;
		in >> op;
		std::string out;
		auto num = [&]() {
			std::string s;
			in >> s;
			return strtoull(s.c_str(), nullptr, 0);
		};
		if (op == "sync-point") {
			out = "0";
		} else if (op == "sync") {
			sync();
			out = "0";
		} else if (op == "drop") {
			int d = open("/proc/sys/vm/drop_caches", O_WRONLY);
			out = res(d < 0 ? -1 : write(d, "3\n", 2));
			if (d >= 0)
				close(d);
		} else {
			in >> n;
			int fd = fd_of(n);
			if (op == "open") {
				std::string path;
				in >> path;
				int f = open(path.c_str(), O_RDWR | O_CREAT, 0644);
				if (f >= 0)
					fds[n] = f;
				out = f < 0 ? errname(errno) : "ok";
			} else if (fd < 0) {
				out = "no such descriptor " + n;
				bad = 1;
			} else if (op == "close") {
				out = res(close(fd));
				fds.erase(n);
			} else if (op == "pread") {
				uint64_t off = num(), len = num();
				std::vector<unsigned char> buf(len);
				ssize_t r = pread(fd, buf.data(), len, off);
				out = res(r);
				if (r >= 0)
					out += " h=" + hex(fnv1a(buf.data(), r));
			} else if (op == "pwrite") {
				uint64_t off = num(), len = num(), key = num(), gen = num();
				std::vector<unsigned char> buf(len);
				pattern(buf, off, key, gen);
				out = res(pwrite(fd, buf.data(), len, off));
			} else if (op == "fsync") {
				out = res(fsync(fd));
			} else if (op == "fadvdn") {
				int e = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
				out = errname(e);
			} else if (op == "scan") {
				out = scan(fd, num());
			} else if (op == "readfolio") {
				int e = mpfs::ctl::read_folio(fd, num());
				out = errname(-e);
			} else if (op == "writepages") {
				uint64_t w = 0;
				int e = mpfs::ctl::writepages(fd, 0, 0, 1 << 30, MPFS_WB_SYNC_ALL, &w);
				out = errname(-e);
			} else if (op == "mmapread") {
				out = mmap_access(fd, num(), false);
			} else if (op == "mmapwrite") {
				out = mmap_access(fd, num(), true);
			} else if (op == "fibmap") {
				int blk = (int)num();
				out = res(ioctl(fd, FIBMAP, &blk));
				if (out == "0")
					out = std::to_string(blk);
			} else {
				out = "unknown op";
				bad = 1;
			}
		}
		printf("%s -> %s\n", line.c_str(), out.c_str());
		fflush(stdout);
	}
	for (auto &[n, fd] : fds)
		close(fd);
	return bad ? 2 : 0;
}

} // namespace mpfs::stress
