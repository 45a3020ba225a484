#pragma once
// Plausible ranges, read once for every part that judges a number against them (tour 15 H6):
// read_ranges() reads a TOML table of named ranges in either of the shipped formats —
// data/costs/plausible.toml's [cost."<key>"] { lo, hi, per, what_zh } (万元) and
// data/vocab/zh.toml's [numbers.plausible] "<layer.field>" = { low, typical, high } (元) —
// so invest's cost table, relocate's [relocate] money and the loader's money columns share it,
// and relocate need not link the invest library to read it.
//
// Plausible unit costs (data/costs/plausible.toml, tour 15 P1): a cost table or
// a [relocate] money key in the wrong unit (150 "元/km" for a village road,
// 150 亿元/km, a relocation site at 200 元) is caught before any planning.
// A cost outside its range that a unit's factor (×10,000 元↔万元, ×1,000, ×100)
// brings inside is a unit slip: an error with the reading that fits. Outside
// without such a reading: a warning (the county may know its own prices).
#include <map>
#include <optional>
#include <string>

#include <toml++/toml.h>

#include "gis/model/error.hpp"

namespace jiuyou::util {

// One named range of a TOML table: `lo` < (`mid` <) `hi`, lo > 0; `per` and `what_zh` where the format has them.
struct NamedRange {
  double lo = 0, hi = 0;
  std::optional<double> mid;
  std::string per, what_zh;
};
// The key names of a format: costs {"lo", "hi", nullptr, "per", "what_zh"}, vocab {"low", "high", "typical"}.
struct RangeFormat {
  const char* lo = "lo";
  const char* hi = "hi";
  const char* mid = nullptr;      // required where named (vocab's typical)
  const char* per = nullptr;      // required where named (the costs' per)
  const char* what_zh = nullptr;  // optional text (the key where absent)
  const char* said = "";          // how the error says the format: "{ low, typical, high } in 元"
};
// Every entry of `table`, a range each; an entry that is not one is an error (`code`) naming `file`,
// `where` ("numbers.plausible") and the key.
Result<std::map<std::string, NamedRange>> read_ranges(const toml::table& table, const RangeFormat& format, const std::string& file,
                                                      const std::string& where, ErrorCode code);

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

}  // namespace jiuyou::util
