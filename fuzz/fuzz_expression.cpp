// libFuzzer target: the expression parser, type checker and evaluator, and
// the substitution of rule parameters, on arbitrary text. Every input must
// end in a value or an error, never a crash, a hang or a leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gis/indicators/expression.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;

namespace {

// A small villages table with every field type and NULLs, so that bound
// expressions evaluate through every path.
FeatureTable make_table() {
  FeatureTable t;
  t.name = "villages";
  Column pop("population", FieldType::real), poor("poor_population", FieldType::integer), name("name", FieldType::text),
      lead("has_leading_industry", FieldType::boolean), income("collective_income", FieldType::real);
  const char* names[] = {"柳林村", "王家湾", "", "a'b%_c"};
  for (int r = 0; r < 4; ++r) {
    if (r == 2) {
      pop.push_null(); poor.push_null(); name.push_null(); lead.push_null(); income.push_null();
      continue;
    }
    pop.push_real(r * 500.0); poor.push_int(r * 7 - 3); name.push_text(names[r]); lead.push_bool(r % 2 == 0); income.push_real(1e5 / (r + 1));
  }
  t.columns = {pop, poor, name, lead, income};
  t.fid = {1, 2, 3, 4};
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const FeatureTable table = make_table();
  static const FieldTypes types = {{"population", FieldType::real}, {"name", FieldType::text}, {"has_leading_industry", FieldType::boolean}};
  static const std::map<std::string, Value> params = {{"x", Value{Value::Type::number, 0.02, {}, false}},
                                                      {"t", Value{Value::Type::text, 0, "it's", false}},
                                                      {"b", Value{Value::Type::boolean, 0, {}, true}}};
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto substituted = substitute_params(text, params);
  auto e = Expression::parse(substituted ? *substituted : text);
  if (!e) return 0;
  (void)e->check_types(types, true);
  (void)e->check_types(types, false);
  Expression bound = *e;
  if (bound.bind(table, false)) {
    for (size_t r = 0; r < table.size(); ++r) {
      (void)bound.test(r);
      (void)bound.evaluate(r);
      (void)bound.null_fields(r);
    }
  }
  (void)filter_mask(table, text);
  return 0;
}
