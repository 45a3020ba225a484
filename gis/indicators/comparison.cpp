#include "gis/indicators/comparison.hpp"

#include <array>
#include <cctype>

namespace jiuyou::indicators {

namespace {

bool is_word_char(char c, bool in_word) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || (in_word && std::isdigit(u));
}

bool is_logical_keyword(const std::string& upper_word) {
  static constexpr std::array<std::string_view, 7> k_keywords = {"AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS"};
  for (const auto kw : k_keywords)
    if (upper_word == kw) return true;
  return false;
}

// The operator at text[i] (a comparison character): two characters when they form one.
size_t operator_length(std::string_view text, size_t i) {
  const std::string_view two = text.substr(i, 2);
  return two == ">=" || two == "<=" || two == "<>" || two == "!=" || two == "==" ? 2 : 1;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::optional<Comparison> split_comparison(std::string_view text) {
  int depth = 0;
  bool quoted = false;
  size_t at = std::string_view::npos, len = 0;
  std::string word;  // the word being read, upper-cased
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (is_word_char(c, !word.empty())) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      continue;
    }
    if (depth == 0 && is_logical_keyword(word)) return std::nullopt;
    word.clear();
    if (depth != 0 || (c != '<' && c != '>' && c != '=' && c != '!')) continue;
    if (at != std::string_view::npos) return std::nullopt;  // a second comparison
    at = i;
    len = operator_length(text, i);
    i += len - 1;
  }
  if (at == std::string_view::npos) return std::nullopt;
  return Comparison{trimmed(text.substr(0, at)), std::string(text.substr(at, len)), trimmed(text.substr(at + len))};
}

}  // namespace jiuyou::indicators
