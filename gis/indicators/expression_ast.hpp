#pragma once
// Internal to the expression module (expression_parse.cpp, expression_types.cpp,
// expression_eval.cpp): the syntax tree and the tokenizer.
//
// Limits that keep hostile or generated rule files from exhausting the stack:
// the tree is at most k_max_expression_depth levels deep (parentheses, NOT,
// unary minus and each binary + - * / or comparison count one level), and
// AND / OR chains are one n-ary node, parsed and evaluated in a loop, so a
// chain of 100,000 terms is one level.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/indicators/expression.hpp"

namespace jiuyou::indicators {

enum class Op : unsigned char {
  literal, field, aggregate, neg, add, sub, mul, div, eq, ne, lt, le, gt, ge, in, not_in, between, not_between,
  like, not_like, is_null, is_not_null, and_, or_, not_
};

struct ExprNode {
  Op op = Op::literal;
  Value literal;
  std::string name;              // field or aggregate function
  size_t pos = 0;                // where the node starts in the text (for type errors)
  int column = -1;               // bound column
  double aggregate_value = 0;    // bound aggregate (one county)
  bool aggregate_null = true;
  // Villages of several counties (a prefecture or province run): the aggregate per county (NaN: none) and each
  // row's county; empty for one county, where aggregate_value holds.
  std::vector<double> aggregate_by_county;
  std::vector<uint32_t> county_of_row;
  size_t depth = 1;              // levels below and including this node
  std::vector<std::shared_ptr<ExprNode>> kids;
};
using NodePtr = std::shared_ptr<ExprNode>;

namespace detail {

enum class Tok : unsigned char { end, number, string, ident, op, lparen, rparen, comma, param };

struct Token {
  Tok type = Tok::end;
  std::string text;  // ident/string/param: the name or text; op: the operator
  double number = 0;
  size_t pos = 0;    // first byte in the text
  size_t len = 0;    // bytes in the text
};

// The tokens of `text`, ending with a Tok::end token. `${name}` is a Tok::param
// (only rule files use it; the parser refuses one that was not substituted).
Result<std::vector<Token>> tokenize(const std::string& text);

// The error every parse failure returns: what, where, the text.
Error syntax_error(const std::string& text, const std::string& what, size_t pos);

// The parse tree and the fields it reads (in order of first use).
struct Parsed {
  NodePtr root;
  std::vector<std::string> fields;
};
Result<Parsed> parse_tokens(const std::string& text, std::vector<Token> tokens);

std::string lower(std::string s);

// Evaluation over a bound tree (expression_eval.cpp).
Value eval_node(const ExprNode& n, const FeatureTable& t, size_t row);
Truth truth_of(const Value& v);
Result<void> bind_node(ExprNode& n, const FeatureTable& t, const std::string& text);
void collect_null_fields(const ExprNode& n, const FeatureTable& t, size_t row, std::vector<std::string>& out);
// SQL LIKE: % any sequence, _ one UTF-8 character; linear in the text per '%' (no backtracking blow-up).
bool like_match(std::string_view s, std::string_view p);

}  // namespace detail
}  // namespace jiuyou::indicators
