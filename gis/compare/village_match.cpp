#include "gis/io/schema.hpp"
#include "gis/compare/village_match.hpp"
#include "gis/compare/transitions.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace jiuyou::compare {

namespace {

const char* kind_zh(CrosswalkKind k) {
  switch (k) {
    case CrosswalkKind::rename: return "更名";
    case CrosswalkKind::merge: return "合并";
    case CrosswalkKind::split: return "拆分";
    case CrosswalkKind::abolish: return "撤销";
  }
  return "";
}

// Codes of a year's villages: code -> row (the first row when a code repeats).
std::unordered_map<std::string, int> code_rows(const FeatureTable& villages) {
  std::unordered_map<std::string, int> rows;
  const Column* code = villages.column("code");
  if (code == nullptr) return rows;
  for (size_t r = 0; r < villages.size(); ++r)
    if (!code->is_null(r)) rows.emplace(code->as_text(r), static_cast<int>(r));
  return rows;
}

std::string text_at(const FeatureTable& t, std::string_view field, int row) {
  const Column* c = t.column(field);
  return c == nullptr || row < 0 || c->is_null(static_cast<size_t>(row)) ? std::string() : c->as_text(static_cast<size_t>(row));
}

std::string label(const FeatureTable& t, int row) { return text_at(t, "name", row) + " " + text_at(t, "code", row); }

struct Matcher {
  const YearData& a;
  const YearData& b;
  std::unordered_map<std::string, int> a_codes, b_codes;
  std::vector<char> a_done, b_done;
  MatchResult out;

  void add(int ar, int br, MatchHow how, std::string note) {
    out.pairs.push_back({ar, br, how, std::move(note)});
    a_done[static_cast<size_t>(ar)] = 1;
    b_done[static_cast<size_t>(br)] = 1;
  }

  // Matched by code; a pair whose names differ (stems compared, both named) is
  // noted for the reviewer to verify, and counted: codes reused for other villages.
  void by_code() {
    const Column* code = a.villages().column("code");
    for (size_t r = 0; code != nullptr && r < a.villages().size(); ++r) {
      if (code->is_null(r)) continue;
      auto it = b_codes.find(code->as_text(r));
      if (it == b_codes.end()) continue;
      const std::string na = text_at(a.villages(), "name", static_cast<int>(r)), nb = text_at(b.villages(), "name", it->second);
      const bool renamed = !na.empty() && !nb.empty() && name_stem(na) != name_stem(nb);
      add(static_cast<int>(r), it->second, MatchHow::code, renamed ? "代码相同而村名不同：" + na + " → " + nb + "（请核实是否同一个村）" : std::string());
      ++out.by_code;
      out.code_name_differs += renamed ? 1 : 0;
    }
  }

  // 撤县设区 (tour 12 L27): no code in common, each year's codes all under one county code of the same prefecture, and most villages' own
  // six digits found again under the new county code with the same name: matched by those six digits, said once. Villages a crosswalk
  // already matched keep its pairs, the others are matched by their six digits (tour 13 M9). Where the townships were renumbered too
  // (镇 → 街道, tour 13 M28), villages of the same name on the same ground are matched instead.
  void by_county_code(double tolerance_m) {
    const auto county = [](const std::unordered_map<std::string, int>& codes) {
      std::string c;
      for (const auto& [code, row] : codes) {
        if (code.size() != 12 || (!c.empty() && code.compare(0, 6, c) != 0)) return std::string();
        c = code.substr(0, 6);
      }
      return c;
    };
    const std::string ca = county(a_codes), cb = county(b_codes);
    if (ca.empty() || cb.empty() || ca == cb || ca.compare(0, 4, cb, 0, 4) != 0) return;  // within one prefecture (郧县 420321 → 郧阳区 420304)
    std::vector<std::pair<int, int>> found;
    size_t same_name = 0;
    for (const auto& [code, ar] : a_codes) {
      const auto ib = b_codes.find(cb + code.substr(6));
      if (ib == b_codes.end() || a_done[static_cast<size_t>(ar)] != 0 || b_done[static_cast<size_t>(ib->second)] != 0) continue;
      found.emplace_back(ar, ib->second);
      const std::string na = text_at(a.villages(), "name", ar), nb = text_at(b.villages(), "name", ib->second);
      same_name += na.empty() || nb.empty() || name_stem(na) == name_stem(nb) ? 1 : 0;
    }
    const size_t fewer = std::min(a_codes.size(), b_codes.size()) - std::min(out.by_crosswalk, std::min(a_codes.size(), b_codes.size()));
    const std::string head = year_name(b.label) + "起县代码 " + ca + " → " + cb;
    if (found.empty() || found.size() * 2 < fewer || same_name * 2 < found.size()) {
      by_name_and_ground(head, tolerance_m, fewer);
      return;
    }
    std::sort(found.begin(), found.end());
    for (const auto& [ar, br] : found) add(ar, br, MatchHow::county_code, {});
    out.by_crosswalk += found.size();
    out.notes.push_back(head + "（撤县设区或县代码调整）：村按代码后 6 位匹配 " + std::to_string(found.size()) + " 个（其中村名相同 " + std::to_string(same_name) +
                        " 个），不是村的变化；如不是同一县，请给出对照表（--crosswalk）");
  }

