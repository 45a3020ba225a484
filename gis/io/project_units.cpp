// A column's unit stated by the project (see project_units.hpp).
#include "gis/io/project_units.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace jiuyou::io {

namespace {

const std::string k_permille = "\xE2\x80\xB0";  // ‰

bool ends_with_ci(const std::string& s, const std::string& tail) {
  if (s.size() < tail.size()) return false;
  return std::equal(tail.begin(), tail.end(), s.end() - static_cast<std::ptrdiff_t>(tail.size()),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
}

bool is_money_word(const std::string& w) { return w.size() >= 3 && w.compare(w.size() - 3, 3, "元") == 0; }

// The units a field of this role takes, as (word, factor): the vocabulary's money words, or the ways of writing a share.
std::vector<std::pair<std::string, double>> units_for(const std::string& kind, const CanonicalField& cf, const Vocabulary& vocab) {
  std::vector<std::pair<std::string, double>> out;
  if (const auto* quantity = vocab.units_of(kind, cf.name)) {  // a measured field: 电压 in V or kV, 半径 in m or 公里
    out = *quantity;
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  } else if (cf.role == FieldRole::money) {
    for (const auto& [word, f] : vocab.suffixes)
      if (is_money_word(word)) out.emplace_back(word, f);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  } else if (cf.role == FieldRole::share || cf.role == FieldRole::fraction) {
    out = {{"%", 0.01}, {"\xEF\xBC\x85", 0.01}, {k_permille, 0.001}, {"比例", 1.0}, {"小数", 1.0}};
  }
  return out;
}

std::string listed(const std::vector<std::pair<std::string, double>>& units) {
  std::string out;
  for (const auto& [w, f] : units)
    if (w != "\xEF\xBC\x85" && w != "小数") out += (out.empty() ? "" : "、") + w;
  return out;
}

// The field a key names: a canonical field of the kind, or the one whose mapped source column it is.
const CanonicalField* field_of_key(const LayerSpec& spec, const std::string& kind, const std::string& key) {
  for (const CanonicalField& cf : canonical_fields(kind)) {
    if (cf.name == key) return &cf;
    if (auto it = spec.fields.find(cf.name); it != spec.fields.end() && it->second == key) return &cf;
  }
  return nullptr;
}

}  // namespace

Result<void> check_project_units(const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab) {
  for (const auto& [key, word] : spec.units) {
    const std::string where = "[layers." + spec.name + ".units] " + key + " = \"" + word + "\"";
    const CanonicalField* cf = field_of_key(spec, kind, key);
    if (!cf || units_for(kind, *cf, vocab).empty()) {
      std::string fields;
      for (const CanonicalField& f : canonical_fields(kind))
        if (!units_for(kind, f, vocab).empty()) fields += (fields.empty() ? "" : ", ") + f.name;
      return error(ErrorCode::project, where + ": " + key + " is no field of layer " + spec.name + " that takes a unit (money, a share or rate, a measure)")
          .file(spec.project_file)
          .layer(spec.name)
          .hint(fields.empty() ? "layer " + spec.name + " has no field that takes a unit: leave [layers." + spec.name + ".units] out"
                               : "name a field by its standard name or by the column mapped to it in [layers." + spec.name + ".fields]; fields that take a unit: " + fields);
    }
    const auto units = units_for(kind, *cf, vocab);
    if (std::none_of(units.begin(), units.end(), [&](const auto& u) { return u.first == word; }))
      return error(ErrorCode::project, where + ": \"" + word + "\" is not a unit of " + cf->name + " (" + cf->description + ")")
          .file(spec.project_file)
          .layer(spec.name)
          .field(cf->name)
          .hint("known units for " + cf->name + ": " + listed(units));
  }
  return {};
}

std::optional<HeaderUnit> project_unit(const LayerSpec& spec, const CanonicalField& field, const Vocabulary& vocab) {
  auto it = spec.units.find(field.name);
  if (it == spec.units.end())
    if (auto col = spec.fields.find(field.name); col != spec.fields.end()) it = spec.units.find(col->second);
  if (it == spec.units.end()) return std::nullopt;
  for (const auto& [word, factor] : units_for(layer_kind(spec), field, vocab))
    if (word == it->second) {
      HeaderUnit u{word, factor};
      u.from_project = true;
      return u;
    }
  return std::nullopt;  // check_project_units refused it before
}

std::string units_key_line(const LayerSpec& spec, const std::string& field, const std::string& unit) {
  return "[layers." + spec.name + ".units] " + field + " = \"" + unit + "\"";
}

bool names_carry_units(const std::string& source) {
  for (const char* ext : {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods"})
    if (ends_with_ci(source, ext)) return true;
  return false;
}

}  // namespace jiuyou::io
