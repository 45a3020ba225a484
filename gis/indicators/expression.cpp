#include "gis/indicators/expression.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>

namespace jiuyou::indicators {

// ---------------------------------------------------------------------------
// AST

enum class Op : unsigned char {
  literal, field, aggregate, neg, add, sub, mul, div, eq, ne, lt, le, gt, ge, in, not_in, between, not_between,
  like, not_like, is_null, is_not_null, and_, or_, not_
};

struct ExprNode {
  Op op = Op::literal;
  Value literal;
  std::string name;              // field or aggregate function
  int column = -1;               // bound column
  double aggregate_value = 0;    // bound aggregate
  bool aggregate_null = true;
  std::vector<std::shared_ptr<ExprNode>> kids;
};

namespace {

using NodePtr = std::shared_ptr<ExprNode>;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// --- tokenizer -------------------------------------------------------------

enum class Tok : unsigned char { end, number, string, ident, op, lparen, rparen, comma };

struct Token {
  Tok type = Tok::end;
  std::string text;
  double number = 0;
  size_t pos = 0;
};

class Parser {
 public:
  explicit Parser(const std::string& text) : m_text(text) {}

  Result<NodePtr> parse() {
    if (auto t = tokenize(); !t) return tl::unexpected<Error>(t.error());
    auto e = parse_or();
    if (!e) return e;
    if (peek().type != Tok::end) return fail_here("unexpected '" + peek().text + "'");
    return e;
  }
  std::vector<std::string> fields;

 private:
  const std::string& m_text;
  std::vector<Token> m_tokens;
  size_t m_i = 0;

  tl::unexpected<Error> fail_here(const std::string& what, size_t pos = std::string::npos) const {
    if (pos == std::string::npos) pos = m_i < m_tokens.size() ? m_tokens[m_i].pos : m_text.size();
    Error e;
    e.code = ErrorCode::rules;
    e.message = "expression does not parse: " + what + " at character " + std::to_string(pos + 1) + " of \"" + m_text + "\"";
    e.hint = "OGR SQL where-syntax, e.g. surface IN ('asphalt','concrete') AND width_m >= 3.5";
    return tl::unexpected<Error>(e);
  }

