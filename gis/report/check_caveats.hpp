#pragma once
// The warnings that change the verdicts (G3, tour 10 J10): villages as points (distances
// from one point, 不可出列 overstated), a layer probably in GCJ-02/BD-09 or far from the
// villages. Every output that shows verdicts carries them before its numbers — report.html
// at the top, result.xlsx as its first sheet (请先看), the atlas on its first page — in the
// words of this one table (check_caveats.cpp), so a planner who forwards any of them sees
// the same sentence. The atlas is made later from result.gpkg: the check records the codes
// in jiuyou_meta (k_meta_verdict_caveats) and the atlas turns them back into sentences here.
#include <string>
#include <string_view>
#include <vector>

#include "gis/indicators/check.hpp"

namespace jiuyou::report {

// One verdict-changing caveat of a check: what it does to the counts, and the check's own
// notes behind it (each message, with its fix in brackets where the note has one).
struct VerdictCaveat {
  std::string code;    // points_for_polygons, likely_gcj02, likely_bd09, layer_far_from_villages, money_implausibly_small, ...
  std::string effect;  // the sentence every output carries
  std::vector<std::string> details;
};

// The check's notes whose code is listed as verdict-changing, then the load's issues that are
// (unit slips: money read in 元 that looks like 万元, a money unit the column name and the title
// row state differently, a township's rates in percent), one caveat per code in the order they
// first name it; empty when there are none.
std::vector<VerdictCaveat> verdict_caveats(const indicators::CheckResult& result, const IssueLog* load_issues = nullptr);
// The sentence of a caveat code; "" for a code that changes no verdict (or an unknown one).
std::string caveat_effect(std::string_view code);
// The line above the caveats in a document: "请先看：以下数据问题会改变" + what + "的结论".
std::string caveats_heading(std::string_view what);

// The key of jiuyou_meta (result_meta.hpp) holding the codes, comma-separated.
inline constexpr const char* k_meta_verdict_caveats = "verdict_caveats";
std::string caveat_codes(const std::vector<VerdictCaveat>& caveats);
// The sentences of the codes recorded under k_meta_verdict_caveats (unknown codes left out).
std::vector<std::string> caveat_effects_of_codes(std::string_view codes);

// report.html's banner: the heading, each effect once with the notes under it; "" when none.
std::string verdict_caveats_html(const indicators::CheckResult& result, const IssueLog* load_issues = nullptr);

}  // namespace jiuyou::report
