#include "gis/io/schema.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace jiuyou::io {

namespace {
using F = FieldType;
const std::map<std::string, std::vector<CanonicalField>>& schema() {
  static const std::map<std::string, std::vector<CanonicalField>> s = {
      {"villages",
       {{"code", F::text, "12-digit statistical area code"},
        {"name", F::text, "village name"},
        {"township", F::text, "9-digit township code or name"},
        {"population", F::real, "rural registered population"},
        {"households", F::real, "households"},
        {"poor_population", F::real, "registered poor people"},
        {"poor_households", F::real, "registered poor households"},
        {"collective_income", F::real, "collective economy income, CNY per year"},
        {"income_per_capita", F::real, "per-capita disposable income, CNY"},
        {"income_growth", F::real, "income growth, fraction"},
        {"has_leading_industry", F::boolean, "村有主导产业"},
        {"township_industry_scale", F::boolean, "乡有产业规模"},
        {"poor_households_with_project", F::real, "poor households with a project"},
        {"cooperatives", F::real, "enterprises/cooperatives bringing poor households along"},
        {"poor_insured_share", F::real, "share of poor people insured, 0-1"},
        {"unsafe_houses_poor", F::real, "D-grade houses of poor households"},
        {"relocate_households", F::real, "households to relocate"}}},
      {"roads", {{"class", F::text, "national/provincial/county/township/village/other"}, {"surface", F::text, "asphalt/concrete/gravel/earth"}, {"width_m", F::real, "width in metres"}}},
      {"water", {{"kind", F::text, "pipe/plant/service_area"}, {"safe", F::boolean, "safe drinking water"}}},
      {"power", {{"voltage_kv", F::real, "voltage, kV"}, {"kind", F::text, "line/substation/transformer"}, {"capacity_kva", F::real, "transformer capacity, kVA"}}},
      {"broadband", {{"kind", F::text, "coverage/tower/fiber"}, {"tech", F::text, "fiber/4g/5g/cable_tv"}, {"radius_m", F::real, "tower radius, metres"}}},
      {"facilities", {{"kind", F::text, "clinic/school/service_center/culture/market/cooperative"}, {"village_code", F::text, "12-digit code of the village it serves"}, {"qualified_doctor", F::boolean, "clinic has a qualified doctor"}}},
      {"hazards", {{"kind", F::text, "landslide/debris_flow/collapse/flood"}, {"level", F::text, "hazard level"}}},
      {"protected", {{"kind", F::text, "basic_farmland/ecological_redline/reserve"}}},
      {"units", {{"code", F::text, "code"}, {"name", F::text, "name"}, {"role", F::text, "donor/recipient"}}},
      {"townships", {{"code", F::text, "9-digit township code"}, {"name", F::text, "township name"}}},
  };
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string number_as_text(const Column& c, size_t row) {
  if (c.type() == FieldType::real) {
    const double v = c.get_real(row);
    if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e17) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.0f", v);
      return buf;
    }
  }
  return c.as_text(row);
}

void issue(IssueLog& log, const FeatureTable& t, size_t row, const std::string& field, std::string message, std::string hint) {
  Issue i;
  i.severity = Severity::warning;
  i.code = "bad_value";
  i.file = t.source;
  i.layer = t.name;
  i.feature = t.fid[row];
  i.field = field;
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}
}  // namespace

const std::vector<CanonicalField>& canonical_fields(const std::string& layer) {
  static const std::vector<CanonicalField> none;
  auto it = schema().find(layer);
  return it == schema().end() ? none : it->second;
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string s = trim(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* t : {"true", "yes", "y", "t", "1", "是", "有", "对"})
    if (s == t) return true;
  for (const char* f : {"false", "no", "n", "f", "0", "否", "无", "没有", "不"})
    if (s == f) return false;
  return std::nullopt;
}

Result<void> normalise_schema(FeatureTable& t, const LayerSpec& spec, IssueLog& log) {
  for (const CanonicalField& cf : canonical_fields(spec.name)) {
    Column* col = t.column(cf.name);
    if (!col || col->type() == cf.type) continue;
    if (cf.type == FieldType::real && col->type() == FieldType::integer) continue;  // integers are numbers
    Column out(cf.name, cf.type);
    out.reserve(col->size());
    size_t converted = 0, bad = 0, nonnull = 0;
    for (size_t r = 0; r < col->size(); ++r) {
      if (col->is_null(r)) { out.push_null(); continue; }
      ++nonnull;
      switch (cf.type) {
        case FieldType::text:
          out.push_text(number_as_text(*col, r));
          ++converted;
          break;
        case FieldType::real: {
          const auto v = col->number(r);
          if (v) { out.push_real(*v); ++converted; }
          else {
            const std::string raw = trim(col->as_text(r));
            out.push_null();
            if (!raw.empty()) {
              ++bad;
              if (bad <= 100) issue(log, t, r, cf.name, "'" + raw + "' is not a number; treated as missing", std::string("expected: ") + cf.description);
            }
          }
          break;
        }
        case FieldType::boolean: {
          std::optional<bool> v;
          if (col->type() == FieldType::text) v = parse_bool(col->get_text(r));
          else if (auto n = col->number(r)) v = *n != 0;
          if (v) { out.push_bool(*v); ++converted; }
          else {
            const std::string raw = trim(col->as_text(r));
            out.push_null();
            if (!raw.empty()) {
              ++bad;
              if (bad <= 100) issue(log, t, r, cf.name, "'" + raw + "' is not yes/no; treated as missing", "use true/false, 1/0 or 是/否");
            }
          }
          break;
        }
        case FieldType::integer: break;
      }
    }
    if (nonnull > 0 && converted == 0) {
      const std::string was = spec.fields.count(cf.name) ? spec.fields.at(cf.name) : cf.name;
      return error(ErrorCode::format, std::string("wrong field type: ") + to_string(col->type()) + " values that are not " +
                                          (cf.type == FieldType::boolean ? "yes/no" : "numbers") + " (" + cf.description + ")")
          .file(t.source)
          .layer(t.name)
          .field(was)
          .hint("map the right column in the project: [layers." + t.name + ".fields] " + cf.name + " = \"<column>\"");
    }
    *col = std::move(out);
  }
  return {};
}

}  // namespace jiuyou::io
