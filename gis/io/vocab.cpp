#include "gis/io/vocab.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <toml++/toml.h>

#include "gis/util/data_files.hpp"
#include "gis/util/plausible_ranges.hpp"
#include "gis/util/toml_error.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<std::vector<std::string>> string_list(const toml::table& t, const char* key, const std::string& where, const std::string& path) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) return error(ErrorCode::rules, where + "." + key + " must be a list of strings").file(path);
  for (const auto& e : *arr) {
    if (!e.is_string()) return error(ErrorCode::rules, where + "." + key + " must be a list of strings").file(path);
    out.push_back(*e.value<std::string>());
  }
  return out;
}

Result<std::string> target_text(const toml::node& v, bool boolean, const std::string& where, const std::string& path) {
  if (boolean) {
    if (!v.is_boolean()) return error(ErrorCode::rules, where + ": a boolean table maps to true or false").file(path);
    return std::string(*v.value<bool>() ? "true" : "false");
  }
  if (!v.is_string()) return error(ErrorCode::rules, where + ": the canonical value must be text").file(path);
  return *v.value<std::string>();
}

Result<ValueTable> parse_table(const std::string& name, const toml::table& t, const std::string& path) {
  const std::string where = "tables." + name;
  ValueTable vt;
  vt.name = name;
  const std::string type = t["type"].value_or(std::string("enum"));
  if (type != "enum" && type != "boolean") return error(ErrorCode::rules, where + ".type must be \"enum\" or \"boolean\"").file(path);
  vt.boolean = type == "boolean";
  const std::string match = t["match"].value_or(std::string("exact"));
  if (match != "exact" && match != "suffix") return error(ErrorCode::rules, where + ".match must be \"exact\" or \"suffix\"").file(path);
  vt.suffix_match = match == "suffix";
  for (auto [key, out] : {std::pair{"fields", &vt.fields}, std::pair{"canonical", &vt.canonical}, std::pair{"strip", &vt.strip},
                          std::pair{"not_before", &vt.not_before}, std::pair{"not_first", &vt.not_first},
                          std::pair{"not_ending", &vt.not_ending}, std::pair{"split", &vt.split}}) {
    auto list = string_list(t, key, where, path);
    if (!list) return tl::unexpected<Error>(list.error());
    *out = std::move(*list);
  }
  if (vt.fields.empty()) return error(ErrorCode::rules, where + " names no fields (fields = [\"roads.surface\"])").file(path);
  if (const auto* pre = t["prefixes"].as_table())
    for (const auto& [k, v] : *pre) {
      auto target = target_text(v, vt.boolean, where + ".prefixes", path);
      if (!target) return tl::unexpected<Error>(target.error());
      vt.prefixes[value_key(k.str())] = *target;
    }
  if (const auto* vals = t["values"].as_table())
    for (const auto& [k, v] : *vals) {
      auto target = target_text(v, vt.boolean, where + ".values." + std::string(k.str()), path);
      if (!target) return tl::unexpected<Error>(target.error());
      if (!vt.boolean && !vt.canonical.empty() && std::find(vt.canonical.begin(), vt.canonical.end(), *target) == vt.canonical.end())
        return error(ErrorCode::rules, where + ".values." + std::string(k.str()) + " = \"" + *target + "\" is not one of its canonical values").file(path);
      vt.values[value_key(k.str())] = *target;
    }
  return vt;
}

