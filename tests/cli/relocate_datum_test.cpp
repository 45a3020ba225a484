// tour 12 L28: relocate says what check says about the data's datum (likely_gcj02 /
// likely_bd09: one function, indicators::datum_offset_notes), before its figures, on
// the console and at the top of relocation.html and relocation.xlsx: a layer stored in
// GCJ-02 without saying so moves villages onto hazard zones and sites off them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// data/demo-raw's project, its paths made absolute; `keep_gcj02` false: the roads' crs = "GCJ-02" line left out.
fs::path raw_project(const fs::path& dir, bool keep_gcj02) {
  const fs::path raw = jiuyou::test::source_dir() / "data/demo-raw";
  const std::string text = read_all(raw / "project.toml");
  std::string out;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    if (!keep_gcj02 && line.rfind("crs = \"GCJ-02\"", 0) == 0) continue;
    if (line.rfind("path = \"", 0) == 0) line.insert(8, raw.string() + "/");
    out += line + "\n";
  }
  const fs::path p = dir / (keep_gcj02 ? "relocate-declared.toml" : "relocate-undeclared.toml");
  jiuyou::test::write_text_file(p, out);
  return p;
}

}  // namespace

TEST(RelocateDatum, AnUndeclaredGcj02LayerIsSaidFirstAsCheckSaysIt) {
  if (!fs::exists(jiuyou::test::source_dir() / "data/demo-raw/project.toml")) GTEST_SKIP() << "no demo-raw county";
  const fs::path dir = jiuyou::test::scratch_dir(), out = dir / "relocate-undeclared";
  const auto off = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " relocate --quiet --no-slope " + raw_project(dir, false).string() + " --out " + out.string());
  const size_t warned = off.output.find("WARNING     图层 roads 按 EPSG:4326 读入（项目文件的 crs 或数据文件自带的坐标系），但坐标看来是 GCJ-02");
  ASSERT_NE(warned, std::string::npos) << off.output;
  EXPECT_LT(warned, off.output.find("movers")) << "before the figures: " << off.output;
  EXPECT_NE(off.output.find("[layers.roads] 中写 crs = \"GCJ-02\""), std::string::npos) << "the line to add: " << off.output;
  const std::string html = read_all(out / "relocation.html");
  const size_t caveat = html.find("请先看（数据问题）：图层 roads 按 EPSG:4326 读入");
  ASSERT_NE(caveat, std::string::npos) << "relocation.html says it";
  EXPECT_LT(caveat, html.find("<h2>概要</h2>")) << "above the summary";
  EXPECT_TRUE(fs::exists(out / "relocation.xlsx"));

  const fs::path right = dir / "relocate-declared";
  const auto declared = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " relocate --quiet --no-slope " + raw_project(dir, true).string() + " --out " + right.string());
  EXPECT_EQ(declared.output.find("GCJ-02"), std::string::npos) << "declared: no alarm: " << declared.output;
  EXPECT_EQ(read_all(right / "relocation.html").find("请先看"), std::string::npos);
}
