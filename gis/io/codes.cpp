#include "gis/io/schema.hpp"
#include "gis/io/codes.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <vector>

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

}  // namespace

Result<ReferenceCodes> read_reference_codes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(ErrorCode::io, "cannot read the reference code list").file(path).hint("reference_codes in [project] names a CSV with code and name columns");
  std::string line;
  if (!std::getline(in, line)) return error(ErrorCode::format, "the reference code list is empty").file(path);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  const auto header = split_csv_line(line);
  int ci = -1, ni = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "code" || header[i] == "CODE" || header[i] == "adcode") ci = static_cast<int>(i);
    if (header[i] == "name" || header[i] == "NAME") ni = static_cast<int>(i);
  }
  if (ci < 0) return error(ErrorCode::format, "the reference code list has no 'code' column").file(path).field("code").hint("the first line must name the columns, e.g. code,name");
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

void check_codes(const FeatureTable& t, const ReferenceCodes* reference, IssueLog& log) {
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
      if (villages) add(log, t, r, Severity::warning, "missing_code", "the village has no code", "every village needs its 12-digit 行政区划代码 to join statistics");
      continue;
    }
    const std::string c = code->as_text(r);
    if (auto [it, inserted] = first_row.emplace(c, r); !inserted)
      add(log, t, r, Severity::error, "duplicate_code", "code " + c + " is also used by feature " + std::to_string(t.fid[it->second]),
          "codes must be unique; check for a duplicated row or a typo");
    if (villages && c.rfind("osm-", 0) == 0) {  // a generated id (gis/io/osm_villages.hpp): said once below
      ++generated;
      continue;
    }
    if (villages) {
      if (c.size() != 12 || !all_digits(c)) {
        add(log, t, r, Severity::error, "bad_code", "'" + c + "' is not a 12-digit village code", "province 2 + city 2 + county 2 + township 3 + village 3 digits");
        continue;
      }
      ++county_count[c.substr(0, 6)];
      if (township && !township->is_null(r)) {
        const std::string tw = township->as_text(r);
        if (tw.size() == 9 && all_digits(tw) && c.rfind(tw, 0) != 0)
          add(log, t, r, Severity::warning, "code_prefix_mismatch", "code " + c + " does not start with its township code " + tw,
              "the first 9 digits of a village code are its township's code");
      }
    }
    if (reference) {
      auto it = reference->name_of.find(c);
      if (it == reference->name_of.end()) {
        add(log, t, r, Severity::warning, "code_not_in_reference",
            "code " + c + (name && !name->is_null(r) ? " (" + name->as_text(r) + ")" : std::string{}) + " is not in the reference list",
            "the code may have changed (merged or renamed units); check " + reference->source);
      } else if (name && !name->is_null(r) && !it->second.empty() && it->second != name->as_text(r)) {
        add(log, t, r, Severity::info, "name_differs_from_reference", "code " + c + " is '" + name->as_text(r) + "' here but '" + it->second + "' in the reference list", {});
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
  // Villages of one county project should share the county prefix; flag the odd ones out.
  if (villages && county_count.size() > 1) {
    const auto main = std::max_element(county_count.begin(), county_count.end(), [](auto& a, auto& b) { return a.second < b.second; });
    if (main->second * 2 > first_row.size()) {
      for (size_t r = 0; r < t.size(); ++r) {
        if (code->is_null(r)) continue;
        const std::string c = code->as_text(r);
        if (c.size() == 12 && all_digits(c) && c.compare(0, 6, main->first) != 0)
          add(log, t, r, Severity::warning, "code_county_mismatch", "code " + c + " is not in county " + main->first + " like most villages of the layer",
              "a village from a neighbouring county, or a typo in the code");
      }
    }
  }
}

}  // namespace jiuyou::io
