#pragma once
// One wording for a TOML syntax error, whichever file it is in (project,
// rule set, [relocate], [pair]): "TOML syntax error at line L, column C: what",
// with the file set and a hint showing the shape the file should have.
// Header-only: every module that parses TOML links toml++ already.
#include <string>

#include <toml++/toml.h>

#include "gis/model/error.hpp"

namespace jiuyou::util {

inline Error toml_syntax_error(const toml::parse_error& e, ErrorCode code, const std::string& file, std::string hint) {
  const auto& at = e.source().begin;
  Error out;
  out.code = code;
  out.message = "TOML syntax error at line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ": " + std::string(e.description());
  out.file = file;
  out.hint = std::move(hint);
  return out;
}

}  // namespace jiuyou::util
