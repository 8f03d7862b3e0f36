/* SPDX-License-Identifier: GPL-2.0 */
// move/forward/min/max without <utility>.
#pragma once

namespace ktl {
template <typename T> struct remove_reference { using type = T; };
template <typename T> struct remove_reference<T &> { using type = T; };
template <typename T> struct remove_reference<T &&> { using type = T; };

template <typename T> constexpr typename remove_reference<T>::type &&move(T &&t) noexcept
{
	return static_cast<typename remove_reference<T>::type &&>(t);
}
template <typename T> constexpr T &&forward(typename remove_reference<T>::type &t) noexcept
{
	return static_cast<T &&>(t);
}
template <typename T> constexpr const T &min(const T &a, const T &b) { return b < a ? b : a; }
template <typename T> constexpr const T &max(const T &a, const T &b) { return a < b ? b : a; }
template <typename T> constexpr void swap(T &a, T &b) noexcept
{
	T t = move(a);
	a = move(b);
	b = move(t);
}
} // namespace ktl
