#pragma once
// The documents of `jiuyou compare`: compare.gpkg (villages with their
// transition per item and overall, the changed features of each layer),
// 回头看.xlsx (the alert list sorted by severity with what to verify on the
// visit, counts per township, the villages not matched by code), compare.html
// (pass rate per item by year, exit-ready villages per township by year, the
// verdict transition matrix; SVG, no script). Plain Chinese throughout.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gis/compare/transitions.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::compare {

struct CompareDocument {
  const std::vector<YearData>& years;
  const std::vector<Comparison>& comparisons;  // years[k] against years[k + 1]
  std::vector<std::string> notes;              // Chinese, said once (CRS converted, rule set changed)
};

// One regression (返贫风险): a matched village whose item (or exit verdict) went from pass to fail.
struct Alert {
  size_t comparison = 0, pair = 0;
  int item = -1;      // index into Comparison::items; -1: the exit verdict
  int severity = 1;   // 3: the village could exit and now cannot; 2: a required item; 1: an advisory item; 0: 待乡镇核实
  std::string township, village, code, what, cause, verify;
  bool unverified = false;  // 待核实: passed, now unknown (data missing), not a regression
  std::string county;       // the village's county (name, else the code's first 6 digits): shown when the villages span several
  std::string item_name;    // the item's Chinese name ("" for the exit verdict): 涉及指标 counts distinct items
  bool township_check = false;  // 待乡镇核实 (severity 0): a split, merged or redrawn village's distance moved by its new extent (tour 11 K27)
};

// A field the later year of a comparison lacks and the earlier one had, read by
// items that turned from pass to unknown (a column mapping dropped from the
// project file): one cause, said once at the top of 回头看, and named in each
// of the villages' alerts.
struct MissingField {
  size_t comparison = 0;
  std::string year;               // the later year's label
  std::string layer, field;       // canonical; field "": the later year's project has no such layer
  std::string source_name;        // the earlier project's column for it ("合格村医"; "" when not mapped)
  std::vector<std::string> items; // the Chinese names of the items turned unknown by it
  std::set<size_t> pairs;         // the villages (match pairs) turned unknown by it
  size_t villages = 0;
  // A whole layer (main or companion) one year lacks or delivers with no feature while the other year has features
  // in it (tour 13 M8, M24, M29): the items reading it are 待核实 / 无法比较 for every village, never 返贫风险.
  bool empty = false;       // the layer is there but has no feature
  bool earlier = false;     // the EARLIER year (`year`) is the one without it
  std::string file;         // the year's data file of the empty layer, else its project file
  size_t other_features = 0;  // features in the other year's layer
  // A field a statistics table joined onto the layer gives (h-units4): the table ("village_stats") and its file
  // name in the year that lacks it; source_name is then the table's column expected ("村集体经济收入（元）").
  std::string table, table_file;
  [[nodiscard]] std::string field_zh() const;     // 合格村医 (the project's column, else the field's label)
  [[nodiscard]] std::string field_words() const;  // 合格村医（qualified_doctor）: the project file's key too, for the fix
  [[nodiscard]] std::string text() const;         // the summary line in Chinese
  // "公共服务设施图层缺少字段 合格村医"; a joined table's: "村图层的统计表 village_stats（村级统计.xlsx）缺少列「…」（collective_income）".
  [[nodiscard]] std::string gap_words() const;
  // "2026 年公共服务设施图层缺少字段 合格村医"; with `field` empty (the whole layer missing, tour 12 L25)
  // "2026 年项目中没有公共服务设施图层".
  [[nodiscard]] std::string what() const;
  // "（前一年有）"; a layer gap of the earlier year "（后一年有）"; an empty layer "（前一年有 822 个要素）".
  [[nodiscard]] std::string since() const;
};
std::vector<MissingField> missing_fields(const CompareDocument& doc);
// The fields an item's expressions read (its children's too), with the layer they read them in.
void fields_read(const indicators::RuleSet& rules, const indicators::Item& item, std::set<std::pair<std::string, std::string>>& out, int depth = 0);
// The layer gap an item of the later rule set reads (its layer, a companion `layer_*`, its children's), if any: a layer
// one year lacks or delivers empty while the other has features in it; `items`/`pairs` left empty.
std::optional<MissingField> layer_gap(const YearData& a, const YearData& b, const indicators::Item& item, size_t comparison);
// Items reading a layer gap: 待核实 (passed before, the later year lacks it) or 无法比较, and the exit verdict judged
// on the other items only (tour 13 M8): a layer delivered empty is a data gap, not a fall on the ground.
void discount_layer_gaps(const YearData& a, const YearData& b, const std::vector<ItemPair>& items, const std::vector<std::optional<MissingField>>& gaps,
                         size_t ar, size_t br, VillageTransition& vt);
