// The demo county's report as a county leader gets it: no program words in the
// page, and (where headless Chromium is installed) it prints on A4 pages.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "gis/indicators/check.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/report/check_report.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace jiuyou::report {
namespace {

struct Demo {
  Workspace ws;
  indicators::CheckResult result;
};

// The demo county checked once for every test here (about a second).
const Demo* demo() {
  static const auto* d = []() -> const Demo* {
    const std::string path = std::string(JIUYOU_SOURCE_DIR) + "/data/demo/project.toml";
    auto project = io::load_project(path);
    if (!project) return nullptr;
    auto ws = io::load_workspace(*project);
    if (!ws) return nullptr;
    auto rules = indicators::load_rule_set(project->rules);
    if (!rules) return nullptr;
    auto result = indicators::check_villages(*ws, *rules);
    if (!result) return nullptr;
    return new Demo{std::move(*ws), std::move(*result)};
  }();
  return d;
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  ::pclose(p);
  return out;
}

bool on_path(const std::string& tool) { return !run("command -v " + tool + " 2>/dev/null").empty(); }

TEST(DemoReport, HasNoProgramWordsAndNamesTownships) {
  const Demo* d = demo();
  ASSERT_NE(d, nullptr) << "the demo county (data/demo) did not load or check";
  auto html = check_report_html(d->ws, d->result, {});
  ASSERT_TRUE(html) << html.error().to_string();
  for (const char* w : {"fid", "FID", "county_mean(", "_filter", "nan", "inf", "NaN", "Inf"})
    EXPECT_EQ(html->find(w), std::string::npos) << "'" << w << "' in: " << html->substr(html->find(w) > 100 ? html->find(w) - 100 : 0, 200);
  for (const auto& it : d->result.rules.items)
    EXPECT_FALSE(std::regex_search(*html, std::regex("[^A-Za-z_]" + it.id + "[^A-Za-z_]"))) << "item id " << it.id;
  EXPECT_NE(html->find("<h3>城关镇"), std::string::npos);  // grouped by township name (the villages hold codes)
  EXPECT_EQ(html->find("<td>420323100</td>"), std::string::npos);
  EXPECT_NE(html->find("万元"), std::string::npos);
  EXPECT_NE(html->find("全县平均"), std::string::npos);
}

TEST(DemoReport, PrintsOnA4PagesWithTheSummaryFirst) {
  const Demo* d = demo();
  ASSERT_NE(d, nullptr);
  const std::string chromium = on_path("chromium") ? "chromium" : on_path("chromium-browser") ? "chromium-browser" : "";
  if (chromium.empty() || !on_path("pdfinfo"))
    GTEST_SKIP() << "headless Chromium or pdfinfo is not installed (apt-get install chromium poppler-utils); the CSS is asserted elsewhere";
  auto html = check_report_html(d->ws, d->result, {});
  ASSERT_TRUE(html);
  const fs::path dir = test::scratch_dir();
  { std::ofstream(dir / "report.html") << *html; }
  const fs::path pdf = dir / "report.pdf";
  run(chromium + " --headless --no-sandbox --disable-gpu --disable-background-networking --no-pdf-header-footer --print-to-pdf=" + pdf.string() +
      " file://" + (dir / "report.html").string() + " 2>/dev/null");
  ASSERT_TRUE(fs::exists(pdf)) << "chromium wrote no PDF";
  const std::string info = run("pdfinfo " + pdf.string());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)"))) << info;
  EXPECT_NEAR(std::stod(m[1]), 595.3, 2.0) << "A4 is 595 x 842 pt";
  EXPECT_NEAR(std::stod(m[2]), 841.9, 2.0);
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Pages:\s+([0-9]+))"))) << info;
  EXPECT_GE(std::stoi(m[1]), 2);
  // The first page is the summary alone: the first village list starts on page 2.
  const std::string page1 = run("pdftotext -f 1 -l 1 " + pdf.string() + " - 2>/dev/null");
  if (!page1.empty()) {
    EXPECT_NE(page1.find("乡镇汇总"), std::string::npos) << page1;
    EXPECT_EQ(page1.find("缺项数"), std::string::npos) << page1;  // the village tables start on page 2
  }
}

}  // namespace
}  // namespace jiuyou::report
