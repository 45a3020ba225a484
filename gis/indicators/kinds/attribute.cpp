// attribute: an expression over the target's fields, three-valued (README.md,
// fifth row); a field the targets lack makes the item unknown, not an error.
#include <cctype>
#include <cmath>
#include <optional>

#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

// `a op b` with one top-level comparison and no AND/OR/NOT/IN/LIKE/BETWEEN/IS: its two sides.
std::optional<std::pair<std::string, std::string>> split_comparison(const std::string& text) {
  int depth = 0;
  bool quoted = false;
  size_t at = std::string::npos, len = 0;
  std::string word;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (!word.empty() && std::isdigit(static_cast<unsigned char>(c)))) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      continue;
    }
    for (const char* kw : {"AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS"})
      if (depth == 0 && word == kw) return std::nullopt;
    word.clear();
    if (depth != 0 || (c != '<' && c != '>' && c != '=' && c != '!')) continue;
    if (at != std::string::npos) return std::nullopt;  // a second comparison
    at = i;
    len = i + 1 < text.size() && (text[i + 1] == '=' || text[i + 1] == '>') ? 2 : 1;
    i += len - 1;
  }
  if (at == std::string::npos) return std::nullopt;
  return std::make_pair(text.substr(0, at), text.substr(at + len));
}

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
    auto l = Expression::parse(sides->first), r = Expression::parse(sides->second);
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
