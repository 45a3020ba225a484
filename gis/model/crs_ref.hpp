#pragma once
// A reference to a coordinate reference system, as the user or the file said
// it. PROJ-known systems keep their definition ("EPSG:4490", WKT, PROJJSON);
// GCJ-02 and BD-09 (Chinese web-map offsets PROJ does not have) are kinds of
// their own. Validation and transformation live in gis/crs.
#include <string>
#include <string_view>

namespace jiuyou {

struct CrsRef {
  enum class Kind : unsigned char { none, proj, gcj02, bd09 };
  Kind kind = Kind::none;
  std::string definition;  // PROJ string/EPSG code/WKT for Kind::proj; "GCJ-02" / "BD-09" otherwise

  [[nodiscard]] bool empty() const { return kind == Kind::none; }
  // Recognises "GCJ-02"/"gcj02"/"GCJ02"/"mars", "BD-09"/"bd09"/"baidu"; anything
  // else non-empty becomes Kind::proj with the text as given (checked in gis/crs).
  static CrsRef parse(std::string_view text);
  static CrsRef epsg(int code);
  // Short label for reports: "EPSG:4490", "GCJ-02", or the first 40 characters of a WKT's name.
  [[nodiscard]] std::string label() const;
  friend bool operator==(const CrsRef&, const CrsRef&) = default;
};

}  // namespace jiuyou
