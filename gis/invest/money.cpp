#include "gis/invest/money.hpp"

#include <algorithm>
#include <cctype>
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
// The 大写 forms (壹贰叁…拾佰仟) of budget documents are the same numbers.
constexpr Glyph k_glyphs[] = {{"零", 0, 0}, {"〇", 0, 0}, {"一", 1, 0}, {"壹", 1, 0}, {"二", 2, 0}, {"贰", 2, 0}, {"两", 2, 0},
                              {"三", 3, 0}, {"叁", 3, 0}, {"四", 4, 0}, {"肆", 4, 0}, {"五", 5, 0}, {"伍", 5, 0}, {"六", 6, 0},
                              {"陆", 6, 0}, {"七", 7, 0}, {"柒", 7, 0}, {"八", 8, 0}, {"捌", 8, 0}, {"九", 9, 0}, {"玖", 9, 0},
                              {"十", -1, 10}, {"拾", -1, 10}, {"百", -1, 100}, {"佰", -1, 100}, {"千", -1, 1000}, {"仟", -1, 1000},
                              {"万", -1, 1e4}, {"亿", -1, 1e8}};

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

// "20000000", "0.2", "20,000,000" (commas only between groups of three digits
// before the point): nullopt otherwise.
std::optional<double> plain_number(std::string_view s) {
  std::string digits(s);
  if (const size_t comma = digits.find(','); comma != std::string::npos) {
    const size_t point = std::min(digits.find('.'), digits.size());
    if (comma == 0 || comma > 3 || digits.find(',', point) != std::string::npos) return std::nullopt;
    for (size_t i = comma; i < point; i += 4)
      if (digits[i] != ',' || i + 4 > point || digits.substr(i + 1, 3).find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::erase(digits, ',');
  }
  if (digits.empty() || digits.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return std::nullopt;
  return v;
}

// Fullwidth digits and punctuation as a Chinese input method types them
// (２０００万, 2025：800万，2026：800万) and the ideographic space, as ASCII.
std::string halfwidth(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (i + 2 < s.size() && b(0) == 0xEF && (b(1) == 0xBC || b(1) == 0xBD) && b(2) >= 0x80 && b(2) <= 0xBF) {
      const unsigned cp = 0xFF00u + ((b(1) - 0xBCu) << 6) + (b(2) - 0x80u);
      if (cp >= 0xFF01 && cp <= 0xFF5E) { out += static_cast<char>(cp - 0xFEE0); i += 2; continue; }
    }
    if (i + 2 < s.size() && b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) { out += ' '; i += 2; continue; }
    out += s[i];
  }
  return out;
}

// 两千万, 一千二百万, 三亿五千万: nullopt when any character is not a Chinese numeral.
std::optional<double> chinese_number(std::string_view s) {
  double total = 0, section = 0, digit = -1;
  bool any = false;  // a digit or 十/百/千: "万" alone is no number
  while (!s.empty()) {
    if (s.front() >= '0' && s.front() <= '9') {  // 2千万, 1千2百万: digits stand for the multiplier
      if (digit >= 0) return std::nullopt;
      const size_t n = std::min(s.find_first_not_of("0123456789."), s.size());
      const auto v = plain_number(s.substr(0, n));
      if (!v) return std::nullopt;
      digit = *v;
      s.remove_prefix(n);
      continue;
    }
    const Glyph* g = nullptr;
    for (const auto& c : k_glyphs)
      if (s.substr(0, c.text.size()) == c.text) { g = &c; break; }
    if (g == nullptr) return std::nullopt;
    s.remove_prefix(g->text.size());
    any = any || g->unit < 1e4;
    if (g->digit >= 0) {
      if (digit >= 0 && digit != 0) return std::nullopt;  // 二三万 or 2二万 is no number
      digit = g->digit;
      continue;
    }
    if (g->unit < 1e4) section += (digit < 0 ? 1 : digit) * g->unit;
    else if (g->unit == 1e4) { total += (section + std::max(digit, 0.0)) * g->unit; section = 0; }
    else { total = (total + section + std::max(digit, 0.0)) * g->unit; section = 0; }
    digit = -1;
  }
  if (!any) return std::nullopt;
  return total + section + std::max(digit, 0.0);
}

ErrorBuilder money_error(const std::string& option, const std::string& text, const std::string& why) {
  if (text.find("/年") != std::string::npos || text.find("每年") != std::string::npos || text.find("/a") != std::string::npos)
    return error(ErrorCode::input, option + ": '" + text + "' " + why)
        .hint("for an amount each year give the years: --years 2025=800万,2026=800万,2027=800万 (--budget is the total)");
  return error(ErrorCode::input, option + ": '" + text + "' " + why).hint("write an amount like 2000万, 2000万元, 0.2亿, 20,000,000, 两千万 or 贰仟万元");
}

}  // namespace

