#include "gis/io/osm_villages.hpp"

#include <cstdio>

#include "gis/io/codes.hpp"
#include "gis/io/numbers.hpp"

namespace jiuyou::io {

namespace {

// For a place the extract gives no id: its coordinates to 1e-6 degrees (stable as long as it does not move).
std::string coordinate_id(const GeometryColumn& g, size_t f) {
  if (g.is_empty(f)) return "x";
  const Vec2 p = g.first_vertex(f);
  char buf[64];
  std::snprintf(buf, sizeof buf, "p%.6f_%.6f", p.x, p.y);
  return buf;
}

std::string text_at(const Column* c, size_t r) { return c && !c->is_null(r) ? c->as_text(r) : std::string(); }

std::vector<PlaceQuery> queries(const FeatureTable& t) {
  std::vector<PlaceQuery> out;
  for (size_t r = 0; r < t.size(); ++r) out.push_back({text_at(t.column("name"), r), text_at(t.column("township"), r)});
  return out;
}

void add(IssueLog& log, const FeatureTable& t, Severity s, const char* code, int64_t fid, std::string message, std::string hint) {
  Issue i;
  i.severity = s;
  i.code = code;
  i.file = t.source;
  i.layer = t.name;
  i.feature = fid;
  i.field = "code";
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "、") + s;
  return out;
}

// What the matching said, once: counts, and each ambiguous place with its candidates.
void report_matching(const FeatureTable& t, const std::vector<PlaceResult>& results, const std::string& list, IssueLog& log) {
  std::vector<std::string> unmatched;
  for (size_t r = 0; r < results.size(); ++r) {
    if (results[r].match == PlaceMatch::ambiguous)
      add(log, t, Severity::warning, "place_ambiguous", t.fid[r], "「" + text_at(t.column("name"), r) + "」在代码表中可能是 " + joined(results[r].candidates) + "，未定，用生成的编号",
          "在村图层的 township 字段写明所属乡镇，或在结果中把 code 改为正确的代码");
    if (results[r].match == PlaceMatch::unmatched && unmatched.size() < 10) unmatched.push_back("「" + text_at(t.column("name"), r) + "」");
  }
  const PlaceSummary s = summarise(results);
  add(log, t, Severity::info, "place_matching", -1,
      "按名称对照代码表 " + list + "：对上 " + with_thousands(s.matched) + " 个，同名不止一个 " + with_thousands(s.ambiguous) + " 个，代码表中无此名 " + with_thousands(s.unmatched) + " 个" +
          (unmatched.empty() ? std::string() : "（" + joined(unmatched) + (s.unmatched > unmatched.size() ? " 等" : "") + "）"),
      {});
}

}  // namespace

Result<void> assign_village_codes(FeatureTable& t, const std::string& reference_codes, OsmImportSummary& sum) {
  std::vector<PlaceResult> results(t.size());
  if (!reference_codes.empty()) {
    auto list = read_reference_codes(reference_codes);
    if (!list) return tl::unexpected<Error>(list.error());
    results = match_places(queries(t), *list, sum.county_code);
    sum.places = summarise(results);
    sum.matched_names = true;
    report_matching(t, results, reference_codes, sum.log);
  }
  Column code("code", FieldType::text), how("code_match", FieldType::text), candidates("code_candidates", FieldType::text);
  const Column* osm_id = t.column("osm_id");
  for (size_t r = 0; r < t.size(); ++r) {
    const PlaceResult& p = results[r];
    if (p.match == PlaceMatch::matched) {
      code.push_text(p.code);
    } else {
      const std::string id = text_at(osm_id, r);
      code.push_text(std::string(k_generated_id_prefix) + (id.empty() ? coordinate_id(t.geometry, r) : id));
      ++sum.generated_ids;
    }
    if (sum.matched_names) how.push_text(to_string_zh(p.match));
    else how.push_null();
    if (p.candidates.empty()) candidates.push_null();
    else candidates.push_text(joined(p.candidates));
  }
  for (Column* c : {&code, &how, &candidates}) {
    if (Column* old = t.column(c->name())) *old = std::move(*c);
    else t.columns.push_back(std::move(*c));
  }
  if (sum.generated_ids > 0)
    add(sum.log, t, Severity::info, "generated_ids", -1,
        with_thousands(sum.generated_ids) + " 个村没有统计用区划代码，用 OSM 要素编号生成编号（osm-n…：节点，osm-w…：路径），每次导入相同",
        reference_codes.empty() ? "给出代码表（--codes 代码表.csv，列 code,name）按名称对上正式代码" : "对不上的村可在结果中把 code 改为正式代码");
  return {};
}

}  // namespace jiuyou::io