  // The one later village not yet matched whose name is that of earlier row `ar` (the stem) and whose ground holds its point
  // (points: within the tolerance); -1 when none or several.
  [[nodiscard]] int same_name_and_ground(int ar, const std::unordered_multimap<std::string, int>& by_name, double tolerance_m) const {
    const std::string na = text_at(a.villages(), "name", ar);
    const GeometryColumn& ga = a.villages().geometry;
    const GeometryColumn& gb = b.villages().geometry;
    if (na.empty() || ga.is_empty(static_cast<size_t>(ar))) return -1;
    const Vec2 p = representative_point(ga, static_cast<size_t>(ar));
    int found = -1;
    const auto [from, to] = by_name.equal_range(name_stem(na));
    for (auto it = from; it != to; ++it) {
      const auto rb = static_cast<size_t>(it->second);
      if (b_done[rb] != 0 || gb.is_empty(rb)) continue;
      const Vec2 q = representative_point(gb, rb);
      const bool ground = gb.kind == GeometryKind::polygon ? point_in_feature(gb, rb, p.x, p.y) : std::hypot(p.x - q.x, p.y - q.y) <= tolerance_m;
      if (!ground) continue;
      if (found >= 0) return -1;
      found = it->second;
    }
    return found;
  }

  // 撤县设区 with the township codes renumbered too (tour 13 M28): most villages found under the same name on the same ground.
  void by_name_and_ground(const std::string& head, double tolerance_m, size_t fewer) {
    std::unordered_multimap<std::string, int> by_name;
    for (size_t r = 0; r < b.villages().size(); ++r)
      if (const std::string n = text_at(b.villages(), "name", static_cast<int>(r)); !n.empty() && b_done[r] == 0) by_name.emplace(name_stem(n), static_cast<int>(r));
    std::vector<std::pair<int, int>> found;
    std::vector<char> taken(b_done.size(), 0);
    for (size_t r = 0; r < a.villages().size(); ++r) {
      if (a_done[r] != 0) continue;
      const int br = same_name_and_ground(static_cast<int>(r), by_name, tolerance_m);
      if (br < 0 || taken[static_cast<size_t>(br)] != 0) continue;
      taken[static_cast<size_t>(br)] = 1;
      found.emplace_back(static_cast<int>(r), br);
    }
    if (found.empty() || found.size() * 2 < fewer) return;
    for (const auto& [ar, br] : found)
      add(ar, br, MatchHow::county_code, label(a.villages(), ar) + " → " + label(b.villages(), br) + "（县、乡镇代码重编，按村名和位置匹配）");
    out.by_crosswalk += found.size();
    out.notes.push_back(head + "，乡镇代码也重新编排（撤县设区或区划调整）：" + std::to_string(found.size()) +
                        " 个村村名相同、位置相同，按同一村比较，不是村的变化；其余的村按对照表或位置匹配，如不是同一县，请给出对照表（--crosswalk）");
  }

