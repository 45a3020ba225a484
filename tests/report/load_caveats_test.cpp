// Every load warning that makes values unknown or rescales them opens the check's 请先看 (h-units4): the codes
// of the value-reading files are each sorted (gis/io/value_warnings.hpp) and each of the changing ones has its
// sentence (report::caveat_effect); a stray % on a fraction, loaded for real, opens the banner.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gis/io/value_warnings.hpp"
#include "gis/report/check_caveats.hpp"
#include "io/units_fixture.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::report {
namespace {

bool listed(const auto& list, const std::string& code) {
  for (std::string_view c : list)
    if (c == code) return true;
  return false;
}

// The warning codes a source file emits: the snake_case literals of each statement that warns
// (warn_on_column(…), Severity::warning, …) or sets an issue's code.
std::set<std::string> warning_codes_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  std::set<std::string> out;
  const std::regex marker(R"(warn_on_column\(|Severity::warning|\.code = )"), literal(R"re("([a-z][a-z0-9]*(?:_[a-z0-9]+)+)")re");
  for (auto m = std::sregex_iterator(s.begin(), s.end(), marker); m != std::sregex_iterator(); ++m) {
    const auto from = static_cast<size_t>(m->position());
    const std::string statement = s.substr(from, s.find(';', from) - from);
    for (auto l = std::sregex_iterator(statement.begin(), statement.end(), literal); l != std::sregex_iterator(); ++l) out.insert((*l)[1].str());
  }
  return out;
}

TEST(LoadCaveats, EveryWarningThatChangesValuesOpensTheBanner) {
  for (std::string_view code : io::k_values_changed_warnings)
    EXPECT_FALSE(caveat_effect(code).empty()) << code << " makes values unknown or rescales them: it needs its 请先看 sentence (check_caveats.cpp)";
}

TEST(LoadCaveats, EveryWarningOfTheValueReadersIsSorted) {
  size_t seen = 0;
  for (const char* file : {"shares.cpp", "money_units.cpp", "values.cpp", "join.cpp", "numbers.cpp", "project_units.cpp", "count_checks.cpp", "quantity_checks.cpp", "mapinfo_zeros.cpp", "values_reports.cpp", "status_words.cpp"}) {
    const auto path = test::source_dir() / "gis" / "io" / file;
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    for (const std::string& code : warning_codes_of(path)) {
      ++seen;
      EXPECT_TRUE(listed(io::k_values_changed_warnings, code) || listed(io::k_values_kept_warnings, code))
          << code << " (gis/io/" << file << ") is in neither list of gis/io/value_warnings.hpp: does it change values?";
      EXPECT_FALSE(listed(io::k_values_changed_warnings, code) && listed(io::k_values_kept_warnings, code)) << code << " in both lists";
    }
  }
  EXPECT_GE(seen, 30u) << "the scan found the warnings";
  EXPECT_TRUE(warning_codes_of(test::source_dir() / "gis" / "io" / "shares.cpp").count("percent_sign_on_fraction"));
}

// tour 14 N8 / h-units4: 0.0841% among rates written 8.41% is made unknown — it opens the banner, its message under it.
TEST(LoadCaveats, AStrayPercentSignOnAFractionOpensTheBanner) {
  auto ws = test::units::villages_with({{"0.95", "8.41%"}, {"0.9", "9.35%"}, {"0.92", "10.2%"}, {"0.9", "7.5%"}, {"0.9", "0.5%"}, {"0.9", "0.0841%"}},
                                       OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const indicators::CheckResult res;
  const auto caveats = verdict_caveats(res, &ws->issues);
  const auto it = std::find_if(caveats.begin(), caveats.end(), [](const VerdictCaveat& c) { return c.code == "percent_sign_on_fraction"; });
  ASSERT_NE(it, caveats.end()) << caveat_codes(caveats);
  ASSERT_EQ(it->details.size(), 1u);
  EXPECT_NE(it->details[0].find("0.0841%"), std::string::npos) << it->details[0];
  EXPECT_NE(verdict_caveats_html(res, &ws->issues).find(caveat_effect("percent_sign_on_fraction")), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::report
