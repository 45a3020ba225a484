#include "gis/pair/units.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>
#include <algorithm>
#include <optional>

#include "gis/crs/crs.hpp"
#include "gis/io/load.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/shares.hpp"
#include "gis/io/vocab.hpp"
#include "gis/util/text.hpp"

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
  // Text as the loader reads a code: "350502.0" (a numeric column saved to CSV) is 350502, spaces dropped (tour 15 P11);
  // a code whose digits were lost ("3.50502E+05") stays as written, so the error quotes it.
  const std::string text = trim(c.as_text(row));
  return io::normalise_code(text).value_or(text);
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

// The zh vocabulary's number words (万元 = 1e4, 亿元 = 1e8), how names state units and the pairs table's Chinese
// headers, read once. A vocabulary that cannot be read is an error, said once by the first table that needs it
// (review: it used to become an empty vocabulary, and its callers tested `suffixes.empty()` for "loaded").
Result<const io::Vocabulary*> zh_vocabulary() {
  static const Result<io::Vocabulary> vocab = io::load_vocabulary("zh");
  if (!vocab) {
    Error e = vocab.error();
    e.message = "the zh vocabulary (money units and the pairs table's Chinese headers) cannot be read: " + e.message;
    return tl::unexpected(std::move(e));
  }
  return &*vocab;
}

// The unit a money column's name states ("年度资金（万元）" -> 万元, 1e4), read by the check loader's own reader
// with the loader's own spellings (tour 12 L8, L37); nullopt when it states none.
std::optional<io::HeaderUnit> money_unit_of(std::string_view header, const io::Vocabulary& vocab) {
  const io::NumberWords words{&vocab.suffixes, false, &vocab.unit_spellings};
  return io::unit_in_header(header, words);
}

// A header without its trailing bracketed part ("年度资金（万元）" -> "年度资金"); the header itself when it has none.
std::string without_bracket(const std::string& h, const io::Vocabulary& vocab) {
  for (const auto& [open, close] : vocab.unit_spellings.brackets) {  // the loader's own bracket spellings
    if (h.size() <= close.size() || h.compare(h.size() - close.size(), close.size(), close) != 0) continue;
    const size_t at = h.rfind(open);
    if (at != std::string::npos && at > 0) return trim(std::string_view(h).substr(0, at));
  }
  return h;
}

// A money unit among the vocabulary's number words: one ending in 元 (元, 千元, 万元, 亿元) or a bare scale
// word (万, 亿: 「年度资金（万）」 is in 万元); 人, 户, 米 … are units, but not of money.
bool is_money_unit(const io::HeaderUnit& u) { return u.word.ends_with("元") || u.factor != 1.0; }

// The money units the vocabulary knows, for a message: "万元、千元、亿元、元、万、亿".
std::string money_units_known(const io::Vocabulary& vocab) {
  std::string ends_yuan, scales;
  for (const auto& [word, factor] : vocab.suffixes) {
    if (!is_money_unit(io::HeaderUnit{word, factor})) continue;
    std::string& list = word.ends_with("元") ? ends_yuan : scales;
    list += (list.empty() ? "" : "、") + word;
  }
  return ends_yuan + (scales.empty() ? "" : "、" + scales);
}