// [numbers.unit_spellings]: lists of strings, brackets as [open, close] pairs.
Result<void> parse_unit_spellings(const toml::table& t, UnitSpellings& out, const std::string& path) {
  const std::string where = "numbers.unit_spellings";
  if (const auto* br = t["brackets"].as_array())
    for (const auto& pair : *br) {
      const auto* a = pair.as_array();
      const auto open = a && a->size() == 2 ? (*a)[0].value<std::string>() : std::nullopt;
      const auto close = a && a->size() == 2 ? (*a)[1].value<std::string>() : std::nullopt;
      if (!open || !close || open->empty() || close->empty())
        return error(ErrorCode::rules, where + ".brackets entries must be [\"open\", \"close\"] pairs of non-empty strings").file(path);
      out.brackets.emplace_back(*open, *close);
    }
  const std::pair<const char*, std::vector<std::string>*> lists[] = {
      {"separators", &out.separators}, {"leads", &out.leads}, {"rates", &out.rates}, {"title_marks", &out.title_marks}};
  for (const auto& [key, list] : lists) {
    if (!t.contains(key)) continue;
    auto items = string_list(t, key, where, path);
    if (!items) return tl::unexpected<Error>(items.error());
    *list = std::move(*items);
    if (std::any_of(list->begin(), list->end(), [](const std::string& s) { return s.empty(); }))
      return error(ErrorCode::rules, where + "." + key + " must not hold an empty string").file(path);
  }
  return {};
}

Result<void> parse_numbers(const toml::table& numbers, Vocabulary& v, const std::string& path) {
  if (const auto* suf = numbers["suffixes"].as_table())
    for (const auto& [k, val] : *suf) {
      const auto f = val.value<double>();
      if (!f || !(*f > 0)) return error(ErrorCode::rules, "numbers.suffixes." + std::string(k.str()) + " must be a positive number").file(path);
      v.suffixes.emplace_back(std::string(k.str()), *f);
    }
  std::sort(v.suffixes.begin(), v.suffixes.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  if (const auto* sp = numbers["unit_spellings"].as_table())
    if (auto ok = parse_unit_spellings(*sp, v.unit_spellings, path); !ok) return ok;
  if (const auto* sep = numbers.get("list_separator")) {
    if (!sep->is_string() || sep->value<std::string>()->empty()) return error(ErrorCode::rules, "numbers.list_separator must be a non-empty string (\";\")").file(path);
    v.list_separator = *sep->value<std::string>();
    if (numbers["list"].value_or(std::string("max")) != "max") return error(ErrorCode::rules, "numbers.list must be \"max\" (a list is judged by its largest number)").file(path);
  }
  if (const auto* scales = numbers["scale"].as_array())
    for (const auto& s : *scales) {
      const auto* st = s.as_table();
      const auto f = st ? (*st)["factor"].value<double>() : std::nullopt;
      if (!st || !f || !(*f > 0)) return error(ErrorCode::rules, "numbers.scale entries need fields = [...] and a positive factor").file(path);
      auto fields = string_list(*st, "fields", "numbers.scale", path);
      if (!fields) return tl::unexpected<Error>(fields.error());
      for (const auto& fld : *fields) v.scale[fld] = *f;
    }
  if (const auto* ranges = numbers["plausible"].as_table()) {  // the reader data/costs/plausible.toml's ranges share (tour 15 H6)
    const util::RangeFormat format{"low", "high", "typical", nullptr, nullptr, "{ low, typical, high } in 元 with 0 < low < typical < high"};
    ASSIGN_OR_RETURN(const auto read, util::read_ranges(*ranges, format, path, "numbers.plausible", ErrorCode::rules));
    for (const auto& [key, r] : read) v.plausible[key] = MoneyRange{r.lo, r.hi, *r.mid};
  }
  if (const auto* quantities = numbers["quantity_units"].as_table())
    for (const auto& [field, words] : *quantities) {
      const auto* t = words.as_table();
      const std::string where = "numbers.quantity_units.\"" + std::string(field.str()) + "\"";
      if (t == nullptr || t->empty()) return error(ErrorCode::rules, where + " must be a table of unit words and factors ({ \"V\" = 0.001 })").file(path);
      auto& list = v.quantity_units[std::string(field.str())];
      for (const auto& [word, val] : *t) {
        const auto f = val.value<double>();
        if (!f || !(*f > 0)) return error(ErrorCode::rules, where + "." + std::string(word.str()) + " must be a positive number").file(path);
        list.emplace_back(std::string(word.str()), *f);
      }
      std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
  return {};
}

std::optional<fs::path> find_vocab_file(const std::string& id) { return util::find_data_file("vocab", id + ".toml"); }

}  // namespace

std::string value_key(std::string_view s) {
  auto strip_front = [&] {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) { s.remove_prefix(1); return true; }
    if (s.substr(0, 3) == "\xE3\x80\x80") { s.remove_prefix(3); return true; }  // U+3000 ideographic space
    return false;
  };
  auto strip_back = [&] {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) { s.remove_suffix(1); return true; }
    if (ends_with(s, "\xE3\x80\x80")) { s.remove_suffix(3); return true; }
    return false;
  };
  while (strip_front()) {}
  while (strip_back()) {}
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool ValueTable::applies_to(std::string_view layer_kind, std::string_view field) const {
  const std::string want = std::string(layer_kind) + "." + std::string(field);
  return std::find(fields.begin(), fields.end(), want) != fields.end();
}

