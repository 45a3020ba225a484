#include "src/viewer/village_search.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

namespace jiuyou::viewer {

namespace {

// '\n' text '\n' text ... for one column; starts[r] is the offset of row r's '\n'.
void flatten(const FeatureTable& t, const char* field, std::string& flat, std::vector<uint32_t>& starts) {
  flat.clear();
  starts.clear();
  const Column* c = t.column(field);
  if (!c) return;
  starts.reserve(t.size());
  flat.reserve(t.size() * 14);
  for (size_t r = 0; r < t.size(); ++r) {
    starts.push_back(static_cast<uint32_t>(flat.size()));
    flat.push_back('\n');
    if (r < c->size() && !c->is_null(r)) flat += c->as_text(r);
  }
}

}  // namespace

void VillageSearch::build(const FeatureTable& villages) {
  m_rows = villages.size();
  flatten(villages, "name", m_names, m_name_starts);
  flatten(villages, "code", m_codes, m_code_starts);
}

std::vector<uint32_t> VillageSearch::rows_containing(const std::string& flat, const std::vector<uint32_t>& starts,
                                                     std::string_view needle, size_t max_results) const {
  std::vector<uint32_t> out;
  if (starts.empty()) return out;
  const std::boyer_moore_horspool_searcher searcher(needle.begin(), needle.end());
  auto from = flat.begin();
  while (out.size() < max_results) {
    const auto hit = std::search(from, flat.end(), searcher);
    if (hit == flat.end()) break;
    // The row whose text holds the match: the last start at or before it.
    const auto offset = static_cast<uint32_t>(hit - flat.begin());
    const auto row = static_cast<uint32_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin() - 1);
    out.push_back(row);
    if (row + 1 >= starts.size()) break;
    from = flat.begin() + starts[row + 1];  // one hit per row
  }
  return out;
}

std::vector<uint32_t> VillageSearch::find(std::string_view query, size_t max_results) const {
  if (query.empty() || max_results == 0 || query.find('\n') != std::string_view::npos) return {};
  const std::vector<uint32_t> by_name = rows_containing(m_names, m_name_starts, query, max_results);
  const std::string code_prefix = "\n" + std::string(query);
  const std::vector<uint32_t> by_code = rows_containing(m_codes, m_code_starts, code_prefix, max_results);
  std::vector<uint32_t> out;
  out.reserve(by_name.size() + by_code.size());
  std::set_union(by_name.begin(), by_name.end(), by_code.begin(), by_code.end(), std::back_inserter(out));
  if (out.size() > max_results) out.resize(max_results);
  return out;
}

}  // namespace jiuyou::viewer