// Reads a money column in the unit its written name states: "单位表「年度资金（万元）」列按万元读入" for the
// basis, "" when the name states none (or 元, 元/年). The loader's own unit reader decides what the name states
// (brackets, 单位：, /年 as data/vocab/zh.toml spells them); a bracket it does not read as a money unit
// (（美元）, （人）, （2024年）) is an error naming the units it knows, never read as 元.
Result<std::string> scale_money(const std::string& written, const std::string& table_zh, const std::string& source,
                                const std::vector<double*>& values, bool* against_header = nullptr) {
  ASSIGN_OR_RETURN(const io::Vocabulary* vocab, zh_vocabulary());
  const auto unit = money_unit_of(written, *vocab);
  if (!unit && without_bracket(written, *vocab) == written) return std::string();  // no unit stated: 元, as the canonical names say
  if (!unit || !is_money_unit(*unit)) {
    const std::string stated = unit ? unit->word : written.substr(std::min(without_bracket(written, *vocab).size(), written.size()));
    return error(ErrorCode::format, "the column '" + written + "' states " + stated + ", not a money unit jiuyou knows")
        .file(source)
        .layer(table_zh)
        .field(written)
        .hint("金额单位写成" + money_units_known(*vocab) + "之一（data/vocab/zh.toml [numbers.suffixes]），如「年度资金（万元）」「年度资金（元/年）」；其他币种请先折算成人民币");
  }
  if (unit->factor == 1.0) return std::string();
  // The check's money_unit_implausible for pair (tour 14 N11): a stated unit that makes the typical county or district hold
  // more than 100 亿元 a year, where 元 gives a plausible figure, is a column typed in 元 under a header in 万元 — read in 元, said.
  std::vector<double> given;
  for (const double* v : values)
    if (!std::isnan(*v) && *v > 0) given.push_back(*v);
  if (!given.empty()) {
    const double median = io::median_of(std::move(given));
    constexpr double k_most_per_unit = 1e10, k_least_per_unit = 1e4;  // 100 亿元, 1 万元 a year
    if (unit->factor > 1.0 && median * unit->factor > k_most_per_unit && median >= k_least_per_unit) {
      if (against_header != nullptr) *against_header = true;
      return table_zh + "「" + written + "」列写明" + unit->word + "，但按" + unit->word + "读每个单位的中位数是 " + util::fixed(median * unit->factor / 1e8, 0) +
             " 亿元，不合常理；按元读是 " + util::fixed(median / 1e4, 1) + " 万元，已按元读入，请核对该列的单位";
    }
  }
  for (double* v : values)
    if (!std::isnan(*v)) *v *= unit->factor;
  return table_zh + "「" + written + "」列按列名写明的" + unit->word + "读入";
}

}  // namespace

