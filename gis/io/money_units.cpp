// Money in another unit for one township or county (see money_units.hpp).
#include "gis/io/money_units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "gis/io/numbers.hpp"
#include "gis/io/shares.hpp"

namespace jiuyou::io {

namespace {

// A village's money in 元 is typically between these (the collective income, income per head).
constexpr double k_least_yuan = 100, k_most_yuan = 1e7;

bool plausible(double yuan) { return yuan >= k_least_yuan && yuan <= k_most_yuan; }

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

// The factor that makes `median` plausible and nearest (within 10×) the typical median; 0: none.
double factor_for(double median, double typical) {
  double best = 0, best_gap = 1;
  for (const double f : {1e4, 1e3, 1e-4, 1e-3}) {
    const double gap = std::fabs(std::log10(median * f / typical));
    if (plausible(median * f) && gap <= best_gap) best = f, best_gap = gap;
  }
  return best;
}

std::string unit_word(double f) {
  return f == 1e4 ? "万元" : f == 1e3 ? "千元" : f == 1e-4 ? "元（列名或表头上方写的是万元）" : "元（列名或表头上方写的是千元）";
}

}  // namespace

void settle_money_by_township(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, IssueLog& log) {
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
  const std::string compared = "其他乡镇中位数 " + text(typical) + " 元";
  std::map<std::string, std::vector<std::string>> converted;  // county -> its converted townships' keys
  for (auto& [key, g] : towns) {
    if (g.positive.size() < 3 || plausible(g.median)) continue;
    g.factor = factor_for(g.median, typical);
    const std::string who = township_label(g.name) + " " + with_thousands(g.rows.size()) + " 个村";
    if (g.factor == 0) {
      warn_on_column(log, t, field, "money_township_implausible",
          label + "：" + who + "的中位数 " + text(g.median) + " 元，不像任何一个村的金额（" + compared + "），换算成万元、千元也不合；按原值使用，请核对",
          "核对" + township_label(g.name) + " 这一列的数值和单位");
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
          "请县 " + county + " 与其他县用同一单位填写，或在列名写明单位；一列只用一种单位");
      continue;
    }
    for (const auto& k : keys) {
      const Town& g = towns.at(k);
      warn_on_column(log, t, field, "money_by_township",
          label + "：" + (g.county.empty() || counties.size() < 2 ? std::string() : "县 " + g.county + " ") + township_label(g.name) + " " + with_thousands(g.rows.size()) + " 个村的值看起来按" + unit_word(g.factor) + "填报（中位数 " + text(g.median) + " → " +
              text(g.median * g.factor) + " 元，" + compared + "），已换算",
          "请" + township_label(g.name) + " 与全县用同一单位填写，或在列名写明单位；一列只用一种单位");
    }
  }
}

}  // namespace jiuyou::io
