#include "gis/io/schema.hpp"
#include "gis/io/codes.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <vector>

#include "gis/io/numbers.hpp"
#include "gis/io/text_encoding.hpp"

namespace jiuyou::io {

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { cur += '"'; ++i; }
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void add(IssueLog& log, const FeatureTable& t, size_t row, Severity s, const char* code, std::string message, std::string hint) {
  Issue i;
  i.severity = s;
  i.code = code;
  i.file = t.source;
  i.layer = t.name;
  i.feature = row < t.fid.size() ? t.fid[row] : -1;
  i.field = "code";
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}


// Villages of one county project share the county prefix. A village of another
// county of the project (a feature of its county layer) is no error; the others
// are said once per foreign county, with their features, not once per village.
void flag_foreign_counties(const FeatureTable& t, const std::map<std::string, size_t>& county_count, size_t coded, const CountyNames& counties,
                           IssueLog& log) {
  const auto main = std::max_element(county_count.begin(), county_count.end(), [](auto& a, auto& b) { return a.second < b.second; });
  if (main->second * 2 <= coded) return;
  const Column* code = t.column("code");
  for (const auto& [county, count] : county_count) {
    if (county == main->first || counties.count(county)) continue;
    std::vector<int64_t> fids;
    for (size_t r = 0; r < t.size() && fids.size() < 10; ++r)
      if (!code->is_null(r)) {
        const std::string c = code->as_text(r);
        if (c.size() == 12 && all_digits(c) && c.compare(0, 6, county) == 0) fids.push_back(r < t.fid.size() ? t.fid[r] : -1);
      }
    std::string listed;
    for (int64_t f : fids) listed += (listed.empty() ? "" : ", ") + std::to_string(f);
    if (count > fids.size()) listed += " 等";
    Issue i;
    i.severity = Severity::warning;
    i.code = "code_county_mismatch";
    i.file = t.source;
    i.layer = t.name;
    i.feature = fids.empty() ? -1 : fids.front();
    i.field = "code";
    i.message = with_thousands(count) + " 个村的代码以 " + county + " 开头，不属于本图层多数村所在的县（" + main->first + "）：要素 " + listed;
    i.hint = "可能是邻县的村，或代码录错了；若项目本来就包括县 " + county + "，把它加入县界图层（要素的 code 写 " + county + "）";
    log.add(std::move(i));
  }
}

}  // namespace

Result<ReferenceCodes> read_reference_codes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return error(ErrorCode::io, "无法读取区划代码表（文件不存在或没有读取权限）")
        .file(path)
        .field("reference_codes")
        .hint("检查项目文件 [project] 中 reference_codes 写的路径：应是一个有 code 和 name 两列的 CSV 文件");
  std::string line;
  if (!std::getline(in, line))
    return error(ErrorCode::format, "区划代码表是空文件").file(path).hint("第一行写列名（如 code,name），之后每行一个代码和名称");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  const auto header = split_csv_line(line);
  int ci = -1, ni = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "code" || header[i] == "CODE" || header[i] == "adcode") ci = static_cast<int>(i);
    if (header[i] == "name" || header[i] == "NAME") ni = static_cast<int>(i);
  }
  if (ci < 0)
    return error(ErrorCode::format, "区划代码表的第一行没有 code 列")
        .file(path)
        .field("code")
        .hint("第一行必须是列名，例如 code,name（代码列也可叫 CODE 或 adcode）");
  ReferenceCodes ref;
  ref.source = path;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (!is_valid_utf8(line)) line = decode_to_utf8(line, "CP936");
    const auto cols = split_csv_line(line);
    if (static_cast<int>(cols.size()) <= ci) continue;
    ref.name_of[cols[static_cast<size_t>(ci)]] = ni >= 0 && static_cast<int>(cols.size()) > ni ? cols[static_cast<size_t>(ni)] : std::string{};
  }
  return ref;
}