// Why year `y` could not judge its own item `own` (read in that year's rule set): a layer the item reads (its
// companions', children's, filters') that the year lacks or delivers with no feature while another year has features
// in it — "公共服务设施图层为空", "供水范围图层缺失"; "" when none. Its rate is no 0 % (tour 13 M8 follow-up).
std::string year_layer_gap(const CompareDocument& doc, size_t y, const indicators::Item& own);
// An item's pass rate in one year, or why that year has none: a year that could not judge the item (a layer it reads
// missing or empty, every village's value missing) or whose rule set lacks it has no 0 % (a leader would read
// "nothing passes"). compare.html's bars, 回头看.xlsx's 各指标达标率 and the console say the gap instead.
struct YearRate {
  double rate = 0;     // passing villages / the year's villages
  size_t unknown = 0;  // villages the year could not judge (数据不全), outside the passing ones
  std::string gap;     // "数据不全（公共服务设施图层为空）", "无法比较（该年标准没有此项）": no rate
};
// `last`: an item of the latest year's rule set; `missing`: missing_fields(doc) (names a dropped field).
YearRate year_rate(const CompareDocument& doc, size_t y, const std::vector<MissingField>& missing, const indicators::Item& last);
const MissingField* missing_field_of(const std::vector<MissingField>& missing, size_t comparison, const std::string& item_name);

// Every alert of every comparison, most severe first, then by township and village.
std::vector<Alert> collect_alerts(const CompareDocument& doc);
const char* severity_zh(int severity);  // 高 / 中 / 低 / 待乡镇核实 (0)
// The headline count, in villages (a village once per comparison, its items
// counted apart, advisory 低 rows apart): "返贫风险村 5 个（其中去年可出列、今年
// 不可出列或没有此村 1 个），涉及指标 12 项；参考指标（低）由达标变为不达标 3 项；待核实（数据不全）0 条".
std::string alert_counts(const std::vector<Alert>& alerts);
// A layer's name in users' words (道路, 公共服务设施; a layer not listed as it is).
std::string layer_zh(std::string_view layer);

// compare.gpkg layers: villages_<pair> (pair "2024_2025": the transition of
// each village per item and overall) and changes_<layer>_<pair>; jiuyou_meta
// records kind "compare", project_path (the latest year's project), the pairs
// in order (key k_meta_pairs, comma-separated) and each year's project (key
// k_meta_project_of + label) and each compared item's Chinese name (key
// k_meta_item_name + id). `jiuyou render` and `jiuyou view` read these.
inline constexpr std::string_view k_compare_kind = "compare";
inline constexpr std::string_view k_meta_pairs = "pairs";
inline constexpr std::string_view k_meta_project_of = "project_";
inline constexpr std::string_view k_meta_item_name = "item_name_";  // + item id: its Chinese name (legends when the rule set is gone)
inline constexpr std::string_view k_compare_villages_prefix = "villages_";
std::string pair_label(const Comparison& cmp);  // "2024_2025"
Result<void> write_compare_gpkg(const std::string& path, const CompareDocument& doc);
Result<void> write_compare_xlsx(const std::string& path, const CompareDocument& doc, const std::vector<Alert>& alerts);
Result<void> write_compare_html(const std::string& path, const CompareDocument& doc, const std::vector<Alert>& alerts);

// Text of a village field of a year ("" when missing).
std::string village_field(const YearData& y, std::string_view field, int row);
// The township's name in that year's townships layer (the value itself when it is no code there).
std::string township_name(const YearData& y, const std::string& code_or_name);
// The name of the township of a village of that year.
std::string village_township(const YearData& y, int row);
// The county of a village of that year: its code's first 6 digits ("" when shorter).
std::string village_county(const YearData& y, int row);
// The documents' title: "某某县 回头看：2024–2025 年逐村比较" (the county as report.html and result.xlsx name it).
std::string compare_title(const CompareDocument& doc);
// Why item `i` of a matched village that passed is now unknown (Transition::unverified), in the words of its alert
// row and of compare.gpkg's *_cause: the field or layer the later year lacks, the value the loader found
// implausible (数据不合理), else the fields the check missed ("缺少 …").
std::string unverified_reason(const CompareDocument& doc, size_t k, const std::vector<MissingField>& missing, const VillageMatch& m, size_t i);
// The counties the years' villages lie in: code -> name (the code itself when no layer names it).
// A county renumbered as a whole (撤县设区, matched by county code) is one county: its earlier code is left out.
std::map<std::string, std::string> document_counties(const CompareDocument& doc);
// The earlier year's county codes whose villages were matched by county code (撤县设区, tour 12 L27): the
// later year's code stands for them, so that a township is not named after two counties.
std::set<std::string> renumbered_counties(const YearData& a, const MatchResult& match);
// A township as the per-township counts key it: county code, '|', the village's township field.
// Townships of one name in two counties are two townships (tour 10 H9).
std::string township_key(const YearData& y, int row);
// The key in words: the township's name, after its county's when the villages span several.
std::string township_key_name(const YearData& y, const std::map<std::string, std::string>& counties, const std::string& key);

}  // namespace jiuyou::compare
