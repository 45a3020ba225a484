// Messages and exit codes (#17, #12 item 7): numeric options range-checked
// before work (exit 2 naming the option), cancellation one code, findings
// exit 1, Result propagation helpers.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/model/error.hpp"
#include "robustness/harness.hpp"

namespace jiuyou::robust {
namespace {

struct BadOption {
  std::vector<std::string> args;  // {PROJECT} is replaced by the county's project
  std::string option;
};

class NumericOption : public ::testing::TestWithParam<BadOption> {};

TEST_P(NumericOption, IsRefusedBeforeAnyWorkNamingTheOption) {
  const fs::path dir = test::scratch_dir();
  std::vector<std::string> args = GetParam().args;
  for (auto& a : args) {
    if (a == "{PROJECT}") a = (county() / "project.toml").string();
    if (a == "{PAIRS}") a = (test::source_dir() / "data" / "pairing" / "quanzhou_2018.csv").string();
    if (a == "{OUT}") a = (dir / "out").string();
  }
  const RunResult r = run(args);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, GetParam().option)) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing is written for a bad argument";
}

INSTANTIATE_TEST_SUITE_P(
    Cli, NumericOption,
    ::testing::Values(BadOption{{"relocate", "{PROJECT}", "--out", "{OUT}", "--k", "-1"}, "--k"},
                      BadOption{{"relocate", "{PROJECT}", "--out", "{OUT}", "--k", "2.5"}, "--k"},
                      BadOption{{"relocate", "{PROJECT}", "--out", "{OUT}", "--time-limit", "nan"}, "--time-limit"},
                      BadOption{{"relocate", "{PROJECT}", "--out", "{OUT}", "--time-limit", "inf"}, "--time-limit"},
                      BadOption{{"relocate", "{PROJECT}", "--out", "{OUT}", "--time-limit", "-3"}, "--time-limit"},
                      BadOption{{"check", "{PROJECT}", "--out", "{OUT}", "--threads", "-3"}, "--threads"},
                      BadOption{{"pair", "{PAIRS}", "--out", "{OUT}", "--candidates", "-5"}, "--candidates"},
                      BadOption{{"pair", "{PAIRS}", "--out", "{OUT}", "--max-distance-km", "nan"}, "--max-distance-km"},
                      BadOption{{"pair", "{PAIRS}", "--out", "{OUT}", "--max-distance-km", "-1"}, "--max-distance-km"},
                      BadOption{{"pair", "{PAIRS}", "--out", "{OUT}", "--funds-unit", "0"}, "--funds-unit"},
                      BadOption{{"pair", "{PAIRS}", "--out", "{OUT}", "--funds-unit", "1e400"}, "--funds-unit"}));

TEST(Errors, AnUnknownGroupIsABadArgument) {
  const fs::path dir = test::scratch_dir();
  const RunResult r = run({"check", (county() / "project.toml").string(), "--out", (dir / "out").string(), "--group", "roads", "-q", "--no-map"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "--group")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Errors, AnUnknownItemIsARuleErrorNamingIt) {
  const fs::path dir = test::scratch_dir();
  const RunResult r = run({"check", (county() / "project.toml").string(), "--out", (dir / "out").string(), "--items", "road,no_such_item", "-q", "--no-map"});
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "no_such_item")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Errors, AGroupChecksOnlyItsItems) {
  const fs::path dir = test::scratch_dir();
  const RunResult r = run({"check", (county() / "project.toml").string(), "--out", (dir / "out").string(), "--group", "net4", "-q", "--no-map"});
  EXPECT_LE(r.code, 1) << r.output;
  EXPECT_TRUE(is_complete_check_set(dir / "out"));
  EXPECT_FALSE(contains(r.output, "\nservice_center ")) << "a 九有 item has no row in a 四网 run: " << r.output;
  EXPECT_TRUE(contains(r.output, "\nroad ")) << r.output;
  EXPECT_TRUE(contains(r.output, "only part of rule set")) << "the partial check is said: " << r.output;
}

TEST(Errors, CancelledIsOneCodeWithItsOwnExitStatus) {
  EXPECT_EQ(exit_code_for(ErrorCode::cancelled), 130);
  for (const ErrorCode legacy : {ErrorCode::input, ErrorCode::solver, ErrorCode::internal}) {
    Error e = error(legacy, "cancelled");
    EXPECT_EQ(normalize_cancelled(e).code, ErrorCode::cancelled);
  }
  EXPECT_EQ(normalize_cancelled(error(ErrorCode::input, "bad value")).code, ErrorCode::input) << "only cancellations are mapped";
  const Error c = cancelled_error("networks");
  EXPECT_EQ(c.code, ErrorCode::cancelled);
  EXPECT_NE(c.message.find("networks"), std::string::npos);
}

Result<int> half(int v) {
  if (v % 2 != 0) return error(ErrorCode::input, "odd: " + std::to_string(v)).field("v");
  return v / 2;
}

Result<int> quarter(int v) {
  ASSIGN_OR_RETURN(const int h, half(v));
  ASSIGN_OR_RETURN(const int q, half(h));
  return q;
}

Result<void> must_be_quarterable(int v) {
  TRY(quarter(v));
  return {};
}

TEST(Errors, TryAndAssignOrReturnPropagateTheFirstError) {
  EXPECT_EQ(quarter(12).value(), 3);
  const auto bad = quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "odd: 3");
  EXPECT_EQ(bad.error().field, "v");
  EXPECT_TRUE(must_be_quarterable(8));
  EXPECT_EQ(must_be_quarterable(10).error().message, "odd: 5");
}

TEST(Errors, AnUnknownEncodingIsAnErrorAndWritesNothing) {
  const fs::path dir = test::scratch_dir();
  copy_county(dir / "X");
  const RunResult r = run({"export", (dir / "X" / "county.gpkg").string(), "--layer", "villages", "--encoding", "KLINGON", "--to", (dir / "out.gpkg").string()});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "KLINGON")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
}

}  // namespace
}  // namespace jiuyou::robust