void check_codes(const FeatureTable& t, const ReferenceCodes* reference, IssueLog& log, const CountyNames* counties) {
  const Column* code = t.column("code");
  if (!code) return;
  const Column* name = t.column("name");
  const Column* township = t.column("township");
  const bool villages = t.name == target_layer;
  std::unordered_map<std::string, size_t> first_row;
  std::map<std::string, size_t> county_count;
  size_t generated = 0;
  for (size_t r = 0; r < t.size(); ++r) {
    if (code->is_null(r)) {
      if (villages) add(log, t, r, Severity::warning, "missing_code", "村没有区划代码", "每个村都要有 12 位行政区划代码，才能与统计数据对上");
      continue;
    }
    const std::string c = code->as_text(r);
    if (auto [it, inserted] = first_row.emplace(c, r); !inserted)
      add(log, t, r, Severity::error, "duplicate_code", "代码 " + c + " 与要素 " + std::to_string(t.fid[it->second]) + " 的代码重复",
          "代码必须唯一：检查是否有重复的行或录错的代码");
    if (villages && c.rfind("osm-", 0) == 0) {  // a generated id (gis/io/osm_villages.hpp): said once below
      ++generated;
      continue;
    }
    if (villages) {
      if (c.size() != 12 || !all_digits(c)) {
        add(log, t, r, Severity::error, "bad_code", "“" + c + "”不是 12 位数字的村级区划代码", "村级代码为：省 2 位 + 市 2 位 + 县 2 位 + 乡镇 3 位 + 村 3 位");
        continue;
      }
      ++county_count[c.substr(0, 6)];
      if (township && !township->is_null(r)) {
        const std::string tw = township->as_text(r);
        if (tw.size() == 9 && all_digits(tw) && c.rfind(tw, 0) != 0)
          add(log, t, r, Severity::warning, "code_prefix_mismatch", "代码 " + c + " 的开头不是所属乡镇的代码 " + tw,
              "村级代码的前 9 位就是所属乡镇的代码：检查村的代码或 township 字段");
      }
    }
    if (reference) {
      auto it = reference->name_of.find(c);
      if (it == reference->name_of.end()) {
        add(log, t, r, Severity::warning, "code_not_in_reference",
            "代码 " + c + (name && !name->is_null(r) ? "（" + name->as_text(r) + "）" : std::string{}) + " 不在区划代码表中",
            "代码可能已变更（合并或更名），请对照 " + reference->source);
      } else if (name && !name->is_null(r) && !it->second.empty() && it->second != name->as_text(r)) {
        add(log, t, r, Severity::info, "name_differs_from_reference", "代码 " + c + " 在这里叫“" + name->as_text(r) + "”，在区划代码表中叫“" + it->second + "”", {});
      }
    }
  }
  if (generated > 0) {
    Issue i;
    i.severity = Severity::info;
    i.code = "generated_ids";
    i.file = t.source;
    i.layer = t.name;
    i.field = "code";
    i.message = std::to_string(generated) + " 个村用生成的编号（osm-…，由 OpenStreetMap 导入），不是统计用区划代码";
    i.hint = "与统计数据按代码连接前，先对照代码表：jiuyou import-osm --codes";
    log.add(std::move(i));
  }
  if (villages && county_count.size() > 1) flag_foreign_counties(t, county_count, first_row.size(), counties ? *counties : CountyNames{}, log);
}

void add_counties(const FeatureTable& t, CountyNames& out) {
  const Column* code = t.column("code");
  if (!code || t.name == target_layer) return;
  const Column* name = t.column("name");
  for (size_t r = 0; r < t.size(); ++r) {
    if (code->is_null(r)) continue;
    const std::string c = code->as_text(r);
    if (c.size() == 6 && all_digits(c)) out[c] = name && !name->is_null(r) ? name->as_text(r) : std::string{};
  }
}

CountyNames project_counties(const std::vector<FeatureTable>& layers) {
  CountyNames out;
  for (const FeatureTable& t : layers) add_counties(t, out);
  return out;
}

CountyNames project_counties(const std::vector<const FeatureTable*>& layers) {
  CountyNames out;
  for (const FeatureTable* t : layers)
    if (t) add_counties(*t, out);
  return out;
}

}  // namespace jiuyou::io
