#include "gis/io/mapinfo_zeros.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "gis/io/load_detail.hpp"
#include "gis/io/schema.hpp"

namespace jiuyou::io {

namespace {

struct Zeros {
  std::vector<size_t> rows;  // rows holding 0
  size_t values = 0;         // rows holding a number
  double smallest = 0;       // the smallest magnitude that is not 0
  double median = 0;         // the median magnitude of those that are not 0
};

Zeros zeros_of(const Column& c) {
  Zeros z;
  std::vector<double> others;
  for (size_t r = 0; r < c.size(); ++r) {
    const auto v = c.number(r);
    if (!v) continue;
    ++z.values;
    if (*v == 0) z.rows.push_back(r);
    else others.push_back(std::fabs(*v));
  }
  if (others.empty()) return z;
  std::sort(others.begin(), others.end());
  z.smallest = others.front();
  z.median = others[others.size() / 2];
  return z;
}

// How the zeros of a column read: many (or only zeros: a county without relocation) are true zeros; a few far below
// every other value (a village of 0 people among villages of 389 and more, a growth of 0 among 1.6 % and more) are
// empty cells; a few next to small values (0 poor people where others have 2) cannot be told.
enum class ZeroReading { kept, empty, ambiguous };

ZeroReading read_zeros(const Zeros& z) {
  if (z.rows.size() == z.values || z.rows.size() * 20 > z.values) return ZeroReading::kept;
  return z.smallest >= 0.15 * z.median ? ZeroReading::empty : ZeroReading::ambiguous;
}

// "覃家沟村、西孔家沟村 …" — the features' names (else their FIDs), the first five.
std::string name_rows(const FeatureTable& t, const std::vector<size_t>& rows) {
  const Column* names = t.column("name");
  std::string out;
  for (size_t i = 0; i < rows.size() && i < 5; ++i) {
    const size_t r = rows[i];
    out += (out.empty() ? "" : "、") + (names != nullptr && !names->is_null(r) ? names->as_text(r) : "FID " + std::to_string(t.fid[r]));
  }
  if (rows.size() > 5) out += " 等";
  return out;
}

std::string source_column(const LayerSpec& spec, const std::string& field) {
  const auto it = spec.fields.find(field);
  return it != spec.fields.end() ? it->second : field;
}

}  // namespace

bool numbers_have_no_empty(const char* gdal_driver) { return gdal_driver != nullptr && std::string_view(gdal_driver) == "MapInfo File"; }

void settle_mapinfo_zeros(FeatureTable& t, const LayerSpec& spec, IssueLog& log) {
  for (const CanonicalField& cf : canonical_fields(layer_kind(spec))) {
    if (cf.type != FieldType::integer && cf.type != FieldType::real) continue;
    Column* c = t.column(cf.name);
    if (c == nullptr || !c->is_numeric()) continue;
    const Zeros z = zeros_of(*c);
    if (z.rows.empty()) continue;
    const std::string source = source_column(spec, cf.name);
    const std::string column = "列「" + source + "」" + (source == cf.name ? "" : "（" + cf.name + "）");
    const std::string counts = std::to_string(z.values) + " 行里有 " + std::to_string(z.rows.size()) + " 个 0";
    const ZeroReading reading = read_zeros(z);
    if (reading == ZeroReading::kept) {
      add_issue(log, Severity::info, "mapinfo_zeros_kept", spec, -1, cf.name,
                "MapInfo 文件不能存空值（空格子读出来是 0）：" + column + "的 " + counts + (z.rows.size() == z.values ? "（整列都是 0）" : "") +
                    "，0 多，按真的 0 读入；其中若有空格子则无从分辨",
                "要区分空与 0，把图层另存为 GeoPackage 或 Shapefile（能存空值）再用");
      continue;
    }
    if (reading == ZeroReading::ambiguous) {
      add_issue(log, Severity::warning, "mapinfo_zeros_ambiguous", spec, -1, cf.name,
                "MapInfo 文件不能存空值（空格子读出来是 0）：" + column + "的 " + counts + "，按 0 读入，但其中可能有空格子：" + name_rows(t, z.rows),
                "核对这些村：是空格子就在表里补上数字；要区分空与 0，把图层另存为 GeoPackage 或 Shapefile（能存空值）再用");
      continue;
    }
    for (const size_t r : z.rows) c->set_null(r);
    add_issue(log, Severity::warning, "mapinfo_zeros_unknown", spec, -1, cf.name,
              "MapInfo 文件不能存空值（空格子读出来是 0）：" + column + "的 " + counts + "，其余都不是 0" +
                  "，这些 0 看来是空格子，按未知读入：" + name_rows(t, z.rows),
              "若这些确是 0，把图层另存为 GeoPackage 或 Shapefile（能存空值），在其中填 0 再用；否则在表里补上数字");
  }
}

}  // namespace jiuyou::io
