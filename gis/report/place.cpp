#include "gis/report/place.hpp"

#include <set>
#include <vector>

#include "gis/io/codes.hpp"
#include "gis/io/schema.hpp"

namespace jiuyou::report {

namespace {

bool digits(const std::string& s, size_t n) { return s.size() == n && s.find_first_not_of("0123456789") == std::string::npos; }

// The 6-digit county prefixes of the villages' 12-digit codes.
std::set<std::string> village_counties(const FeatureTable& villages) {
  std::set<std::string> out;
  const Column* code = villages.column("code");
  if (!code) return out;
  for (size_t r = 0; r < villages.size(); ++r) {
    if (code->is_null(r)) continue;
    const std::string c = code->as_text(r);
    if (digits(c, 12)) out.insert(c.substr(0, 6));
  }
  return out;
}

}  // namespace

std::string checked_place(const WorkspaceView& ws, const std::string& name) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  if (!villages) return name;
  const std::set<std::string> prefixes = village_counties(*villages);
  if (prefixes.size() < 2) return name;
  const io::CountyNames known = io::project_counties(ws.layers);
  std::vector<std::string> names;  // a prefix the county layer does not know is a data error, said in the appendix
  for (const std::string& p : prefixes)
    if (auto it = known.find(p); it != known.end()) names.push_back(it->second.empty() ? p : it->second);
  if (names.size() < 2) return name;
  const size_t said = names.size() > 3 ? 2 : names.size();
  std::string out;
  for (size_t i = 0; i < said; ++i) out += (i ? "、" : "") + names[i];
  if (said < names.size()) out += "等 " + std::to_string(names.size()) + " 个县";
  return out;
}

std::map<std::string, TownshipPlace> township_places(const WorkspaceView& ws) {
  std::map<std::string, TownshipPlace> out;
  const FeatureTable* villages = ws.layer(io::target_layer);
  const Column* township = villages ? villages->column("township") : nullptr;
  if (!township) return out;
  const Column* code = villages->column("code");
  const io::CountyNames counties = io::project_counties(ws.layers);
  for (size_t r = 0; r < villages->size(); ++r) {
    if (township->is_null(r)) continue;
    const std::string key = township->as_text(r);
    if (out.count(key)) continue;
    const std::string village = code && !code->is_null(r) ? code->as_text(r) : std::string{};
    TownshipPlace place;
    if (digits(key, 9)) place.code = key;
    else if (digits(village, 12)) place.code = village.substr(0, 9);
    if (!place.code.empty()) {
      auto it = counties.find(place.code.substr(0, 6));
      place.county = it != counties.end() && !it->second.empty() ? it->second : place.code.substr(0, 6);
    }
    out.emplace(key, std::move(place));
  }
  return out;
}

std::map<std::string, std::string> township_labels(const WorkspaceView& ws, const std::vector<std::string>& keys,
                                                   const std::function<std::string(const std::string&)>& name_of) {
  const std::map<std::string, TownshipPlace> places = township_places(ws);
  std::map<std::string, std::string> names;
  std::map<std::string, std::set<std::string>> keys_named, counties_of;  // name -> its townships, their counties
  for (const std::string& k : keys) {
    if (names.count(k)) continue;
    const std::string name = name_of(k);
    names.emplace(k, name);
    keys_named[name].insert(k);
    if (auto it = places.find(k); it != places.end()) counties_of[name].insert(it->second.county);
  }
  std::map<std::string, std::string> out;
  for (const auto& [k, name] : names) {
    auto it = places.find(k);
    std::string label = name;
    if (keys_named[name].size() > 1 && it != places.end() && !it->second.code.empty())
      label += "（" + (counties_of[name].size() > 1 ? it->second.county + "，" : std::string{}) + it->second.code + "）";
    out.emplace(k, std::move(label));
  }
  return out;
}

std::vector<CountyTotals> county_totals(const WorkspaceView& ws, const indicators::CheckResult& result) {
  const std::map<std::string, TownshipPlace> places = township_places(ws);
  std::vector<CountyTotals> out;
  std::map<std::string, size_t> index;
  auto add = [](std::vector<size_t>& to, const std::vector<size_t>& from) {
    if (to.size() < from.size()) to.resize(from.size(), 0);
    for (size_t i = 0; i < from.size(); ++i) to[i] += from[i];
  };
  for (size_t k = 0; k < result.townships.size(); ++k) {
    const auto& t = result.townships[k];
    auto it = places.find(t.township);
    const std::string county = it != places.end() && !it->second.county.empty() ? it->second.county : "县不明";
    auto [slot, fresh] = index.emplace(county, out.size());
    if (fresh) {
      out.push_back({});
      out.back().county = county;
      out.back().sum.township = county;
    }
    CountyTotals& c = out[slot->second];
    ++c.townships;
    c.members.push_back(k);
    c.sum.villages += t.villages;
    c.sum.exit += t.exit;
    c.sum.fail += t.fail;
    c.sum.unknown += t.unknown;
    add(c.sum.item_pass, t.item_pass);
    add(c.sum.item_fail, t.item_fail);
    add(c.sum.item_unknown, t.item_unknown);
  }
  return out;
}

}  // namespace jiuyou::report
