#include "gis/io/numbers.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <cstdlib>

#include "gis/io/chinese_numerals.hpp"

namespace jiuyou::io {

namespace {

bool is_space_at(std::string_view s, size_t i, size_t* len) {
  if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') { *len = 1; return true; }
  if (s.substr(i, 2) == "\xC2\xA0") { *len = 2; return true; }  // U+00A0 no-break space (a web page or Word copied into Excel)
  if (s.substr(i, 3) == "\xE3\x80\x80" || s.substr(i, 3) == "\xEF\xBB\xBF") { *len = 3; return true; }  // U+3000, U+FEFF
  // U+2000..U+200B: en/em/thin/zero-width spaces
  if (s.substr(i, 2) == "\xE2\x80" && i + 2 < s.size() && static_cast<unsigned char>(s[i + 2]) >= 0x80 && static_cast<unsigned char>(s[i + 2]) <= 0x8B) {
    *len = 3;
    return true;
  }
  return false;
}

// The ASCII character a full-width digit, point or sign stands for (１２．５, －３, ＋２: an IME's full-width
// mode), or the minus sign U+2212 (−3, from Word); 0 where the text at i is none of them (tour 17 R12, R15).
char ascii_of_wide_at(std::string_view s, size_t i) {
  if (s.substr(i, 3) == "\xE2\x88\x92") return '-';  // U+2212 MINUS SIGN
  if (s.substr(i, 2) != "\xEF\xBC" || i + 2 >= s.size()) return 0;
  const auto c = static_cast<unsigned char>(s[i + 2]);
  if (c >= 0x90 && c <= 0x99) return static_cast<char>('0' + (c - 0x90));  // U+FF10..FF19 ０..９
  if (c == 0x8E) return '.';                                               // U+FF0E ．
  if (c == 0x8D) return '-';                                               // U+FF0D －
  if (c == 0x8B) return '+';                                               // U+FF0B ＋
  return 0;
}

// A thousands separator is followed by exactly three digits ("56,500", "1,234,567"): "13,91"
// is no number (a decimal comma? a typo?), left for the caller to refuse (tour 13 M3).
bool three_digits_at(std::string_view s, size_t i) {
  size_t n = 0;
  while (i + n < s.size() && std::isdigit(static_cast<unsigned char>(s[i + n]))) ++n;
  return n == 3;
}

// Removes spaces anywhere (no-break and full-width ones too), and thousands separators (',' and full-width '，')
// between digits; full-width digits, point and signs become ASCII.
std::string compact(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    if (is_space_at(s, i, &len)) { i += len; continue; }
    if (const char c = ascii_of_wide_at(s, i); c != 0) {
      out += c;
      i += 3;
      continue;
    }
    const bool ascii_comma = s[i] == ',';
    const bool wide_comma = s.substr(i, 3) == "\xEF\xBC\x8C";
    if (ascii_comma || wide_comma) {
      const size_t next = i + (ascii_comma ? 1 : 3);
      if (!out.empty() && std::isdigit(static_cast<unsigned char>(out.back())) && out.find('.') == std::string::npos && three_digits_at(s, next)) {
        i = next;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::optional<double> plain_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  // strtod also reads "inf", "nan", hex: accept only decimal notation.
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return std::nullopt;
  return v;
}

const std::string k_permille = "\xE2\x80\xB0";  // ‰

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

namespace {

// 一百二十, 五万元, 一亿二千万元 (a table typed by hand): the longest run of Chinese numerals from the start, then
// nothing or one suffix word of `suffixes` (元, 万元 …) — the numerals take 万 and 亿 themselves, so 一亿二千万元 is
// 1.2e8 元, never 一亿二千 × 万. `factor`: a % or ‰ already taken off.
std::optional<double> chinese_with_unit(const std::string& s, const std::vector<std::pair<std::string, double>>* suffixes, double factor) {
  // Each cut parses its prefix again: quadratic in the length. A number in words with its unit is short (一亿二千万元
  // is 18 bytes); a long cell is a remark, not a number.
  constexpr size_t k_longest = 96;
  if (s.size() > k_longest) return std::nullopt;
  for (size_t end = s.size(); end > 0; --end) {
    if (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) continue;  // inside a character
    const auto v = chinese_number(std::string_view(s).substr(0, end));
    if (!v) continue;
    const std::string rest = s.substr(end);
    if (rest.empty()) return *v * factor;
    if (suffixes)
      for (const auto& [word, f] : *suffixes)
        if (word == rest) return *v * f;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> parse_number(std::string_view text, const NumberWords& words) {
  std::string s = compact(text);
  double percent = 1.0;  // a % or ‰ sign taken off
  if (ends_with(s, "%") || ends_with(s, "\xEF\xBC\x85")) {  // % or full-width ％
    if (!words.fraction) return std::nullopt;
    s.erase(s.size() - (s.back() == '%' ? 1 : 3));
    percent = 0.01;
  } else if (ends_with(s, k_permille)) {  // 8.41‰ = 0.841 % (统计报表 write rates in permille; tour 14 N8)
    if (!words.fraction) return std::nullopt;
    s.erase(s.size() - k_permille.size());
    percent = 0.001;
  }
  if (const auto v = plain_number(s)) return *v * percent;
  if (percent == 1.0 && words.suffixes)
    for (const auto& [word, f] : *words.suffixes)
      if (ends_with(s, word)) {  // 6.2万, 5.5万元: the longest suffix word only
        if (const auto v = plain_number(s.substr(0, s.size() - word.size()))) return *v * f;
        break;
      }
  return chinese_with_unit(s, percent == 1.0 ? words.suffixes : nullptr, percent);
}

namespace {

// The text with every degree/minute/second mark (° ′ ″ ' " 度 分 秒 :) turned into a space, hemisphere words taken
// off (a sign for W/S/西经/南纬); nullopt when it holds none of those marks.
std::optional<std::string> dms_fields(std::string_view text, bool& negative) {
  static const std::pair<const char*, bool> k_hemispheres[] = {{"东经", false}, {"北纬", false}, {"西经", true}, {"南纬", true},
                                                               {"E", false},    {"N", false},    {"W", true},    {"S", true}};
  static const char* k_marks[] = {"\xC2\xB0", "\xE2\x80\xB2", "\xE2\x80\xB3", "'", "\"", "\xE5\xBA\xA6", "\xE5\x88\x86", "\xE7\xA7\x92", ":",
                                  "\xEF\xBC\x9A", "\xE2\x80\x99", "\xE2\x80\x9D"};  // ° ′ ″ ' " 度 分 秒 : ： ’ ”
  std::string s(text);
  negative = false;
  for (const auto& [word, neg] : k_hemispheres)
    for (size_t at; (at = s.find(word)) != std::string::npos;) {
      s.replace(at, std::strlen(word), " ");
      negative = negative || neg;
    }
  bool marked = false;
  for (const char* mark : k_marks)
    for (size_t at; (at = s.find(mark)) != std::string::npos;) {
      s.replace(at, std::strlen(mark), " ");
      marked = true;
    }
  if (!marked) return std::nullopt;
  return s;
}

}  // namespace

std::optional<double> parse_coordinate(std::string_view text) {
  if (auto v = parse_number(text, NumberWords{})) return v;
  bool negative = false;
  const auto fields = dms_fields(text, negative);
  if (!fields) return std::nullopt;
  std::vector<double> parts;
  size_t i = 0;
  while (i < fields->size()) {
    while (i < fields->size() && (*fields)[i] == ' ') ++i;
    size_t j = i;
    while (j < fields->size() && (*fields)[j] != ' ') ++j;
    if (j > i) {
      const auto v = plain_number(fields->substr(i, j - i));
      if (!v || *v < 0) return std::nullopt;
      parts.push_back(*v);
    }
    i = j;
  }
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  for (size_t k = 1; k < parts.size(); ++k)
    if (parts[k] >= 60) return std::nullopt;
  const double deg = parts[0] + (parts.size() > 1 ? parts[1] / 60 : 0) + (parts.size() > 2 ? parts[2] / 3600 : 0);
  return negative ? -deg : deg;
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A unit word as written ("万元", "单位：万元", "万元/年", "%") to the unit; nullopt when it is none.
std::optional<HeaderUnit> unit_word(std::string unit, const NumberWords& words) {
  const UnitSpellings& sp = *words.spellings;
  for (const std::string& lead : sp.leads)
    if (starts_with(unit, lead)) { unit.erase(0, lead.size()); break; }
  for (const std::string& rate : sp.rates)
    if (ends_with(unit, rate)) { unit.erase(unit.size() - rate.size()); break; }
  if (unit == "%" || unit == "\xEF\xBC\x85") {
    if (words.fraction) return HeaderUnit{unit, 0.01};
    return std::nullopt;
  }
  if (unit == k_permille) {
    if (words.fraction) return HeaderUnit{unit, 0.001};
    return std::nullopt;
  }
  if (words.suffixes)
    for (const auto& [word, f] : *words.suffixes)
      if (unit == word) return HeaderUnit{word, f};
  return std::nullopt;
}

}  // namespace

std::optional<HeaderUnit> unit_in_header(std::string_view column, const NumberWords& words) {
  if (!words.spellings) return std::nullopt;
  // The last bracketed part: （万元） (万元) 【万元】 [万元] （万元/年） （单位：万元）.
  const std::string s = compact(column);
  for (const auto& [open, close] : words.spellings->brackets) {
    if (!ends_with(s, close)) continue;
    const size_t at = s.rfind(open);
    if (at == std::string::npos) continue;
    return unit_word(s.substr(at + open.size(), s.size() - at - open.size() - close.size()), words);
  }
  // A unit after the last separator: 村集体经济收入/万元, 村集体经济收入_万元, "村集体经济收入 万元".
  std::string_view raw = column;
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  size_t best = std::string_view::npos, len = 0;
  for (const std::string& sep : words.spellings->separators)
    if (const size_t at = raw.rfind(sep); at != std::string_view::npos && at > 0 && (best == std::string_view::npos || at > best)) best = at, len = sep.size();
  if (best == std::string_view::npos) return std::nullopt;
  const std::string tail = compact(raw.substr(best + len));
  if (tail.empty()) return std::nullopt;
  return unit_word(tail, words);
}

std::optional<HeaderUnit> money_unit_in_title(std::string_view title, const NumberWords& words) {
  if (!words.suffixes || !words.spellings) return std::nullopt;
  static constexpr std::string_view k_yuan = "元";
  std::optional<HeaderUnit> found;
  // Where a unit list ends: a space, a comma or semicolon, or a bracket ("（保留两位小数）").
  std::vector<std::string_view> stops = {" ", "\u3000", "，", ",", "；", ";", "\t"};
  for (const auto& [open, close] : words.spellings->brackets) stops.insert(stops.end(), {open, close});
  for (const std::string& mark : words.spellings->title_marks)
    for (size_t at = title.find(mark); at != std::string_view::npos; at = title.find(mark, at + mark.size())) {
      std::string_view rest = title.substr(at + mark.size());
      for (bool more = true; more;) {  // "：", ":", spaces between the mark and the list
        more = false;
        for (std::string_view skip : {"：", ":", " ", "\u3000"})
          if (starts_with(rest, skip)) rest.remove_prefix(skip.size()), more = true;
      }
      size_t end = rest.size();
      for (std::string_view stop : stops) end = std::min(end, rest.find(stop));
      std::string_view list = rest.substr(0, end);  // 、 and / separate its units
      while (!list.empty()) {
        size_t cut = list.size(), skip = 0;
        for (std::string_view sep : {"、", "/"})
          if (const size_t p = list.find(sep); p < cut) cut = p, skip = sep.size();
        const std::string_view unit = list.substr(0, cut);
        list.remove_prefix(std::min(list.size(), cut + skip));
        if (unit.size() < k_yuan.size() || unit.substr(unit.size() - k_yuan.size()) != k_yuan) continue;
        std::optional<HeaderUnit> u;
        for (const auto& [word, f] : *words.suffixes)
          if (unit == word) u = HeaderUnit{word, f, true};
        if (unit == k_yuan) u = HeaderUnit{std::string(unit), 1.0, true};
        if (!u) continue;
        if (found && found->word != u->word) return std::nullopt;  // two money units: which column is which?
        found = u;
      }
    }
  return found;
}

std::string code_from_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e17) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

namespace {

// Significant digits written in a number's mantissa ("4.20323E+11" -> 6, "0.0120" -> 3).
size_t mantissa_digits(const std::string& s) {
  const size_t e = s.find_first_of("eE");
  size_t n = 0;
  bool leading = true;
  for (size_t i = 0; i < std::min(e, s.size()); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) continue;
    if (leading && s[i] == '0') continue;
    leading = false;
    ++n;
  }
  return n;
}

constexpr double k_exact_integers = 9007199254740992.0;  // 2^53: a double holds every integer below

}  // namespace

bool padded_code(std::string_view d) {
  return ((d.size() == 15 && d.ends_with("000")) || (d.size() == 18 && d.ends_with("000000"))) &&
         d.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<std::string> normalise_code(std::string_view text) {
  // Spaces go; full-width digits (４２０３２３…, typed with a Chinese input method) are digits; a leading
  // apostrophe is Excel's mark for "text", not part of the code (tour 14 N14: both did not join); dashes between
  // digits go (420323-102-200).
  std::string s;
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    if (is_space_at(text, i, &len)) { i += len; continue; }
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    if (i + 2 < text.size() && byte(i) == 0xEF && byte(i + 1) == 0xBC && byte(i + 2) >= 0x90 && byte(i + 2) <= 0x99) {
      s += static_cast<char>('0' + (byte(i + 2) - 0x90));  // U+FF10..U+FF19
      i += 3;
      continue;
    }
    if (s.empty() && (text[i] == '\'' || text[i] == '`')) { ++i; continue; }
    // A dash between digit groups ("420323-102-200", as some registers print codes; tour 17 R14) is no part of it.
    const size_t dash = text[i] == '-' ? 1 : (text.substr(i, 3) == "\xEF\xBC\x8D" || text.substr(i, 3) == "\xE2\x80\x94" || text.substr(i, 3) == "\xE2\x80\x93") ? 3 : 0;
    if (dash != 0 && !s.empty() && std::isdigit(static_cast<unsigned char>(s.back())) && i + dash < text.size() &&
        (std::isdigit(static_cast<unsigned char>(text[i + dash])) || static_cast<unsigned char>(text[i + dash]) == 0xEF)) {
      i += dash;
      continue;
    }
    s += text[i++];
  }
  const bool digits_only = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
  if (digits_only) return s;
  // "420324101001.0", "4.20324101001E+11": a number typed into a text cell.
  const auto v = plain_number(s);
  if (!v || *v < 0 || *v != std::floor(*v)) return s;
  if (*v >= k_exact_integers) return std::nullopt;
  std::string code = code_from_number(*v);
  // "4.20323E+11": the spreadsheet kept 6 of the 12 digits; 420323000000 is another code.
  if (s.find_first_of("eE") != std::string::npos && mantissa_digits(s) < code.size()) return std::nullopt;
  return code;
}

std::optional<std::string> code_from_real(double v) {
  if (std::isfinite(v) && std::abs(v) >= k_exact_integers) return std::nullopt;
  return code_from_number(v);
}

std::string with_thousands(size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace jiuyou::io