Result<PairProblem> problem_from_units_table(const FeatureTable& t, const std::map<std::string, std::string>& headers) {
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
  for (const Column* c : {funds, gap, shortfall, need}) {
    if (c == nullptr) continue;
    const auto it = headers.find(c->name());
    std::vector<double*> values;
    for (Unit& u : p.units)
      values.push_back(c == funds ? &u.funds_cny_per_year : c == gap ? &u.gap_cost_cny : c == shortfall ? &u.income_shortfall_cny : &u.need_cny_per_year);
    bool against_header = false;
    ASSIGN_OR_RETURN(std::string said, scale_money(it != headers.end() ? it->second : c->name(), "单位表", t.source, values, &against_header));
    if (against_header) p.warnings_zh.push_back(said);
    if (!said.empty()) p.basis_zh.push_back(std::move(said));
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
  const Column* helper_name = t.column("helper_name");
  const Column* helped_name = t.column("helped_name");
  // Names only (帮扶方, 受扶方, 年度 — as 工作方案 tables are written): matched to the units' codes later (tour 12 L24).
  const bool by_name = helper == nullptr && helped == nullptr && helper_name != nullptr && helped_name != nullptr;
  if (!by_name && (helper == nullptr || helped == nullptr))
    return error(ErrorCode::format, std::string("the pairs table has no '") + (helper == nullptr ? "helper_code" : "helped_code") + "' column")
        .file(t.source)
        .field(helper == nullptr ? "helper_code" : "helped_code")
        .hint("columns present: " + columns_list(t) + "; the code columns may also be headed 帮扶方代码 / 受扶方代码 (the headers data/vocab/zh.toml [fields] lists)");
  const Column* coords[4] = {t.column("helper_lon"), t.column("helper_lat"), t.column("helped_lon"), t.column("helped_lat")};
  const Column* year = t.column("year");
  const Column* funds = first_column(t, {"funds_cny_per_year", "funds_cny", "funds"});
  const Column* note = first_column(t, {"source", "note"});
  PairsTable out;
  out.has_positions = !by_name && coords[0] != nullptr && coords[1] != nullptr && coords[2] != nullptr && coords[3] != nullptr;
  out.by_name = by_name;
  std::map<std::string, size_t> unit_of;
  for (size_t i = 0; i < t.size(); ++i) {
    ExistingPair e;
    e.row = static_cast<int64_t>(i) + 1;
    if (helper_name != nullptr) e.helper_name = trim(helper_name->as_text(i));
    if (helped_name != nullptr) e.helped_name = trim(helped_name->as_text(i));
    e.helper_code = by_name ? std::string() : code_text(*helper, i);
    e.helped_code = by_name ? std::string() : code_text(*helped, i);
    const std::pair<const std::string*, const char*> keys[2] = {by_name ? std::pair{&e.helper_name, "helper_name"} : std::pair{&e.helper_code, "helper_code"},
                                                                by_name ? std::pair{&e.helped_name, "helped_name"} : std::pair{&e.helped_code, "helped_code"}};
    for (const auto& [code, field] : keys)
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
  std::string funds_written = t.column("funds_cny_per_year") != nullptr ? "funds_cny_per_year" : "";
  {
    ASSIGN_OR_RETURN(const io::Vocabulary* vocab, zh_vocabulary());  // read once, shared with the unit reader
    for (const char* canonical : {"helper_code", "helped_code", "helper_name", "helped_name", "year", "funds_cny_per_year", "note", "helper_lon",
                                  "helper_lat", "helped_lon", "helped_lat"}) {
      if (t.column(canonical) != nullptr) continue;
      const std::vector<std::string>& headers = vocab->default_columns("pairs", canonical);
      Column* found = nullptr;
      for (const std::string& header : headers)
        if ((found = t.column(header)) != nullptr) break;
      // A listed header with another unit in its brackets ("年度资金（万元）" for "年度资金（元）"): the same column (tour 12 L8).
      for (size_t c = 0; found == nullptr && c < t.columns.size(); ++c) {
        const std::string base = without_bracket(t.columns[c].name(), *vocab);
        if (base != t.columns[c].name() && std::any_of(headers.begin(), headers.end(), [&](const std::string& h) { return without_bracket(h, *vocab) == base; }))
          found = &t.columns[c];
      }
      if (found == nullptr) continue;
      if (std::string_view(canonical) == "funds_cny_per_year") funds_written = found->name();
      found->rename(canonical);
    }
  }
  ASSIGN_OR_RETURN(PairsTable out, pairs_from_table(t));
  if (!funds_written.empty()) {
    std::vector<double*> values;
    for (ExistingPair& e : out.pairs) values.push_back(&e.funds_cny_per_year);
    ASSIGN_OR_RETURN(std::string said, scale_money(funds_written, "现有结对表", t.source, values));
    if (!said.empty()) out.units_zh.push_back(std::move(said));
  }
  return out;
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

Result<void> resolve_pair_names(std::vector<ExistingPair>& pairs, const std::vector<Unit>& units, const std::string& path) {
  std::map<std::string, std::vector<const Unit*>> named;
  for (const Unit& u : units) named[u.name].push_back(&u);
  for (ExistingPair& e : pairs)
    for (auto [name, code, field] : {std::tuple{&e.helper_name, &e.helper_code, "helper_name"}, std::tuple{&e.helped_name, &e.helped_code, "helped_name"}}) {
      if (!code->empty()) continue;
      const auto it = named.find(*name);
      if (it == named.end())
        return error(ErrorCode::input, "pairs row " + std::to_string(e.row) + ": no unit is named '" + *name + "'")
            .file(path)
            .feature(e.row)
            .field(field)
            .hint("write the name as the units table does, or give the codes (帮扶方代码 / 受扶方代码)");
      if (it->second.size() > 1) {
        std::string codes;
        for (const Unit* u : it->second) codes += (codes.empty() ? "" : ", ") + u->code;
        return error(ErrorCode::input, "pairs row " + std::to_string(e.row) + ": " + std::to_string(it->second.size()) + " units are named '" + *name +
                                           "' (codes " + codes + ")")
            .file(path)
            .feature(e.row)
            .field(field)
            .hint("give the codes (帮扶方代码 / 受扶方代码) so that each pair names one unit");
      }
      *code = it->second.front()->code;
    }
  return {};
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
