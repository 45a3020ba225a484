// attribute: an expression over the target's fields, three-valued (README.md,
// fifth row); a field the targets lack makes the item unknown, not an error.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "gis/indicators/comparison.hpp"
#include "gis/indicators/kinds/kinds.hpp"
#include "gis/io/schema.hpp"

namespace jiuyou::indicators::kinds {

namespace {

std::optional<double> number_of(const Expression& e, size_t row) {
  const Value v = e.evaluate(row);
  if (v.type != Value::Type::number || !std::isfinite(v.number)) return std::nullopt;
  return v.number;
}

// A mean as the report says it: a rate or share of the contract (io::FieldRole fraction/share: 0.0965) as
// 9.65%, anything else as the number it is.
std::string mean_text(double v, const std::string& field, const std::string& layer_kind) {
  bool percent = false;
  for (const io::CanonicalField& f : io::canonical_fields(layer_kind))
    if (f.name == field) percent = f.role == io::FieldRole::fraction || f.role == io::FieldRole::share;
  char buf[48];
  if (percent) std::snprintf(buf, sizeof buf, "%.2f%%", v * 100);
  else std::snprintf(buf, sizeof buf, std::abs(v) < 1 ? "%.4g" : "%.2f", v);
  return buf;
}

// A county mean taken over fewer villages than there are (tour 17 R15: 63 growth rates unreadable moved the mean from
// 4.93 % to 9.76 % and flipped 87 complete villages unnamed). Were the missing values anywhere within the values the
// others have, the mean could lie anywhere in [lo, hi]; the villages whose outcome differs between the two ends hang on
// the missing data: said in one warning, with their count and first names. One county only (a prefecture's run
// takes each county's own mean).
void note_incomplete_mean(const PrepareContext& ctx, const Item& item, const Expression& e) {
  for (const Expression::AggregateCall& call : e.aggregates()) {
    if (call.function != "county_mean") continue;
    const Column* c = ctx.targets.column(call.field);
    if (c == nullptr) continue;
    std::vector<double> values;
    for (size_t r = 0; r < c->size(); ++r)
      if (const auto v = c->number(r); v && std::isfinite(*v)) values.push_back(*v);
    const size_t rows = ctx.targets.size(), missing = rows - values.size();
    if (values.empty() || missing == 0) continue;
    auto mean = Expression::parse(call.call());
    if (!mean || !mean->bind(ctx.targets, false)) continue;
    const Value first = mean->evaluate(0);
    bool one_county = first.type == Value::Type::number;
    for (size_t r = 1; one_county && r < rows; ++r) one_county = mean->evaluate(r).number == first.number;
    if (!one_county) continue;
    double sum = 0;
    for (double v : values) sum += v;
    const auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
    const double n = static_cast<double>(rows), m = static_cast<double>(missing);
    const double lo = (sum + m * *lo_it) / n, hi = (sum + m * *hi_it) / n;
    const Expression at_lo = e.with_aggregates(lo), at_hi = e.with_aggregates(hi);
    const Column* name = ctx.targets.column("name");
    size_t hanging = 0;
    std::string names;
    for (size_t r = 0; r < rows; ++r) {
      const Truth a = at_lo.test(r), b = at_hi.test(r);
      if (a == b || a == Truth::unknown || b == Truth::unknown) continue;
      if (++hanging <= 5 && name != nullptr && !name->is_null(r)) names += (names.empty() ? "" : "、") + name->as_text(r);
    }
    // In the report's words (no field or function names: DemoReport.HasNoProgramWordsAndNamesTownships); the field is the note's.
    const std::string kind = io::canonical_kind(ctx.targets.name);
    const auto said = [&](double v) { return mean_text(v, call.field, kind); };
    std::string message = "“" + item.name_zh + "”的全县平均只用了 " + std::to_string(values.size()) + "/" + std::to_string(rows) + " 个村的值，为 " +
                          said(first.number) + "；另 " + std::to_string(missing) + " 个村缺少这项数据，若它们的值在已有值的范围内，全县平均在 " +
                          said(lo) + " 到 " + said(hi) + " 之间";
    message += hanging == 0 ? "，各村结论都不受影响"
                            : "：" + std::to_string(hanging) + " 个数据齐全的村的结论取决于缺少的值（" + names + (hanging > 5 ? " 等" : "") + "）";
    ctx.note(hanging == 0 ? Severity::info : Severity::warning, hanging == 0 ? "county_mean_partial" : "county_mean_incomplete", ctx.targets.name, call.field, message,
             "补齐缺少这项数据的村（见各村的“缺少数据”）后重新检查");
  }
}

}  // namespace

Result<PreparedKind> prepare_attribute(const PrepareContext& ctx, const Item& item, PreparedItem&) {
  AttributePrepared a;
  auto e = Expression::parse(item.expression);
  if (!e) return tl::unexpected<Error>(e.error());
  if (auto b = e->bind(ctx.targets); !b) {
    if (b.error().code != ErrorCode::rules || b.error().field.empty()) return tl::unexpected<Error>(b.error());
    const std::string& field = b.error().field;
    ctx.note(Severity::warning, "field_missing", ctx.targets.name, field,
             "rule '" + item.id + "' (" + item.name_zh + "): the expression \"" + item.expression + "\" reads '" + field + "', which layer '" +
                 ctx.targets.name + "' does not have: the item is unknown for every village",
             b.error().hint);
    return Unjudgeable{"缺少字段 " + field};
  }
  a.expression = std::move(*e);
  note_incomplete_mean(ctx, item, a.expression);
  if (const auto sides = split_comparison(item.expression)) {
    auto l = Expression::parse(sides->left), r = Expression::parse(sides->right);
    if (l && r && l->bind(ctx.targets, false) && r->bind(ctx.targets, false)) {
      a.lhs = std::move(*l);
      a.rhs = std::move(*r);
      a.comparison = true;
    }
  }
  return a;
}

void eval_attribute(const AttributePrepared& p, const Item& item, const FeatureTable& targets, size_t row, ItemResult& out) {
  const Truth t = p.expression.test(row);
  out.outcome = t == Truth::yes ? Outcome::pass : t == Truth::no ? Outcome::fail : Outcome::unknown;
  if (!p.expression.fields().empty())
    if (const Column* c = targets.column(p.expression.fields().front()))
      if (auto x = c->number(row)) out.value = *x;
  if (out.outcome == Outcome::unknown) {
    std::string missing;
    for (const auto& f : p.expression.null_fields(row)) missing += (missing.empty() ? "" : ", ") + f;
    out.note = missing.empty() ? "无法计算" : "缺少 " + missing;
    return;
  }
  if (out.outcome == Outcome::pass) return;
  if (p.comparison) {
    const auto l = number_of(p.lhs, row), r = number_of(p.rhs, row);
    if (l && r) out.shortfall = std::abs(*l - *r);
  }
  std::string vals;
  for (const auto& f : p.expression.fields())
    if (const Column* c = targets.column(f)) vals += (vals.empty() ? "" : ", ") + f + " = " + c->as_text(row);
  out.note = vals + "（要求 " + item.expression + "）";
}

}  // namespace jiuyou::indicators::kinds
