// SPDX-License-Identifier: GPL-2.0
// Shared pieces of mpfs-stress: seeded data patterns, a small PRNG, errno names.
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace mpfs::stress {

inline uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct Rng {
	uint64_t s;
	explicit Rng(uint64_t seed) : s(splitmix64(seed)) {}
	uint64_t next() { return s = splitmix64(s); }
	uint64_t below(uint64_t n) { return n ? next() % n : 0; }
};

// The content of one 4 KiB page of data generation @gen (gen 0: zeros), so a
// model needs one number per page. @key distinguishes files and seeds.
inline void fill_page(unsigned char *p, uint64_t key, uint64_t page, uint64_t gen)
{
	if (gen == 0) {
		memset(p, 0, 4096);
		return;
	}
	uint64_t x = splitmix64(key ^ splitmix64(page * 1000003ULL + gen));
	for (int i = 0; i < 4096; i += 8) {
		x = splitmix64(x);
		memcpy(p + i, &x, 8);
	}
}

inline uint64_t fnv1a(const void *data, size_t n, uint64_t h = 1469598103934665603ULL)
{
	auto *p = static_cast<const unsigned char *>(data);
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

inline std::string errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EIO: return "EIO";
	case EBUSY: return "EBUSY";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case EAGAIN: return "EAGAIN";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EROFS: return "EROFS";
	default: return "errno" + std::to_string(e);
	}
}

int probe_main(int argc, char **argv);
int randio_main(int argc, char **argv);
int race_main(int argc, char **argv);

} // namespace mpfs::stress
