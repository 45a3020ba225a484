#pragma once
// The search box's index: every village's name and code laid end to end in
// two flat texts, built once when a document is opened, so a keystroke is one
// pass of a substring search over ~1 MB (a 100k-village province) instead of
// a scan that copies every row's cells. Answers exactly what the plain scan
// (search_villages) answers: rows whose name contains the query or whose
// code starts with it, in row order, at most max_results.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/feature_table.hpp"

namespace jiuyou::viewer {

class VillageSearch {
 public:
  // Indexes the `name` and `code` fields (either may be absent; nulls match nothing).
  void build(const FeatureTable& villages);
  [[nodiscard]] std::vector<uint32_t> find(std::string_view query, size_t max_results = 200) const;
  [[nodiscard]] size_t size() const { return m_rows; }

 private:
  // Rows, in row order, whose text in `flat` contains `needle` (row r's text starts at starts[r]).
  [[nodiscard]] std::vector<uint32_t> rows_containing(const std::string& flat, const std::vector<uint32_t>& starts,
                                                      std::string_view needle, size_t max_results) const;
  size_t m_rows = 0;
  std::string m_names;  // '\n' name '\n' name ...: a match never spans two rows (a query holds no '\n')
  std::vector<uint32_t> m_name_starts;
  std::string m_codes;  // the same for codes; a code prefix is a match of '\n' + query
  std::vector<uint32_t> m_code_starts;
};

}  // namespace jiuyou::viewer
