// SPDX-License-Identifier: GPL-2.0
// Mount options: engine=kernel|port|iomap, alloc=contiguous|reverse|scatter:SEED,
// iomap_large_folios=0|1.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

/// A [begin, end) slice of the option string.
struct Token {
	const char *p;
	ktl::usize n;

	bool is(const char *lit) const
	{
		ktl::usize i = 0;
		for (; lit[i]; i++)
			if (i >= n || p[i] != lit[i])
				return false;
		return i == n;
	}
	bool starts_with(const char *lit) const
	{
		ktl::usize i = 0;
		for (; lit[i]; i++)
			if (i >= n || p[i] != lit[i])
				return false;
		return true;
	}
	Token skip(ktl::usize k) const { return Token{p + k, n - k}; }
};

ktl::Result<u64> parse_u64(Token t)
{
	if (t.n == 0 || t.n > 20)
		return ktl::Error::from_errno(-ktl::kEINVAL);
	u64 v = 0;
	for (ktl::usize i = 0; i < t.n; i++) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return ktl::Error::from_errno(-ktl::kEINVAL);
		const u64 d = u64(t.p[i] - '0');
		if (v > (~0ull - d) / 10)
			return ktl::Error::from_errno(-ktl::kEINVAL);
		v = v * 10 + d;
	}
	return v;
}

ktl::Result<void> apply(Options &o, Token t)
{
	if (t.starts_with("engine="))
		o.engine_given = true;
	if (t.starts_with("alloc="))
		o.alloc_given = true;
	if (t.is("engine=kernel")) {
		o.engine = Engine::Kernel;
	} else if (t.is("engine=port")) {
		o.engine = Engine::Port;
	} else if (t.is("engine=iomap")) {
		o.engine = Engine::Iomap;
	} else if (t.is("iomap_large_folios=0")) {
		o.large_folios = LargeFolios::Off;
		o.large_folios_given = true;
	} else if (t.is("iomap_large_folios=1")) {
		o.large_folios = LargeFolios::On;
		o.large_folios_given = true;
	} else if (t.is("alloc=contiguous")) {
		o.alloc = AllocPolicy::Contiguous;
	} else if (t.is("alloc=reverse")) {
		o.alloc = AllocPolicy::Reverse;
	} else if (t.starts_with("alloc=scatter:")) {
		auto seed = parse_u64(t.skip(14));
		if (seed.is_error()) {
			shim_fs_err("alloc=scatter:SEED needs a decimal SEED");
			return seed.error();
		}
		o.alloc = AllocPolicy::Scatter;
		o.seed = seed.value();
	} else {
		shim_fs_err("unknown mount option \"%.*s\" (known: engine=kernel|port|iomap, "
			    "alloc=contiguous|reverse|scatter:SEED, iomap_large_folios=0|1)",
			    int(t.n), t.p);
		return ktl::Error::from_errno(-ktl::kEINVAL);
	}
	return {};
}

} // namespace

ktl::Result<Options> parse_options(const char *data)
{
	Options o;
	if (!data)
		return o;
	const char *p = data;
	while (*p) {
		const char *e = p;
		while (*e && *e != ',')
			e++;
		if (e != p)
			KTRY(apply(o, Token{p, ktl::usize(e - p)}));
		p = *e ? e + 1 : e;
	}
	return o;
}

} // namespace mpfs::fs
