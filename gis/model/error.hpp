#pragma once
// Expected failures at the edges (missing file, unknown CRS, bad field) travel
// as values: tl::expected<T, Error>. Bugs are asserts; one bad feature among
// many is an Issue in the IssueLog, not an Error.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace jiuyou {

enum class ErrorCode {
  io = 1,          // file missing or unreadable, output cannot be written
  format,          // a file parses but is not what we need (layer, field, type)
  crs,             // unknown or missing CRS, failed transformation
  project,         // malformed project file
  rules,           // malformed rule set
  input,           // bad user input (arguments, values)
  solver,          // optimiser failed or infeasible
  render,          // no GL context, no font
  internal,
  finding,         // the run worked and found what the user must act on (nobody to relocate): exit 1
  cancelled,       // the user (or a front end) stopped the work: nothing was written
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string file;
  std::string layer;
  int64_t feature = -1;  // source FID, -1 when not about one feature
  std::string field;
  std::string hint;

  // "file: layer 'roads': feature 12: field 'surface': message (hint: ...)"
  [[nodiscard]] std::string to_string() const;
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string hint = {}) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return tl::unexpected<Error>(std::move(e));
}

// Builder used as: return fail_at(ErrorCode::format, "no such field").file(p).layer(l);
struct ErrorBuilder {
  Error e;
  ErrorBuilder& file(std::string v) { e.file = std::move(v); return *this; }
  ErrorBuilder& layer(std::string v) { e.layer = std::move(v); return *this; }
  ErrorBuilder& feature(int64_t v) { e.feature = v; return *this; }
  ErrorBuilder& field(std::string v) { e.field = std::move(v); return *this; }
  ErrorBuilder& hint(std::string v) { e.hint = std::move(v); return *this; }
  operator tl::unexpected<Error>() const { return tl::unexpected<Error>(e); }  // NOLINT
  // So that `return error(...).file(p);` works in any function returning Result<T>.
  template <class T>
  operator tl::expected<T, Error>() const {  // NOLINT
    return tl::unexpected<Error>(e);
  }
  operator Error() const { return e; }                                          // NOLINT
};

inline ErrorBuilder error(ErrorCode code, std::string message) {
  ErrorBuilder b;
  b.e.code = code;
  b.e.message = std::move(message);
  return b;
}

// Exit codes of the CLI, documented in README.md (cancelled: 130, as a shell reports Ctrl-C).
int exit_code_for(ErrorCode code);

// The one way to say "stopped on request": every stage that polls a ProgressFn
// returns this when the callback answered false.
inline ErrorBuilder cancelled_error(std::string_view stage = {}) {
  return error(ErrorCode::cancelled, stage.empty() ? std::string("cancelled") : "cancelled during " + std::string(stage));
}
// Older stages report cancellation as ErrorCode::input/solver/internal with the
// message "cancelled"; this maps those to ErrorCode::cancelled (idempotent).
Error normalize_cancelled(Error e);

}  // namespace jiuyou

// Result propagation (after OR-Tools' RETURN_IF_ERROR / ASSIGN_OR_RETURN):
//   TRY(write_manifest(dir));                     // returns the error, if any
//   ASSIGN_OR_RETURN(auto project, load_project(p));  // declares `project`, or returns the error
// Both work in any function returning Result<T> (or tl::unexpected<Error>).
#define JIUYOU_CONCAT_INNER_(a, b) a##b
#define JIUYOU_CONCAT_(a, b) JIUYOU_CONCAT_INNER_(a, b)
#define TRY(expr)                                                                          \
  do {                                                                                     \
    auto&& jiuyou_try_result_ = (expr);                                                    \
    if (!jiuyou_try_result_) return ::tl::unexpected<::jiuyou::Error>(jiuyou_try_result_.error()); \
  } while (0)
#define JIUYOU_ASSIGN_OR_RETURN_(tmp, lhs, expr)                           \
  auto tmp = (expr);                                                       \
  if (!tmp) return ::tl::unexpected<::jiuyou::Error>(std::move(tmp).error()); \
  lhs = std::move(*tmp)
#define ASSIGN_OR_RETURN(lhs, expr) JIUYOU_ASSIGN_OR_RETURN_(JIUYOU_CONCAT_(jiuyou_aor_, __LINE__), lhs, expr)

namespace jiuyou {

}  // namespace jiuyou
