#include "gis/invest/costs.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "gis/invest/plausible.hpp"
#include "gis/util/cost_problems.hpp"
#include "gis/util/data_files.hpp"
#include "gis/util/toml_error.hpp"

namespace jiuyou::invest {
namespace {

namespace fs = std::filesystem;
using util::CostProblems;

ErrorBuilder cost_error(const std::string& file, const std::string& item, const std::string& message) {
  return error(ErrorCode::rules, (item.empty() ? std::string() : "[build." + item + "]: ") + message).file(file);
}

// The denominators county staff write: 公里/千米 for km, 处/个/座 for each, 米 for m.
std::string per_unit(const std::string& per) {
  if (per == "公里" || per == "千米" || per == "km") return "km";
  if (per == "处" || per == "个" || per == "座" || per == "each") return "each";
  if (per == "米" || per == "m") return "m";
  return per;
}

// "万元/km" (万元/公里, 元/处 …) -> 10000 per km; the denominator must be the shape's.
Result<double> money_factor(const std::string& unit, Shape shape, const std::string& file, const std::string& item, const std::string& key) {
  const auto slash = unit.find('/');
  const std::string money = unit.substr(0, slash), per = slash == std::string::npos ? "" : per_unit(unit.substr(slash + 1));
  const double f = money == "CNY" || money == "元" ? 1.0 : money == "万元" ? 1e4 : 0.0;
  const std::string want = key == "lift_unit" ? "m" : shape == Shape::point ? "each" : "km";
  if (f == 0 || per != want)
    return cost_error(file, item, key + " = \"" + unit + "\" is not a unit this cost takes")
        .field(key)
        .hint("use \"CNY/" + want + "\", \"元/" + want + "\" or \"万元/" + want + "\"" + std::string(want == "km" ? " (also 元/公里, 万元/公里, 万元/千米)" : want == "each" ? " (also 元/处, 万元/处, 元/个, 万元/个)" : " (also 万元/米)") + (key == "unit" ? std::string(" (line and upgrade projects are priced per km, point projects per each)") : ""));
  return f;
}

Result<double> positive(const toml::table& t, const std::string& key, const std::string& file, const std::string& item) {
  const auto v = t[key].value<double>();
  if (!v || !std::isfinite(*v) || *v < 0)
    return cost_error(file, item, key + " must be a number ≥ 0").field(key).hint("e.g. " + key + " = 150");
  return *v;
}

// A money key: any finite number here; 0 and below are refused with the others by check_plausible, which
// names the line (tour 15 H2).
Result<double> money_value(const toml::table& t, const std::string& key, const std::string& file, const std::string& item) {
  const auto v = t[key].value<double>();
  if (!v || !std::isfinite(*v)) return cost_error(file, item, key + " must be a number (more than 0)").field(key).hint("e.g. " + key + " = 150");
  return *v;
}

Result<std::vector<FeatureValue>> feature_values(const toml::table* t, const std::string& file, const std::string& item) {
  if (t == nullptr) return cost_error(file, item, "no [build." + item + ".feature] table").hint("give the canonical fields of the planned feature, e.g. surface = \"concrete\"");
  std::vector<FeatureValue> out;
  for (const auto& [k, v] : *t) {
    FeatureValue f;
    f.field = std::string(k.str());
    if (auto s = v.value_exact<std::string>()) f.text = *s;
    else if (auto b = v.value_exact<bool>()) { f.type = FieldType::boolean; f.flag = *b; }
    else if (auto d = v.value<double>()) { f.type = FieldType::real; f.number = *d; }
    else return cost_error(file, item, "feature field '" + f.field + "' is not text, a number or true/false").field(f.field);
    out.push_back(std::move(f));
  }
  return out;
}

// slope_classes = [ { max_slope, factor }, ... ]: max_slope increasing, factor > 0.
Result<std::vector<SlopeClass>> slope_classes(const toml::table& t, const std::string& file, const std::string& key) {
  std::vector<SlopeClass> out;
  const toml::array* a = t["slope_classes"].as_array();
  if (a == nullptr) return out;
  for (const auto& e : *a) {
    const toml::table* c = e.as_table();
    const auto ms = c ? (*c)["max_slope"].value<double>() : std::nullopt;
    const auto fa = c ? (*c)["factor"].value<double>() : std::nullopt;
    if (!ms || !fa || !(*ms > (out.empty() ? -1.0 : out.back().max_slope)) || !(*fa > 0))
      return cost_error(file, key, "slope_classes must be { max_slope, factor } tables with max_slope increasing and factor > 0")
          .field("slope_classes")
          .hint("e.g. slope_classes = [ { max_slope = 0.05, factor = 1.0 }, { max_slope = 1e9, factor = 1.5 } ]");
    out.push_back({*ms, *fa});
  }
  return out;
}

Result<std::vector<std::string>> names(const toml::table& t, const char* k, const std::string& file, const std::string& key) {
  std::vector<std::string> out;
  if (!t.contains(k)) return out;
  const toml::array* a = t[k].as_array();
  if (a != nullptr)
    for (const auto& e : *a)
      if (auto s = e.value_exact<std::string>()) out.push_back(*s);
  if (a == nullptr || out.size() != a->size()) return cost_error(file, key, std::string(k) + " must be a list of layer names").field(k).hint("e.g. avoid = [\"hazards\", \"protected\"]");
  return out;
}

// [build.<x>.path]: the least-cost path over the DEM for a new line.
Result<PathRule> parse_path(const toml::table& t, const std::string& file, const std::string& key) {
  static const char* known[] = {"avoid", "bridge_over", "bridge_cost", "bridge_unit", "max_slope", "margin_m", "slope_classes"};
  for (const auto& [k, v] : t)
    if (std::find(std::begin(known), std::end(known), k.str()) == std::end(known))
      return cost_error(file, key, "unknown key '" + std::string(k.str()) + "' in [path]").field(std::string(k.str())).hint("keys: avoid, bridge_over, bridge_cost, bridge_unit, max_slope, margin_m, slope_classes");
  PathRule p;
  p.enabled = true;
  ASSIGN_OR_RETURN(p.avoid, names(t, "avoid", file, key));
  ASSIGN_OR_RETURN(p.bridge_over, names(t, "bridge_over", file, key));
  if (t.contains("bridge_cost")) {
    ASSIGN_OR_RETURN(const double c, money_value(t, "bridge_cost", file, key));
    ASSIGN_OR_RETURN(const double f, money_factor(t["bridge_unit"].value_or(std::string()), Shape::point, file, key, "bridge_unit"));
    p.bridge_cny = c * f;
  } else if (!p.bridge_over.empty()) {
    // Without a price each crossing would be free and the least-cost path would cross rivers at will.
    return cost_error(file, key, "[path] names bridge_over layers but no bridge_cost: every crossing would cost nothing")
        .field("bridge_cost")
        .hint("give the price of one bridge (bridge_cost = 120 with bridge_unit = \"万元/each\"), or leave bridge_over out");
  }
  if (t.contains("max_slope")) {
    ASSIGN_OR_RETURN(p.max_slope, positive(t, "max_slope", file, key));
  }
  if (t.contains("margin_m")) {
    ASSIGN_OR_RETURN(p.margin_m, positive(t, "margin_m", file, key));
  }
  ASSIGN_OR_RETURN(p.slope_classes, slope_classes(t, file, key));
  return p;
}

// [build.<x>.along]: a new line along the road graph.
Result<AlongRule> parse_along(const toml::table& t, const std::string& file, const std::string& key) {
  static const char* known[] = {"layer", "snap_m", "max_ratio", "route_zh"};
  for (const auto& [k, v] : t)
    if (std::find(std::begin(known), std::end(known), k.str()) == std::end(known))
      return cost_error(file, key, "unknown key '" + std::string(k.str()) + "' in [along]").field(std::string(k.str())).hint("keys: layer, snap_m, max_ratio, route_zh");
  AlongRule a;
  a.enabled = true;
  a.layer = t["layer"].value_or(std::string());
  if (a.layer.empty()) return cost_error(file, key, "[along] needs layer: the line layer whose roads the new line follows").field("layer").hint("e.g. layer = \"roads\"");
  if (const toml::node* r = t.get("route_zh")) {
    if (!r->is_string() || r->value_or(std::string()).empty())
      return cost_error(file, key, "route_zh in [along] must be a text (how the line is laid along the roads, said in 建设内容)").field("route_zh").hint("e.g. route_zh = \"沿现有道路敷设光缆\"");
    a.route_zh = *r->value<std::string>();
  }
  if (t.contains("snap_m")) {
    ASSIGN_OR_RETURN(a.snap_m, positive(t, "snap_m", file, key));
  }
  if (t.contains("max_ratio")) {
    ASSIGN_OR_RETURN(a.max_ratio, positive(t, "max_ratio", file, key));
    if (a.max_ratio < 1)
      return cost_error(file, key, "max_ratio must be at least 1 (a route along roads is never shorter than the straight line)").field("max_ratio").hint("e.g. max_ratio = 2.5");
  }
  return a;
}

// [build.<x>.site]: a tower on high ground, and what its access costs.
Result<SiteRule> parse_site(const toml::table& t, const std::string& file, const std::string& key) {
  static const char* known[] = {"search_m", "mast_m", "target_m", "access_cost", "access_unit", "access_from"};
  for (const auto& [k, v] : t)
    if (std::find(std::begin(known), std::end(known), k.str()) == std::end(known))
      return cost_error(file, key, "unknown key '" + std::string(k.str()) + "' in [site]")
          .field(std::string(k.str()))
          .hint("keys: search_m, mast_m, target_m, access_cost, access_unit, access_from");
  SiteRule s;
  s.enabled = true;
  for (auto [k, dst] : {std::pair{"search_m", &s.search_m}, std::pair{"mast_m", &s.mast_m}, std::pair{"target_m", &s.target_m}})
    if (t.contains(k)) {
      ASSIGN_OR_RETURN(*dst, positive(t, k, file, key));
    }
  if (t.contains("access_cost")) {
    ASSIGN_OR_RETURN(const double c, money_value(t, "access_cost", file, key));
    ASSIGN_OR_RETURN(const double f, money_factor(t["access_unit"].value_or(std::string()), Shape::line, file, key, "access_unit"));
    s.access_cny_per_m = c * f / 1000;
    ASSIGN_OR_RETURN(s.access_from, names(t, "access_from", file, key));
    if (s.access_from.empty())
      return cost_error(file, key, "[site] with access_cost needs access_from: the layers the access track and power drop start from")
          .field("access_from")
          .hint("e.g. access_from = [\"roads\", \"power\"]");
  }
  return s;
}

// [build.<x>] with shape = "upgrade": which features may be raised (by_field and
// [factor]) and the slope classes, each factor > 0, max_slope increasing.
Result<void> parse_upgrade(const toml::table& t, const std::string& file, const std::string& key, Build& b) {
  b.by_field = t["by_field"].value_or(std::string());
  if (b.by_field.empty()) return cost_error(file, key, "an upgrade needs by_field (the field whose value says what can be raised)").field("by_field").hint("e.g. by_field = \"surface\"");
  const toml::table* f = t["factor"].as_table();
  if (f == nullptr || f->empty())
    return cost_error(file, key, "an upgrade needs [build." + key + ".factor]: the values of " + b.by_field + " that can be raised, each with its cost factor")
        .field("factor")
        .hint("e.g. gravel = 1.0, earth = 1.3");
  for (const auto& [value, factor] : *f) {
    const auto x = factor.value<double>();
    if (!x || !std::isfinite(*x) || *x <= 0) return cost_error(file, key, "factor of '" + std::string(value.str()) + "' must be a number > 0").field("factor");
    b.value_factor.emplace_back(std::string(value.str()), *x);
  }
  ASSIGN_OR_RETURN(b.slope_classes, slope_classes(t, file, key));
  return {};
}

Result<Build> parse_build(const std::string& key, const toml::table& t, const std::string& file) {
  static const char* known[] = {"item", "name_zh", "content_zh", "shape", "into", "cost", "unit", "lift_cost", "lift_unit",
                                "source", "feature", "by_field", "factor", "slope_classes", "path", "site", "along"};
  for (const auto& [k, v] : t) {
    if (std::find(std::begin(known), std::end(known), k.str()) == std::end(known))
      return cost_error(file, key, "unknown key '" + std::string(k.str()) + "'")
          .field(std::string(k.str()))
          .hint("keys: item, name_zh, content_zh, shape, into, cost, unit, lift_cost, lift_unit, source, [feature]; upgrades: by_field, [factor], slope_classes; lines: [path], [along]; points: [site]");
  }
  Build b;
  b.item = t["item"].value_or(key);
  b.name_zh = t["name_zh"].value_or(key);
  b.content_zh = t["content_zh"].value_or(b.name_zh);
  b.source = t["source"].value_or(std::string());
  const std::string shape = t["shape"].value_or(std::string());
  if (shape != "line" && shape != "point" && shape != "upgrade") return cost_error(file, key, "shape must be \"line\", \"point\" or \"upgrade\"").field("shape");
  b.shape = shape == "line" ? Shape::line : shape == "point" ? Shape::point : Shape::upgrade;
  b.into = t["into"].value_or(std::string());
  if (b.into.empty()) return cost_error(file, key, "into (the layer the planned feature is added to) is missing").field("into").hint("e.g. into = \"roads\"");
  ASSIGN_OR_RETURN(const double cost, money_value(t, "cost", file, key));
  ASSIGN_OR_RETURN(const double f, money_factor(t["unit"].value_or(std::string()), b.shape, file, key, "unit"));
  b.cost_cny = cost * f;
  if (t.contains("lift_cost")) {
    ASSIGN_OR_RETURN(const double lift, money_value(t, "lift_cost", file, key));
    ASSIGN_OR_RETURN(const double lf, money_factor(t["lift_unit"].value_or(std::string()), b.shape, file, key, "lift_unit"));
    b.lift_cny_per_m = lift * lf;
  }
  if (b.shape == Shape::upgrade) TRY(parse_upgrade(t, file, key, b));
  if (const toml::table* site = t["site"].as_table()) {
    if (b.shape != Shape::point) return cost_error(file, key, "[site] is for point builds only").field("site");
    ASSIGN_OR_RETURN(b.site, parse_site(*site, file, key));
  }
  if (const toml::table* along = t["along"].as_table()) {
    if (b.shape != Shape::line) return cost_error(file, key, "[along] is for line builds only").field("along");
    ASSIGN_OR_RETURN(b.along, parse_along(*along, file, key));
  }
  if (const toml::table* path = t["path"].as_table()) {
    if (b.shape != Shape::line) return cost_error(file, key, "[path] is for line builds only").field("path");
    ASSIGN_OR_RETURN(b.path, parse_path(*path, file, key));
  }
  ASSIGN_OR_RETURN(b.feature, feature_values(t["feature"].as_table(), file, key));
  return b;
}

// One money key of a [build.<key>] against its plausible range (tour 15 P1): a unit slip or a cost of
// 0 or less is a problem naming the line and the key (collected: every bad key is named in one error,
// tour 15 H3); a cost outside its range without a unit slip, a warning.
Result<void> check_money(const toml::table& t, const std::string& cost_key, const std::string& unit_key, Shape shape, const std::string& range_key,
                         const std::string& item, const std::string& section, const std::string& file, const CostRanges& ranges,
                         CostProblems& problems, std::vector<std::string>& warnings) {
  const CostRange* r = ranges.find(range_key);
  const toml::node* n = t.get(cost_key);
  if (n == nullptr) return {};
  const std::string unit = t[unit_key].value_or(std::string());
  ASSIGN_OR_RETURN(const double f, money_factor(unit, shape, file, item, unit_key));
  const double written = n->value_or(0.0);
  const std::string where = "line " + std::to_string(n->source().begin.line) + ": [build." + section + "] " + cost_key;
  // 0 is never a price: construction is not free (to plan without an item, leave its [build.<x>] out, docs/invest.md).
  if (!(written > 0)) {
    problems.add(cost_key, where + " = " + plain_number(written) + " " + unit + ": a unit cost must be more than 0",
                 "give the county's price, e.g. " + cost_key + " = " + (r ? plain_number(r->lo) : std::string("150")) + " with " + unit_key + " = \"万元/" +
                     (r ? r->per : std::string("km")) + "\"" + (cost_key == "cost" ? "; to build none of it, leave [build." + item + "] out" : std::string()),
                 n->source().begin.line);
    return {};
  }
  if (r == nullptr) return {};
  const double wan = written * f / 1e4;
  const CostJudgement j = judge_cost(wan, plain_number(written) + " " + unit, where, *r, ranges.slip_beyond);
  if (j.kind == CostJudgement::unit_slip) problems.add(cost_key, j.message, j.hint, n->source().begin.line);
  if (j.kind == CostJudgement::outside) warnings.push_back("单价表 " + file + " " + j.message);
  return {};
}

Result<void> check_plausible(const toml::table& builds, const std::string& file, std::vector<std::string>& warnings) {
  ASSIGN_OR_RETURN(const CostRanges ranges, load_cost_ranges());
  CostProblems problems;
  for (const auto& [k, v] : builds) {
    const std::string key(k.str());
    const toml::table& t = *v.as_table();  // parse_build accepted it
    const std::string shape = t["shape"].value_or(std::string());
    const Shape sh = shape == "point" ? Shape::point : shape == "upgrade" ? Shape::upgrade : Shape::line;
    TRY(check_money(t, "cost", "unit", sh, ranges.find(key + ".cost") ? key + ".cost" : shape + ".cost", key, key, file, ranges, problems, warnings));
    TRY(check_money(t, "lift_cost", "lift_unit", sh, "lift_cost", key, key, file, ranges, problems, warnings));
    if (const toml::table* path = t["path"].as_table())
      TRY(check_money(*path, "bridge_cost", "bridge_unit", Shape::point, "bridge_cost", key, key + ".path", file, ranges, problems, warnings));
    if (const toml::table* site = t["site"].as_table())
      TRY(check_money(*site, "access_cost", "access_unit", Shape::line, "access_cost", key, key + ".site", file, ranges, problems, warnings));
  }
  if (problems.empty()) return {};
  return tl::unexpected(problems.error(ErrorCode::rules, file, ""));
}

}  // namespace

const Build* CostTable::find(const std::string& item) const {
  for (const auto& b : builds)
    if (b.item == item && b.shape != Shape::upgrade) return &b;
  return nullptr;
}

std::vector<const Build*> CostTable::builds_for(const std::string& item) const {
  std::vector<const Build*> out;
  const Build* main = find(item);
  if (main == nullptr) return out;
  out.push_back(main);
  for (const auto& b : builds)
    if (b.item == item && b.shape != Shape::upgrade && &b != out.front() /* out is not empty: find found one */) out.push_back(&b);
  return out;
}

const Build* CostTable::find_upgrade(const std::string& item) const {
  for (const auto& b : builds)
    if (b.item == item && b.shape == Shape::upgrade) return &b;
  return nullptr;
}

double Build::factor_of(const std::string& value) const {
  for (const auto& [v, f] : value_factor)
    if (v == value) return f;
  return 0;
}

double slope_class_factor(const std::vector<SlopeClass>& classes, double slope) {
  for (const auto& c : classes)
    if (slope <= c.max_slope) return c.factor;
  return classes.empty() ? 1.0 : classes.back().factor;
}

double Build::slope_factor(double slope) const { return slope_class_factor(slope_classes, slope); }

Result<CostTable> parse_costs(const std::string& toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    return tl::unexpected(util::toml_syntax_error(e, ErrorCode::rules, file, "a cost file has [costs] and one [build.<item id>] per buildable item"));
  }
  CostTable c;
  c.file = file;
  c.name_zh = root["costs"]["name_zh"].value_or(std::string());
  c.detour_factor = root["costs"]["detour_factor"].value_or(1.0);
  if (!std::isfinite(c.detour_factor) || c.detour_factor < 1 || c.detour_factor > 5)
    return cost_error(file, "", "detour_factor must be between 1 and 5").field("detour_factor").hint("the ratio of a route on the ground to the straight line, e.g. 1.4");
  const toml::table* builds = root["build"].as_table();
  if (builds == nullptr || builds->empty()) return cost_error(file, "", "no [build.<item id>] tables").hint("see data/costs/default.toml");
  for (const auto& [k, v] : *builds) {
    const toml::table* t = v.as_table();
    if (t == nullptr) return cost_error(file, std::string(k.str()), "is not a table");
    ASSIGN_OR_RETURN(Build b, parse_build(std::string(k.str()), *t, file));
    c.builds.push_back(std::move(b));
  }
  TRY(check_plausible(*builds, file, c.warnings_zh));
  return c;
}

Result<CostTable> load_costs(const std::string& id_or_path) {
  std::error_code ec;
  fs::path p = id_or_path;
  if (p.extension() != ".toml") {
    const auto found = util::find_data_file("costs", id_or_path + ".toml");
    if (!found)
      return error(ErrorCode::io, "no shipped cost table '" + id_or_path + "'")
          .hint("give a shipped id (default) or a .toml path; searched: " + util::data_dirs_text());
    p = *found;
  }
  if (!fs::is_regular_file(p, ec))
    return error(ErrorCode::io, "no such cost file").file(p.string()).hint("give a shipped id (default) or a .toml path; see data/costs/default.toml");
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_costs(ss.str(), p.string());
}

}  // namespace jiuyou::invest
