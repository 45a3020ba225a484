// Tokenizer and recursive-descent parser of the expression language, with
// bounded recursion (k_max_expression_depth) and n-ary AND/OR chains.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "gis/indicators/expression_ast.hpp"

namespace jiuyou::indicators::detail {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Error syntax_error(const std::string& text, const std::string& what, size_t pos) {
  Error e;
  e.code = ErrorCode::rules;
  // Generated expressions can be megabytes long: quote at most the start.
  const std::string shown = text.size() > 200 ? text.substr(0, 200) + "…" : text;
  e.message = "expression does not parse: " + what + " at character " + std::to_string(pos + 1) + " of \"" + shown + "\"";
  e.hint = "OGR SQL where-syntax, e.g. surface IN ('asphalt','concrete') AND width_m >= 3.5";
  return e;
}

namespace {

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// One token starting at s[i] (not a space); advances i.
Result<Token> next_token(const std::string& s, size_t& i) {
  Token t;
  t.pos = i;
  const auto c = static_cast<unsigned char>(s[i]);
  if (std::isdigit(c) || (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
    size_t j = i;
    while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
    if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
      size_t k = j + 1;
      if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
      if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
        j = k;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      }
    }
    const auto [end, ec] = std::from_chars(s.data() + i, s.data() + j, t.number);
    if (ec != std::errc() || end != s.data() + j || !std::isfinite(t.number))
      return tl::unexpected<Error>(syntax_error(s, "bad number '" + s.substr(i, j - i) + "'", i));
    t.type = Tok::number;
    i = j;
  } else if (c == '\'') {
    t.type = Tok::string;
    ++i;
    bool closed = false;
    while (i < s.size()) {
      if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') { t.text += '\''; i += 2; continue; }
      if (s[i] == '\'') { closed = true; ++i; break; }
      t.text += s[i++];
    }
    if (!closed) return tl::unexpected<Error>(syntax_error(s, "unterminated string", t.pos));
  } else if (c == '"') {
    t.type = Tok::ident;
    const size_t close = s.find('"', i + 1);
    if (close == std::string::npos) return tl::unexpected<Error>(syntax_error(s, "unterminated quoted name", t.pos));
    t.text = s.substr(i + 1, close - i - 1);
    i = close + 1;
  } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
    const size_t close = s.find('}', i + 2);
    if (close == std::string::npos) return tl::unexpected<Error>(syntax_error(s, "unterminated ${parameter}", t.pos));
    t.type = Tok::param;
    t.text = s.substr(i + 2, close - i - 2);
    i = close + 1;
  } else if (ident_start(c)) {
    size_t j = i;
    while (j < s.size() && ident_char(static_cast<unsigned char>(s[j]))) ++j;
    t.type = Tok::ident;
    t.text = s.substr(i, j - i);
    i = j;
  } else if (c == '(' || c == ')' || c == ',') {
    t.type = c == '(' ? Tok::lparen : c == ')' ? Tok::rparen : Tok::comma;
    t.text = std::string(1, static_cast<char>(c));
    ++i;
  } else {
    static const char* ops[] = {"<=", ">=", "<>", "!=", "==", "=", "<", ">", "+", "-", "*", "/"};
    const auto* op = std::find_if(std::begin(ops), std::end(ops), [&](const char* o) { return s.compare(i, std::char_traits<char>::length(o), o) == 0; });
    if (op == std::end(ops)) {
      const std::string shown = c < 0x20 || c == 0x7f ? "byte " + std::to_string(c) : std::string(1, static_cast<char>(c));
      return tl::unexpected<Error>(syntax_error(s, "unexpected character '" + shown + "'", i));
    }
    t.type = Tok::op;
    t.text = *op;
    i += t.text.size();
  }
  if (t.type != Tok::string && t.type != Tok::ident && t.type != Tok::param && t.text.empty()) t.text = s.substr(t.pos, i - t.pos);
  t.len = i - t.pos;
  return t;
}

}  // namespace

Result<std::vector<Token>> tokenize(const std::string& s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) { ++i; continue; }
    auto t = next_token(s, i);
    if (!t) return tl::unexpected<Error>(t.error());
    tokens.push_back(std::move(*t));
  }
  Token end;
  end.type = Tok::end;
  end.pos = s.size();
  end.text = "end of text";
  tokens.push_back(end);
  return tokens;
}

namespace {

class Parser {
 public:
  Parser(const std::string& text, std::vector<Token> tokens) : m_text(text), m_tokens(std::move(tokens)) {}