  // Two villages that share neither name nor ground: different name stems, and
  // polygons neither of whose representative points lies in the other (points
  // of a renamed village: farther apart than a position match may be; a merged
  // or split point village may move its point). Unknown names or geometry: not said.
  [[nodiscard]] bool unrelated(int ar, int br, CrosswalkKind kind, double tolerance_m) const {
    const std::string na = text_at(a.villages(), "name", ar), nb = text_at(b.villages(), "name", br);
    if (na.empty() || nb.empty() || name_stem(na) == name_stem(nb)) return false;
    const GeometryColumn& ga = a.villages().geometry;
    const GeometryColumn& gb = b.villages().geometry;
    const auto ra = static_cast<size_t>(ar), rb = static_cast<size_t>(br);
    if (ga.is_empty(ra) || gb.is_empty(rb)) return false;
    const Vec2 pa = representative_point(ga, ra), pb = representative_point(gb, rb);
    if (ga.kind == GeometryKind::polygon && gb.kind == GeometryKind::polygon)
      return !point_in_feature(gb, rb, pa.x, pa.y) && !point_in_feature(ga, ra, pb.x, pb.y);
    return kind == CrosswalkKind::rename && std::hypot(pa.x - pb.x, pa.y - pb.y) > tolerance_m;
  }

  // The user's rows are taken as written; a row joining two unrelated villages
  // (a swapped or mistyped new code) is marked 请核对 on the pair and said once
  // in the notes, as position matches are marked 请核实 (tour 11 K16).
  void by_crosswalk(const Crosswalk& cw, MatchHow how, double tolerance_m) {
    for (const auto& row : cw.rows) {
      if (row.kind == CrosswalkKind::abolish) continue;  // nothing to match: the village is gone
      auto ia = a_codes.find(row.old_code);
      auto ib = b_codes.find(row.new_code);
      if (ia == a_codes.end() || ib == b_codes.end()) continue;
      if (a_done[static_cast<size_t>(ia->second)] != 0 && row.kind != CrosswalkKind::split) continue;
      const std::string pair = label(a.villages(), ia->second) + " → " + label(b.villages(), ib->second);
      const bool doubt = how == MatchHow::crosswalk && unrelated(ia->second, ib->second, row.kind, tolerance_m);
      const std::string where = row.line > 0 ? "对照表第 " + std::to_string(row.line) + " 行" : std::string("对照表");
      add(ia->second, ib->second, how, pair + "（" + kind_zh(row.kind) + (doubt ? "；两村名称不同、范围不重叠，请核对" + where : std::string()) + "）");
      if (doubt)
        out.notes.push_back(where + "：" + pair + "（" + kind_zh(row.kind) + "），两村名称不同、范围不重叠，请核对该行的新旧代码（两行的新代码填反是常见笔误）；" +
                            "按此行比较的两个村的变化可能来自两个不同的村");
      ++out.by_crosswalk;
    }
  }

  // The later villages whose code the earlier year does not have: the only candidates of a geometric match.
  void by_geometry(const MatchOptions& options) {
    const FeatureTable& va = a.villages();
    const FeatureTable& vb = b.villages();
    std::vector<size_t> candidates;
    for (size_t r = 0; r < vb.size(); ++r)
      if (!vb.geometry.is_empty(r) && a_codes.count(text_at(vb, "code", static_cast<int>(r))) == 0) candidates.push_back(r);
    for (size_t r = 0; r < va.size(); ++r) {
      if (a_done[r] != 0 || va.geometry.is_empty(r)) continue;
      const Vec2 p = representative_point(va.geometry, r);
      int best = -1;
      MatchHow how = MatchHow::nearest_point;
      double best_d = options.nearest_tolerance_m;
      for (size_t c : candidates) {
        if (vb.geometry.kind == GeometryKind::polygon && point_in_feature(vb.geometry, c, p.x, p.y)) {
          best = static_cast<int>(c);
          how = MatchHow::geometry_overlap;
          break;
        }
        const Vec2 q = representative_point(vb.geometry, c);
        const double d = std::hypot(p.x - q.x, p.y - q.y);
        if (d <= best_d) {
          best_d = d;
          best = static_cast<int>(c);
        }
      }
      if (best < 0) continue;
      add(static_cast<int>(r), best, how, label(va, static_cast<int>(r)) + " → " + label(vb, best) + "（按位置匹配，请核实）");
      ++out.by_geometry;
    }
  }

  // 撤销 rows of the crosswalk whose village the later year lacks: shown as 撤销, never a disappearance to look into (tour 11 K13).
  std::unordered_map<int, int> abolished;  // earlier row -> the crosswalk line

