#pragma once
// Expressions parsed once per text, and county aggregates (county_mean(f), county_median, county_sum) bound once per
// table and call, for the cells of one comparison. Binding an aggregate computes it over every village, so binding it
// again per village made explaining the changes O(villages²) (issue #15); the values read from the cache are the ones
// a fresh parse and bind gives (tests/compare/aggregate_cache_test.cpp).
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "gis/indicators/expression.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::compare {

class AggregateCache {
 public:
  // `text` parsed; nullptr when it does not parse.
  const indicators::Expression* parsed(const std::string& text) {
    auto it = parsed_.find(text);
    if (it == parsed_.end()) {
      auto e = indicators::Expression::parse(text);
      it = parsed_.emplace(text, e ? std::optional<indicators::Expression>(std::move(*e)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // `text` ("county_mean(income_growth)", a filter) bound to `table`, as a value or a condition (Expression::bind);
  // nullptr when it cannot be read there. The table must stay as it is while the cache lives (the years of one
  // comparison do).
  const indicators::Expression* bound(const FeatureTable& table, const std::string& text, bool as_condition = false) {
    auto key = std::make_tuple(&table, text, as_condition);
    auto it = bound_.find(key);
    if (it == bound_.end()) {
      std::optional<indicators::Expression> e;
      if (const indicators::Expression* p = parsed(text)) {
        e = *p;
        if (!e->bind(table, as_condition)) e.reset();
      }
      it = bound_.emplace(std::move(key), std::move(e)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // The value of `call` for the row; NaN when none (not readable, null, not a number).
  double value(const FeatureTable& table, size_t row, const std::string& call) {
    const indicators::Expression* e = bound(table, call);
    if (e == nullptr) return NAN;
    const indicators::Value v = e->evaluate(row);
    return v.type == indicators::Value::Type::number ? v.number : NAN;
  }

 private:
  std::map<std::string, std::optional<indicators::Expression>> parsed_;
  std::map<std::tuple<const FeatureTable*, std::string, bool>, std::optional<indicators::Expression>> bound_;
};

}  // namespace jiuyou::compare
