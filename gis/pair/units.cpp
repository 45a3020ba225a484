#include "gis/pair/units.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "gis/crs/crs.hpp"
#include "gis/io/load.hpp"
#include "gis/io/vocab.hpp"

namespace jiuyou::pair {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A code as text: integers and whole reals without decimals ("350502", not "350502.0").
std::string code_text(const Column& c, size_t row) {
  if (c.is_null(row)) return {};
  if (c.type() == FieldType::integer) return std::to_string(c.get_int(row));
  if (c.type() == FieldType::real) {
    const double v = c.get_real(row);
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  }
  return trim(c.as_text(row));
}

// A number or NaN when null/empty; an error for text that is not a number.
Result<double> number_at(const FeatureTable& t, const Column* c, size_t row, int64_t feature) {
  if (c == nullptr || c->is_null(row)) return nan;
  if (c->type() == FieldType::text && trim(c->get_text(row)).empty()) return nan;
  auto v = c->number(row);
  if (!v)
    return error(ErrorCode::format, "'" + c->as_text(row) + "' is not a number")
        .file(t.source)
        .layer(t.name)
        .feature(feature)
        .field(c->name());
  return *v;
}

const Column* first_column(const FeatureTable& t, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (const Column* c = t.column(n)) return c;
  return nullptr;
}

std::string columns_list(const FeatureTable& t) {
  std::string s;
  for (const auto& c : t.columns) s += (s.empty() ? "" : ", ") + c.name();
  return s;
}

Result<Role> parse_role(std::string_view text) {
  const std::string s = trim(text);
  for (const char* w : {"helper", "donor", "帮扶", "帮扶方", "海", "支援方"})
    if (s == w) return Role::helper;
  for (const char* w : {"helped", "recipient", "受扶", "受扶方", "受帮扶", "受帮扶方", "山", "受援方"})
    if (s == w) return Role::helped;
  return error(ErrorCode::format, "role '" + s + "' is neither helper nor helped").hint("use helper/donor/帮扶方 or helped/recipient/受扶方");
}

}  // namespace

Result<PairProblem> problem_from_units_table(const FeatureTable& t) {
  PairProblem p;
  p.source = t.source;
  if (t.crs.empty())
    return error(ErrorCode::crs, "the units layer has no CRS").file(t.source).layer(t.name).hint("set crs = \"EPSG:4490\" (or the right one) for the layer");
  const bool geographic = crs::is_geographic(t.crs);
  p.geographic = geographic;
  p.crs = geographic ? CrsRef::epsg(4490) : t.crs;
  const Column* code = t.column("code");
  const Column* role = t.column("role");
  if (code == nullptr || role == nullptr)
    return error(ErrorCode::format, std::string("the units layer has no '") + (code == nullptr ? "code" : "role") + "' field")
        .file(t.source)
        .layer(t.name)
        .field(code == nullptr ? "code" : "role")
        .hint("fields present: " + columns_list(t) + "; map yours in [layers.units.fields]");
  const Column* name = t.column("name");
  const Column* funds = first_column(t, {"funds_cny_per_year", "funds_cny", "funds"});
  const Column* partners = t.column("max_partners");
  const Column* jobs = t.column("jobs");
  const Column* poor = t.column("poor_population");
  const Column* gap = t.column("gap_cost_cny");
  const Column* shortfall = t.column("income_shortfall_cny");
  const Column* need = first_column(t, {"need_cny_per_year", "need_cny"});
  p.units.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    Unit u;
    u.row = t.fid[i];
    u.code = code_text(*code, i);
    u.name = name != nullptr ? trim(name->as_text(i)) : std::string();
    auto r = parse_role(role->as_text(i));
    if (!r) return error(ErrorCode::format, r.error().message).file(t.source).layer(t.name).feature(u.row).field("role").hint(r.error().hint);
    u.role = *r;
    if (t.geometry.feature_count() > i && !t.geometry.is_empty(i)) {
      Vec2 q = representative_point(t.geometry, i);
      if (t.crs.kind == CrsRef::Kind::gcj02) q = crs::gcj02_to_wgs84(q);
      if (t.crs.kind == CrsRef::Kind::bd09) q = crs::bd09_to_wgs84(q);
      u.position = q;
    } else {
      u.position = {nan, nan};
    }
    struct Field {
      const Column* column;
      double* dst;
    };
    double max_partners = nan;
    for (const Field& f : {Field{funds, &u.funds_cny_per_year}, Field{partners, &max_partners}, Field{jobs, &u.jobs},
                           Field{poor, &u.poor_population}, Field{gap, &u.gap_cost_cny}, Field{shortfall, &u.income_shortfall_cny},
                           Field{need, &u.need_cny_per_year}}) {
      auto v = number_at(t, f.column, i, u.row);
      if (!v) return tl::unexpected(v.error());
      *f.dst = *v;
    }
    if (!std::isnan(max_partners)) {
      if (max_partners < 0 || max_partners != std::floor(max_partners) || max_partners > 1e6)
        return error(ErrorCode::format, "max_partners must be a whole number >= 0, got " + partners->as_text(i))
            .file(t.source)
            .layer(t.name)
            .feature(u.row)
            .field("max_partners");
      u.max_partners = static_cast<int>(max_partners);
    }
    p.units.push_back(std::move(u));
  }
  return p;
}