  Result<void> tokenize() {
    size_t i = 0;
    const std::string& s = m_text;
    while (i < s.size()) {
      const char c = s[i];
      if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
      Token t;
      t.pos = i;
      if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
        char* end = nullptr;
        t.number = std::strtod(s.c_str() + i, &end);
        const size_t n = static_cast<size_t>(end - (s.c_str() + i));
        t.type = Tok::number;
        t.text = s.substr(i, n);
        i += n;
      } else if (c == '\'') {
        t.type = Tok::string;
        ++i;
        bool closed = false;
        while (i < s.size()) {
          if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') { t.text += '\''; i += 2; continue; }
          if (s[i] == '\'') { closed = true; ++i; break; }
          t.text += s[i++];
        }
        if (!closed) return fail_here("unterminated string", t.pos);
      } else if (c == '"') {
        t.type = Tok::ident;
        const size_t close = s.find('"', i + 1);
        if (close == std::string::npos) return fail_here("unterminated quoted name", t.pos);
        t.text = s.substr(i + 1, close - i - 1);
        i = close + 1;
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
        size_t j = i;
        while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || static_cast<unsigned char>(s[j]) >= 0x80)) ++j;
        t.type = Tok::ident;
        t.text = s.substr(i, j - i);
        i = j;
      } else if (c == '(') { t.type = Tok::lparen; t.text = "("; ++i; }
      else if (c == ')') { t.type = Tok::rparen; t.text = ")"; ++i; }
      else if (c == ',') { t.type = Tok::comma; t.text = ","; ++i; }
      else {
        static const char* ops[] = {"<=", ">=", "<>", "!=", "==", "=", "<", ">", "+", "-", "*", "/"};
        bool found = false;
        for (const char* op : ops) {
          const size_t n = std::char_traits<char>::length(op);
          if (s.compare(i, n, op) == 0) {
            t.type = Tok::op;
            t.text = op;
            i += n;
            found = true;
            break;
          }
        }
        if (!found) return fail_here(std::string("unexpected character '") + c + "'", i);
      }
      m_tokens.push_back(std::move(t));
    }
    Token end;
    end.type = Tok::end;
    end.pos = s.size();
    end.text = "end of text";
    m_tokens.push_back(end);
    return {};
  }

  const Token& peek(size_t k = 0) const { return m_tokens[std::min(m_i + k, m_tokens.size() - 1)]; }
  bool is_kw(const Token& t, const char* kw) const { return t.type == Tok::ident && lower(t.text) == kw; }
  bool accept_kw(const char* kw) {
    if (is_kw(peek(), kw)) { ++m_i; return true; }
    return false;
  }
  bool accept_op(const char* op) {
    if (peek().type == Tok::op && peek().text == op) { ++m_i; return true; }
    return false;
  }

  static NodePtr make(Op op, std::vector<NodePtr> kids) {
    auto n = std::make_shared<ExprNode>();
    n->op = op;
    n->kids = std::move(kids);
    return n;
  }

  Result<NodePtr> parse_or() {
    auto left = parse_and();
    if (!left) return left;
    while (accept_kw("or")) {
      auto right = parse_and();
      if (!right) return right;
      left = make(Op::or_, {*left, *right});
    }
    return left;
  }
  Result<NodePtr> parse_and() {
    auto left = parse_not();
    if (!left) return left;
    while (accept_kw("and")) {
      auto right = parse_not();
      if (!right) return right;
      left = make(Op::and_, {*left, *right});
    }
    return left;
  }
  Result<NodePtr> parse_not() {
    if (accept_kw("not")) {
      auto e = parse_not();
      if (!e) return e;
      return make(Op::not_, {*e});
    }
    return parse_comparison();
  }
  Result<NodePtr> parse_comparison() {
    auto left = parse_additive();
    if (!left) return left;
    static const std::pair<const char*, Op> cmp[] = {{"<=", Op::le}, {">=", Op::ge}, {"<>", Op::ne}, {"!=", Op::ne}, {"==", Op::eq},
                                                     {"=", Op::eq},   {"<", Op::lt},  {">", Op::gt}};
    for (const auto& [text, op] : cmp) {
      if (accept_op(text)) {
        auto right = parse_additive();
        if (!right) return right;
        return make(op, {*left, *right});
      }
    }
    if (accept_kw("is")) {
      const bool negated = accept_kw("not");
      if (!accept_kw("null")) return fail_here("expected NULL after IS");
      return make(negated ? Op::is_not_null : Op::is_null, {*left});
    }
    bool negated = false;
    if (is_kw(peek(), "not") && (is_kw(peek(1), "in") || is_kw(peek(1), "like") || is_kw(peek(1), "between"))) {
      ++m_i;
      negated = true;
    }
    if (accept_kw("in")) {
      if (peek().type != Tok::lparen) return fail_here("expected '(' after IN");
      ++m_i;
      std::vector<NodePtr> kids = {*left};
      while (true) {
        auto item = parse_additive();
        if (!item) return item;
        kids.push_back(*item);
        if (peek().type == Tok::comma) { ++m_i; continue; }
        if (peek().type == Tok::rparen) { ++m_i; break; }
        return fail_here("expected ',' or ')' in the IN list");
      }
      return make(negated ? Op::not_in : Op::in, std::move(kids));
    }
    if (accept_kw("like")) {
      auto pattern = parse_additive();
      if (!pattern) return pattern;
      return make(negated ? Op::not_like : Op::like, {*left, *pattern});
    }
    if (accept_kw("between")) {
      auto lo = parse_additive();
      if (!lo) return lo;
      if (!accept_kw("and")) return fail_here("expected AND in BETWEEN");
      auto hi = parse_additive();
      if (!hi) return hi;
      return make(negated ? Op::not_between : Op::between, {*left, *lo, *hi});
    }
    if (negated) return fail_here("expected IN, LIKE or BETWEEN after NOT");
    return left;
  }
  Result<NodePtr> parse_additive() {
    auto left = parse_multiplicative();
    if (!left) return left;
    while (true) {
      if (accept_op("+")) {
        auto r = parse_multiplicative();
        if (!r) return r;
        left = make(Op::add, {*left, *r});
      } else if (accept_op("-")) {
        auto r = parse_multiplicative();
        if (!r) return r;
        left = make(Op::sub, {*left, *r});
      } else {
        return left;
      }
    }
  }
  Result<NodePtr> parse_multiplicative() {
    auto left = parse_unary();
    if (!left) return left;
    while (true) {
      if (accept_op("*")) {
        auto r = parse_unary();
        if (!r) return r;
        left = make(Op::mul, {*left, *r});
      } else if (accept_op("/")) {
        auto r = parse_unary();
        if (!r) return r;
        left = make(Op::div, {*left, *r});
      } else {
        return left;
      }
    }
  }
  Result<NodePtr> parse_unary() {
    if (accept_op("-")) {
      auto e = parse_unary();
      if (!e) return e;
      return make(Op::neg, {*e});
    }
    if (accept_op("+")) return parse_unary();
    return parse_primary();
  }
  Result<NodePtr> parse_primary() {
    const Token t = peek();
    switch (t.type) {
      case Tok::number: {
        ++m_i;
        auto n = make(Op::literal, {});
        n->literal.type = Value::Type::number;
        n->literal.number = t.number;
        return n;
      }
      case Tok::string: {
        ++m_i;
        auto n = make(Op::literal, {});
        n->literal.type = Value::Type::text;
        n->literal.text = t.text;
        return n;
      }
      case Tok::lparen: {
        ++m_i;
        auto e = parse_or();
        if (!e) return e;
        if (peek().type != Tok::rparen) return fail_here("expected ')'");
        ++m_i;
        return e;
      }
      case Tok::ident: {
        const std::string kw = lower(t.text);
        if (kw == "true" || kw == "false") {
          ++m_i;
          auto n = make(Op::literal, {});
          n->literal.type = Value::Type::boolean;
          n->literal.boolean = kw == "true";
          return n;
        }
        if (kw == "null") {
          ++m_i;
          return make(Op::literal, {});
        }
        if (kw == "and" || kw == "or" || kw == "not" || kw == "in" || kw == "is" || kw == "like" || kw == "between")
          return fail_here("expected a value, found the keyword " + t.text);
        ++m_i;
        if (peek().type == Tok::lparen) {
          // county_mean(field) and friends
          if (kw != "county_mean" && kw != "county_median" && kw != "county_sum")
            return fail_here("unknown function " + t.text + " (known: county_mean, county_median, county_sum)", t.pos);
          ++m_i;
          if (peek().type != Tok::ident) return fail_here("expected a field name in " + t.text + "()");
          auto n = make(Op::aggregate, {});
          n->name = kw;
          auto field = make(Op::field, {});
          field->name = peek().text;
          fields.push_back(field->name);
          n->kids.push_back(field);
          ++m_i;
          if (peek().type != Tok::rparen) return fail_here("expected ')'");
          ++m_i;
          return n;
        }
        auto n = make(Op::field, {});
        n->name = t.text;
        if (std::find(fields.begin(), fields.end(), t.text) == fields.end()) fields.push_back(t.text);
        return n;
      }
      default: return fail_here("expected a value, found '" + t.text + "'");
    }
  }
};

