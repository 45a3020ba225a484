// compare.gpkg: per pair of consecutive years, the villages with their
// transition per item and overall, and the changed features of each layer;
// jiuyou_meta names the years' projects.
#include <filesystem>
#include <memory>

#include "gis/compare/compare_report.hpp"
#include "gis/io/write.hpp"
#include "gis/report/report_text.hpp"
#include "gis/report/result_meta.hpp"

namespace jiuyou::compare {

namespace {

void push_text_or_null(Column& c, const std::string& s) {
  if (s.empty()) {
    c.push_null();
  } else {
    c.push_text(s);
  }
}

// Geometry of row `row` of `from`, or a null geometry when there is none or the kind differs.
void add_geometry(FeatureTable& t, const FeatureTable& from, int row) {
  if (row < 0 || from.geometry.kind != t.geometry.kind) {
    t.geometry.add_null_feature();
  } else {
    t.geometry.append_feature(from.geometry, static_cast<size_t>(row));
  }
}

std::string suffix(const Comparison& cmp) { return "_" + pair_label(cmp); }

// A cell's cause; for an item that passed and is now unknown, why (the alert row's words, tour 12: it was NULL).
std::string cell_cause(const CompareDocument& doc, size_t k, const std::vector<MissingField>& missing, const VillageTransition& vt, size_t i) {
  const ItemTransition& t = vt.items[i];
  if (t.transition != Transition::unverified || !t.cause.empty()) return t.cause;
  const VillageMatch& m = doc.comparisons[k].match.pairs[vt.pair];
  return m.a_row >= 0 && m.b_row >= 0 ? unverified_reason(doc, k, missing, m, i) : std::string();
}

FeatureTable villages_table(const CompareDocument& doc, size_t k, const std::vector<MissingField>& missing) {
  const YearData& a = doc.years[k];
  const YearData& b = doc.years[k + 1];
  const Comparison& cmp = doc.comparisons[k];
  FeatureTable t;
  t.name = "villages" + suffix(cmp);
  t.crs = b.ws.metric_crs;
  t.geometry.kind = b.villages().geometry.kind;
  std::vector<Column> cols;
  for (const char* n : {"code_before", "code_after", "name", "township", "match", "match_how", "match_note", "verdict_before", "verdict_after", "overall",
                        "overall_zh"})
    cols.emplace_back(n, FieldType::text);
  const size_t fixed_cols = cols.size();
  for (const auto& it : cmp.items) {
    cols.emplace_back(it.id, FieldType::text);
    cols.emplace_back(it.id + "_cause", FieldType::text);
  }
  for (const VillageTransition& vt : cmp.villages) {
    const VillageMatch& m = cmp.match.pairs[vt.pair];
    const bool in_b = m.b_row >= 0;
    const YearData& y = in_b ? b : a;
    const int row = in_b ? m.b_row : m.a_row;
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    if (in_b) {
      add_geometry(t, b.villages(), m.b_row);
    } else {
      add_geometry(t, a.villages(), m.a_row);
    }
    size_t c = 0;
    push_text_or_null(cols[c++], village_field(a, "code", m.a_row));
    push_text_or_null(cols[c++], village_field(b, "code", m.b_row));
    push_text_or_null(cols[c++], village_field(y, "name", row));
    push_text_or_null(cols[c++], village_township(y, row));
    cols[c++].push_text(match_zh(m));
    cols[c++].push_text(to_string(m.how));
    push_text_or_null(cols[c++], m.note);
    push_text_or_null(cols[c++], m.a_row >= 0 ? report::detail::verdict_zh(a.result.verdict[static_cast<size_t>(m.a_row)]) : "");
    push_text_or_null(cols[c++], m.b_row >= 0 ? report::detail::verdict_zh(b.result.verdict[static_cast<size_t>(m.b_row)]) : "");
    cols[c++].push_text(to_string(vt.overall));
    cols[c++].push_text(to_string_zh(vt.overall));
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      cols[fixed_cols + 2 * i].push_text(to_string(vt.items[i].transition));
      push_text_or_null(cols[fixed_cols + 2 * i + 1], cell_cause(doc, k, missing, vt, i));
    }
  }
  t.columns = std::move(cols);
  return t;
}

const char* change_zh(const FeatureChange& c) { return c.a_row < 0 ? "新增" : c.b_row < 0 ? "消失" : "属性变化"; }
const char* change_code(const FeatureChange& c) { return c.a_row < 0 ? "added" : c.b_row < 0 ? "removed" : "changed"; }

FeatureTable changes_table(const YearData& a, const YearData& b, const Comparison& cmp, const LayerDiff& d) {
  const FeatureTable& la = *a.ws.layer(d.layer);
  const FeatureTable& lb = *b.ws.layer(d.layer);
  FeatureTable t;
  t.name = "changes_" + d.layer + suffix(cmp);
  t.crs = b.ws.metric_crs;
  t.geometry.kind = la.geometry.kind;
  Column change("change", FieldType::text), change_words("change_zh", FieldType::text), fid_a("fid_before", FieldType::integer),
      fid_b("fid_after", FieldType::integer), fields("fields", FieldType::text);
  for (const auto* list : {&d.removed, &d.changed, &d.added})
    for (const FeatureChange& c : *list) {
      t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
      if (c.a_row >= 0) {
        add_geometry(t, la, c.a_row);
        fid_a.push_int(la.fid[static_cast<size_t>(c.a_row)]);
      } else {
        add_geometry(t, lb, c.b_row);
        fid_a.push_null();
      }
      if (c.b_row >= 0) {
        fid_b.push_int(lb.fid[static_cast<size_t>(c.b_row)]);
      } else {
        fid_b.push_null();
      }
      std::string f;
      for (const auto& fc : c.fields) f += (f.empty() ? "" : "; ") + fc.field + ": " + fc.before + " → " + fc.after;
      change.push_text(change_code(c));
      change_words.push_text(change_zh(c));
      push_text_or_null(fields, f);
    }
  t.columns = {std::move(change), std::move(change_words), std::move(fid_a), std::move(fid_b), std::move(fields)};
  return t;
}

}  // namespace

