#pragma once
// One wording for a TOML syntax error, whichever file it is in (project,
// rule set, vocabulary, [relocate], [pair]): "TOML syntax error at line L,
// column C: what", with the file set, the key of the offending line as the
// field ("relocate.sample_step_m", when the line is `key = value` under a
// [table]) and a hint showing the shape the file should have.
// Header-only: every module that parses TOML links toml++ already.
#include <cstddef>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "gis/model/error.hpp"

namespace jiuyou::util {

namespace toml_error_detail {

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Line `line` (1-based) of `text`; empty past the end.
inline std::string_view line_of(std::string_view text, size_t line) {
  size_t start = 0;
  for (size_t l = 1; l < line; ++l) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  const size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// "name" of a `[name]` or `[[name]]` header line, or empty.
inline std::string_view header_name(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() != '[') return {};
  const size_t close = line.find(']');
  if (close == std::string_view::npos) return {};
  return trim(line.substr(0, close).substr(line.rfind('[', close) + 1));
}

// The dotted key the error's line assigns ("relocate.sample_step_m"), its table alone
// when the line is no assignment, or empty when neither can be told.
inline std::string key_at(std::string_view text, size_t line) {
  const std::string_view here = line_of(text, line);
  if (trim(here).substr(0, 1) == "[") return {};  // a table header, broken or not, names no key
  std::string_view key;
  if (const size_t eq = here.find('='); eq != std::string_view::npos && here.substr(0, eq).find('#') == std::string_view::npos)
    key = trim(here.substr(0, eq));
  if (key.find_first_of("[]{}\"'") != std::string_view::npos) key = {};
  std::string_view table;
  for (size_t l = line; l-- > 1 && table.empty();) table = header_name(line_of(text, l));
  if (table.empty()) return std::string(key);
  return key.empty() ? std::string(table) : std::string(table) + "." + std::string(key);
}

}  // namespace toml_error_detail

// `text`: the file's text, to name the key of the offending line (may be empty).
inline Error toml_syntax_error(const toml::parse_error& e, ErrorCode code, const std::string& file, std::string hint,
                               std::string_view text = {}) {
  const auto& at = e.source().begin;
  Error out;
  out.code = code;
  out.message = "TOML syntax error at line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ": " + std::string(e.description());
  out.file = file;
  if (!text.empty()) out.field = toml_error_detail::key_at(text, at.line);
  out.hint = std::move(hint);
  return out;
}

}  // namespace jiuyou::util