// --- evaluation ------------------------------------------------------------

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
Truth truth_of(const Value& v) {
  switch (v.type) {
    case Value::Type::null: return Truth::unknown;
    case Value::Type::boolean: return v.boolean ? Truth::yes : Truth::no;
    case Value::Type::number: return v.number != 0 ? Truth::yes : Truth::no;
    case Value::Type::text: return v.text.empty() ? Truth::no : Truth::yes;
  }
  return Truth::unknown;
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
// -1, 0, 1, or nullopt when not comparable / null.
std::optional<int> compare(const Value& a, const Value& b) {
  if (a.type == Value::Type::null || b.type == Value::Type::null) return std::nullopt;
  if (a.type == Value::Type::text && b.type == Value::Type::text) return a.text < b.text ? -1 : (a.text == b.text ? 0 : 1);
  auto x = as_number(a), y = as_number(b);
  if (!x || !y) {
    // text vs number where the text is not numeric: compare as text
    const std::string sa = a.type == Value::Type::text ? a.text : std::to_string(a.number);
    const std::string sb = b.type == Value::Type::text ? b.text : std::to_string(b.number);
    return sa < sb ? -1 : (sa == sb ? 0 : 1);
  }
  return *x < *y ? -1 : (*x == *y ? 0 : 1);
}
bool like_match(const std::string& s, size_t si, const std::string& p, size_t pi) {
  // % = any sequence of bytes, _ = one UTF-8 character
  while (pi < p.size()) {
    if (p[pi] == '%') {
      for (size_t k = si; k <= s.size(); ++k)
        if (like_match(s, k, p, pi + 1)) return true;
      return false;
    }
    if (si >= s.size()) return false;
    if (p[pi] == '_') {
      ++si;
      while (si < s.size() && (static_cast<unsigned char>(s[si]) & 0xC0) == 0x80) ++si;
      ++pi;
      continue;
    }
    if (p[pi] != s[si]) return false;
    ++pi;
    ++si;
  }
  return si == s.size();
}
Truth t_and(Truth a, Truth b) {
  if (a == Truth::no || b == Truth::no) return Truth::no;
  if (a == Truth::unknown || b == Truth::unknown) return Truth::unknown;
  return Truth::yes;
}
Truth t_or(Truth a, Truth b) {
  if (a == Truth::yes || b == Truth::yes) return Truth::yes;
  if (a == Truth::unknown || b == Truth::unknown) return Truth::unknown;
  return Truth::no;
}
Truth t_not(Truth a) { return a == Truth::unknown ? a : (a == Truth::yes ? Truth::no : Truth::yes); }

Value eval(const ExprNode& n, const FeatureTable& t, size_t row) {
  switch (n.op) {
    case Op::literal: return n.literal;
    case Op::field: {
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
    case Op::aggregate: return n.aggregate_null ? null_value() : number_value(n.aggregate_value);
    case Op::neg: {
      auto x = as_number(eval(*n.kids[0], t, row));
      return x ? number_value(-*x) : null_value();
    }
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::div: {
      auto x = as_number(eval(*n.kids[0], t, row));
      auto y = as_number(eval(*n.kids[1], t, row));
      if (!x || !y) return null_value();
      switch (n.op) {
        case Op::add: return number_value(*x + *y);
        case Op::sub: return number_value(*x - *y);
        case Op::mul: return number_value(*x * *y);
        default: return *y == 0 ? null_value() : number_value(*x / *y);  // division by zero is NULL (as PostgreSQL would error)
      }
    }
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      auto c = compare(eval(*n.kids[0], t, row), eval(*n.kids[1], t, row));
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
    case Op::in:
    case Op::not_in: {
      const Value x = eval(*n.kids[0], t, row);
      if (x.type == Value::Type::null) return null_value();
      Truth found = Truth::no;
      for (size_t k = 1; k < n.kids.size(); ++k) {
        auto c = compare(x, eval(*n.kids[k], t, row));
        if (!c) found = t_or(found, Truth::unknown);
        else if (*c == 0) { found = Truth::yes; break; }
      }
      return bool_value(n.op == Op::in ? found : t_not(found));
    }
    case Op::between:
    case Op::not_between: {
      const Value x = eval(*n.kids[0], t, row);
      auto lo = compare(x, eval(*n.kids[1], t, row));
      auto hi = compare(x, eval(*n.kids[2], t, row));
      if (!lo || !hi) return null_value();
      const Truth r = (*lo >= 0 && *hi <= 0) ? Truth::yes : Truth::no;
      return bool_value(n.op == Op::between ? r : t_not(r));
    }
    case Op::like:
    case Op::not_like: {
      const Value x = eval(*n.kids[0], t, row), p = eval(*n.kids[1], t, row);
      if (x.type == Value::Type::null || p.type == Value::Type::null) return null_value();
      const std::string xs = x.type == Value::Type::text ? x.text : std::to_string(x.number);
      const Truth r = like_match(xs, 0, p.text, 0) ? Truth::yes : Truth::no;
      return bool_value(n.op == Op::like ? r : t_not(r));
    }
    case Op::is_null:
    case Op::is_not_null: {
      const bool null = eval(*n.kids[0], t, row).type == Value::Type::null;
      return bool_value((null == (n.op == Op::is_null)) ? Truth::yes : Truth::no);
    }
    case Op::and_: {
      const Truth a = truth_of(eval(*n.kids[0], t, row));
      if (a == Truth::no) return bool_value(Truth::no);
      return bool_value(t_and(a, truth_of(eval(*n.kids[1], t, row))));
    }
    case Op::or_: {
      const Truth a = truth_of(eval(*n.kids[0], t, row));
      if (a == Truth::yes) return bool_value(Truth::yes);
      return bool_value(t_or(a, truth_of(eval(*n.kids[1], t, row))));
    }
    case Op::not_: return bool_value(t_not(truth_of(eval(*n.kids[0], t, row))));
  }
  return null_value();
}

Result<void> bind_node(ExprNode& n, const FeatureTable& t, const std::string& text) {
  if (n.op == Op::field) {
    n.column = t.column_index(n.name);
    if (n.column < 0) {
      std::string cols;
      for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + c.name();
      Error e;
      e.code = ErrorCode::rules;
      e.message = "the expression \"" + text + "\" reads field '" + n.name + "', which layer '" + t.name + "' does not have";
      e.layer = t.name;
      e.field = n.name;
      e.hint = "fields of " + t.name + ": " + (cols.empty() ? std::string("(none)") : cols) + "; map a column to it in the project's [layers." + t.name + ".fields]";
      return tl::unexpected<Error>(e);
    }
    return {};
  }
  for (auto& k : n.kids)
    if (auto r = bind_node(*k, t, text); !r) return r;
  if (n.op == Op::aggregate) {
    std::vector<double> values;
    const Column& c = t.columns[static_cast<size_t>(n.kids[0]->column)];
    for (size_t r = 0; r < c.size(); ++r)
      if (auto v = c.number(r)) values.push_back(*v);
    n.aggregate_null = values.empty();
    if (!values.empty()) {
      if (n.name == "county_mean" || n.name == "county_sum") {
        double sum = 0;
        for (double v : values) sum += v;
        n.aggregate_value = n.name == "county_sum" ? sum : sum / static_cast<double>(values.size());
      } else {
        std::sort(values.begin(), values.end());
        const size_t m = values.size() / 2;
        n.aggregate_value = values.size() % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
      }
    }
  }
  return {};
}

void collect_null_fields(const ExprNode& n, const FeatureTable& t, size_t row, std::vector<std::string>& out) {
  if (n.op == Op::field && n.column >= 0 && t.columns[static_cast<size_t>(n.column)].is_null(row)) {
    if (std::find(out.begin(), out.end(), n.name) == out.end()) out.push_back(n.name);
  }
  if (n.op == Op::aggregate) return;
  for (const auto& k : n.kids) collect_null_fields(*k, t, row, out);
}

}  // namespace

Expression::Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::Expression(const Expression&) = default;
Expression& Expression::operator=(const Expression&) = default;
Expression::~Expression() = default;

Result<Expression> Expression::parse(const std::string& text) {
  Parser p(text);
  auto root = p.parse();
  if (!root) return tl::unexpected<Error>(root.error());
  Expression e;
  e.m_text = text;
  e.m_root = *root;
  e.m_fields = std::move(p.fields);
  return e;
}

Result<void> Expression::bind(const FeatureTable& table) {
  // Binding mutates the tree: give this expression its own copy.
  std::function<std::shared_ptr<ExprNode>(const ExprNode&)> clone = [&](const ExprNode& n) {
    auto c = std::make_shared<ExprNode>(n);
    for (auto& k : c->kids) k = clone(*k);
    return c;
  };
  if (!m_root) return {};
  m_root = clone(*m_root);
  if (auto r = bind_node(*m_root, table, m_text); !r) return r;
  m_table = &table;
  return {};
}

Truth Expression::test(size_t row) const {
  if (!m_root) return Truth::yes;
  return truth_of(eval(*m_root, *m_table, row));
}

Value Expression::evaluate(size_t row) const {
  if (!m_root) return {};
  return eval(*m_root, *m_table, row);
}

std::vector<std::string> Expression::null_fields(size_t row) const {
  std::vector<std::string> out;
  if (m_root && m_table) collect_null_fields(*m_root, *m_table, row, out);
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

}  // namespace jiuyou::indicators
