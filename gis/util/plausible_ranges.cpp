#include "gis/util/plausible_ranges.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gis/util/data_files.hpp"
#include "gis/util/toml_error.hpp"

namespace jiuyou::util {

const CostRange* CostRanges::find(const std::string& key) const {
  const auto it = by_key.find(key);
  return it == by_key.end() ? nullptr : &it->second;
}

std::string plain_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::abs(v) >= 1e-4 || v == 0 ? "%.4f" : "%.10f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

Result<std::map<std::string, NamedRange>> read_ranges(const toml::table& table, const RangeFormat& format, const std::string& file,
                                                      const std::string& where, ErrorCode code) {
  std::map<std::string, NamedRange> out;
  for (const auto& [k, v] : table) {
    const std::string key(k.str());
    const toml::table* t = v.as_table();
    const auto number = [&](const char* name) { return t && name ? (*t)[name].value<double>() : std::nullopt; };
    NamedRange r;
    const auto lo = number(format.lo), hi = number(format.hi);
    r.mid = number(format.mid);
    if (t && format.per) r.per = (*t)[format.per].value_or(std::string());
    if (t && format.what_zh) r.what_zh = (*t)[format.what_zh].value_or(std::string());
    const bool mid_ok = format.mid == nullptr || (r.mid && lo && hi && *lo < *r.mid && *r.mid < *hi);
    if (!lo || !hi || !(*lo > 0) || !(*hi > *lo) || !mid_ok || (format.per && r.per.empty()))
      return error(code, where + ".\"" + key + "\" needs " + format.said).file(file).field(key);
    r.lo = *lo;
    r.hi = *hi;
    out.emplace(key, std::move(r));
  }
  return out;
}

Result<CostRanges> parse_cost_ranges(const std::string& toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    return tl::unexpected(toml_syntax_error(e, ErrorCode::rules, file, "[cost.\"<key>\"] tables with lo, hi (万元), per and what_zh"));
  }
  CostRanges out;
  out.file = file;
  out.slip_beyond = root["slip_beyond"].value_or(5.0);
  if (!(out.slip_beyond >= 1)) return error(ErrorCode::rules, "slip_beyond must be a number ≥ 1").file(file).field("slip_beyond");
  const toml::table* costs = root["cost"].as_table();
  if (costs == nullptr) return error(ErrorCode::rules, "no [cost.\"<key>\"] tables").file(file).hint("see data/costs/plausible.toml");
  const RangeFormat format{"lo", "hi", nullptr, "per", "what_zh", "lo > 0, hi > lo (万元) and per"};
  ASSIGN_OR_RETURN(auto ranges, read_ranges(*costs, format, file, "cost", ErrorCode::rules));
  for (auto& [key, r] : ranges) out.by_key.emplace(key, CostRange{r.lo, r.hi, std::move(r.per), r.what_zh.empty() ? key : std::move(r.what_zh)});
  return out;
}

Result<CostRanges> load_cost_ranges() {
  const auto found = find_data_file("costs", "plausible.toml");
  if (!found)
    return error(ErrorCode::io, "the plausible cost ranges (costs/plausible.toml) are missing").hint("searched: " + data_dirs_text() + "; set JIUYOU_DATA");
  std::ifstream in(*found);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_cost_ranges(ss.str(), found->string());
}

CostJudgement judge_cost(double wan, const std::string& written, const std::string& where, const CostRange& r, double slip_beyond) {
  const auto inside = [&](double x) { return x >= r.lo && x <= r.hi; };
  if (!(wan > 0) || inside(wan)) return {};  // 0 or less: refused by the callers before (tour 15 H2), no ratio to take
  const std::string range = plain_number(r.lo) + "–" + plain_number(r.hi) + " 万元/" + r.per;
  const bool far = wan < r.lo ? r.lo / wan >= slip_beyond : wan / r.hi >= slip_beyond;
  for (const double k : {1e4, 1e3, 1e2}) {
    if (!far) break;
    const double fits = wan < r.lo ? wan * k : wan / k;
    if (!inside(fits)) continue;
    CostJudgement j;
    j.kind = CostJudgement::unit_slip;
    j.fits_wan = fits;
    const std::string as_wan = plain_number(wan) + " 万元/" + r.per;
    j.message = where + " = " + written + (written.rfind(plain_number(wan) + " 万元/", 0) == 0 ? "" : " is " + as_wan) + "; " + r.what_zh + " costs " + range +
                ": off by a factor of " + plain_number(k) + " (a unit written wrong?)";
    j.hint = "did you mean " + plain_number(fits) + " 万元/" + r.per + "? (1 万元 = 10,000 元)";
    return j;
  }
  CostJudgement j;
  j.kind = CostJudgement::outside;
  j.message = where + " = " + written + "（" + plain_number(wan) + " 万元/" + r.per + "）：" + r.what_zh + "一般为 " + range + "，此值" +
              (wan < r.lo ? "偏低" : "偏高") + "，请核实单价与单位。";
  return j;
}

}  // namespace jiuyou::util
