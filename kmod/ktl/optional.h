/* SPDX-License-Identifier: GPL-2.0 */
#pragma once
#include "types.h"
#include "utility.h"

namespace ktl {
struct nullopt_t {};
inline constexpr nullopt_t nullopt{};

/// A T or nothing; no allocation, trivially small.
template <typename T> class Optional {
public:
	constexpr Optional() : has_(false) {}
	constexpr Optional(nullopt_t) : has_(false) {}
	Optional(const T &v) : has_(true) { new (&storage_) T(v); }
	Optional(const Optional &o) : has_(o.has_)
	{
		if (has_)
			new (&storage_) T(*o);
	}
	Optional &operator=(const Optional &o)
	{
		reset();
		has_ = o.has_;
		if (has_)
			new (&storage_) T(*o);
		return *this;
	}
	~Optional() { reset(); }

	void reset()
	{
		if (has_)
			(**this).~T();
		has_ = false;
	}
	constexpr bool has_value() const { return has_; }
	explicit constexpr operator bool() const { return has_; }
	T &operator*() { return *reinterpret_cast<T *>(&storage_); }
	const T &operator*() const { return *reinterpret_cast<const T *>(&storage_); }
	T *operator->() { return &**this; }
	const T *operator->() const { return &**this; }
	T value_or(const T &d) const { return has_ ? **this : d; }

private:
	bool has_;
	alignas(T) unsigned char storage_[sizeof(T)];
};
} // namespace ktl
