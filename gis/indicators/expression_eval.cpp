// Evaluation of a bound expression tree with SQL's three-valued logic, binding
// to a table's columns, and the county aggregates.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/indicators/expression_ast.hpp"

namespace jiuyou::indicators::detail {

namespace {

Value null_value() { return {}; }
Value number_value(double d) {
  Value v;
  v.type = Value::Type::number;
  v.number = d;
  return v;
}
Value bool_value(Truth t) {
  Value v;
  if (t == Truth::unknown) return v;
  v.type = Value::Type::boolean;
  v.boolean = t == Truth::yes;
  return v;
}
std::optional<double> as_number(const Value& v) {
  if (v.type == Value::Type::number) return v.number;
  if (v.type == Value::Type::boolean) return v.boolean ? 1.0 : 0.0;
  if (v.type == Value::Type::text) {
    char* end = nullptr;
    const double d = std::strtod(v.text.c_str(), &end);
    if (end != v.text.c_str() && *end == '\0') return d;
  }
  return std::nullopt;
}
std::string as_text(const Value& v) { return v.type == Value::Type::text ? v.text : std::to_string(v.number); }
// -1, 0, 1, or nullopt when null. Types were checked when the expression was
// bound; fields of unknown type that still differ compare as text.
std::optional<int> compare(const Value& a, const Value& b) {
  if (a.type == Value::Type::null || b.type == Value::Type::null) return std::nullopt;
  if (a.type == Value::Type::text && b.type == Value::Type::text) return a.text < b.text ? -1 : (a.text == b.text ? 0 : 1);
  auto x = as_number(a), y = as_number(b);
  if (!x || !y) {
    const std::string sa = as_text(a), sb = as_text(b);
    return sa < sb ? -1 : (sa == sb ? 0 : 1);
  }
  return *x < *y ? -1 : (*x == *y ? 0 : 1);
}
Truth t_not(Truth a) { return a == Truth::unknown ? a : (a == Truth::yes ? Truth::no : Truth::yes); }

Value field_value(const ExprNode& n, const FeatureTable& t, size_t row) {
  const Column& c = t.columns[static_cast<size_t>(n.column)];
  if (c.is_null(row)) return null_value();
  Value v;
  switch (c.type()) {
    case FieldType::integer: return number_value(static_cast<double>(c.get_int(row)));
    case FieldType::real: return std::isnan(c.get_real(row)) ? null_value() : number_value(c.get_real(row));
    case FieldType::boolean:
      v.type = Value::Type::boolean;
      v.boolean = c.get_bool(row);
      return v;
    case FieldType::text:
      v.type = Value::Type::text;
      v.text = std::string(c.get_text(row));
      return v;
  }
  return v;
}

Value arithmetic(const ExprNode& n, const FeatureTable& t, size_t row) {
  auto x = as_number(eval_node(*n.kids[0], t, row));
  if (n.op == Op::neg) return x ? number_value(-*x) : null_value();
  auto y = as_number(eval_node(*n.kids[1], t, row));
  if (!x || !y) return null_value();
  switch (n.op) {
    case Op::add: return number_value(*x + *y);
    case Op::sub: return number_value(*x - *y);
    case Op::mul: return number_value(*x * *y);
    default: return *y == 0 ? null_value() : number_value(*x / *y);  // division by zero is NULL (as PostgreSQL would error)
  }
}

Value comparison(const ExprNode& n, const FeatureTable& t, size_t row) {
  auto c = compare(eval_node(*n.kids[0], t, row), eval_node(*n.kids[1], t, row));
  if (!c) return null_value();
  bool r = false;
  switch (n.op) {
    case Op::eq: r = *c == 0; break;
    case Op::ne: r = *c != 0; break;
    case Op::lt: r = *c < 0; break;
    case Op::le: r = *c <= 0; break;
    case Op::gt: r = *c > 0; break;
    default: r = *c >= 0; break;
  }
  return bool_value(r ? Truth::yes : Truth::no);
}

Value membership(const ExprNode& n, const FeatureTable& t, size_t row) {
  const Value x = eval_node(*n.kids[0], t, row);
  if (x.type == Value::Type::null) return null_value();
  Truth found = Truth::no;
  for (size_t k = 1; k < n.kids.size(); ++k) {
    auto c = compare(x, eval_node(*n.kids[k], t, row));
    if (!c) found = Truth::unknown;
    else if (*c == 0) { found = Truth::yes; break; }
  }
  return bool_value(n.op == Op::in ? found : t_not(found));
}

// AND/OR over n operands, left to right, stopping at the first deciding one.
Value chain(const ExprNode& n, const FeatureTable& t, size_t row) {
  const Truth decides = n.op == Op::and_ ? Truth::no : Truth::yes;
  bool unknown = false;
  for (const auto& k : n.kids) {
    const Truth a = truth_of(eval_node(*k, t, row));
    if (a == decides) return bool_value(decides);
    if (a == Truth::unknown) unknown = true;
  }
  return bool_value(unknown ? Truth::unknown : t_not(decides));
}

}  // namespace

Truth truth_of(const Value& v) {
  switch (v.type) {
    case Value::Type::null: return Truth::unknown;
    case Value::Type::boolean: return v.boolean ? Truth::yes : Truth::no;
    case Value::Type::number: return v.number != 0 ? Truth::yes : Truth::no;
    case Value::Type::text: return v.text.empty() ? Truth::no : Truth::yes;
  }
  return Truth::unknown;
}

bool like_match(std::string_view s, std::string_view p) {
  const size_t none = std::string_view::npos;
  size_t si = 0, pi = 0, star = none, resume = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star = pi++;
      resume = si;
    } else if (pi < p.size() && p[pi] == '_') {
      ++si;
      while (si < s.size() && (static_cast<unsigned char>(s[si]) & 0xC0) == 0x80) ++si;
      ++pi;
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++si;
      ++pi;
    } else if (star != none) {
      pi = star + 1;  // the last % takes one more byte
      si = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

Value eval_node(const ExprNode& n, const FeatureTable& t, size_t row) {
  switch (n.op) {
    case Op::literal: return n.literal;
    case Op::field: return field_value(n, t, row);
    case Op::aggregate: {
      if (n.county_of_row.empty()) return n.aggregate_null ? null_value() : number_value(n.aggregate_value);
      const double v = row < n.county_of_row.size() ? n.aggregate_by_county[n.county_of_row[row]] : std::nan("");
      return std::isnan(v) ? null_value() : number_value(v);
    }
    case Op::neg:
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::div: return arithmetic(n, t, row);
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: return comparison(n, t, row);
    case Op::in:
    case Op::not_in: return membership(n, t, row);
    case Op::between:
    case Op::not_between: {
      const Value x = eval_node(*n.kids[0], t, row);
      auto lo = compare(x, eval_node(*n.kids[1], t, row));
      auto hi = compare(x, eval_node(*n.kids[2], t, row));
      if (!lo || !hi) return null_value();
      const Truth r = (*lo >= 0 && *hi <= 0) ? Truth::yes : Truth::no;
      return bool_value(n.op == Op::between ? r : t_not(r));
    }
    case Op::like:
    case Op::not_like: {
      const Value x = eval_node(*n.kids[0], t, row), p = eval_node(*n.kids[1], t, row);
      if (x.type == Value::Type::null || p.type == Value::Type::null) return null_value();
      const Truth r = like_match(as_text(x), as_text(p)) ? Truth::yes : Truth::no;
      return bool_value(n.op == Op::like ? r : t_not(r));
    }
    case Op::is_null:
    case Op::is_not_null: {
      const bool null = eval_node(*n.kids[0], t, row).type == Value::Type::null;
      return bool_value((null == (n.op == Op::is_null)) ? Truth::yes : Truth::no);
    }
    case Op::and_:
    case Op::or_: return chain(n, t, row);
    case Op::not_: return bool_value(t_not(truth_of(eval_node(*n.kids[0], t, row))));
  }
  return null_value();
}

namespace {

// mean, sum or median of the finite values; NaN when there are none.
double aggregate_of(const std::string& function, std::vector<double>& values) {
  if (values.empty()) return std::nan("");
  if (function == "county_mean" || function == "county_sum") {
    double sum = 0;
    for (double v : values) sum += v;
    return function == "county_sum" ? sum : sum / static_cast<double>(values.size());
  }
  std::sort(values.begin(), values.end());
  const size_t m = values.size() / 2;
  return values.size() % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

// The county of each row: the first 6 digits of a 12-digit village code (行政区划代码). With fewer than two
// counties among the codes every row is one group (a county's project; a village whose code is mistyped is still
// judged against its county). With two or more, a row without such a code cannot be placed in a county and is
// judged against the whole run (group 0, which holds every row's value). Returns the number of groups.
size_t county_groups(const FeatureTable& t, std::vector<uint32_t>& group_of_row) {
  const Column* code = t.column("code");
  group_of_row.assign(t.size(), 0);
  if (code == nullptr) return 1;
  std::unordered_map<std::string, uint32_t> index;  // county -> group (1, 2, ...)
  for (size_t r = 0; r < t.size(); ++r) {
    if (code->is_null(r)) continue;
    const std::string c = code->as_text(r);
    if (c.size() != 12 || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) continue;
    group_of_row[r] = index.emplace(c.substr(0, 6), static_cast<uint32_t>(index.size() + 1)).first->second;
  }
  if (index.size() < 2) {
    group_of_row.assign(t.size(), 0);
    return 1;
  }
  return index.size() + 1;
}

// county_mean(f) and friends: over the villages of the row's own county ("全县"), so that a run over several
// counties judges each village against its county, not against the province.
void compute_aggregate(ExprNode& n, const FeatureTable& t) {
  const Column& c = t.columns[static_cast<size_t>(n.kids[0]->column)];
  std::vector<uint32_t> group;
  const size_t groups = county_groups(t, group);
  std::vector<std::vector<double>> values(groups);
  for (size_t r = 0; r < c.size(); ++r) {
    const auto v = c.number(r);
    if (!v || !std::isfinite(*v)) continue;
    const uint32_t g = r < group.size() ? group[r] : 0;
    if (g != 0) values[g].push_back(*v);
    values[0].push_back(*v);  // group 0: the whole run (one county, or the rows no county holds)
  }
  if (groups == 1) {
    const double v = aggregate_of(n.name, values[0]);
    n.aggregate_null = std::isnan(v);
    if (!n.aggregate_null) n.aggregate_value = v;
    return;
  }
  n.aggregate_by_county.resize(groups);
  for (size_t g = 0; g < groups; ++g) n.aggregate_by_county[g] = aggregate_of(n.name, values[g]);
  n.county_of_row = std::move(group);
  n.aggregate_null = false;
}

}  // namespace

Result<void> bind_node(ExprNode& n, const FeatureTable& t, const std::string& text) {
  if (n.op == Op::field) {
    n.column = t.column_index(n.name);
    if (n.column >= 0) return {};
    std::string cols;
    for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + c.name();
    Error e;
    e.code = ErrorCode::rules;
    e.message = "the expression \"" + text.substr(0, 200) + "\" reads field '" + n.name + "', which layer '" + t.name + "' does not have";
    e.layer = t.name;
    e.field = n.name;
    e.hint = "fields of " + t.name + ": " + (cols.empty() ? std::string("(none)") : cols) + "; map a column to it in the project's [layers." + t.name + ".fields]";
    return tl::unexpected<Error>(e);
  }
  for (auto& k : n.kids)
    if (auto r = bind_node(*k, t, text); !r) return r;
  if (n.op == Op::aggregate) compute_aggregate(n, t);
  return {};
}

void collect_null_fields(const ExprNode& n, const FeatureTable& t, size_t row, std::vector<std::string>& out) {
  if (n.op == Op::field && n.column >= 0 && t.columns[static_cast<size_t>(n.column)].is_null(row)) {
    if (std::find(out.begin(), out.end(), n.name) == out.end()) out.push_back(n.name);
  }
  if (n.op == Op::aggregate) return;
  for (const auto& k : n.kids) collect_null_fields(*k, t, row, out);
}

}  // namespace jiuyou::indicators::detail