Result<FeatureTable> parse_csv_table(std::string_view text, const std::string& path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
    } else if (ch == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
    } else {
      field += ch;
      field_started = true;
    }
  }
  if (quoted) return error(ErrorCode::format, "a quoted field is not closed before the end of the file").file(path).hint("check line " + std::to_string(line));
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return error(ErrorCode::format, "the CSV file is empty").file(path);
  FeatureTable t;
  t.name = std::filesystem::path(path).stem().string();
  t.source = path;
  t.source_layer = t.name;
  for (const auto& h : rows[0]) t.columns.emplace_back(trim(h), FieldType::text);
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != rows[0].size())
      return error(ErrorCode::format, "data row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) + " fields, the header " +
                                          std::to_string(rows[0].size()))
          .file(path)
          .feature(static_cast<int64_t>(r))
          .hint("quote fields that contain commas");
    t.fid.push_back(static_cast<int64_t>(r));
    t.geometry.add_null_feature();
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string v = trim(rows[r][c]);
      if (v.empty()) {
        t.columns[c].push_null();
      } else {
        t.columns[c].push_text(v);
      }
    }
  }
  return t;
}

Result<PairsTable> pairs_from_table(const FeatureTable& t) {
  const Column* helper = t.column("helper_code");
  const Column* helped = t.column("helped_code");
  if (helper == nullptr || helped == nullptr)
    return error(ErrorCode::format, std::string("the pairs table has no '") + (helper == nullptr ? "helper_code" : "helped_code") + "' column")
        .file(t.source)
        .field(helper == nullptr ? "helper_code" : "helped_code")
        .hint("columns present: " + columns_list(t) + "; the code columns may also be headed 帮扶方代码 / 受扶方代码 (the headers data/vocab/zh.toml [fields] lists)");
  const Column* helper_name = t.column("helper_name");
  const Column* helped_name = t.column("helped_name");
  const Column* coords[4] = {t.column("helper_lon"), t.column("helper_lat"), t.column("helped_lon"), t.column("helped_lat")};
  const Column* year = t.column("year");
  const Column* funds = first_column(t, {"funds_cny_per_year", "funds_cny", "funds"});
  const Column* note = first_column(t, {"source", "note"});
  PairsTable out;
  out.has_positions = coords[0] != nullptr && coords[1] != nullptr && coords[2] != nullptr && coords[3] != nullptr;
  std::map<std::string, size_t> unit_of;
  for (size_t i = 0; i < t.size(); ++i) {
    ExistingPair e;
    e.row = static_cast<int64_t>(i) + 1;
    e.helper_code = code_text(*helper, i);
    e.helped_code = code_text(*helped, i);
    for (const auto& [code, field] : {std::pair{&e.helper_code, "helper_code"}, std::pair{&e.helped_code, "helped_code"}})
      if (code->empty())
        return error(ErrorCode::format, "pairs row " + std::to_string(e.row) + ": " + field + " is empty").file(t.source).feature(e.row).field(field);
    auto y = number_at(t, year, i, e.row);
    if (!y) return tl::unexpected(y.error());
    e.year = std::isnan(*y) ? 0 : static_cast<int>(*y);
    auto f = number_at(t, funds, i, e.row);
    if (!f) return tl::unexpected(f.error());
    e.funds_cny_per_year = *f;
    if (note != nullptr) e.note = note->as_text(i);
    if (out.has_positions) {
      double v[4];
      for (int k = 0; k < 4; ++k) {
        auto n = number_at(t, coords[k], i, e.row);
        if (!n) return tl::unexpected(n.error());
        if (std::isnan(*n))
          return error(ErrorCode::format, "pairs row " + std::to_string(e.row) + ": " + coords[k]->name() + " is empty")
              .file(t.source)
              .feature(e.row)
              .field(coords[k]->name());
        v[k] = *n;
      }
      auto add_unit = [&](const std::string& code, const Column* name_col, Role role, Vec2 pos) -> Result<void> {
        auto it = unit_of.find(code);
        if (it != unit_of.end()) {
          const Unit& u = out.units[it->second];
          if (u.role != role)
            return error(ErrorCode::format, "pairs row " + std::to_string(e.row) + ": " + code + " is a helper in one row and helped in another")
                .file(t.source)
                .feature(e.row);
          return {};
        }
        Unit u;
        u.code = code;
        u.name = name_col != nullptr ? trim(name_col->as_text(i)) : std::string();
        u.role = role;
        u.position = pos;
        u.row = e.row;
        unit_of.emplace(code, out.units.size());
        out.units.push_back(std::move(u));
        return {};
      };
      if (auto r = add_unit(e.helper_code, helper_name, Role::helper, {v[0], v[1]}); !r) return tl::unexpected(r.error());
      if (auto r = add_unit(e.helped_code, helped_name, Role::helped, {v[2], v[3]}); !r) return tl::unexpected(r.error());
    }
    out.pairs.push_back(std::move(e));
  }
  return out;
}

