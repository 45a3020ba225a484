#include "gis/invest/money.hpp"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace jiuyou::invest {
namespace {

// One UTF-8 character of a Chinese number: its digit value (0..9), or its unit (10, 100, 1000, 1e4, 1e8); -1 otherwise.
struct Glyph {
  std::string_view text;
  int digit;
  double unit;
};
constexpr Glyph k_glyphs[] = {{"零", 0, 0}, {"〇", 0, 0}, {"一", 1, 0}, {"二", 2, 0}, {"两", 2, 0}, {"三", 3, 0}, {"四", 4, 0},
                              {"五", 5, 0}, {"六", 6, 0}, {"七", 7, 0}, {"八", 8, 0}, {"九", 9, 0}, {"十", -1, 10}, {"百", -1, 100},
                              {"千", -1, 1000}, {"万", -1, 1e4}, {"亿", -1, 1e8}};

bool strip_suffix(std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  s.resize(s.size() - suffix.size());
  return true;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// 两千万, 一千二百万, 三亿五千万: nullopt when any character is not a Chinese numeral.
std::optional<double> chinese_number(std::string_view s) {
  double total = 0, section = 0, digit = -1;
  bool any = false;  // a digit or 十/百/千: "万" alone is no number
  while (!s.empty()) {
    const Glyph* g = nullptr;
    for (const auto& c : k_glyphs)
      if (s.substr(0, c.text.size()) == c.text) { g = &c; break; }
    if (g == nullptr) return std::nullopt;
    s.remove_prefix(g->text.size());
    any = any || g->unit < 1e4;
    if (g->digit >= 0) { digit = g->digit; continue; }
    if (g->unit < 1e4) section += (digit < 0 ? 1 : digit) * g->unit;
    else if (g->unit == 1e4) { total += (section + std::max(digit, 0.0)) * g->unit; section = 0; }
    else { total = (total + section + std::max(digit, 0.0)) * g->unit; section = 0; }
    digit = -1;
  }
  if (!any) return std::nullopt;
  return total + section + std::max(digit, 0.0);
}

ErrorBuilder money_error(const std::string& option, const std::string& text, const std::string& why) {
  return error(ErrorCode::input, option + ": '" + text + "' " + why).hint("write an amount like 2000万, 2000万元, 0.2亿, 20000000 or 两千万");
}

}  // namespace

Result<double> parse_money(const std::string& text, const std::string& option) {
  std::string s = trimmed(text);
  strip_suffix(s, "元");
  const std::string whole = s;
  double scale = 1;
  if (strip_suffix(s, "万")) scale = 1e4;
  else if (strip_suffix(s, "亿")) scale = 1e8;
  s = trimmed(s);
  double v = 0;
  char* end = nullptr;
  const double arabic = s.empty() ? 0 : std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size()) v = arabic * scale;
  else if (auto zh = chinese_number(whole)) v = *zh;
  else return money_error(option, text, "is not an amount of money");
  if (!std::isfinite(v) || v < 0) return money_error(option, text, "must be a finite amount ≥ 0");
  return v;
}

Result<std::vector<std::pair<int, double>>> parse_years(const std::string& text, const std::string& option) {
  std::vector<std::pair<int, double>> out;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t comma = std::min(text.find(',', at), text.size());
    const std::string part = trimmed(text.substr(at, comma - at));
    const size_t eq = part.find('=');
    char* end = nullptr;
    const long year = eq == std::string::npos ? 0 : std::strtol(part.c_str(), &end, 10);
    if (eq == std::string::npos || end != part.c_str() + eq || year < 1900 || year > 2200)
      return error(ErrorCode::input, option + ": '" + part + "' is not YEAR=AMOUNT").hint("e.g. --years 2025=800万,2026=800万,2027=400万");
    ASSIGN_OR_RETURN(const double money, parse_money(part.substr(eq + 1), option));
    if (!out.empty() && year <= out.back().first)
      return error(ErrorCode::input, option + ": the years are out of order (" + std::to_string(year) + " after " + std::to_string(out.back().first) + ")")
          .hint("list the years in increasing order, each once");
    out.emplace_back(static_cast<int>(year), money);
    at = comma + 1;
  }
  return out;
}

}  // namespace jiuyou::invest
