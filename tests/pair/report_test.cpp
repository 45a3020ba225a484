// The plan's outputs: links and units layers (read back through io), the
// workbook and the HTML page, written together or not at all.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gis/io/load.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/units.hpp"
#include "gis/util/text.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  PairProblem problem;
  PairPlan plan;
  PairParams params;
};

// The Quanzhou pairs as a problem, planned with the default parameters (kept, or re-planned).
Fixture quanzhou(bool replan) {
  Fixture f;
  const std::string csv = (test::source_dir() / "data/pairing/quanzhou_2018.csv").string();
  auto t = read_pairs(csv);
  EXPECT_TRUE(t);
  f.problem = *problem_from_pairs(*t, csv);
  f.params.replan = replan;
  auto plan = plan_pairs(f.problem, f.params);
  EXPECT_TRUE(plan);
  f.plan = *plan;
  return f;
}

Fixture quanzhou_replanned() { return quanzhou(true); }

TEST(PairReport, LinksTableHasOneLinePerLinkWithItsAttributes) {
  const Fixture f = quanzhou_replanned();
  const FeatureTable t = links_table(f.problem, f.plan);
  ASSERT_EQ(t.size(), f.plan.links.size());
  EXPECT_EQ(t.crs, CrsRef::epsg(4490));
  EXPECT_EQ(t.geometry.kind, GeometryKind::line);
  for (size_t i = 0; i < t.size(); ++i) {
    const Link& l = f.plan.links[i];
    const Vec2 a = t.geometry.vertex(t.geometry.vertex_begin(t.geometry.ring_begin(t.geometry.part_begin(i))));
    EXPECT_EQ(a.x, f.problem.units[l.helper].position.x);
    EXPECT_EQ(t.column("helper_code")->as_text(i), f.problem.units[l.helper].code);
    EXPECT_EQ(t.column("status")->as_text(i), to_string(l.status));
    EXPECT_DOUBLE_EQ(*t.column("distance_km")->number(i), l.distance_m / 1000.0);
    EXPECT_DOUBLE_EQ(*t.column("cost_total")->number(i), static_cast<double>(l.cost_total()) / 1000.0);
  }
}

TEST(PairReport, SummaryCountsPartnersAndFunds) {
  const Fixture f = quanzhou(false);
  const PairProblem& p = f.problem;
  const PairPlan* plan = &f.plan;
  const PlanSummary s = summarise_plan(p, *plan, PairParams{});
  ASSERT_EQ(s.helpers.size(), 9u);
  ASSERT_EQ(s.helped.size(), 9u);
  for (const auto& h : s.helpers) EXPECT_EQ(h.partners, 1);
  for (const auto& h : s.helped) {
    EXPECT_EQ(h.helpers, 1);
    if (p.units[h.unit].code == "350821") {
      EXPECT_EQ(h.received_cny_per_year, 20e6);
      EXPECT_EQ(h.helper_names, "晋江市 (350582)");
    }
  }
}

