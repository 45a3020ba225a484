// attribute: an expression over the target's fields, three-valued (README.md,
// fifth row); a field the targets lack makes the item unknown, not an error.
#include <cmath>
#include <optional>

#include "gis/indicators/comparison.hpp"
#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

std::optional<double> number_of(const Expression& e, size_t row) {
  const Value v = e.evaluate(row);
  if (v.type != Value::Type::number || !std::isfinite(v.number)) return std::nullopt;
  return v.number;
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
