#include "gis/io/sheet_hidden.hpp"

#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

#include <cpl_minixml.h>

#include "gis/io/gdal_scope.hpp"

namespace jiuyou::io {

namespace {

std::string read_member(const std::string& xlsx, const std::string& member) { return read_vsi_file("/vsizip/{" + xlsx + "}/" + member); }

struct Xml {
  CPLXMLNode* root = nullptr;
  explicit Xml(const std::string& text) : root(text.empty() ? nullptr : CPLParseXMLString(text.c_str())) {}
  ~Xml() { CPLDestroyXMLNode(root); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;
};

// The elements named `name` anywhere under `node` (siblings and children), in document order.
template <typename F>
void each_element(const CPLXMLNode* node, std::string_view name, F&& f) {
  for (; node != nullptr; node = node->psNext) {
    if (node->eType != CXT_Element) continue;
    std::string_view n = node->pszValue;
    if (const auto colon = n.find(':'); colon != std::string_view::npos) n.remove_prefix(colon + 1);
    if (n == name) f(node);
    each_element(node->psChild, name, f);
  }
}

// The worksheet member ("xl/worksheets/sheet1.xml") of the sheet named `sheet` ("" when not found).
std::string sheet_member(const std::string& xlsx, const std::string& sheet) {
  Xml book(read_member(xlsx, "xl/workbook.xml"));
  std::string rid;
  each_element(book.root, "sheet", [&](const CPLXMLNode* s) {
    if (rid.empty() && sheet == CPLGetXMLValue(s, "name", "")) rid = CPLGetXMLValue(s, "r:id", "");
  });
  if (rid.empty()) return {};
  Xml rels(read_member(xlsx, "xl/_rels/workbook.xml.rels"));
  std::string target;
  each_element(rels.root, "Relationship", [&](const CPLXMLNode* r) {
    if (target.empty() && rid == CPLGetXMLValue(r, "Id", "")) target = CPLGetXMLValue(r, "Target", "");
  });
  if (target.empty()) return {};
  return target.front() == '/' ? target.substr(1) : "xl/" + target;
}

// The value of attribute `name` inside one start tag's text (`<row r="5" hidden="1">`), "" when absent.
std::string_view attribute(std::string_view tag, std::string_view name) {
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    const size_t eq = at + name.size();
    if (at == 0 || tag[at - 1] != ' ' || eq + 1 >= tag.size() || tag[eq] != '=' || (tag[eq + 1] != '"' && tag[eq + 1] != '\'')) continue;
    const size_t end = tag.find(tag[eq + 1], eq + 2);
    if (end == std::string_view::npos) return {};
    return tag.substr(eq + 2, end - eq - 2);
  }
  return {};
}

bool is_true(std::string_view v) { return v == "1" || v == "true"; }

// Every start tag `<name ...>` of `xml` (a worksheet can be large: scanned, not parsed into a tree).
template <typename F>
void each_tag(std::string_view xml, std::string_view name, F&& f) {
  const std::string open = "<" + std::string(name);
  for (size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const size_t after = at + open.size();
    if (after >= xml.size() || (xml[after] != ' ' && xml[after] != '>' && xml[after] != '/')) continue;
    const size_t end = xml.find('>', after);
    if (end == std::string_view::npos) return;
    f(xml.substr(at, end - at));
  }
}

// "C5" -> (row 5, column 2); nullopt when it is no cell reference.
std::optional<std::pair<int64_t, size_t>> cell_ref(std::string_view ref) {
  size_t column = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) column = column * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
  if (i == 0 || i == ref.size() || column > 16384) return std::nullopt;
  int64_t row = 0;
  for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) row = row * 10 + (ref[i] - '0');
  if (i != ref.size() || row <= 0 || row > 1048576) return std::nullopt;
  return std::pair{row, column - 1};
}

// "C5:C9" -> the range; nullopt when malformed.
std::optional<MergedRange> merged_range(std::string_view ref) {
  const size_t colon = ref.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto a = cell_ref(ref.substr(0, colon)), b = cell_ref(ref.substr(colon + 1));
  if (!a || !b || b->first < a->first || b->second < a->second) return std::nullopt;
  return MergedRange{a->first, b->first, a->second, b->second};
}

}  // namespace

std::set<std::string> xlsx_hidden_sheets(const std::string& path) {
  std::set<std::string> out;
  Xml book(read_member(path, "xl/workbook.xml"));
  each_element(book.root, "sheet", [&](const CPLXMLNode* s) {
    const std::string_view state = CPLGetXMLValue(s, "state", "visible");
    if (state == "hidden" || state == "veryHidden") out.insert(CPLGetXMLValue(s, "name", ""));
  });
  return out;
}

HiddenCells xlsx_hidden_cells(const std::string& path, const std::string& sheet) {
  HiddenCells h;
  const std::string member = sheet_member(path, sheet);
  if (member.empty()) return h;
  const std::string xml = read_member(path, member);
  each_tag(xml, "row", [&](std::string_view tag) {
    if (!is_true(attribute(tag, "hidden"))) return;
    const long r = std::strtol(std::string(attribute(tag, "r")).c_str(), nullptr, 10);
    if (r > 0) h.rows.insert(r);
  });
  each_tag(xml, "mergeCell", [&](std::string_view tag) {
    if (auto range = merged_range(attribute(tag, "ref"))) h.merged.push_back(*range);
  });
  each_tag(xml, "col", [&](std::string_view tag) {
    if (!is_true(attribute(tag, "hidden"))) return;
    const long lo = std::strtol(std::string(attribute(tag, "min")).c_str(), nullptr, 10);
    const long hi = std::strtol(std::string(attribute(tag, "max")).c_str(), nullptr, 10);
    for (long c = lo; c >= 1 && c <= hi && c <= 16384; ++c) h.columns.insert(static_cast<size_t>(c - 1));
  });
  return h;
}

}  // namespace jiuyou::io
