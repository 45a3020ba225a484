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
#include <cstdint>
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

struct ExprNode;

class Expression {
 public:
  // Parses the text; errors (ErrorCode::rules) point at the character and say what was expected.
  static Result<Expression> parse(const std::string& text);

  // Resolves field names against `table` and computes aggregates. Errors name the
  // missing field and list the table's columns.
  Result<void> bind(const FeatureTable& table);

  [[nodiscard]] Truth test(size_t row) const;      // as a condition
  [[nodiscard]] Value evaluate(size_t row) const;  // as a value
  // The fields the expression reads (for error messages and "missing data" notes).
  [[nodiscard]] const std::vector<std::string>& fields() const { return m_fields; }
  [[nodiscard]] const std::string& text() const { return m_text; }
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

// Rows of `table` where the filter is true (empty filter: all rows), as a 0/1 mask.
Result<std::vector<uint8_t>> filter_mask(const FeatureTable& table, const std::string& filter);

}  // namespace jiuyou::indicators
