// Money in another unit for one township or county (see money_units.hpp).
#include "gis/io/money_units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "gis/io/numbers.hpp"
#include "gis/io/project_units.hpp"
#include "gis/io/shares.hpp"

namespace jiuyou::io {

namespace {

// A township whose median is this many times the other townships' typical (median) one, or as many
// times below, is no rich or poor township (those are 2-5× apart in a county) but another unit (tour 13 M15).
constexpr double k_township_far = 6;
// How near (in powers of ten) a township's ratio to the others must be to a unit's factor to be settled by it.
constexpr double k_factor_near = 0.2;

// One township's values of the column (grouped as settle_percent_units groups them) and its median.
struct Town : TownshipValues {
  std::vector<double> positive;  // the positive values
  double median = 0;
  double factor = 1;            // what its values are multiplied by
};

std::string text(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 1e6 ? "%.0f" : "%g", v);
  return buf;
}

std::map<std::string, Town> towns_of(const FeatureTable& t, const Column& c) {
  std::map<std::string, Town> towns;
  for (auto& [key, values] : group_by_township(t, c)) {
    Town& g = towns[key];
    static_cast<TownshipValues&>(g) = std::move(values);
    for (const double v : g.values)
      if (v > 0) g.positive.push_back(v);
    if (!g.positive.empty()) g.median = median_of(g.positive);
  }
  return towns;
}

// The factor that makes `median` plausible and nearest (within 10×) the townships' typical median; 0: none.
double factor_for(const MoneyRange& range, double median, double typical) { return range.nearest_factor(median, {1e4, 1e3, 1e-4, 1e-3}, typical, 1); }

std::string unit_word(double f) {
  return f == 1e4 ? "万元" : f == 1e3 ? "千元" : f == 1e-4 ? "元（列名或表头上方写的是万元）" : "元（列名或表头上方写的是千元）";
}

const char* money_unit_name(double f) {
  return f == 1e8 ? "亿元" : f == 1e7 ? "千万元" : f == 1e6 ? "百万元" : f == 1e5 ? "十万元" : f == 1e4 ? "万元" : f == 1e3 ? "千元" : f == 1e2 ? "百元" : "元";
}

// The hints' way to state the column's unit where the table cannot (a DBF's 10-byte names, a table the office may not
// change): the project key, layer and field filled in, as the column-level hints say it (values.cpp or_project_key).
std::string project_key_hint(const LayerSpec& spec, const CanonicalField& field, double stated) {
  return "；表格里不便写单位时（如 DBF 的列名），在项目文件写明全列的单位：" + units_key_line(spec, field.name, money_unit_name(stated));
}

std::string times_text(double ratio) {
  char buf[48];
  if (ratio >= 1) std::snprintf(buf, sizeof buf, "约 %.0f 倍", ratio);
  else std::snprintf(buf, sizeof buf, "约 1/%.0f", 1 / ratio);
  return buf;
}

// The factor (元, 千元, 万元 over the unit the column was read in, `stated`) a township typed in
// another of them carries, when its median's `ratio` to the others' is near it; 0: none fits.
double unit_factor_for(double ratio, double stated) {
  for (const double unit : {1.0, 1e3, 1e4})
    if (unit != stated && std::fabs(std::log10(ratio * unit / stated)) <= k_factor_near) return unit / stated;
  return 0;
}

// Among the townships (after the implausible ones were settled), one whose median is a power of ten
// off the townships' typical median under the same header (千元 typed under （万元）: 10×, all still "plausible"). The
// only one, the others agreeing and a unit explaining the factor: settled, said (money_by_township);
// otherwise each said, values as read (money_township_far). Rich and poor townships (2-5×) are untouched.
void settle_far_townships(FeatureTable& t, Column& c, std::map<std::string, Town>& towns, double stated, const MoneyRange& range, const std::string& label,
                          const CanonicalField& field, const std::string& key_hint, IssueLog& log) {
  const auto plausible = [&](double yuan) { return range.plausible(yuan); };
  std::vector<std::pair<std::string, double>> medians;  // (key, median as now read)
  for (const auto& [key, g] : towns)
    if (g.positive.size() >= 3 && g.factor != 0 && plausible(g.median * g.factor)) medians.emplace_back(key, g.median * g.factor);
  if (medians.size() < 3) return;
  // The county's typical township: the median of all (two townships 10× off cannot hide each other, as they would from "the others").
  std::vector<double> all;
  for (const auto& [key, m] : medians) all.push_back(m);
  const double typical = median_of(all);
  struct Far { std::string key; double ratio; bool agree; };  // agree: the other townships are within 6× of each other
  std::vector<Far> far;
  for (const auto& [key, own] : medians) {
    if (towns.at(key).factor != 1 || (own < k_township_far * typical && own * k_township_far > typical)) continue;
    std::vector<double> others;
    for (const auto& [k, m] : medians)
      if (k != key) others.push_back(m);
    const auto [lo, hi] = std::minmax_element(others.begin(), others.end());
    far.push_back({key, own / typical, *hi < k_township_far * *lo});
  }
  for (const Far& f : far) {
    Town& g = towns.at(f.key);
    const double factor = far.size() == 1 && f.agree ? unit_factor_for(f.ratio, stated) : 0;
    const std::string town = township_label(t, g), who = town + " " + with_thousands(g.rows.size()) + " 个村";
    const std::string compared = "中位数 " + text(g.median) + " 元，是全县乡镇中位数（" + text(typical) + " 元）的" + times_text(f.ratio);
    if (factor == 0 || !plausible(g.median * factor)) {
      warn_on_column(log, t, field, "money_township_far",
          label + "：" + who + "的" + compared + "，不像贫富之差（一般相差 2 到 5 倍），像是按另一单位填报；按原值使用，请核对",
          "核对" + town + " 这一列的单位，与全县用同一单位填写（列名写的是" + money_unit_name(stated) + "）" + key_hint);
      continue;
    }
    for (size_t r : g.rows) c.set_real(r, *c.number(r) * factor);
    g.factor = factor;
    warn_on_column(log, t, field, "money_by_township",
        label + "：" + who + "的" + compared + "，看起来按" + money_unit_name(stated * factor) + "填报（列写的是" + money_unit_name(stated) + "），已换算（中位数 " +
            text(g.median) + " → " + text(g.median * factor) + " 元）",
        "请" + town + " 与全县用同一单位（" + money_unit_name(stated) + "）填写；一列只用一种单位" + key_hint);
  }
}

}  // namespace

