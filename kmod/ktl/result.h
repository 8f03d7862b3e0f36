/* SPDX-License-Identifier: GPL-2.0 */
// Error handling without exceptions: a value or a negative errno.
// Modelled on the idea of SerenityOS ErrorOr and Rust-for-Linux Result; no code
// from either. Construct errors with Error::from_errno(-EIO) style values.
#pragma once
#include "types.h"
#include "utility.h"

namespace ktl {

/// A negative errno. Zero is not an error and cannot be stored.
class [[nodiscard]] Error {
public:
	static constexpr Error from_errno(int negative_errno) { return Error(negative_errno); }
	constexpr int to_errno() const { return code_; }
	constexpr bool operator==(const Error &o) const { return code_ == o.code_; }

private:
	constexpr explicit Error(int c) : code_(c) {}
	int code_;
};

/// Either a T or an Error. Must be inspected: the class is [[nodiscard]].
template <typename T> class [[nodiscard]] Result {
public:
	constexpr Result(const T &v) : ok_(true) { new (&storage_) T(v); }
	constexpr Result(T &&v) : ok_(true) { new (&storage_) T(ktl::move(v)); }
	constexpr Result(Error e) : ok_(false), err_(e.to_errno()) {}
	Result(Result &&o) : ok_(o.ok_), err_(o.err_)
	{
		if (ok_)
			new (&storage_) T(ktl::move(o.value()));
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;
	~Result()
	{
		if (ok_)
			value().~T();
	}

	constexpr bool is_ok() const { return ok_; }
	constexpr bool is_error() const { return !ok_; }
	Error error() const { return Error::from_errno(err_); }
	T &value() { return *reinterpret_cast<T *>(&storage_); }
	const T &value() const { return *reinterpret_cast<const T *>(&storage_); }
	T release_value() { return ktl::move(value()); }
	/// The errno for a C caller: 0 on success.
	int to_errno() const { return ok_ ? 0 : err_; }

private:
	bool ok_;
	int err_ = 0;
	alignas(T) unsigned char storage_[sizeof(T)];
};

template <> class [[nodiscard]] Result<void> {
public:
	constexpr Result() : err_(0) {}
	constexpr Result(Error e) : err_(e.to_errno()) {}
	constexpr bool is_ok() const { return err_ == 0; }
	constexpr bool is_error() const { return err_ != 0; }
	Error error() const { return Error::from_errno(err_); }
	void release_value() {}
	int to_errno() const { return err_; }

private:
	int err_;
};

/// Build a Result<void> from a C-style return code (0 or negative errno).
inline Result<void> from_errno_code(int rc)
{
	if (rc < 0)
		return Error::from_errno(rc);
	return {};
}

} // namespace ktl

/// Evaluate a Result expression; on error return it from the enclosing function,
/// otherwise yield its value. Early return lives in C++ only, never in the shim.
#define KTRY(expr)                                                  \
	({                                                          \
		auto _ktry_r = (expr);                              \
		if (_ktry_r.is_error())                             \
			return _ktry_r.error();                     \
		_ktry_r.release_value();                            \
	})
