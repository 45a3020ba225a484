// Rows a reader does not see that are read, and rows read that nobody sees.
// Hidden rows and columns of a sheet (tour 17 R6): GDAL reads them like any
// other cell; a reviewer checks what Excel shows. They are read and said; a hidden
// row that repeats a visible row's key — a stale row hidden instead of deleted —
// is left out for the visible one, with a warning naming both rows. A shapefile's
// records flagged deleted (GDAL skips them) are said (tour 18 S22).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "gis/io/load_detail.hpp"
#include "gis/io/vector_source.hpp"

namespace jiuyou::io {

namespace {

constexpr size_t k_listed = 20;

// Row numbers as a reader says them: "10–14、22".
std::string row_ranges(const std::set<int64_t>& rows) {
  std::string out;
  for (auto it = rows.begin(); it != rows.end();) {
    const int64_t first = *it;
    int64_t last = first;
    for (++it; it != rows.end() && *it == last + 1; ++it) last = *it;
    out += (out.empty() ? "" : "、") + std::to_string(first) + (last > first ? "–" + std::to_string(last) : "");
  }
  return out;
}

// A key as written, without the spaces and dashes a code may carry ("420323-102-200").
std::string bare_key(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '-' || c == '\t'; }), s.end());
  return s;
}

void note_hidden_columns(const LayerSpec& spec, const VectorSource& src, IssueLog& log) {
  for (const auto& [field, column] : spec.fields) {
    const int idx = find_field(src.names, column);
    if (idx < 0 || !src.hidden.columns.count(static_cast<size_t>(idx))) continue;
    add_issue(log, Severity::warning, "hidden_column", spec, -1, field,
              "项目读的列「" + column + "」（" + column_letter(static_cast<size_t>(idx)) + " 列）在表中是隐藏的：已照常读入，但在 Excel 里看不到它",
              "核实它是不是本年的数据：不用的列就删掉，要用的列取消隐藏后再核对");
  }
}

// The hidden data rows whose key a visible row has too: left out, each said.
std::set<int64_t> hidden_repeats(const LayerSpec& spec, VectorSource& src, const std::set<int64_t>& hidden, IssueLog& log) {
  std::set<int64_t> out;
  if (spec.join_to.empty()) return out;
  const auto mapped = spec.fields.find(spec.join_key);
  const std::string key_column = mapped != spec.fields.end() ? mapped->second : spec.join_key;
  const int idx = find_field(src.names, key_column);
  if (idx < 0) return out;
  std::map<std::string, int64_t> visible;
  std::vector<std::pair<int64_t, std::string>> hidden_keys;
  src.layer->ResetReading();
  for (auto& f : *src.layer) {
    const int64_t fid = f->GetFID() + src.fid_offset;
    if (fid <= src.header_row || !f->IsFieldSetAndNotNull(idx)) continue;
    std::string key = bare_key(f->GetFieldAsString(idx));
    if (key.empty()) continue;
    if (hidden.count(fid)) hidden_keys.emplace_back(fid, std::move(key));
    else visible.emplace(std::move(key), fid);
  }
  src.layer->ResetReading();
  for (const auto& [fid, key] : hidden_keys) {
    const auto it = visible.find(key);
    if (it == visible.end()) continue;
    out.insert(fid);
    if (out.size() <= k_listed)
      add_issue(log, Severity::warning, "hidden_duplicate_row", spec, fid, spec.join_key,
                "第 " + std::to_string(fid) + " 行是隐藏行，代码 " + key + " 与看得见的第 " + std::to_string(it->second) +
                    " 行相同：用了第 " + std::to_string(it->second) + " 行，隐藏行没有用",
                "隐藏不等于删除：隐藏行作废就删掉它；若它才是对的，改正或删掉看得见的那一行");
  }
  return out;
}

}  // namespace

std::set<int64_t> screen_hidden_cells(const LayerSpec& spec, VectorSource& src, IssueLog& log) {
  if (src.hidden.empty()) return {};
  note_hidden_columns(spec, src, log);
  std::set<int64_t> data_rows;
  for (const int64_t r : src.hidden.rows)
    if (r > src.header_row) data_rows.insert(r);
  if (data_rows.empty()) return {};
  std::set<int64_t> left_out = hidden_repeats(spec, src, data_rows, log);
  std::set<int64_t> read;
  std::set_difference(data_rows.begin(), data_rows.end(), left_out.begin(), left_out.end(), std::inserter(read, read.end()));
  if (!read.empty())
    add_issue(log, Severity::info, "hidden_rows", spec, -1, {},
              "表中第 " + row_ranges(read) + " 行是隐藏的（共 " + std::to_string(read.size()) + " 行）：已照常读入，隐藏不等于删除",
              "这些行作废就删掉它们，不要只隐藏");
  return left_out;
}

void note_deleted_records(const LayerSpec& spec, const VectorSource& src, IssueLog& log) {
  if (src.shx_rebuilt)
    add_issue(log, Severity::info, "shx_rebuilt", spec, -1, {}, "缺少 .shx 索引文件（常见于只拷了 .shp 和 .dbf），已在内存中按 .shp 重建；文件夹里的文件没有改动",
              "拷贝 Shapefile 时把同名的 .shx、.prj、.cpg 一起拷上");
  if (src.deleted_records.empty()) return;
  std::string fids;
  for (size_t i = 0; i < src.deleted_records.size() && i < k_listed; ++i) fids += (fids.empty() ? "" : "、") + std::to_string(src.deleted_records[i]);
  add_issue(log, Severity::warning, "dbf_deleted_records", spec, src.deleted_records.front(), {},
            "文件的 .dbf 有 " + std::to_string(src.deleted_records.size()) + " 条记录带删除标记（要素 " + fids + (src.deleted_records.size() > k_listed ? " 等" : "") +
                "，dBase/FoxPro 或旧版 ArcView 中删除后未压缩），按已删除处理：这些要素没有读入",
            "若它们不该删除，在编辑软件中取消删除标记（恢复）后重新检查；确已删除的，可用 ogr2ogr 另存一份去掉它们");
}

}  // namespace jiuyou::io
