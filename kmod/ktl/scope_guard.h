/* SPDX-License-Identifier: GPL-2.0 */
#pragma once
#include "utility.h"

namespace ktl {
/// Runs a callable at scope exit unless dismissed. For one-off cleanups; paired
/// kernel calls with a name (plug, folio lock, bio) get their own RAII class.
template <typename F> class ScopeGuard {
public:
	explicit ScopeGuard(F f) : f_(ktl::move(f)) {}
	ScopeGuard(const ScopeGuard &) = delete;
	ScopeGuard &operator=(const ScopeGuard &) = delete;
	~ScopeGuard()
	{
		if (armed_)
			f_();
	}
	void dismiss() { armed_ = false; }

private:
	F f_;
	bool armed_ = true;
};
template <typename F> ScopeGuard(F) -> ScopeGuard<F>;
} // namespace ktl