  void abolitions(const Crosswalk& cw) {
    for (const auto& row : cw.rows)
      if (row.kind == CrosswalkKind::abolish)
        if (auto ia = a_codes.find(row.old_code); ia != a_codes.end() && b_codes.count(row.old_code) == 0) abolished.emplace(ia->second, row.line);
  }

  void leftovers() {
    for (size_t r = 0; r < a_done.size(); ++r)
      if (a_done[r] == 0) {
        const auto ab = abolished.find(static_cast<int>(r));
        const std::string who = label(a.villages(), static_cast<int>(r));
        if (ab == abolished.end()) {
          out.pairs.push_back({static_cast<int>(r), -1, MatchHow::disappeared, who + " 在后一年不存在"});
        } else {
          const std::string where = ab->second > 0 ? "对照表第 " + std::to_string(ab->second) + " 行" : std::string("对照表");
          out.pairs.push_back({static_cast<int>(r), -1, MatchHow::disappeared, who + " 按" + where + "撤销", true});
          if (!a.result.verdict.empty() && a.result.verdict[r] == indicators::Outcome::pass)
            out.notes.push_back(who + " 去年可出列，" + where + "记为撤销、后一年没有此村：不计入由可出列变为不可出列，请确认撤销属实");
        }
        ++out.disappeared;
      }
    for (size_t r = 0; r < b_done.size(); ++r)
      if (b_done[r] == 0) {
        out.pairs.push_back({-1, static_cast<int>(r), MatchHow::appeared, label(b.villages(), static_cast<int>(r)) + " 在前一年不存在"});
        ++out.appeared;
      }
  }
};

constexpr std::string_view k_suffixes[] = {"村民委员会", "居民委员会", "社区", "街道", "村", "县", "市", "区", "乡", "镇"};

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

const char* to_string(MatchHow h) {
  switch (h) {
    case MatchHow::code: return "code";
    case MatchHow::crosswalk: return "crosswalk";
    case MatchHow::reference_lists: return "reference_lists";
    case MatchHow::county_code: return "county_code";
    case MatchHow::geometry_overlap: return "geometry_overlap";
    case MatchHow::nearest_point: return "nearest_point";
    case MatchHow::disappeared: return "disappeared";
    case MatchHow::appeared: return "appeared";
  }
  return "";
}

const char* to_string_zh(MatchHow h) {
  switch (h) {
    case MatchHow::code: return "代码相同";
    case MatchHow::crosswalk: return "按对照表";
    case MatchHow::reference_lists: return "按两年区划代码表";
    case MatchHow::county_code: return "县代码变更，村代码后 6 位相同";
    case MatchHow::geometry_overlap: return "按位置（范围重叠）";
    case MatchHow::nearest_point: return "按位置（最近）";
    case MatchHow::disappeared: return "后一年消失";
    case MatchHow::appeared: return "新出现";
  }
  return "";
}

const char* match_zh(const VillageMatch& m) { return m.abolished ? "按对照表撤销" : to_string_zh(m.how); }

std::string name_stem(std::string_view name) {
  for (std::string_view suffix : k_suffixes) {
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) continue;
    const std::string_view stem = name.substr(0, name.size() - suffix.size());
    if (utf8_chars(stem) >= 2) return std::string(stem);
  }
  return std::string(name);
}

Crosswalk derive_crosswalk(const io::ReferenceCodes& older, const io::ReferenceCodes& newer) {
  Crosswalk cw;
  cw.file = older.source + " → " + newer.source;
  auto parent = [](const std::string& code) { return code.substr(0, code.size() > 6 ? 6 : 4); };
  std::map<std::string, std::vector<std::string>> entered;  // parent + stem -> new codes
  for (const auto& [code, name] : newer.name_of)
    if (older.name_of.count(code) == 0) entered[parent(code) + "|" + name_stem(name)].push_back(code);
  std::vector<std::string> left;
  for (const auto& [code, name] : older.name_of)
    if (newer.name_of.count(code) == 0) left.push_back(code);
  std::sort(left.begin(), left.end());
  for (const auto& code : left) {
    auto it = entered.find(parent(code) + "|" + name_stem(older.name_of.at(code)));
    if (it == entered.end() || it->second.size() != 1) continue;
    cw.rows.push_back({code, it->second.front(), CrosswalkKind::rename, 0});
  }
  return cw;
}

