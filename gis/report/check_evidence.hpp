#pragma once
// What each cell of the check means to a county leader, in plain Chinese and
// as numbers (internal to gis/report): "最近的连通硬化路 1.3 km，差 0.8 km",
// "贫困发生率 3.1%，高于标准 1.1 个百分点", facilities by kind and village,
// townships by name. Built once per report from the workspace and the result;
// never program words (field names, FIDs, item ids, aggregate calls).
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/model/workspace.hpp"
#include "gis/report/labels.hpp"

namespace jiuyou::report::detail {

struct CellEvidence {
  std::string text;                 // plain Chinese, "" for a pass without numbers
  double measure = indicators::k_nan;    // distance (m), share (0..1) or the attribute's value
  double shortfall = indicators::k_nan;  // how far from the standard, in the measure's unit (fail only)
};

// How the measure of an item is read: heading and unit.
struct MeasureInfo {
  std::string heading;  // 距离（米）, 覆盖率, 贫困发生率, ...
  Unit unit = Unit::none;
  bool metres = false;  // a distance in metres
};

class EvidenceWriter {
 public:
  // Reads the layers through a view (the outputs are written while the map
  // renders from the same tables); the view's layers must outlive the writer.
  // `load_issues`: the load's value_set_unknown entries (a village's value the loader
  // found implausible and made unknown) turn its "缺少数据" into "数据不合理：…".
  EvidenceWriter(const WorkspaceView& ws, const indicators::CheckResult& result, const IssueLog* load_issues = nullptr);
  EvidenceWriter(const Workspace& ws, const indicators::CheckResult& result) : EvidenceWriter(WorkspaceView::of(ws), result, &ws.issues) {}
  ~EvidenceWriter();
  EvidenceWriter(const EvidenceWriter&) = delete;
  EvidenceWriter& operator=(const EvidenceWriter&) = delete;

  [[nodiscard]] CellEvidence cell(size_t village, size_t item) const;
  // The numbers of a passed cell without its sentence (the measure; a pass has
  // no shortfall), as cell() gives them: a province's workbook leaves the
  // sentences of passed cells out.
  [[nodiscard]] CellEvidence passed_numbers(size_t village, size_t item) const;
  // The item's standard in Chinese words ("≤ 500 m，且须连通国道、省道或县道").
  [[nodiscard]] std::string standard(size_t item) const;
  [[nodiscard]] MeasureInfo measure(size_t item) const;
  // "<item>：<evidence>" per visible item of the village with this outcome and
  // `required` flag; a child already said inside a listed composite is not repeated.
  [[nodiscard]] std::vector<std::string> lacks(size_t village, indicators::Outcome outcome, bool required) const;
  // The township's name from the townships layer (the value itself when it is no code there).
  [[nodiscard]] std::string township_name(const std::string& code_or_name) const;
  [[nodiscard]] std::string village_township(size_t village) const;
  [[nodiscard]] std::string village_name(size_t village) const;  // name, else code, else 第 n 个村
  [[nodiscard]] std::string village_code(size_t village) const;

  struct Attribute;

 private:
  [[nodiscard]] std::string facility_name(const indicators::Item& item, const indicators::ItemResult& r) const;
  [[nodiscard]] CellEvidence attribute_cell(size_t v, size_t i) const;
  [[nodiscard]] CellEvidence distance_cell(size_t v, size_t i) const;
  [[nodiscard]] CellEvidence unknown_cell(size_t v, size_t i) const;
  [[nodiscard]] std::string zero_divisor_text(size_t v, size_t i) const;
  // What was wrong with the village's value of `field` that the loader made unknown; null when it was missing.
  [[nodiscard]] const std::string* dropped_reason(size_t v, const std::string& field) const;
  [[nodiscard]] CellEvidence composite_cell(size_t v, size_t i) const;

  const WorkspaceView m_ws;
  const indicators::CheckResult& m_result;
  const FeatureTable* m_villages;
  std::unordered_map<std::string, std::string> m_township_names;
  std::unordered_map<std::string, std::string> m_village_by_code;
  // Row of a feature by its FID, per layer that facility evidence points into.
  std::unordered_map<std::string, std::unordered_map<int64_t, size_t>> m_row_of_fid;
  std::vector<std::unique_ptr<Attribute>> m_attributes;  // per item; null unless a simple comparison
  // Villages' values the loader made unknown as implausible: (FID, field) -> what was wrong ("95.5 超出 0～1 …").
  std::unordered_map<int64_t, std::vector<std::pair<std::string, std::string>>> m_dropped;
};

// What the features an item looks for are called: 硬化路, 卫生室, 文化活动场所或学校 ...
std::string item_noun(const indicators::Item& item);

}  // namespace jiuyou::report::detail
