// The Expression value type over the parser (expression_parse.cpp), the type
// checker (expression_types.cpp) and the evaluator (expression_eval.cpp), and
// the substitution of rule parameters as literal values.
#include "gis/indicators/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>

#include "gis/indicators/expression_ast.hpp"

namespace jiuyou::indicators {

Expression::Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::Expression(const Expression&) = default;
Expression& Expression::operator=(const Expression&) = default;
Expression::~Expression() = default;

Result<Expression> Expression::parse(const std::string& text) {
  auto tokens = detail::tokenize(text);
  if (!tokens) return tl::unexpected<Error>(tokens.error());
  auto parsed = detail::parse_tokens(text, std::move(*tokens));
  if (!parsed) return tl::unexpected<Error>(parsed.error());
  Expression e;
  e.m_text = text;
  e.m_root = std::move(parsed->root);
  e.m_fields = std::move(parsed->fields);
  return e;
}

namespace {
void collect_aggregates(const ExprNode& n, std::vector<Expression::AggregateCall>& out) {
  if (n.op == Op::aggregate && !n.kids.empty() && n.kids[0]) {
    Expression::AggregateCall c{n.name, n.kids[0]->name};
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
    return;
  }
  for (const auto& k : n.kids)
    if (k) collect_aggregates(*k, out);
}
}  // namespace

std::vector<Expression::AggregateCall> Expression::aggregates() const {
  std::vector<AggregateCall> out;
  if (m_root) collect_aggregates(*m_root, out);
  return out;
}

Result<void> Expression::bind(const FeatureTable& table, bool as_condition) {
  if (!m_root) return {};
  FieldTypes types;
  for (const auto& c : table.columns) types.emplace(c.name(), c.type());
  // Missing fields first: they are the likelier mistake and the clearer message.
  for (const auto& f : m_fields)
    if (table.column_index(f) < 0) {
      ExprNode probe;
      probe.op = Op::field;
      probe.name = f;
      return detail::bind_node(probe, table, m_text);
    }
  if (auto t = check_types(types, as_condition); !t) {
    Error e = t.error();
    e.layer = table.name;
    return tl::unexpected<Error>(e);
  }
  // Binding mutates the tree: give this expression its own copy (the depth is bounded by the parser).
  std::function<std::shared_ptr<ExprNode>(const ExprNode&)> clone = [&](const ExprNode& n) {
    auto c = std::make_shared<ExprNode>(n);
    for (auto& k : c->kids) k = clone(*k);
    return c;
  };
  m_root = clone(*m_root);
  if (auto r = detail::bind_node(*m_root, table, m_text); !r) return r;
  m_table = &table;
  return {};
}

Expression Expression::with_aggregates(double value) const {
  Expression out(*this);
  if (!m_root) return out;
  std::function<std::shared_ptr<ExprNode>(const ExprNode&)> clone = [&](const ExprNode& n) {
    auto c = std::make_shared<ExprNode>(n);
    for (auto& k : c->kids) k = clone(*k);
    if (c->op == Op::aggregate) {
      c->aggregate_value = value;
      c->aggregate_null = false;
      c->aggregate_by_county.clear();
      c->county_of_row.clear();
    }
    return c;
  };
  out.m_root = clone(*m_root);
  return out;
}

Truth Expression::test(size_t row) const {
  if (!m_root) return Truth::yes;
  return detail::truth_of(detail::eval_node(*m_root, *m_table, row));
}

Value Expression::evaluate(size_t row) const {
  if (!m_root) return {};
  return detail::eval_node(*m_root, *m_table, row);
}

std::vector<std::string> Expression::null_fields(size_t row) const {
  std::vector<std::string> out;
  if (m_root && m_table) detail::collect_null_fields(*m_root, *m_table, row, out);
  return out;
}

Result<std::vector<uint8_t>> filter_mask(const FeatureTable& table, const std::string& filter) {
  std::vector<uint8_t> mask(table.size(), 1);
  if (filter.empty()) return mask;
  auto e = Expression::parse(filter);
  if (!e) return tl::unexpected<Error>(e.error());
  if (auto b = e->bind(table); !b) return tl::unexpected<Error>(b.error());
  for (size_t r = 0; r < table.size(); ++r) mask[r] = e->test(r) == Truth::yes ? 1 : 0;
  return mask;
}

std::string literal_text(const Value& v) {
  switch (v.type) {
    case Value::Type::null: return "NULL";
    case Value::Type::boolean: return v.boolean ? "TRUE" : "FALSE";
    case Value::Type::number: {
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, std::abs(v.number));
      const std::string digits(buf, r.ptr);
      return v.number < 0 ? "(-" + digits + ")" : digits;
    }
    case Value::Type::text: {
      std::string out = "'";
      for (const char c : v.text) out += c == '\'' ? std::string("''") : std::string(1, c);
      return out + "'";
    }
  }
  return "NULL";
}

Result<std::string> substitute_params(const std::string& text, const std::map<std::string, Value>& params) {
  auto tokens = detail::tokenize(text);
  if (!tokens) return tl::unexpected<Error>(tokens.error());
  std::string out;
  size_t copied = 0;
  for (const auto& t : *tokens) {
    if (t.type == detail::Tok::string && t.text.find("${") != std::string::npos) {
      Error e = detail::syntax_error(text, "a ${parameter} inside quoted text is not replaced", t.pos);
      e.hint = "write the parameter outside the quotes (kind = ${kind}) and give it a text value in [params]";
      return tl::unexpected<Error>(e);
    }
    if (t.type != detail::Tok::param) continue;
    auto it = params.find(t.text);
    if (it == params.end()) {
      Error e = detail::syntax_error(text, "${" + t.text + "} is not a parameter of the rule set", t.pos);
      e.field = t.text;
      e.hint = "define it in the rule file's [params] table";
      return tl::unexpected<Error>(e);
    }
    out.append(text, copied, t.pos - copied);
    out += literal_text(it->second);
    copied = t.pos + t.len;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace jiuyou::indicators