Result<double> parse_money(const std::string& text, const std::string& option) {
  std::string s = trimmed(halfwidth(text));
  if (!strip_suffix(s, "元")) strip_suffix(s, "圆");
  s = trimmed(s);
  const std::string whole = s;
  double scale = 1;
  if (strip_suffix(s, "万")) scale = 1e4;
  else if (strip_suffix(s, "亿")) scale = 1e8;
  s = trimmed(s);
  double v = 0;
  const bool exponent = !s.empty() && s.find_first_of("eE") != std::string::npos;  // 1e7
  char* end = nullptr;
  const double with_exponent = exponent ? std::strtod(s.c_str(), &end) : 0;
  if (exponent && end == s.c_str() + s.size()) v = with_exponent * scale;
  else if (auto arabic = plain_number(s)) v = *arabic * scale;
  else if (auto zh = chinese_number(whole)) v = *zh;
  else return money_error(option, text, "is not an amount of money");
  if (!std::isfinite(v) || v < 0) return money_error(option, text, "must be a finite amount ≥ 0");
  return v;
}

namespace {

// "2025=800万,2026=2,000万" into its entries: a piece without '=' or ':' after a
// comma is the rest of a thousands-separated amount ("000万"), not an entry.
std::vector<std::string> year_entries(std::string text) {
  // ; and 、 separate entries as commas do (a Chinese IME types ；, which halfwidth() made ';'; tour 18 S21)
  for (size_t at = text.find("、"); at != std::string::npos; at = text.find("、", at)) text.replace(at, std::string("、").size(), ",");
  std::replace(text.begin(), text.end(), ';', ',');
  // "2025年800万" and "2025年:800万" as "2025=800万"
  const std::string nian = "年";
  for (size_t at = text.find(nian); at != std::string::npos; at = text.find(nian, at)) {
    const bool year_before = at >= 4 && std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at - 4), text.begin() + static_cast<std::ptrdiff_t>(at),
                                                    [](char c) { return c >= '0' && c <= '9'; });
    if (!year_before) { at += nian.size(); continue; }
    const bool sign_after = at + nian.size() < text.size() && (text[at + nian.size()] == '=' || text[at + nian.size()] == ':');
    text.replace(at, nian.size(), sign_after ? "" : "=");
  }
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t comma = std::min(text.find(',', at), text.size());
    const std::string part = text.substr(at, comma - at);
    const bool continues = !out.empty() && !part.empty() && part.find_first_of("=:") == std::string::npos && std::isdigit(static_cast<unsigned char>(part[0]));
    if (continues) out.back() += "," + part;
    else out.push_back(part);
    at = comma + 1;
  }
  return out;
}

}  // namespace

Result<std::vector<std::pair<int, double>>> parse_years(const std::string& text, const std::string& option) {
  std::vector<std::pair<int, double>> out;
  for (const std::string& entry : year_entries(halfwidth(text))) {
    const std::string part = trimmed(entry);
    const size_t eq = part.find_first_of("=:");
    char* end = nullptr;
    const long year = eq == std::string::npos ? 0 : std::strtol(part.c_str(), &end, 10);
    if (eq == std::string::npos || end != part.c_str() + eq || year < 1900 || year > 2200)
      return error(ErrorCode::input, option + ": '" + part + "' is not YEAR=AMOUNT")
          .hint("e.g. --years 2025=800万,2026=800万,2027=400万 (or 2025年800万；2026年800万)");
    ASSIGN_OR_RETURN(const double money, parse_money(part.substr(eq + 1), option));
    for (const auto& [y, m] : out)
      if (y == year)
        return error(ErrorCode::input, option + ": " + std::to_string(year) + " is given twice")
            .hint("give each year once, with its whole amount (e.g. 2025=1600万)");
    if (!out.empty() && year < out.back().first)
      return error(ErrorCode::input, option + ": the years are out of order (" + std::to_string(year) + " after " + std::to_string(out.back().first) + ")")
          .hint("list the years in increasing order, each once");
    out.emplace_back(static_cast<int>(year), money);
  }
  return out;
}

}  // namespace jiuyou::invest
