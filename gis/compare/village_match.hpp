#pragma once
// Villages of two years matched to each other: by their 12-digit code, then by
// a crosswalk (old code -> new code: merge, split, rename) from the user or
// derived from the two years' official code lists (a code that left the list
// and one that entered it under the same name in the same county), then by
// geometry (the later village holding the earlier one's point, or the nearest
// within a tolerance), each match saying how it was made. Villages that
// appear or disappear are listed, never dropped.
#include <string>
#include <vector>

#include "gis/compare/year.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::compare {

enum class MatchHow : unsigned char {
  code,              // the same code in both years
  crosswalk,         // the user's crosswalk table
  reference_lists,   // derived from the two official code lists (same name, same county)
  county_code,       // the county renumbered as a whole (撤县设区): the same last 6 digits under the new county code
  geometry_overlap,  // the later village polygon holds the earlier village's point
  nearest_point,     // the nearest later village within the tolerance
  disappeared,       // in the earlier year only (b_row = -1)
  appeared,          // in the later year only (a_row = -1)
};
const char* to_string(MatchHow h);     // "code", "crosswalk", ...
const char* to_string_zh(MatchHow h);  // 代码相同, 用户对照表, ...

enum class CrosswalkKind : unsigned char { rename, merge, split, abolish };  // abolish (撤销): no new code

struct CrosswalkRow {
  std::string old_code, new_code;
  CrosswalkKind kind = CrosswalkKind::rename;
  int line = 0;  // in the file, for messages
};

struct Crosswalk {
  std::string file;
  std::vector<CrosswalkRow> rows;
};

// A CSV (UTF-8 or GBK) or XLSX table with the header old_code,new_code,kind
// or 旧代码/原代码, 新代码/现代码, 类型/变更类型 (kind: merge / split / rename /
// abolish, or 合并 / 拆分 / 更名 / 撤销), title rows above the header allowed:
// read by the loader's table reader (gis/io). Errors name the file, row and
// column, with the accepted headers (ErrorCode::format). `line` is the row.
Result<Crosswalk> read_crosswalk(const std::string& path);

struct VillageMatch {
  int a_row = -1;  // row in the earlier year's villages (-1: appeared)
  int b_row = -1;  // row in the later year's villages (-1: disappeared)
  MatchHow how = MatchHow::code;
  std::string note;  // Chinese: 监利县 421023 → 监利市 421088（更名）
  bool abolished = false;  // disappeared, and the crosswalk says 撤销: no alert, no exit lost (tour 11 K13)
};

// How the pair was made in words: to_string_zh(how), or 按对照表撤销 for an abolished village.
const char* match_zh(const VillageMatch& m);

struct MatchOptions {
  double nearest_tolerance_m = 300;  // point villages: the farthest a geometric match may be
  bool geometric_fallback = true;
};

struct MatchResult {
  std::vector<VillageMatch> pairs;  // matched pairs first (in a_row order), then disappeared, then appeared
  size_t by_code = 0, by_crosswalk = 0, by_geometry = 0, disappeared = 0, appeared = 0;
  size_t code_name_differs = 0;  // code matches whose two names differ (noted on the pair)
  std::vector<std::string> notes;  // Chinese, said once: crosswalk rows joining two villages of other names and ground
  // The pairs of each village, as indexes into `pairs` in their order (index_pairs, called by match_villages): those
  // of later-year row r are b_pairs[b_first[r] .. b_first[r + 1]), of earlier-year row r likewise a_pairs. Read by
  // boundary_change per cause and alert instead of scanning every pair (issue #15); `indexed` is pairs.size() when
  // they were built (a result whose pairs changed since is scanned).
  std::vector<uint32_t> a_first, a_pairs, b_first, b_pairs;
  size_t indexed = 0;
};

// Fills the index of `m`'s pairs by village row (MatchResult::a_first ...) for years of `a_rows` and `b_rows` villages.
void index_pairs(MatchResult& m, size_t a_rows, size_t b_rows);

// Every code of the crosswalk is a village code of at least one of the years; else
// ErrorCode::format naming the file, line and code (a typo, another county's table).
Result<void> check_crosswalk(const Crosswalk& crosswalk, const std::vector<YearData>& years);

// An error (ErrorCode::format) when two villages of the year share a code: matched
// by code, one would stand for the other (tour 11 K26). Names the year's file,
// layer, both features with their names and the code; match_villages says it first.
Result<void> check_unique_codes(const YearData& y);

// An error (nothing matched is never an empty report) when the two years have no
// code in common and no crosswalk row joins them: years of different counties
// (ErrorCode::format), and likewise when most of at least 10 code matches have
// another name in each year (another county, or codes renumbered and reused).
// Crosswalk rows whose codes are not in this pair are skipped.
Result<MatchResult> match_villages(const YearData& a, const YearData& b, const Crosswalk* crosswalk, const MatchOptions& options = {});

// The crosswalk two official code lists imply: for every code of `older` that is
// not in `newer`, the code of `newer` not in `older` with the same name stem
// (县/市/区/乡/镇/村/社区/街道 and 村民委员会/居民委员会 taken off) under the same
// 6-digit county (or, for county codes, the same 4-digit prefecture). Two
// candidates with the same stem: none is taken.
Crosswalk derive_crosswalk(const io::ReferenceCodes& older, const io::ReferenceCodes& newer);

// The name without its administrative suffix (监利县 -> 监利, 沙县区 -> 沙县, 沙县 -> 沙县).
std::string name_stem(std::string_view name);

}  // namespace jiuyou::compare
