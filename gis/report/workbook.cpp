#include "gis/report/workbook.hpp"

#include <array>
#include <cmath>
#include <vector>

#include <xlsxwriter.h>

#include "gis/report/xlsx_stream.hpp"

namespace jiuyou::report {

struct WorkbookImpl {
  lxw_workbook* wb = nullptr;
  std::string path;
  std::array<lxw_format*, detail::k_style_count> styles{};
  lxw_format *good = nullptr, *bad = nullptr, *grey = nullptr;
  bool streamed = false;                      // Sheet::rows deferred to close()
  std::vector<detail::StreamedRows> deferred;
  detail::StyleIndexes xf{};                  // each style's xf index, fixed at create in constant-memory mode

  lxw_format* style(Style s) const { return s == Style::plain ? nullptr : styles[static_cast<size_t>(s)]; }

  lxw_format* fill(uint32_t background, uint32_t font) {
    lxw_format* f = workbook_add_format(wb);
    format_set_bg_color(f, background);
    format_set_font_color(f, font);
    return f;
  }

  lxw_format* numeric(const char* num_format) {
    lxw_format* f = workbook_add_format(wb);
    format_set_num_format(f, num_format);
    return f;
  }

  // Every style of every workbook, defined here once.
  void define_styles() {
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    styles[static_cast<size_t>(Style::header)] = head;
    styles[static_cast<size_t>(Style::bold)] = bold;
    styles[static_cast<size_t>(Style::wrap)] = wrap;
    styles[static_cast<size_t>(Style::count)] = numeric("#,##0");
    styles[static_cast<size_t>(Style::number1)] = numeric("#,##0.0");
    styles[static_cast<size_t>(Style::number2)] = numeric("#,##0.00");
    styles[static_cast<size_t>(Style::percent)] = numeric("0.0%");
    styles[static_cast<size_t>(Style::money_wan)] = numeric("#,##0.00");
    styles[static_cast<size_t>(Style::degrees)] = numeric("0.00000");
    styles[static_cast<size_t>(Style::money_wan_close)] = numeric("#,##0.00######");
    styles[static_cast<size_t>(Style::percent_close)] = numeric("0.0#######%");
    styles[static_cast<size_t>(Style::number_close)] = numeric("#,##0.0#######");
    good = fill(0xC6EFCE, 0x006100);
    bad = fill(0xFFC7CE, 0x9C0006);
    grey = fill(0xEDEDED, 0x595959);
  }

  // libxlsxwriter numbers the cell styles in the order a cell first uses them;
  // a constant-memory workbook numbers them all here, so that its rows written
  // by libxlsxwriter and those streamed (Sheet::rows) carry the same indexes.
  void number_styles() {
    for (size_t k = 1; k < styles.size(); ++k) xf[k] = lxw_format_get_xf_index(styles[k]);
  }
};

namespace {
lxw_worksheet* ws(void* p) { return static_cast<lxw_worksheet*>(p); }
}  // namespace

void Sheet::text(uint32_t row, uint16_t col, std::string_view s, Style style) {
  if (s.empty()) return;
  const std::string z(s);
  worksheet_write_string(ws(m_sheet), row, col, z.c_str(), m_book->style(style));
}

namespace detail {

// A measurement cell holds the value as its format shows it and as the page prints it (12.3 km,
// not 12.3456789 behind a one-decimal format: tour 10 J15), so what a reader copies or sums is
// what they see. Money (万元) and shares keep their digits: their writers round where they must.
double as_shown(double v, Style style) {
  switch (style) {
    case Style::count: return std::round(v);
    case Style::number1: return std::round(v * 10.0) / 10.0;
    case Style::number2: return std::round(v * 100.0) / 100.0;
    default: return v;
  }
}

}  // namespace detail

void Sheet::number(uint32_t row, uint16_t col, double v, Style style) {
  if (!std::isfinite(v)) return;
  worksheet_write_number(ws(m_sheet), row, col, detail::as_shown(v, style), m_book->style(style));
}

namespace {
// Sheet::rows through libxlsxwriter (a workbook without streamed rows).
class LxwRow final : public RowCells {
 public:
  LxwRow(Sheet& sheet, uint32_t row) : m_sheet(sheet), m_row(row) {}
  void text(uint16_t col, std::string_view s, Style style) override { m_sheet.text(m_row, col, s, style); }
  void number(uint16_t col, double v, Style style) override { m_sheet.number(m_row, col, v, style); }

