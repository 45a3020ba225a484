// `jiuyou info` lines up its field table when field names are Chinese: the
// type column starts at the same terminal column on every line (a Chinese
// character takes two columns, so padding by bytes would push it right).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "gis/util/display_width.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

// The line of `output` that lists field `name` ("  NAME   TYPE"), or "" when none.
std::string field_line(const std::string& output, const std::string& name) {
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("  " + name + " ", 0) == 0) return line;
  return {};
}

// Display columns before the last word of `line` (where the type column starts).
size_t type_column(const std::string& line) { return jiuyou::util::display_width(line.substr(0, line.find_last_of(' ') + 1)); }

TEST(InfoColumns, ChineseFieldNamesLineUp) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path csv = dir / "村表.csv";
  jiuyou::test::write_text_file(csv, "code,村名,贫困发生率（%）,通硬化路的自然村比例（百分比）（按乡镇统计）,x\n"
                                     "420323100201,上庄村,2.5,80,1\n");
  const auto r = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " info " + jiuyou::test::quoted(csv));
  ASSERT_EQ(r.code, 0) << r.output;
  const std::vector<std::string> names = {"code", "村名", "贫困发生率（%）", "通硬化路的自然村比例（百分比）（按乡镇统计）", "x"};
  std::vector<size_t> columns;
  for (const auto& name : names) {
    const std::string line = field_line(r.output, name);
    ASSERT_FALSE(line.empty()) << "no line for field " << name << " in:\n" << r.output;
    columns.push_back(type_column(line));
  }
  for (size_t k = 1; k < columns.size(); ++k) EXPECT_EQ(columns[k], columns[0]) << names[k] << " vs " << names[0] << " in:\n" << r.output;
  // The longest name (44 columns) is wider than the usual 28: the column widens to it plus one space.
  EXPECT_EQ(columns[0], 2 + jiuyou::util::display_width(names[3]) + 1) << r.output;
}

}  // namespace
