/* SPDX-License-Identifier: GPL-2.0 */
#pragma once
#include "types.h"

namespace ktl {
/// A non-owning view of a contiguous array.
template <typename T> class Span {
public:
	constexpr Span() = default;
	constexpr Span(T *data, usize size) : data_(data), size_(size) {}
	template <usize N> constexpr Span(T (&arr)[N]) : data_(arr), size_(N) {}
	/// Span<const T> from Span<T>, like a pointer conversion.
	template <typename U>
		requires __is_same(T, const U)
	constexpr Span(const Span<U> &o) : data_(o.data()), size_(o.size()) {}

	constexpr T *data() const { return data_; }
	constexpr usize size() const { return size_; }
	constexpr bool empty() const { return size_ == 0; }
	constexpr T &operator[](usize i) const { return data_[i]; }
	constexpr T *begin() const { return data_; }
	constexpr T *end() const { return data_ + size_; }
	constexpr Span subspan(usize off, usize n) const { return Span(data_ + off, n); }
	constexpr Span subspan(usize off) const { return Span(data_ + off, size_ - off); }

private:
	T *data_ = nullptr;
	usize size_ = 0;
};
} // namespace ktl
