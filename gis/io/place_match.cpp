#include "gis/io/place_match.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "gis/io/vocab.hpp"

namespace jiuyou::io {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Strips the longest listed ending once (an ending that is the whole name stays).
std::string strip_ending(std::string key, const std::vector<std::string_view>& endings) {
  for (std::string_view e : endings)
    if (key.size() > e.size() && ends_with(key, e)) return key.substr(0, key.size() - e.size());
  return key;
}

// Township names -> 9-digit codes, from the list's township rows.
std::multimap<std::string, std::string> township_codes(const ReferenceCodes& list, const std::string& county) {
  static const std::vector<std::string_view> endings = {"街道办事处", "街道", "镇", "乡"};
  std::multimap<std::string, std::string> out;
  for (const auto& [code, name] : list.name_of)
    if (code.size() == 9 && all_digits(code) && code.rfind(county, 0) == 0) out.emplace(strip_ending(value_key(name), endings), code);
  return out;
}

// The township prefixes a place's township says ({""}: the whole county; empty: a name the list lacks).
std::vector<std::string> township_prefixes(const std::string& township, const std::multimap<std::string, std::string>& townships) {
  static const std::vector<std::string_view> endings = {"街道办事处", "街道", "镇", "乡"};
  const std::string key = value_key(township);
  if (key.empty()) return {""};
  if (key.size() == 9 && all_digits(key)) return {key};
  std::vector<std::string> out;
  auto [lo, hi] = townships.equal_range(strip_ending(key, endings));
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out.empty() ? std::vector<std::string>{""} : out;  // a township the list does not name: county-wide
}

}  // namespace

const char* to_string_zh(PlaceMatch m) {
  switch (m) {
    case PlaceMatch::matched: return "名称对上";
    case PlaceMatch::ambiguous: return "同名不止一个";
    case PlaceMatch::unmatched: return "代码表中无此名";
  }
  return "";
}

std::string place_key(std::string_view name) {
  static const std::vector<std::string_view> admin = {"村民委员会", "居民委员会", "村委会", "居委会", "村委", "委员会"};
  static const std::vector<std::string_view> kind = {"社区", "村"};
  return strip_ending(strip_ending(value_key(name), admin), kind);
}

std::vector<PlaceResult> match_places(const std::vector<PlaceQuery>& places, const ReferenceCodes& list, const std::string& county) {
  std::multimap<std::string, std::string> by_name;  // place_key -> 12-digit code
  for (const auto& [code, name] : list.name_of)
    if (code.size() == 12 && all_digits(code) && code.rfind(county, 0) == 0) by_name.emplace(place_key(name), code);
  const auto townships = township_codes(list, county);
  std::vector<PlaceResult> out(places.size());
  std::map<std::string, std::vector<size_t>> claimed;  // code -> places matched to it
  for (size_t i = 0; i < places.size(); ++i) {
    const std::string key = place_key(places[i].name);
    if (key.empty()) continue;
    std::set<std::string> found;
    auto [lo, hi] = by_name.equal_range(key);
    for (const std::string& prefix : township_prefixes(places[i].township, townships))
      for (auto it = lo; it != hi; ++it)
        if (it->second.rfind(prefix, 0) == 0) found.insert(it->second);
    if (found.size() == 1) {
      out[i] = {PlaceMatch::matched, *found.begin(), {}};
      claimed[*found.begin()].push_back(i);
    } else if (found.size() > 1) {
      out[i] = {PlaceMatch::ambiguous, {}, {found.begin(), found.end()}};
    }
  }
  for (const auto& [code, who] : claimed)
    if (who.size() > 1)
      for (size_t i : who) out[i] = {PlaceMatch::ambiguous, {}, {code}};
  return out;
}

PlaceSummary summarise(const std::vector<PlaceResult>& results) {
  PlaceSummary s;
  for (const auto& r : results) {
    if (r.match == PlaceMatch::matched) ++s.matched;
    else if (r.match == PlaceMatch::ambiguous) ++s.ambiguous;
    else ++s.unmatched;
  }
  return s;
}

}  // namespace jiuyou::io