namespace {

// Two rows that cannot both hold: one old code to two new codes where neither row says 拆分 (split);
// a rename whose old code is still a village of the later year and whose new code already one of the
// earlier year (two villages of both years, unrelated). Refused, naming the rows (tour 10 H19).
Result<void> check_rows_agree(const Crosswalk& crosswalk, const std::vector<std::unordered_map<std::string, int>>& codes,
                              const std::vector<YearData>& years) {
  std::map<std::string, const CrosswalkRow*> first_of;
  for (const auto& row : crosswalk.rows) {
    if (row.kind == CrosswalkKind::abolish) continue;
    const auto [it, fresh] = first_of.emplace(row.old_code, &row);
    const CrosswalkRow& other = *it->second;
    if (!fresh && other.new_code != row.new_code && (row.kind != CrosswalkKind::split || other.kind != CrosswalkKind::split))
      return error(ErrorCode::format, "crosswalk rows " + std::to_string(other.line) + " and " + std::to_string(row.line) + " give code " + row.old_code +
                                         " two new codes (" + other.new_code + ", " + row.new_code + ") without both saying split (拆分); nothing was written")
          .file(crosswalk.file)
          .field("kind")
          .hint("a village split into several: mark each of its rows split (拆分); otherwise keep the one row that is right");
    for (size_t k = 0; row.kind == CrosswalkKind::rename && k + 1 < codes.size(); ++k) {
      const bool both_years = codes[k].count(row.old_code) && codes[k + 1].count(row.old_code) && codes[k].count(row.new_code) && codes[k + 1].count(row.new_code);
      if (both_years)
        return error(ErrorCode::format, "crosswalk row " + std::to_string(row.line) + " renames " + row.old_code + " to " + row.new_code +
                                           ", but both codes are villages of both " + years[k].label + " and " + years[k + 1].label + "; nothing was written")
            .file(crosswalk.file)
            .field("new_code")
            .hint("a rename's old code leaves and its new code enters: check the row for a wrong code, or mark a merge as merge (合并)");
    }
  }
  return {};
}

}  // namespace

Result<void> check_crosswalk(const Crosswalk& crosswalk, const std::vector<YearData>& years) {
  std::vector<std::unordered_map<std::string, int>> codes;
  for (const auto& y : years) codes.push_back(code_rows(y.villages()));
  auto known = [&](const std::string& c) { return std::any_of(codes.begin(), codes.end(), [&](const auto& m) { return m.count(c) != 0; }); };
  std::string labels;
  for (const auto& y : years) labels += (labels.empty() ? "" : ", ") + y.label;
  for (const auto& row : crosswalk.rows) {
    if (known(row.old_code) && (row.kind == CrosswalkKind::abolish || known(row.new_code))) continue;
    const bool old_bad = !known(row.old_code);
    return error(ErrorCode::format, "crosswalk row " + std::to_string(row.line) + ": code " + (old_bad ? row.old_code : row.new_code) +
                                       " is not a village code of any year (" + labels + "); nothing was written")
        .file(crosswalk.file)
        .field(old_bad ? "old_code" : "new_code")
        .hint("check the code for a typo, or that the crosswalk belongs to this county and these years");
  }
  return check_rows_agree(crosswalk, codes, years);
}

Result<void> check_unique_codes(const YearData& y) {
  const FeatureTable& v = y.villages();
  const Column* code = v.column("code");
  std::unordered_map<std::string, size_t> first;
  for (size_t r = 0; code != nullptr && r < v.size(); ++r) {
    if (code->is_null(r)) continue;
    const auto [it, fresh] = first.emplace(code->as_text(r), r);
    if (fresh) continue;
    const int r0 = static_cast<int>(it->second), r1 = static_cast<int>(r);
    const auto named = [&v](int row) {
      const std::string n = text_at(v, "name", row);
      return "feature " + std::to_string(v.fid[static_cast<size_t>(row)]) + (n.empty() ? std::string() : " (" + n + ")");
    };
    return error(ErrorCode::format, y.label + ": code " + it->first + " is given to two villages, " + named(r0) + " and " + named(r1) +
                                       "; compared by code, one would stand for the other; nothing was written")
        .file(v.source.empty() ? y.source : v.source)
        .layer(v.source_layer.empty() ? std::string(io::target_layer) : v.source_layer)
        .feature(v.fid[r])
        .field("code")
        .hint("fix the mistyped code in that year's villages (jiuyou validate " + (y.project_path.empty() ? y.source : y.project_path) +
              " lists every duplicate_code), then compare again");
  }
  return {};
}

