#pragma once
// Attribute filters and expressions in OGR SQL where-syntax, evaluated over a
// FeatureTable row, with SQL's three-valued logic: a comparison with a NULL
// is unknown, so a village with missing data is never silently passed.
//
//   surface IN ('asphalt','concrete') AND width_m >= 3.5
//   poor_population / population < 0.02
//   income_growth > county_mean(income_growth)
//   kind = 'clinic' AND qualified_doctor
//   name LIKE '%村' OR code IS NULL
//
// Supported: numbers, 'strings', TRUE/FALSE/NULL, identifiers (optionally
// "double-quoted"), + - * / unary -, = == <> != < <= > >=, [NOT] IN (...),
// [NOT] BETWEEN a AND b, [NOT] LIKE (% and _), IS [NOT] NULL, AND, OR, NOT,
// parentheses, and the aggregates county_mean(f), county_median(f),
// county_sum(f) over the whole table (computed once by bind()).
// Identifiers are case-sensitive; keywords are not.
//
// Expressions are typed before any data is read: arithmetic on text, text
// compared with numbers, AND/OR/NOT over a number, or a rule item whose
// expression is not a condition (`collective_income + 5`) are errors.
// Nesting is limited to k_max_expression_depth levels; AND/OR chains of any
// length are one level.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::indicators {

enum class Truth : unsigned char { no, yes, unknown };

struct Value {
  enum class Type : unsigned char { null, number, text, boolean } type = Type::null;
  double number = 0;
  std::string text;
  bool boolean = false;
};

// How deep an expression may nest (parentheses, NOT, unary minus, each
// arithmetic operator or comparison): deeper ones are refused when parsed.
// Real standards nest a few levels; 100 keeps the recursive parser within
// 1 MiB of stack even under AddressSanitizer (TBB workers have 4 MiB).
inline constexpr size_t k_max_expression_depth = 100;

// Field name -> its type, where known: the data contract's canonical fields
// (io::canonical_fields) or the columns of a bound table.
using FieldTypes = std::map<std::string, FieldType>;

struct ExprNode;

class Expression {
 public:
  // Parses the text; errors (ErrorCode::rules) point at the character and say what was expected.
  static Result<Expression> parse(const std::string& text);

  // Checks the operand types of every operator against `types` (fields not in
  // it may hold anything): arithmetic and aggregates need numbers, comparisons
  // need both sides of one type, LIKE needs text, AND/OR/NOT need conditions.
  // With `as_condition`, the whole expression must be a condition. Errors
  // (ErrorCode::rules) name the operator, the operand and its type.
  [[nodiscard]] Result<void> check_types(const FieldTypes& types, bool as_condition) const;

  // Resolves field names against `table`, checks the types against its columns
  // (check_types) and computes aggregates. Errors name the missing field and
  // list the table's columns.
  Result<void> bind(const FeatureTable& table, bool as_condition = true);

  [[nodiscard]] Truth test(size_t row) const;      // as a condition
  [[nodiscard]] Value evaluate(size_t row) const;  // as a value
  // The fields the expression reads (for error messages and "missing data" notes).
  [[nodiscard]] const std::vector<std::string>& fields() const { return m_fields; }
  [[nodiscard]] const std::string& text() const { return m_text; }
  // The county aggregates the expression reads, in text order, each once: {"county_mean", "income_growth"}; `call()`
  // is its text as an expression of its own ("county_mean(income_growth)"), to evaluate the aggregate alone.
  struct AggregateCall {
    std::string function, field;
    [[nodiscard]] std::string call() const { return function + "(" + field + ")"; }
    bool operator==(const AggregateCall&) const = default;
  };
  [[nodiscard]] std::vector<AggregateCall> aggregates() const;
  // A copy whose every aggregate reads `value` for every row (bound; a what-if of the county mean: which rows' test
  // would change were the mean another, tour 17 R15).
  [[nodiscard]] Expression with_aggregates(double value) const;
  // Fields that are null in this row (what makes a result unknown).
  [[nodiscard]] std::vector<std::string> null_fields(size_t row) const;

  Expression();
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  Expression(const Expression&);
  Expression& operator=(const Expression&);
  ~Expression();

 private:
  std::string m_text;
  std::shared_ptr<ExprNode> m_root;
  std::vector<std::string> m_fields;
  const FeatureTable* m_table = nullptr;
};

// The literal that stands for `v` in an expression: 0.03, (-2), 'text' (quotes
// doubled), TRUE, FALSE, NULL. Numbers are written so that they read back
// exactly; non-finite numbers are not literals (the caller refuses them).
std::string literal_text(const Value& v);

// Replaces every ${name} of `text` (outside quoted text) with the literal of
// params[name]: a value, never expression text, so no parameter can change
// the expression's structure. Errors: a name not in `params` (the error's field
// is the name), ${...} inside a quoted text, text that does not tokenize.
Result<std::string> substitute_params(const std::string& text, const std::map<std::string, Value>& params);

// Rows of `table` where the filter is true (empty filter: all rows), as a 0/1 mask.
Result<std::vector<uint8_t>> filter_mask(const FeatureTable& table, const std::string& filter);

}  // namespace jiuyou::indicators
