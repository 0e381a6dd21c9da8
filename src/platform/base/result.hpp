#pragma once
// Errors as values. Every layer returns Result<T>; only platform/http maps an ErrorCode
// to an HTTP status. An Error's `message` is safe to show to the person who made the
// request: it never carries secrets, SQL or internal state (those go to the log).

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rk {

enum class ErrorCode {
  kInvalidArgument,   // the request is malformed or fails validation
  kUnauthenticated,   // no valid credentials
  kPermissionDenied,  // authenticated, but not allowed (CSRF, re-auth needed)
  kNotFound,          // absent, or not visible to this person (never says which)
  kConflict,          // the state does not allow it (duplicate, already done)
  kGone,              // existed but expired
  kMethodNotAllowed,  // the path exists, but not for this method
  kUpgradeRequired,   // the address speaks WebSocket only
  kPayloadTooLarge,
  kHeadersTooLarge,
  kUnsupportedMediaType,
  kRateLimited,
  kUnavailable,  // a dependency is down; the caller may retry
  kInternal,
};

// One problem with one field of a request body, shown next to that field in the client.
struct FieldError {
  std::string field;    // JSON name of the field ("password")
  std::string code;     // stable machine-readable reason ("too_short")
  std::string message;  // a sentence for the person
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;  // kInvalidArgument only
  int retry_after_seconds = 0;     // kRateLimited only

  static Error Invalid(std::string message, std::vector<FieldError> fields = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(fields), 0};
  }
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}, 0}; }
  static Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message), {}, 0}; }
  static Error Gone(std::string message) { return {ErrorCode::kGone, std::move(message), {}, 0}; }
  static Error Unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message), {}, 0};
  }
  static Error Forbidden(std::string message) { return {ErrorCode::kPermissionDenied, std::move(message), {}, 0}; }
  static Error RateLimited(std::string message, int retry_after) {
    return {ErrorCode::kRateLimited, std::move(message), {}, retry_after};
  }
  static Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message), {}, 0}; }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}, 0}; }
};

// Holds either a T or an Error. Accessing the wrong alternative is a programming error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T value_or(T fallback) const& { return ok() ? std::get<0>(v_) : std::move(fallback); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace rk

// Returns the error of `expr` (a Result) from the enclosing function if it failed.
#define RK_TRY(expr)                                   \
  do {                                                 \
    auto rk_try_result_ = (expr);                      \
    if (!rk_try_result_.ok()) return std::move(rk_try_result_).error(); \
  } while (0)

#define RK_CONCAT_INNER(a, b) a##b
#define RK_CONCAT(a, b) RK_CONCAT_INNER(a, b)
// Declares `lhs` from the value of `expr` (a Result), or returns its error.
#define RK_ASSIGN_OR_RETURN(lhs, expr) RK_ASSIGN_OR_RETURN_IMPL(RK_CONCAT(rk_res_, __LINE__), lhs, expr)
#define RK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)       \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).error();        \
  lhs = std::move(tmp).value()