std::string pair_label(const Comparison& cmp) { return cmp.a_label + "_" + cmp.b_label; }

namespace {

// jiuyou_meta: kind "compare", the latest year's project (render and view draw
// the villages over it), the pairs ("2024_2025,2025_2026"), each year's project
// and each item's Chinese name.
FeatureTable compare_meta_table(const CompareDocument& doc, const std::string& output_dir) {
  report::ResultMeta meta;
  meta.kind = std::string(k_compare_kind);
  meta.project_path = doc.years.empty() ? std::string() : doc.years.back().project_path;
  std::string pairs;
  for (const Comparison& cmp : doc.comparisons) pairs += (pairs.empty() ? "" : ",") + pair_label(cmp);
  meta.extra[std::string(k_meta_pairs)] = pairs;
  for (const YearData& y : doc.years)
    if (!y.project_path.empty()) meta.extra[std::string(k_meta_project_of) + y.label] = y.project_path;
  for (const Comparison& cmp : doc.comparisons)
    for (const ItemPair& item : cmp.items)
      if (!item.name_zh.empty()) meta.extra[std::string(k_meta_item_name) + item.id] = item.name_zh;
  return report::result_meta_table(meta, output_dir);
}

}  // namespace

Result<void> write_compare_gpkg(const std::string& path, const CompareDocument& doc) {
  std::vector<std::unique_ptr<FeatureTable>> tables;
  const std::vector<MissingField> missing = missing_fields(doc);
  for (size_t k = 0; k < doc.comparisons.size(); ++k) {
    const Comparison& cmp = doc.comparisons[k];
    tables.push_back(std::make_unique<FeatureTable>(villages_table(doc, k, missing)));
    for (const LayerDiff& d : cmp.layers)
      if (!d.removed.empty() || !d.added.empty() || !d.changed.empty())
        tables.push_back(std::make_unique<FeatureTable>(changes_table(doc.years[k], doc.years[k + 1], cmp, d)));
  }
  tables.push_back(std::make_unique<FeatureTable>(compare_meta_table(doc, std::filesystem::path(path).parent_path().string())));
  std::vector<const FeatureTable*> ptrs;
  for (const auto& t : tables) ptrs.push_back(t.get());
  return io::write_layers(path, ptrs);
}

}  // namespace jiuyou::compare
