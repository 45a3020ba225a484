#pragma once
// The one HTML page the reports share: one stylesheet (screen and A4 print),
// one page skeleton, escaping, a few table helpers, and the atomic-friendly
// file write. Content files (check_html.cpp, the relocation and pairing
// reports) only put their sections into it.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::report {

using util::html_escape;

// The stylesheet of every report: A4 portrait (`@page { size: A4 }`), tables
// that repeat their header on each printed page, `.page-break` before a new
// printed page, `.summary` for the one-page summary, pass/fail colours.
const char* report_stylesheet();

// <!DOCTYPE html> ... <title>title</title><style>...</style></head><body>body</body></html>
std::string html_page(std::string_view title, std::string_view body);
// What html_page puts before and after the body (a page composed in parts).
std::string html_page_head(std::string_view title);
std::string_view html_page_tail();

// "<tr><th>a</th><th>b</th></tr>" from texts (escaped), inside <thead>.
std::string table_head(std::initializer_list<std::string_view> headings);
std::string table_head(const std::vector<std::string>& headings);  // columns chosen at run time
// One cell: text escaped; `numeric` right-aligns it.
std::string td(std::string_view text, bool numeric = false);
inline std::string td_num(std::string_view text) { return td(text, true); }

// Writes `content` to `path` (the caller's AtomicDirectory names the temporary path).
Result<void> write_text_file(const std::string& path, std::string_view content);

}  // namespace jiuyou::report
