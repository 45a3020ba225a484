#pragma once
// Tables for the unit tests (units_test.cpp: percents and townships; units_header_test.cpp: the
// units a table states in its header, units row or title): small GeoPackages and CSV sheets
// loaded through a project, and the look-ups their assertions use.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "io/gdal_fixture.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::test::units {

using jiuyou::test::write_fixture;
namespace fs = std::filesystem;

inline const Issue* find_field_issue(const IssueLog& log, const std::string& code, const std::string& field) {
  for (const auto& i : log.entries())
    if (i.code == code && i.field == field) return &i;
  return nullptr;
}

// Villages with 参保率 and 增长 as given (numbers or text), loaded through a project.
inline Result<Workspace> villages_with(const std::vector<std::pair<std::string, std::string>>& insured_growth, OGRFieldType type) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t i = 0; i < insured_growth.size(); ++i)
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), insured_growth[i].first, insured_growth[i].second}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"参保率", type}, {"增长", type}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\npoor_insured_share = \"参保率\"\nincome_growth = \"增长\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

inline std::vector<std::optional<double>> values(const Workspace& ws, const char* field) {
  std::vector<std::optional<double>> out;
  const Column* c = ws.layer("villages")->column(field);
  for (size_t r = 0; r < c->size(); ++r) out.push_back(c->is_null(r) ? std::nullopt : c->number(r));
  return out;
}

// Villages of several townships (乡镇 column by name; codes 42032310T2NN): (参保率, 增长) per village, per township.
inline Result<Workspace> townships_with(const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>& towns) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t k = 0; k < towns.size(); ++k)
    for (size_t i = 0; i < towns[k].second.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(k) + std::to_string(i) + " 32.2)",
                      {"42032310" + std::to_string(k) + "2" + std::to_string(10 + i), towns[k].first, towns[k].second[i].first, towns[k].second[i].second}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint,
                {{"code", OFTString}, {"乡镇", OFTString}, {"参保率", OFTReal}, {"增长", OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ntownship = \"乡镇\"\n"
                                   "poor_insured_share = \"参保率\"\nincome_growth = \"增长\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

inline size_t count_code(const IssueLog& log, const std::string& code, const std::string& field) {
  size_t n = 0;
  for (const auto& i : log.entries()) n += i.code == code && i.field == field;
  return n;
}

inline Result<Workspace> incomes_with(const std::string& header, const std::vector<std::string>& incomes, OGRFieldType type, const std::string& share_header = "参保率（%）",
                               const std::string& share = "95") {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t i = 0; i < incomes.size(); ++i)
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), incomes[i], share}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {header, type}, {share_header, OFTString}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ncollective_income = \"" << header
                                << "\"\npoor_insured_share = \"" << share_header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

// A county sheet as CSV: a title block above the header, money in a column whose name states no unit.
inline Result<Workspace> sheet_with_title(const std::string& title_block, const std::vector<std::string>& incomes) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << "九有县村级统计表,,,\n" << title_block << ",,,\n村代码,村集体经济收入,x,y\n";
  for (size_t i = 0; i < incomes.size(); ++i) csv << "4203231002" << 10 + i << "," << incomes[i] << ",110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\ncollective_income = \"村集体经济收入\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

// A county sheet whose money column names its own unit, under a title block.
inline Result<Workspace> sheet_with_header(const std::string& title_block, const std::string& header, const std::vector<std::string>& incomes) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << "九有县村级统计表,,,\n" << title_block << ",,,\n村代码," << header << ",x,y\n";
  for (size_t i = 0; i < incomes.size(); ++i) csv << "4203231002" << 10 + i << "," << incomes[i] << ",110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\ncollective_income = \"" << header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

// Villages of several townships with their collective income under `header`: (code prefix of 9
// digits, township name, incomes).
inline Result<Workspace> money_by_town(const std::string& header, const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>& towns) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (const auto& [prefix, name, incomes] : towns)
    for (size_t i = 0; i < incomes.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(rows.size()) + " 32.2)", {prefix + std::to_string(200 + i), name, incomes[i]}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"乡镇", OFTString}, {header, OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ntownship = \"乡镇\"\ncollective_income = \"" << header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

// A CSV statistics table: `above` (the lines over the header row, each ending in a newline), then
// the header "村代码,<column>,贫困户数,x,y", then `below` (units row, 栏次 row …), then one village
// per value of `column` (贫困户数 12 each); mapped as `field` = column.
inline Result<Workspace> table_with_rows_under_header(const std::string& above, const std::string& column, const std::string& below,
                                               const std::string& field, const std::vector<std::string>& cells) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << above << "村代码," << column << ",贫困户数,x,y\n" << below;
  for (size_t i = 0; i < cells.size(); ++i) csv << "4203231002" << 10 + i << "," << cells[i] << ",12,110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\n" << field << " = \"" << column << "\"\npoor_households = \"贫困户数\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

inline const std::vector<std::string> k_wan_incomes = {"5.65", "2.63", "7.71", "12", "3.1"};

// Villages of several townships known by their codes only (as the tester's 村级统计.xlsx: its 乡镇
// column of names is not mapped, the township is the code's first 9 digits): (9-digit prefix,
// township name, values) in a column named `header`, mapped as `field`.
inline Result<Workspace> towns_by_code(const std::string& field, const std::string& header,
                                       const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>& towns) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (const auto& [prefix, name, cells] : towns)
    for (size_t i = 0; i < cells.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(rows.size()) + " 32.2)", {prefix + std::to_string(200 + i), name, cells[i]}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"乡镇", OFTString}, {header, OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\n" << field << " = \"" << header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

}  // namespace jiuyou::test::units
