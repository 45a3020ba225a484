// Two years' rule sets read by what they say (issue #15, tour 13 M16, M7, M21): expressions compared as parsed
// (5e4 = 50000, >= 1 = >= 1.0, spaces and keyword case aside), items paired by id and, where a copied file renamed
// an id, by content or title; the note on the two standards says what differs, or that only their names do.
#include <algorithm>
#include <cctype>
#include <vector>

#include "gis/compare/transitions.hpp"
#include "gis/indicators/expression_ast.hpp"

namespace jiuyou::compare {

namespace {

using indicators::Item;
using indicators::RuleSet;

bool keyword(const std::string& word) {
  static const char* const k_words[] = {"and", "or", "not", "in", "between", "like", "is", "null", "true", "false"};
  std::string lower = word;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(std::begin(k_words), std::end(k_words), [&lower](const char* k) { return lower == k; });
}

// An expression's tokens, one canonical spelling each: numbers as literal_text writes them, keywords in capitals,
// `==` as `=`, `!=` as `<>`; the text itself when it does not tokenize.
std::string canonical(const std::string& text) {
  auto tokens = indicators::detail::tokenize(text);
  if (!tokens) return text;
  std::string out;
  for (const auto& t : *tokens) {
    using indicators::detail::Tok;
    std::string word;
    switch (t.type) {
      case Tok::end: continue;
      case Tok::number: {
        indicators::Value v;
        v.type = indicators::Value::Type::number;
        v.number = t.number;
        word = indicators::literal_text(v);
        break;
      }
      case Tok::string: word = "'" + t.text + "'"; break;
      case Tok::ident: {
        word = t.text;
        if (keyword(word)) std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        else word = "\"" + word + "\"";
        break;
      }
      case Tok::op: word = t.text == "==" ? "=" : t.text == "!=" ? "<>" : t.text; break;
      case Tok::param: word = "${" + t.text + "}"; break;
      default: word = text.substr(t.pos, t.len); break;
    }
    out += word + " ";
  }
  return out;
}

// The a-year items whose id the later rule set lacks: the candidates for a renamed item.
bool renamed_candidate(const RuleSet& ra, const RuleSet& rb, const Item& ia, const Item& ib) {
  return rb.item(ia.id) == nullptr && ra.item(ib.id) == nullptr;
}

// The one candidate of `from` for `it` that `test` accepts, where `it` is also the one candidate of `to` for it.
template <typename Test>
const Item* unique_partner(const RuleSet& ra, const RuleSet& rb, const Item& ib, Test test) {
  const Item* found = nullptr;
  for (const Item& ia : ra.items) {
    if (!renamed_candidate(ra, rb, ia, ib) || !test(ia, ib)) continue;
    if (found != nullptr) return nullptr;
    found = &ia;
  }
  if (found == nullptr) return nullptr;
  for (const Item& other : rb.items)
    if (&other != &ib && renamed_candidate(ra, rb, *found, other) && test(*found, other)) return nullptr;
  return found;
}

}  // namespace

bool same_expression(const std::string& x, const std::string& y) { return x == y || canonical(x) == canonical(y); }

const Item* counterpart(const RuleSet& ra, const RuleSet& rb, const Item& ib, size_t depth) {
  if (const Item* ia = ra.item(ib.id); ia != nullptr) return ia;
  if (depth > indicators::k_max_item_nesting) return nullptr;
  const auto content = [&](const Item& x, const Item& y) { return same_rule(ra, x, rb, y, depth + 1); };
  if (const Item* ia = unique_partner(ra, rb, ib, content); ia != nullptr) return ia;
  const auto title = [](const Item& x, const Item& y) { return !y.name_zh.empty() && x.name_zh == y.name_zh; };
  return unique_partner(ra, rb, ib, title);
}

bool same_children(const RuleSet& ra, const Item& ia, const RuleSet& rb, const Item& ib, size_t depth) {
  if (ia.children.size() != ib.children.size()) return false;
  for (size_t k = 0; k < ib.children.size(); ++k) {
    if (ia.children[k] == ib.children[k]) continue;
    const Item* cb = rb.item(ib.children[k]);
    const Item* ca = cb != nullptr ? counterpart(ra, rb, *cb, depth + 1) : nullptr;
    if (ca == nullptr || ca->id != ia.children[k]) return false;
  }
  return true;
}

namespace {

// What differs between the items both rule sets have, "“集体经济收入达到5万元以上” 村集体经济收入 ≥ 5 万元 → ≥ 3 万元；…"; "" when
// every common item judges and decides alike.
std::string item_differences(const RuleSet& ra, const RuleSet& rb) {
  std::string out;
  for (const auto& ib : rb.items) {
    const Item* ia = counterpart(ra, rb, ib);
    if (ia == nullptr || (ia->required == ib.required && same_rule(ra, *ia, rb, ib))) continue;
    std::string change = standard_change(ra, *ia, rb, ib);
    if (change.rfind("标准：", 0) == 0) change = change.substr(std::string("标准：").size());
    out += (out.empty() ? "" : "；") + ("“" + ib.name_zh + "” " + change);
  }
  return out;
}

// Where the later standard only adds items (h-units4): "2026 年的标准增加了指标“X”（必达项）"; "" when a common item
// differs too (in its condition, being required or shown) or an item was dropped.
std::string only_items_added(const YearData& a, const YearData& b) {
  const RuleSet& ra = a.result.rules;
  const RuleSet& rb = b.result.rules;
  std::vector<bool> paired(ra.items.size(), false);
  std::vector<const Item*> added;
  for (const Item& ib : rb.items) {
    const Item* ia = counterpart(ra, rb, ib);
    if (ia == nullptr) { added.push_back(&ib); continue; }
    if (ia->required != ib.required || ia->visible != ib.visible || !same_rule(ra, *ia, rb, ib)) return {};
    paired[static_cast<size_t>(ia - ra.items.data())] = true;
  }
  // A dropped item stays a 条件不同 note (rule_content_test: its verdicts move by the standard); only additions are said alone.
  if (added.empty() || std::find(paired.begin(), paired.end(), false) != paired.end()) return {};
  // Name the shown additions; when every added item is hidden, name them all rather than none.
  const bool any_shown = std::any_of(added.begin(), added.end(), [](const Item* it) { return it->visible; });
  std::string titles;
  for (const Item* it : added)
    if (it->visible || !any_shown) titles += (titles.empty() ? "" : "、") + ("“" + it->name_zh + "”" + (it->required ? "（必达项）" : ""));
  return year_name(b.label) + "的标准增加了指标" + titles;
}

// The note on the two standards, said once: "" when they are one standard under one name.
std::string standards_note(const YearData& a, const YearData& b) {
  const RuleSet& ra = a.result.rules;
  const RuleSet& rb = b.result.rules;
  const std::string later = "；条件不同的指标按同一标准（" + year_name(b.label) + "的）重新判断，只因标准不同而变化的记为“因标准变化”";
  if (same_standard(ra, rb)) {
    // Another id or name over the same content (tour 13 M21): one standard, said so, nothing re-judged.
    if (ra.id == rb.id && ra.name_zh == rb.name_zh) return {};
    const auto named = [](const RuleSet& r) { return "“" + r.name_zh + "”（" + r.id + "）"; };
    return "两年标准名称不同，但各项条件相同：" + year_name(a.label) + "为" + named(ra) + "，" + year_name(b.label) + "为" + named(rb) + "；按同一标准比较";
  }
  if (const std::string added = only_items_added(a, b); !added.empty()) {
    const auto named = [](const RuleSet& r) { return "“" + r.name_zh + "”（" + r.id + "）"; };
    return "两年的标准只差在：" + added + "（只在一年的标准中的指标不作比较）；其余指标两年条件相同，按同一标准判断（" + year_name(a.label) + "为" + named(ra) + "，" +
           year_name(b.label) + "为" + named(rb) + "）";
  }
  const std::string differences = item_differences(ra, rb);
  if (ra.id == rb.id) {
    // A copied rule file that keeps the id of the one it came from (tour 12 L11, L32): the content decides, not the name.
    const auto where = [](const RuleSet& r) { return r.file.empty() ? r.id : r.file; };
    return "两年使用的标准不同：" + year_name(b.label) + "的规则文件 " + where(rb) + " 与 " + year_name(a.label) + "的 " + where(ra) + " 同名（" + rb.id +
           "）但条件不同" + (differences.empty() ? "（指标不同，见下）" : "：" + differences) + later;
  }
  const bool same_name = ra.name_zh == rb.name_zh;  // a copy of a shipped standard with one threshold changed (tour 11 K25)
  const auto named = [same_name](const RuleSet& r) { return "“" + r.name_zh + "”" + (same_name ? "（" + r.id + "）" : ""); };
  return "两年使用的标准不同：" + year_name(a.label) + "为" + named(ra) + "，" + year_name(b.label) + "为" + named(rb) + "；只比较两年都有的指标" + later +
         (differences.empty() ? "" : "。条件不同的指标：" + differences);
}

}  // namespace

std::vector<ItemPair> common_items(const YearData& a, const YearData& b, std::vector<std::string>& notes) {
  std::vector<ItemPair> out;
  const RuleSet& ra = a.result.rules;
  const RuleSet& rb = b.result.rules;
  if (std::string note = standards_note(a, b); !note.empty()) notes.push_back(std::move(note));
  std::vector<bool> paired(ra.items.size(), false);
  for (size_t j = 0; j < rb.items.size(); ++j) {
    const Item& ib = rb.items[j];
    const Item* ia = counterpart(ra, rb, ib);
    if (ia != nullptr) paired[static_cast<size_t>(ia - ra.items.data())] = true;
    if (!ib.visible) continue;
    if (ia == nullptr) {
      notes.push_back("指标“" + ib.name_zh + "”只在 " + year_name(b.label) + "的标准中，不作比较");
      continue;
    }
    out.push_back({ib.id, ib.name_zh, static_cast<size_t>(ia - ra.items.data()), j, ib.required});
    if (ia->id == ib.id) continue;
    // A copied file that renamed the id (tour 13 M16): one item, compared as one, said once.
    const bool same = same_rule(ra, *ia, rb, ib);
    notes.push_back("指标“" + ib.name_zh + "”：" + year_name(b.label) + "的 " + ib.id + " 与 " + year_name(a.label) + "的 " + ia->id +
                    (same ? " 内容相同，按同一项比较" : " 标题相同、条件不同，按同一项比较（按 " + year_name(b.label) + "的条件重新判断）"));
  }
  for (size_t i = 0; i < ra.items.size(); ++i)
    if (ra.items[i].visible && !paired[i]) notes.push_back("指标“" + ra.items[i].name_zh + "”只在 " + year_name(a.label) + "的标准中，不作比较");
  return out;
}

}  // namespace jiuyou::compare
