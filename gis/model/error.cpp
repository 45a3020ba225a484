#include "gis/model/error.hpp"

namespace jiuyou {

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (!layer.empty()) out += "layer '" + layer + "': ";
  if (feature >= 0) out += "feature " + std::to_string(feature) + ": ";
  if (!field.empty()) out += "field '" + field + "': ";
  out += message;
  if (!hint.empty()) out += "\n  hint: " + hint;
  return out;
}

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::input: return 2;
    case ErrorCode::io: return 3;
    case ErrorCode::format: return 4;
    case ErrorCode::crs: return 5;
    case ErrorCode::project: return 6;
    case ErrorCode::rules: return 7;
    case ErrorCode::solver: return 8;
    case ErrorCode::render: return 9;
    case ErrorCode::internal: return 70;
    case ErrorCode::finding: return 1;
    case ErrorCode::cancelled: return 130;
  }
  return 70;
}

Error normalize_cancelled(Error e) {
  if (e.code != ErrorCode::cancelled && e.message.rfind("cancelled", 0) == 0) e.code = ErrorCode::cancelled;
  return e;
}

}  // namespace jiuyou
