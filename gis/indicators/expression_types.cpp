// Static typing of expressions: every operator's operands are checked against
// the literal types and the known field types before any data is read, so
// `name > 5` or `collective_income + 5` as a condition are rule errors, not a
// silently odd comparison or a number taken for "true".
#include "gis/indicators/expression_ast.hpp"

namespace jiuyou::indicators {

namespace {

enum class Ty : unsigned char { any, number, text, boolean };  // any: NULL or a field of unknown type

const char* ty_name(Ty t) {
  switch (t) {
    case Ty::any: return "any";
    case Ty::number: return "a number";
    case Ty::text: return "text";
    case Ty::boolean: return "a condition (true/false)";
  }
  return "?";
}

const char* op_name(Op op) {
  switch (op) {
    case Op::neg: return "unary -";
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::mul: return "*";
    case Op::div: return "/";
    case Op::eq: return "=";
    case Op::ne: return "<>";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::in: return "IN";
    case Op::not_in: return "NOT IN";
    case Op::between: return "BETWEEN";
    case Op::not_between: return "NOT BETWEEN";
    case Op::like: return "LIKE";
    case Op::not_like: return "NOT LIKE";
    case Op::and_: return "AND";
    case Op::or_: return "OR";
    case Op::not_: return "NOT";
    case Op::aggregate: return "an aggregate";
    default: return "?";
  }
}

Ty of_field_type(FieldType t) {
  switch (t) {
    case FieldType::integer:
    case FieldType::real: return Ty::number;
    case FieldType::text: return Ty::text;
    case FieldType::boolean: return Ty::boolean;
  }
  return Ty::any;
}

class TypeChecker {
 public:
  TypeChecker(const std::string& text, const FieldTypes& types) : m_text(text), m_types(types) {}

  Result<Ty> type_of(const ExprNode& n) const {
    switch (n.op) {
      case Op::literal: return literal_type(n.literal);
      case Op::field: return field_type(n.name);
      case Op::aggregate: {
        auto t = type_of(*n.kids[0]);
        if (!t) return t;
        if (!fits(*t, Ty::number)) return mismatch(n, "needs a numeric field, but " + describe(*n.kids[0]) + " is " + ty_name(*t));
        return Ty::number;
      }
      case Op::neg:
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div: return operands_must_be(n, Ty::number, Ty::number);
      case Op::and_:
      case Op::or_:
      case Op::not_: return operands_must_be(n, Ty::boolean, Ty::boolean);
      case Op::like:
      case Op::not_like: return operands_must_be(n, Ty::text, Ty::boolean);
      case Op::is_null:
      case Op::is_not_null: {
        auto t = type_of(*n.kids[0]);
        if (!t) return t;
        return Ty::boolean;
      }
      default: return comparison(n);  // = <> < <= > >= IN BETWEEN
    }
  }

 private:
  const std::string& m_text;
  const FieldTypes& m_types;

  static Ty literal_type(const Value& v) {
    switch (v.type) {
      case Value::Type::null: return Ty::any;
      case Value::Type::number: return Ty::number;
      case Value::Type::text: return Ty::text;
      case Value::Type::boolean: return Ty::boolean;
    }
    return Ty::any;
  }
  Ty field_type(const std::string& name) const {
    auto it = m_types.find(name);
    return it == m_types.end() ? Ty::any : of_field_type(it->second);
  }
  static bool fits(Ty have, Ty want) { return have == Ty::any || want == Ty::any || have == want; }

  std::string describe(const ExprNode& n) const {
    if (n.op == Op::field) return "field '" + n.name + "'";
    if (n.op == Op::literal && n.literal.type == Value::Type::text) return "'" + n.literal.text + "'";
    if (n.op == Op::literal) return "the value at character " + std::to_string(n.pos + 1);
    return "the operand at character " + std::to_string(n.pos + 1);
  }

  tl::unexpected<Error> mismatch(const ExprNode& n, const std::string& what) const {
    Error e = detail::syntax_error(m_text, "", n.pos);
    const std::string shown = m_text.size() > 200 ? m_text.substr(0, 200) + "…" : m_text;
    e.message = "expression \"" + shown + "\": " + op_name(n.op) + " " + what;
    e.hint = "compare numbers with numbers and text with 'quoted text'; a rule's expression must be a condition such as collective_income >= 50000";
    return tl::unexpected<Error>(e);
  }

  Result<Ty> operands_must_be(const ExprNode& n, Ty want, Ty result) const {
    for (const auto& k : n.kids) {
      auto t = type_of(*k);
      if (!t) return t;
      if (!fits(*t, want)) return mismatch(n, std::string("needs ") + ty_name(want) + ", but " + describe(*k) + " is " + ty_name(*t));
    }
    return result;
  }

  // Every operand of = <> < <= > >= IN BETWEEN has one type (NULL and unknown fields fit any).
  Result<Ty> comparison(const ExprNode& n) const {
    Ty common = Ty::any;
    const ExprNode* first = nullptr;
    for (const auto& k : n.kids) {
      auto t = type_of(*k);
      if (!t) return t;
      if (*t == Ty::any) continue;
      if (common == Ty::any) {
        common = *t;
        first = k.get();
      } else if (*t != common) {
        return mismatch(n, "compares " + describe(*first) + " (" + ty_name(common) + ") with " + describe(*k) + " (" + ty_name(*t) + ")");
      }
    }
    return Ty::boolean;
  }
};

}  // namespace

Result<void> Expression::check_types(const FieldTypes& types, bool as_condition) const {
  if (!m_root) return {};
  const TypeChecker checker(m_text, types);
  auto t = checker.type_of(*m_root);
  if (!t) return tl::unexpected<Error>(t.error());
  if (as_condition && *t != Ty::any && *t != Ty::boolean) {
    Error e = detail::syntax_error(m_text, "", 0);
    e.message = "expression \"" + m_text.substr(0, 200) + "\" is " + ty_name(*t) + ", not a condition";
    e.hint = "write a comparison, e.g. collective_income >= 50000 or has_leading_industry";
    return tl::unexpected<Error>(e);
  }
  return {};
}

}  // namespace jiuyou::indicators