std::optional<std::string> ValueTable::lookup(std::string_view raw) const {
  const std::string key = value_key(raw);
  if (key.empty()) return std::nullopt;
  for (const auto& c : canonical)
    if (value_key(c) == key) return c;
  if (auto it = values.find(key); it != values.end()) return it->second;
  for (const auto& s : strip)
    if (key.size() > s.size() && ends_with(key, s))
      if (auto it = values.find(key.substr(0, key.size() - s.size())); it != values.end()) return it->second;
  if (key.size() >= 2 && std::isalpha(static_cast<unsigned char>(key[0])) && std::isdigit(static_cast<unsigned char>(key[1])))
    if (auto it = prefixes.find(key.substr(0, 1)); it != prefixes.end()) return it->second;
  if (suffix_match) {
    const std::string* best = nullptr;
    size_t best_len = 0;
    for (const auto& [k, v] : values)
      if (k.size() > best_len && ends_with(key, k)) { best = &v; best_len = k.size(); }
    // 在建村卫生室, 拟建文化广场, 原村卫生室, 柳林村原卫生室: the ending names a thing the words before it say is not
    // there (tour 19 T19, tour 20 F2).
    const std::string_view before = std::string_view(key).substr(0, key.size() - best_len);
    const auto any = [&](const std::vector<std::string>& words, auto test) { return std::any_of(words.begin(), words.end(), test); };
    const bool absent = any(not_before, [&](const std::string& w) { return before.find(w) != std::string_view::npos; }) ||
                        any(not_first, [&](const std::string& w) { return before.starts_with(w); }) ||
                        any(not_ending, [&](const std::string& w) { return before.ends_with(w); });
    if (best && !absent) return *best;
  }
  return std::nullopt;
}

const ValueTable* Vocabulary::table_for(std::string_view layer_kind, std::string_view field) const {
  for (const auto& t : tables)
    if (t.applies_to(layer_kind, field)) return &t;
  return nullptr;
}

const std::vector<std::string>& Vocabulary::default_columns(std::string_view layer_kind, std::string_view field) const {
  static const std::vector<std::string> none;
  auto it = default_fields.find(std::string(layer_kind) + "." + std::string(field));
  return it == default_fields.end() ? none : it->second;
}

double Vocabulary::scale_for(std::string_view layer_kind, std::string_view field) const {
  auto it = scale.find(std::string(layer_kind) + "." + std::string(field));
  return it == scale.end() ? 1.0 : it->second;
}

const std::vector<std::pair<std::string, double>>* Vocabulary::units_of(std::string_view layer_kind, std::string_view field) const {
  auto it = quantity_units.find(std::string(layer_kind) + "." + std::string(field));
  return it == quantity_units.end() ? nullptr : &it->second;
}

const MoneyRange* Vocabulary::range_of(std::string_view layer_kind, std::string_view field) const {
  auto it = plausible.find(std::string(layer_kind) + "." + std::string(field));
  return it == plausible.end() ? nullptr : &it->second;
}