TEST(PairReport, WritesGpkgXlsxHtmlTogether) {
  const Fixture f = quanzhou_replanned();
  const fs::path dir = test::scratch_dir() / "out";
  auto ok = write_pair_outputs(dir.string(), f.problem, f.plan, f.params);
  ASSERT_TRUE(ok) << ok.error().to_string();
  for (const char* name : {"links.gpkg", "pairs.xlsx", "pairs.html"}) EXPECT_TRUE(fs::exists(dir / name)) << name;
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 3u) << "no temporary files left behind";

  io::LayerSpec spec;
  spec.name = "links";
  spec.path = (dir / "links.gpkg").string();
  spec.layer = "links";
  IssueLog log;
  auto links = io::read_layer(spec, log);
  ASSERT_TRUE(links) << links.error().to_string();
  ASSERT_EQ(links->size(), f.plan.links.size());
  EXPECT_EQ(links->geometry.kind, GeometryKind::line);
  size_t existing = 0;
  for (size_t i = 0; i < links->size(); ++i) {
    const std::string status = links->column("status")->as_text(i);
    EXPECT_TRUE(status == "existing" || status == "suggested" || status == "dropped") << status;
    existing += status == "existing";
    if (links->column("helper_code")->as_text(i) == "350582" && links->column("helped_code")->as_text(i) == "350821") {
      EXPECT_NEAR(*links->column("distance_km")->number(i), 251.0, 1.0);
    }
  }
  spec.name = spec.layer = "units";
  auto units = io::read_layer(spec, log);
  ASSERT_TRUE(units) << units.error().to_string();
  EXPECT_EQ(units->size(), 18u);

  std::ifstream xlsx(dir / "pairs.xlsx", std::ios::binary);
  char magic[2] = {0, 0};
  xlsx.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK") << "an XLSX is a zip file";

  std::ifstream html(dir / "pairs.html");
  std::stringstream ss;
  ss << html.rdbuf();
  const std::string page = ss.str();
  EXPECT_NE(page.find("晋江市 (350582)"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("受扶方"), std::string::npos);
}

TEST(PairReport, FundsNobodyStatedAreUnknownNotZero) {
  // The Quanzhou table gives funds for one pair only (晋江市 → 长汀县, 2000 万元): the other pairs' money is unknown.
  const Fixture f = quanzhou(false);
  const PairProblem& p = f.problem;
  const PairPlan* plan = &f.plan;
  const PlanSummary s = summarise_plan(p, *plan, PairParams{});
  for (const auto& h : s.helpers) {
    if (p.units[h.unit].code == "350582") {
      EXPECT_EQ(h.committed_cny_per_year, 20e6);
    } else {
      EXPECT_TRUE(std::isnan(h.committed_cny_per_year)) << p.units[h.unit].name << ": no figure, not 0";
    }
  }
  const std::string page = pairs_html(p, *plan, PairParams{});
  EXPECT_EQ(page.find(">0 万元<"), std::string::npos) << "an unknown sum is never shown as 0 万元";
  EXPECT_NE(page.find(">2000 万元<"), std::string::npos);
}

TEST(PairReport, AReplanSaysWhatTheStandingPairsCostAgainstThePlan) {
  const Fixture f = quanzhou_replanned();
  int64_t before = 0, after = 0;
  size_t n_before = 0, n_after = 0;
  for (const Link& l : f.plan.links) {
    if (l.existing_row >= 0) {
      before += l.cost_total();
      ++n_before;
    }
    if (l.status != LinkStatus::dropped) {
      after += l.cost_total();
      ++n_after;
    }
  }
  ASSERT_EQ(n_before, 9u);
  ASSERT_LT(after, before) << "the re-plan is cheaper than the standing pairs";
  const std::string summary = plan_summary_zh(f.problem, f.plan, f.params);
  const std::string want = "现有 9 对结对的成本合计 " + util::fixed(static_cast<double>(before) / cost_units_per_km, 1) + "（折合公里），方案 " +
                           std::to_string(n_after) + " 对合计 " + util::fixed(static_cast<double>(after) / cost_units_per_km, 1) + "，降低 ";
  EXPECT_NE(summary.find(want), std::string::npos) << summary;
  const std::string page = pairs_html(f.problem, f.plan, f.params);
  EXPECT_NE(page.find("距离成本"), std::string::npos) << "the page splits each link's cost into its parts";
  EXPECT_NE(page.find("匹配成本"), std::string::npos);
}

TEST(PairReport, NothingIsWrittenWhenTheFolderCannotBeMade) {
  const Fixture f = quanzhou_replanned();
  const fs::path blocker = test::scratch_dir() / "file";
  std::ofstream(blocker) << "x";
  auto ok = write_pair_outputs((blocker / "out").string(), f.problem, f.plan, f.params);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
}

}  // namespace
}  // namespace jiuyou::pair