namespace {

// The table with its Chinese headers read as the canonical names ("帮扶方代码" -> helper_code), by the zh
// vocabulary's [fields] "pairs.*" lists (data/vocab/zh.toml), where the canonical column is absent (tour 11 K36).
Result<PairsTable> pairs_from_headers(FeatureTable t) {
  if (auto vocab = io::load_vocabulary("zh")) {
    for (const char* canonical : {"helper_code", "helped_code", "helper_name", "helped_name", "year", "funds_cny_per_year", "note", "helper_lon",
                                  "helper_lat", "helped_lon", "helped_lat"}) {
      if (t.column(canonical) != nullptr) continue;
      for (const std::string& header : vocab->default_columns("pairs", canonical))
        if (Column* c = t.column(header)) {
          c->rename(canonical);
          break;
        }
    }
  }
  return pairs_from_table(t);
}

}  // namespace

Result<PairsTable> read_pairs(const std::string& path) {
  const std::filesystem::path fp(path);
  std::string ext = fp.extension().string();
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".csv") {
    std::ifstream in(fp, std::ios::binary);
    if (!in) return error(ErrorCode::io, "cannot open the pairs table").file(path).hint("check the path");
    std::ostringstream ss;
    ss << in.rdbuf();
    auto t = parse_csv_table(ss.str(), path);
    if (!t) return tl::unexpected(t.error());
    return pairs_from_headers(std::move(*t));
  }
  io::LayerSpec spec;
  spec.name = "pairs";
  spec.path = path;
  IssueLog log;
  auto t = io::read_layer(spec, log);
  if (!t) return tl::unexpected(t.error());
  return pairs_from_headers(std::move(*t));
}

Result<PairProblem> problem_from_pairs(const PairsTable& table, const std::string& path) {
  if (!table.has_positions)
    return error(ErrorCode::format, "the pairs table has no helper_lon/helper_lat/helped_lon/helped_lat columns, so it cannot stand for the units")
        .file(path)
        .hint("give a units layer (or a project with one) and pass this table with --existing");
  PairProblem p;
  p.units = table.units;
  p.existing = table.pairs;
  p.geographic = true;
  p.crs = CrsRef::epsg(4490);
  p.source = path;
  p.pairs_source = path;
  // A helper's known funds per year: the sum over its pairs that state one.
  std::map<std::string, double> funds;
  for (const auto& e : table.pairs)
    if (!std::isnan(e.funds_cny_per_year)) funds[e.helper_code] += e.funds_cny_per_year;
  std::map<std::string, int> partners;
  for (const auto& e : table.pairs) ++partners[e.helper_code];
  for (auto& u : p.units) {
    if (u.role != Role::helper) continue;
    if (auto it = funds.find(u.code); it != funds.end()) u.funds_cny_per_year = it->second;
    u.max_partners = partners[u.code];
  }
  return p;
}

}  // namespace jiuyou::pair