void settle_money_by_township(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, double stated, const MoneyRange& range, IssueLog& log) {
  const auto plausible = [&](double yuan) { return range.plausible(yuan); };
  Column* c = t.column(field.name);
  if (!c || c->type() == FieldType::text || c->type() == FieldType::boolean) return;
  if (c->type() == FieldType::integer) {  // typed at the source: a factor of 10⁻⁴ needs reals
    Column real(c->name(), FieldType::real);
    real.reserve(c->size());
    for (size_t r = 0; r < c->size(); ++r) {
      if (c->is_null(r)) real.push_null();
      else real.push_real(*c->number(r));
    }
    *c = std::move(real);
  }
  std::map<std::string, Town> towns = towns_of(t, *c);
  size_t sure = 0, all = 0;
  std::vector<double> medians;
  for (const auto& [key, g] : towns) {
    all += g.rows.size();
    if (g.positive.size() >= 3 && plausible(g.median)) { sure += g.rows.size(); medians.push_back(g.median); }
  }
  if (towns.size() < 2 || medians.empty() || 3 * sure < all) return;  // a third of the villages at least must be read right to judge the rest
  const double typical = median_of(medians);
  std::string label = t.name + "." + field.name;
  if (auto it = spec.fields.find(field.name); it != spec.fields.end()) label += "（列「" + it->second + "」）";
  const std::string compared = "其他乡镇中位数 " + text(typical) + " 元", key_hint = project_key_hint(spec, field, stated);
  std::map<std::string, std::vector<std::string>> converted;  // county -> its converted townships' keys
  for (auto& [key, g] : towns) {
    if (g.positive.size() < 3 || plausible(g.median)) continue;
    g.factor = factor_for(range, g.median, typical);
    const std::string town = township_label(t, g), who = town + " " + with_thousands(g.rows.size()) + " 个村";
    if (g.factor == 0) {
      warn_on_column(log, t, field, "money_township_implausible",
          label + "：" + who + "的中位数 " + text(g.median) + " 元，不像任何一个村的金额（" + compared + "），换算成万元、千元也不合；按原值使用，请核对",
          "核对" + town + " 这一列的数值和单位" + key_hint);
      continue;
    }
    for (size_t r : g.rows) c->set_real(r, *c->number(r) * g.factor);
    converted[g.county].push_back(key);
  }
  std::set<std::string> counties;
  for (const auto& [key, g] : towns)
    if (!g.county.empty()) counties.insert(g.county);
  for (const auto& [county, keys] : converted) {
    const Town& first = towns.at(keys.front());
    const size_t in_county = county.empty() ? 0 : static_cast<size_t>(std::count_if(towns.begin(), towns.end(), [&](const auto& kv) { return kv.second.county == county; }));
    const bool whole = (keys.size() >= 2 || counties.size() >= 2) && keys.size() == in_county &&
                       std::all_of(keys.begin(), keys.end(), [&](const std::string& k) { return towns.at(k).factor == first.factor; });
    if (whole) {
      size_t villages = 0;
      for (const auto& k : keys) villages += towns.at(k).rows.size();
      warn_on_column(log, t, field, "money_by_township",
          label + "：县 " + county + " 全部 " + with_thousands(keys.size()) + " 个乡镇（" + with_thousands(villages) + " 个村）的值看起来按" + unit_word(first.factor) +
              "填报（如 " + text(first.median) + " → " + text(first.median * first.factor) + " 元），已换算；其他县中位数 " + text(typical) + " 元",
          "请县 " + county + " 与其他县用同一单位填写，或在列名写明单位；一列只用一种单位" + key_hint);
      continue;
    }
    for (const auto& k : keys) {
      const Town& g = towns.at(k);
      warn_on_column(log, t, field, "money_by_township",
          label + "：" + (g.county.empty() || counties.size() < 2 ? std::string() : "县 " + g.county + " ") + township_label(t, g) + " " + with_thousands(g.rows.size()) + " 个村的值看起来按" + unit_word(g.factor) + "填报（中位数 " + text(g.median) + " → " +
              text(g.median * g.factor) + " 元，" + compared + "），已换算",
          "请" + township_label(t, g) + " 与全县用同一单位填写，或在列名写明单位；一列只用一种单位" + key_hint);
    }
  }
  settle_far_townships(t, *c, towns, stated, range, label, field, key_hint, log);
}

}  // namespace jiuyou::io