Result<MatchResult> match_villages(const YearData& a, const YearData& b, const Crosswalk* crosswalk, const MatchOptions& options) {
  TRY(check_unique_codes(a));
  TRY(check_unique_codes(b));
  Matcher m{a, b, code_rows(a.villages()), code_rows(b.villages()), std::vector<char>(a.villages().size(), 0),
            std::vector<char>(b.villages().size(), 0), {}, {}};
  m.by_code();
  if (crosswalk != nullptr) m.by_crosswalk(*crosswalk, MatchHow::crosswalk, options.nearest_tolerance_m);
  if (crosswalk != nullptr) m.abolitions(*crosswalk);
  if (!a.codes.name_of.empty() && !b.codes.name_of.empty()) m.by_crosswalk(derive_crosswalk(a.codes, b.codes), MatchHow::reference_lists, options.nearest_tolerance_m);
  if (m.out.by_code == 0) m.by_county_code(options.nearest_tolerance_m);  // on top of a crosswalk's rows (tour 13 M9)
  if (m.out.by_code + m.out.by_crosswalk == 0)
    return error(ErrorCode::format, "the villages of " + a.label + " and " + b.label + " have no code in common (" +
                                       std::to_string(a.villages().size()) + " and " + std::to_string(b.villages().size()) +
                                       " villages): these look like two different counties; nothing was written")
        .file(b.source)
        .layer(io::target_layer)
        .field("code")
        .hint("give the same county's data for each year, or a crosswalk (--crosswalk old_code,new_code,kind) when every code changed (a county "
              "renumbered as a whole, 撤县设区, is matched by the villages' last 6 digits, or by name and position, when each year has one county code)");
  // Most code matches naming other villages: another county with the same county
  // code, or codes renumbered and reused; matching by code would compare strangers.
  if (m.out.by_code >= 10 && m.out.code_name_differs * 2 > m.out.by_code)
    return error(ErrorCode::format, "of the " + std::to_string(m.out.by_code) + " villages of " + a.label + " and " + b.label +
                                       " matched by code, " + std::to_string(m.out.code_name_differs) +
                                       " have another name in each year: these look like two different counties, or village codes that were renumbered; nothing was written")
        .file(b.source)
        .layer(io::target_layer)
        .field("name")
        .hint("give the same county's data for each year; when the codes were renumbered, give a crosswalk (--crosswalk old_code,new_code,kind)");
  if (options.geometric_fallback) m.by_geometry(options);
  std::stable_sort(m.out.pairs.begin(), m.out.pairs.end(), [](const VillageMatch& x, const VillageMatch& y) { return x.a_row < y.a_row; });
  m.leftovers();
  index_pairs(m.out, a.villages().size(), b.villages().size());
  return std::move(m.out);
}

void index_pairs(MatchResult& m, size_t a_rows, size_t b_rows) {
  const auto index = [&m](size_t rows, int VillageMatch::*row, std::vector<uint32_t>& first, std::vector<uint32_t>& items) {
    first.assign(rows + 2, 0);
    for (const VillageMatch& p : m.pairs)
      if (p.*row >= 0 && static_cast<size_t>(p.*row) < rows) ++first[static_cast<size_t>(p.*row) + 2];
    for (size_t r = 2; r < first.size(); ++r) first[r] += first[r - 1];
    items.assign(first.back(), 0);
    for (size_t k = 0; k < m.pairs.size(); ++k) {
      const int r = m.pairs[k].*row;
      if (r >= 0 && static_cast<size_t>(r) < rows) items[first[static_cast<size_t>(r) + 1]++] = static_cast<uint32_t>(k);
    }
    first.pop_back();
  };
  index(a_rows, &VillageMatch::a_row, m.a_first, m.a_pairs);
  index(b_rows, &VillageMatch::b_row, m.b_first, m.b_pairs);
  m.indexed = m.pairs.size();
}

}  // namespace jiuyou::compare