  Result<NodePtr> parse() {
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
  size_t m_depth = 0;  // open parse_or / NOT / unary levels

  // Counts one level of recursion for as long as it lives.
  struct Level {
    explicit Level(size_t& d) : depth(d) { ++depth; }
    ~Level() { --depth; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
    size_t& depth;
  };

  tl::unexpected<Error> fail_here(const std::string& what, size_t pos = std::string::npos) const {
    if (pos == std::string::npos) pos = m_i < m_tokens.size() ? m_tokens[m_i].pos : m_text.size();
    return tl::unexpected<Error>(syntax_error(m_text, what, pos));
  }
  tl::unexpected<Error> too_deep() const {
    Error e = syntax_error(m_text, "the expression nests more than " + std::to_string(k_max_expression_depth) + " levels deep", peek().pos);
    e.hint = "parentheses, NOT, unary minus and each + - * / or comparison count one level; split the rule into items (all_of/any_of) or simplify it";
    return tl::unexpected<Error>(e);
  }

  const Token& peek(size_t k = 0) const { return m_tokens[std::min(m_i + k, m_tokens.size() - 1)]; }
  static bool is_kw(const Token& t, const char* kw) { return t.type == Tok::ident && lower(t.text) == kw; }
  bool accept_kw(const char* kw) {
    if (is_kw(peek(), kw)) { ++m_i; return true; }
    return false;
  }
  bool accept_op(const char* op) {
    if (peek().type == Tok::op && peek().text == op) { ++m_i; return true; }
    return false;
  }

  // A node over `kids`, refused when the tree would grow deeper than the limit.
  Result<NodePtr> make(Op op, std::vector<NodePtr> kids, size_t pos) const {
    auto n = std::make_shared<ExprNode>();
    n->op = op;
    n->pos = pos;
    for (const auto& k : kids) n->depth = std::max(n->depth, k->depth + 1);
    if (n->depth > k_max_expression_depth) return too_deep();
    n->kids = std::move(kids);
    return n;
  }
  static NodePtr leaf(Op op, size_t pos) {
    auto n = std::make_shared<ExprNode>();
    n->op = op;
    n->pos = pos;
    return n;
  }

  // a OR b OR c ... and a AND b AND c ...: one n-ary node per chain.
  Result<NodePtr> parse_or() {
    if (m_depth >= k_max_expression_depth) return too_deep();
    const Level level(m_depth);
    return parse_chain("or", Op::or_, [this] { return parse_and(); });
  }
  Result<NodePtr> parse_and() { return parse_chain("and", Op::and_, [this] { return parse_not(); }); }
  template <class Next>
  Result<NodePtr> parse_chain(const char* kw, Op op, Next next) {
    const size_t pos = peek().pos;
    auto first = next();
    if (!first || !is_kw(peek(), kw)) return first;
    std::vector<NodePtr> kids{*first};
    while (accept_kw(kw)) {
      auto more = next();
      if (!more) return more;
      kids.push_back(std::move(*more));
    }
    return make(op, std::move(kids), pos);
  }
  Result<NodePtr> parse_not() {
    const size_t pos = peek().pos;
    if (!accept_kw("not")) return parse_comparison();
    if (m_depth >= k_max_expression_depth) return too_deep();
    const Level level(m_depth);
    auto e = parse_not();
    if (!e) return e;
    return make(Op::not_, {*e}, pos);
  }
  Result<NodePtr> parse_comparison();
  Result<NodePtr> parse_in_list(NodePtr left, bool negated, size_t pos);
  Result<NodePtr> parse_binary_chain(bool additive);
  Result<NodePtr> parse_unary();
  Result<NodePtr> parse_primary();
  Result<NodePtr> parse_name(const Token& t);
};

Result<NodePtr> Parser::parse_comparison() {
  const size_t pos = peek().pos;
  auto left = parse_binary_chain(true);
  if (!left) return left;
  static const std::pair<const char*, Op> cmp[] = {{"<=", Op::le}, {">=", Op::ge}, {"<>", Op::ne}, {"!=", Op::ne}, {"==", Op::eq},
                                                   {"=", Op::eq},   {"<", Op::lt},  {">", Op::gt}};
  for (const auto& [text, op] : cmp) {
    if (accept_op(text)) {
      auto right = parse_binary_chain(true);
      if (!right) return right;
      return make(op, {*left, *right}, pos);
    }
  }
  if (accept_kw("is")) {
    const bool negated = accept_kw("not");
    if (!accept_kw("null")) return fail_here("expected NULL after IS");
    return make(negated ? Op::is_not_null : Op::is_null, {*left}, pos);
  }
  bool negated = false;
  if (is_kw(peek(), "not") && (is_kw(peek(1), "in") || is_kw(peek(1), "like") || is_kw(peek(1), "between"))) {
    ++m_i;
    negated = true;
  }
  if (accept_kw("in")) return parse_in_list(*left, negated, pos);
  if (accept_kw("like")) {
    auto pattern = parse_binary_chain(true);
    if (!pattern) return pattern;
    return make(negated ? Op::not_like : Op::like, {*left, *pattern}, pos);
  }
  if (accept_kw("between")) {
    auto lo = parse_binary_chain(true);
    if (!lo) return lo;
    if (!accept_kw("and")) return fail_here("expected AND in BETWEEN");
    auto hi = parse_binary_chain(true);
    if (!hi) return hi;
    return make(negated ? Op::not_between : Op::between, {*left, *lo, *hi}, pos);
  }
  if (negated) return fail_here("expected IN, LIKE or BETWEEN after NOT");
  return left;
}

Result<NodePtr> Parser::parse_in_list(NodePtr left, bool negated, size_t pos) {
  if (peek().type != Tok::lparen) return fail_here("expected '(' after IN");
  ++m_i;
  std::vector<NodePtr> kids = {std::move(left)};
  while (true) {
    auto item = parse_binary_chain(true);
    if (!item) return item;
    kids.push_back(*item);
    if (peek().type == Tok::comma) { ++m_i; continue; }
    if (peek().type == Tok::rparen) { ++m_i; break; }
    return fail_here("expected ',' or ')' in the IN list");
  }
  return make(negated ? Op::not_in : Op::in, std::move(kids), pos);
}

// additive: a + b - c ...; multiplicative: a * b / c ... (left-associative).
Result<NodePtr> Parser::parse_binary_chain(bool additive) {
  const size_t pos = peek().pos;
  auto operand = [&]() { return additive ? parse_binary_chain(false) : parse_unary(); };
  auto left = operand();
  if (!left) return left;
  while (true) {
    Op op = Op::literal;
    if (additive && accept_op("+")) op = Op::add;
    else if (additive && accept_op("-")) op = Op::sub;
    else if (!additive && accept_op("*")) op = Op::mul;
    else if (!additive && accept_op("/")) op = Op::div;
    else return left;
    auto right = operand();
    if (!right) return right;
    left = make(op, {*left, *right}, pos);
    if (!left) return left;
  }
}

Result<NodePtr> Parser::parse_unary() {
  const size_t pos = peek().pos;
  const bool minus = peek().type == Tok::op && peek().text == "-";
  const bool plus = peek().type == Tok::op && peek().text == "+";
  if (!minus && !plus) return parse_primary();
  if (m_depth >= k_max_expression_depth) return too_deep();
  const Level level(m_depth);
  ++m_i;
  auto e = parse_unary();
  if (!e || plus) return e;
  return make(Op::neg, {*e}, pos);
}

Result<NodePtr> Parser::parse_primary() {
  const Token t = peek();
  switch (t.type) {
    case Tok::number:
    case Tok::string: {
      ++m_i;
      auto n = leaf(Op::literal, t.pos);
      n->literal.type = t.type == Tok::number ? Value::Type::number : Value::Type::text;
      n->literal.number = t.number;
      n->literal.text = t.type == Tok::string ? t.text : std::string{};
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
    case Tok::ident: return parse_name(t);
    case Tok::param: return fail_here("the parameter ${" + t.text + "} has no value here");
    default: return fail_here("expected a value, found '" + t.text + "'");
  }
}

// TRUE/FALSE/NULL, a field, or county_mean(field) and friends.
Result<NodePtr> Parser::parse_name(const Token& t) {
  const std::string kw = lower(t.text);
  if (kw == "true" || kw == "false" || kw == "null") {
    ++m_i;
    auto n = leaf(Op::literal, t.pos);
    if (kw != "null") {
      n->literal.type = Value::Type::boolean;
      n->literal.boolean = kw == "true";
    }
    return n;
  }
  if (kw == "and" || kw == "or" || kw == "not" || kw == "in" || kw == "is" || kw == "like" || kw == "between")
    return fail_here("expected a value, found the keyword " + t.text);
  ++m_i;
  if (peek().type == Tok::lparen) {
    if (kw != "county_mean" && kw != "county_median" && kw != "county_sum")
      return fail_here("unknown function " + t.text + " (known: county_mean, county_median, county_sum)", t.pos);
    ++m_i;
    if (peek().type != Tok::ident) return fail_here("expected a field name in " + t.text + "()");
    auto field = leaf(Op::field, peek().pos);
    field->name = peek().text;
    if (std::find(fields.begin(), fields.end(), field->name) == fields.end()) fields.push_back(field->name);
    ++m_i;
    if (peek().type != Tok::rparen) return fail_here("expected ')'");
    ++m_i;
    auto n = make(Op::aggregate, {field}, t.pos);
    if (n) (*n)->name = kw;
    return n;
  }
  auto n = leaf(Op::field, t.pos);
  n->name = t.text;
  if (std::find(fields.begin(), fields.end(), t.text) == fields.end()) fields.push_back(t.text);
  return n;
}

}  // namespace

Result<Parsed> parse_tokens(const std::string& text, std::vector<Token> tokens) {
  Parser p(text, std::move(tokens));
  auto root = p.parse();
  if (!root) return tl::unexpected<Error>(root.error());
  return Parsed{std::move(*root), std::move(p.fields)};
}

}  // namespace jiuyou::indicators::detail
