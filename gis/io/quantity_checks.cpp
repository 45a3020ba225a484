#include "gis/io/quantity_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gis/io/project_units.hpp"
#include "gis/io/shares.hpp"
#include "gis/util/general.hpp"

namespace jiuyou::io {
namespace {

// The field's own unit word (factor 1: "kV", "m"), and the word whose factor brings both the median and the
// largest value into the range ("" where none does).
struct UnitWords {
  std::string own, likely;
};
UnitWords unit_words(const std::vector<std::pair<std::string, double>>& units, const MoneyRange& range, double median, double max) {
  UnitWords w;
  for (const auto& [word, f] : units) {
    if (f == 1.0 && (w.own.empty() || word.size() > w.own.size())) w.own = word;  // "千伏" over "kV": said in Chinese
    if (f != 1.0 && w.likely.empty() && median * f >= range.low && max * f <= range.high) w.likely = word;
  }
  return w;
}

}  // namespace

void settle_quantity_unit(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, const Vocabulary& vocab, IssueLog& log) {
  const std::string kind = layer_kind(spec);
  const MoneyRange* range = vocab.range_of(kind, field.name);
  const auto* units = vocab.units_of(kind, field.name);
  Column* col = t.column(field.name);
  if (range == nullptr || units == nullptr || col == nullptr) return;
  std::vector<double> values;
  for (size_t r = 0; r < col->size(); ++r)
    if (const auto v = col->number(r); v && std::isfinite(*v) && *v > 0) values.push_back(*v);
  if (values.empty()) return;
  const double max = *std::max_element(values.begin(), values.end());
  const double median = median_of(std::move(values));
  if (median >= range->low && max <= range->high) return;
  size_t made_unknown = 0;
  for (size_t r = 0; r < col->size(); ++r)
    if (!col->is_null(r)) col->set_null(r), ++made_unknown;
  const UnitWords w = unit_words(*units, *range, median, max);
  const auto mapped = spec.fields.find(field.name);
  const std::string column = mapped != spec.fields.end() ? mapped->second : field.name;
  Issue i;
  i.severity = Severity::warning;
  i.code = "quantity_unit_implausible";
  i.file = t.source;
  i.layer = t.name;
  i.field = field.name;
  i.message = t.name + "." + field.name + "（列「" + column + "」，" + field.description + "）按 " + w.own + " 读，中位数 " + util::general(median) +
              "、最大 " + util::general(max) + "，超出可能的范围（" + util::general(range->low) + "–" + util::general(range->high) + " " + w.own + "）" +
              (w.likely.empty() ? "，单位不对" : "，像是以 " + w.likely + " 为单位") + "：整列 " + std::to_string(made_unknown) +
              " 个值记为未知（不猜单位），与该列留空时一样处理（读它的项目数据不全，或用规则的默认值，如塔的默认覆盖半径）";
  i.hint = "核实单位后，在列名写明（如「" + column + "（" + (w.likely.empty() ? w.own : w.likely) + "）」），或在项目文件写 " +
           units_key_line(spec, field.name, w.likely.empty() ? w.own : w.likely);
  log.add(std::move(i));
}

}  // namespace jiuyou::io