 private:
  Sheet& m_sheet;
  uint32_t m_row;
};
}  // namespace

void Sheet::rows(uint32_t first, uint32_t last, RowFill fill) {
  if (last < first || !fill) return;
  if (m_book->streamed) {
    const uint32_t index = ws(m_sheet)->index;
    m_book->deferred.push_back({"xl/worksheets/sheet" + std::to_string(index + 1) + ".xml", first, last, std::move(fill)});
    return;
  }
  for (uint64_t r = first; r <= last; ++r) {
    LxwRow cells(*this, static_cast<uint32_t>(r));
    fill(static_cast<uint32_t>(r), cells);
  }
}

void Sheet::money_wan(uint32_t row, uint16_t col, double cny) { number(row, col, cny / 10000.0, Style::money_wan); }

void Sheet::header_cell(uint32_t row, uint16_t col, std::string_view name) { text(row, col, name, Style::header); }

void Sheet::blank_header(uint32_t row, uint16_t col) { worksheet_write_blank(ws(m_sheet), row, col, m_book->style(Style::header)); }

void Sheet::header(uint32_t row, std::initializer_list<std::string_view> names) {
  uint16_t c = 0;
  for (const auto n : names) header_cell(row, c++, n);
  freeze(row + 1, 0);
  worksheet_repeat_rows(ws(m_sheet), 0, row);  // a title above the header repeats with it
}

void Sheet::merged_header(uint32_t row1, uint16_t col1, uint32_t row2, uint16_t col2, std::string_view name) {
  const std::string z(name);
  worksheet_merge_range(ws(m_sheet), row1, col1, row2, col2, z.c_str(), m_book->style(Style::header));
}

void Sheet::column_width(uint16_t first, uint16_t last, double width, Style style) {
  worksheet_set_column(ws(m_sheet), first, last, width, m_book->style(style));
}

void Sheet::row_height(uint32_t row, double height) { worksheet_set_row(ws(m_sheet), row, height, nullptr); }

void Sheet::freeze(uint32_t rows, uint16_t cols) { worksheet_freeze_panes(ws(m_sheet), rows, cols); }

void Sheet::autofilter(uint32_t first_row, uint16_t first_col, uint32_t last_row, uint16_t last_col) {
  worksheet_autofilter(ws(m_sheet), first_row, first_col, last_row, last_col);
}

void Sheet::colour_by_text(uint32_t first_row, uint32_t last_row, uint16_t col, const OutcomeWords& words) {
  if (last_row < first_row) return;
  const WorkbookImpl& b = *m_book;
  const std::pair<const char*, lxw_format*> rules[] = {{words.good, b.good}, {words.bad, b.bad}, {words.grey, b.grey}};
  for (const auto& [word, format] : rules) {
    std::string quoted = std::string("\"") + word + "\"";
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value_string = quoted.data();
    cf.format = format;
    worksheet_conditional_format_range(ws(m_sheet), first_row, col, last_row, col, &cf);
  }
}

Workbook::Workbook(std::unique_ptr<WorkbookImpl> impl) : m_impl(std::move(impl)) {}
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;

Workbook::~Workbook() {
  if (m_impl && m_impl->wb != nullptr) workbook_close(m_impl->wb);
}

Result<Workbook> Workbook::create(const std::string& path, bool constant_memory, bool streamed_rows) {
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  auto impl = std::make_unique<WorkbookImpl>();
  impl->path = path;
  impl->wb = workbook_new_opt(path.c_str(), &options);
  if (impl->wb == nullptr) return error(ErrorCode::io, "cannot create the workbook").file(path).hint("check that the folder is writable");
  impl->define_styles();
  if (constant_memory) impl->number_styles();
  impl->streamed = constant_memory && streamed_rows;
  return Workbook(std::move(impl));
}

// Every sheet prints as an office prints a table: A4 landscape, as wide as one page, pages numbered; the header row
// repeats on each page (Sheet::header).
Sheet Workbook::add_sheet(const std::string& name) {
  lxw_worksheet* sheet = workbook_add_worksheet(m_impl->wb, name.c_str());
  if (sheet != nullptr) {
    worksheet_set_landscape(sheet);
    worksheet_set_paper(sheet, 9);  // A4
    worksheet_fit_to_pages(sheet, 1, 0);
    worksheet_set_footer(sheet, "&C第 &P 页，共 &N 页");
  }
  return Sheet(m_impl.get(), sheet);
}

Result<void> Workbook::close() {
  const lxw_error rc = workbook_close(m_impl->wb);
  m_impl->wb = nullptr;
  if (rc != LXW_NO_ERROR)
    return error(ErrorCode::io, std::string("cannot write the workbook: ") + lxw_strerror(rc))
        .file(m_impl->path)
        .hint("check that the folder exists, is writable and has free space");
  if (m_impl->deferred.empty()) return {};
  auto rows = detail::insert_streamed_rows(m_impl->path, m_impl->deferred, m_impl->xf);
  m_impl->deferred.clear();
  return rows;
}

}  // namespace jiuyou::report
