#pragma once
// Plausible unit costs (data/costs/plausible.toml, tour 15 P1): a cost table or
// a [relocate] money key in the wrong unit (150 "元/km" for a village road,
// 150 亿元/km, a relocation site at 200 元) is caught before any planning.
// A cost outside its range that a unit's factor (×10,000 元↔万元, ×1,000, ×100)
// brings inside is a unit slip: an error with the reading that fits. Outside
// without such a reading: a warning (the county may know its own prices).
#include <map>
#include <optional>
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::invest {

struct CostRange {
  double lo = 0, hi = 0;  // 万元 per `per`
  std::string per;        // km, each, m
  std::string what_zh;    // 通村公路新建或硬化
};

struct CostRanges {
  std::string file;
  std::map<std::string, CostRange> by_key;
  double slip_beyond = 5;  // a unit slip only this many times outside the range or more
  [[nodiscard]] const CostRange* find(const std::string& key) const;
};

// The shipped ranges (data/costs/plausible.toml); errors (ErrorCode::rules) name the file and key.
Result<CostRanges> load_cost_ranges();
Result<CostRanges> parse_cost_ranges(const std::string& toml_text, const std::string& file);

struct CostJudgement {
  enum Kind : unsigned char { plausible, unit_slip, outside } kind = plausible;
  std::string message;  // unit_slip: English, for the error; outside: 中文, for the console and the page
  std::string hint;     // unit_slip: the reading that fits ("did you mean 150 万元/km?")
  double fits_wan = 0;  // unit_slip: that reading, 万元 per r.per
};

// `wan` is the cost in 万元 per r.per; `written` the value as the file has it ("150 CNY/km");
// `where` says where ("line 35: [build.road] cost").
CostJudgement judge_cost(double wan, const std::string& written, const std::string& where, const CostRange& r, double slip_beyond);

// A number as written in a message: 0.015, 150, 1500000 (no exponent, no trailing zeros).
std::string plain_number(double v);

}  // namespace jiuyou::invest