MoneyRange Vocabulary::money_range(std::string_view layer_kind, std::string_view field) const {
  auto it = plausible.find(std::string(layer_kind) + "." + std::string(field));
  return it == plausible.end() ? MoneyRange{} : it->second;
}

double MoneyRange::nearest_factor(double median, const std::vector<double>& factors, double target, double max_gap) const {
  if (!(target > 0)) target = typical;
  double best = 0, best_gap = max_gap;
  for (const double f : factors) {
    const double gap = std::fabs(std::log10(median * f / target));
    if (plausible(median * f) && (gap < best_gap || (best == 0 && gap <= best_gap))) best = f, best_gap = gap;
  }
  return best;
}

Result<Vocabulary> parse_vocabulary(const std::string& text, const std::string& path) {
  toml::table tbl;
  try {
    tbl = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return tl::unexpected<Error>(util::toml_syntax_error(e, ErrorCode::rules, path, "a vocabulary is TOML: [vocabulary] id = ...; [tables.NAME] ... (see data/vocab/zh.toml)", text));
  }
  Vocabulary v;
  v.id = tbl["vocabulary"]["id"].value_or(fs::path(path).stem().string());
  v.name = tbl["vocabulary"]["name"].value_or(v.id);
  if (const auto* numbers = tbl["numbers"].as_table())
    if (auto ok = parse_numbers(*numbers, v, path); !ok) return tl::unexpected<Error>(ok.error());
  if (const auto* fields = tbl["fields"].as_table())
    for (const auto& [k, node] : *fields) {
      auto list = string_list(*fields, std::string(k.str()).c_str(), "fields", path);
      if (!list || list->empty() || std::string(k.str()).find('.') == std::string::npos)
        return error(ErrorCode::rules, "fields.\"" + std::string(k.str()) + "\" must be a list of source columns, keyed \"layer.field\"").file(path);
      v.default_fields[std::string(k.str())] = std::move(*list);
    }
  if (const auto* tables = tbl["tables"].as_table())
    for (const auto& [k, node] : *tables) {
      const auto* t = node.as_table();
      if (!t) return error(ErrorCode::rules, "tables." + std::string(k.str()) + " must be a table").file(path);
      auto vt = parse_table(std::string(k.str()), *t, path);
      if (!vt) return tl::unexpected<Error>(vt.error());
      v.tables.push_back(std::move(*vt));
    }
  return v;
}

Result<Vocabulary> load_vocabulary(const std::string& id_or_path) {
  static std::mutex mutex;
  static std::map<std::string, Vocabulary> cache;
  const std::lock_guard lock(mutex);
  if (auto it = cache.find(id_or_path); it != cache.end()) return it->second;
  Vocabulary v;
  if (id_or_path == "none" || id_or_path.empty()) {
    v.id = "none";
    v.name = "none";
  } else {
    std::optional<fs::path> file;
    std::error_code ec;
    if (ends_with(id_or_path, ".toml")) {
      if (fs::is_regular_file(id_or_path, ec)) file = fs::path(id_or_path);
    } else {
      file = find_vocab_file(id_or_path);
    }
    if (!file && util::no_data_dir() && !ends_with(id_or_path, ".toml"))  // no shipped vocabulary can be found at all
      return error(ErrorCode::io, util::k_no_data_dir_message).hint(util::no_data_dir_hint());
    if (!file) {
      std::string known;
      for (const auto& s : shipped_vocabularies()) known += (known.empty() ? "" : ", ") + s;
      return error(ErrorCode::project, "no vocabulary named '" + id_or_path + "'").field("vocabulary").hint("shipped: " + known + ", or \"none\"; or a path to your own .toml");
    }
    std::ifstream in(*file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parse_vocabulary(ss.str(), file->string());
    if (!parsed) return tl::unexpected<Error>(parsed.error());
    v = std::move(*parsed);
    v.file = file->string();
  }
  cache.emplace(id_or_path, v);
  return v;
}

std::vector<std::string> shipped_vocabularies() { return util::list_data_files("vocab", ".toml"); }

}  // namespace jiuyou::io
