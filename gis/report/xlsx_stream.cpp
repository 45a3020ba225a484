#include "gis/report/xlsx_stream.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

#include <minizip/unzip.h>
#include <xlsxwriter/xmlwriter.h>
#include <minizip/zip.h>
#include <zlib.h>

namespace jiuyou::report::detail {
namespace {

// Deflate level of a streamed sheet. On a 100,000-village sheet (265 MB of
// XML) level 2 took ~0.8 s for 30.1 MB, level 1 as long for 31.9 MB, level 3
// ~1.2 s for 27.5 MB and zlib's default (6, libxlsxwriter's) ~3.2 s for 22.6 MB.
constexpr int k_level = 2;
constexpr size_t k_chunk = 1 << 20;

// The zip is read and written through minizip, the library libxlsxwriter
// writes it with.
struct UnzClose {
  void operator()(void* f) const { unzClose(f); }
};
struct ZipClose {
  void operator()(void* f) const { zipClose(f, nullptr); }
};
using Unzip = std::unique_ptr<void, UnzClose>;
using Zip = std::unique_ptr<void, ZipClose>;

Error bad_zip(const std::string& path, const std::string& why) {
  return error(ErrorCode::internal, "the workbook written by libxlsxwriter cannot be read back: " + why).file(path);
}
Error cannot_write(const std::string& path) {
  return error(ErrorCode::io, "cannot write the workbook (disk full?)").file(path).hint("check that the folder is writable and has free space");
}

// The member under the reader's cursor.
struct Member {
  std::string name;
  unz_file_info64 info{};
};

Result<Member> current(unzFile in, const std::string& path) {
  Member m;
  char name[1024];
  if (unzGetCurrentFileInfo64(in, &m.info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
    return tl::unexpected(bad_zip(path, "a broken central directory"));
  m.name = name;
  return m;
}

// The member's date and attributes for the new zip, as they were.
zip_fileinfo file_info(const Member& m) {
  zip_fileinfo fi{};
  fi.dosDate = m.info.dosDate;
  fi.internal_fa = m.info.internal_fa;
  fi.external_fa = m.info.external_fa;
  return fi;
}

// Reads the open member of `in` to its end into `out` (raw: its compressed bytes).
bool read_all(unzFile in, std::string& out) {
  char buf[64 * 1024];
  int n = 0;
  while ((n = unzReadCurrentFile(in, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return n == 0;
}

// The member copied compressed as it is.
Result<void> copy_raw(unzFile in, zipFile out, const Member& m, const std::string& path) {
  int method = 0, level = 0;
  if (unzOpenCurrentFile2(in, &method, &level, 1) != UNZ_OK) return tl::unexpected(bad_zip(path, "cannot open " + m.name));
  std::string data;
  const bool read = read_all(in, data);
  unzCloseCurrentFile(in);
  if (!read || data.size() != m.info.compressed_size) return tl::unexpected(bad_zip(path, "a truncated member " + m.name));
  const zip_fileinfo fi = file_info(m);
  if (zipOpenNewFileInZip2_64(out, m.name.c_str(), &fi, nullptr, 0, nullptr, 0, nullptr, method, level, 1, 0) != ZIP_OK ||
      zipWriteInFileInZip(out, data.data(), static_cast<unsigned>(data.size())) != ZIP_OK ||
      zipCloseFileInZipRaw64(out, m.info.uncompressed_size, m.info.crc) != ZIP_OK)
    return tl::unexpected(cannot_write(path));
  return {};
}

// The member's XML, inflated.
Result<std::string> inflated(unzFile in, const Member& m, const std::string& path) {
  std::string xml;
  xml.reserve(m.info.uncompressed_size);
  if (unzOpenCurrentFile(in) != UNZ_OK) return tl::unexpected(bad_zip(path, "cannot open " + m.name));
  const bool read = read_all(in, xml);
  // unzCloseCurrentFile checks the CRC once the member was read to its end.
  if (unzCloseCurrentFile(in) != UNZ_OK || !read) return tl::unexpected(bad_zip(path, "cannot inflate " + m.name));
  return xml;
}

// ZIP64 records only for a sheet that may pass 4 GB of XML (at most ~6 KB a row): Excel is strict about ZIP64
// fields on small members, which is why libxlsxwriter leaves its use_zip64 off by default. Beyond this many rows a
// sheet is past Excel's own 1,048,576-row limit soon anyway.
constexpr uint64_t k_zip64_rows = 700000;

// A deflated member written in pieces.
class SheetWriter {
 public:
  SheetWriter(zipFile out, const Member& like, bool zip64) : m_out(out) {
    const zip_fileinfo fi = file_info(like);
    m_ok = zipOpenNewFileInZip3_64(out, like.name.c_str(), &fi, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, k_level, 0, -MAX_WBITS,
                                   8, Z_DEFAULT_STRATEGY, nullptr, 0, zip64 ? 1 : 0) == ZIP_OK;
    m_open = m_ok;
  }
  ~SheetWriter() {
    if (m_open) zipCloseFileInZip(m_out);  // a row filler threw
  }
  SheetWriter(const SheetWriter&) = delete;
  SheetWriter& operator=(const SheetWriter&) = delete;
  bool ok() const { return m_ok; }

  void add(std::string_view data) {
    while (m_ok && !data.empty()) {
      const size_t n = std::min(data.size(), size_t{1} << 30);
      m_ok = zipWriteInFileInZip(m_out, data.data(), static_cast<unsigned>(n)) == ZIP_OK;
      data.remove_prefix(n);
    }
  }
  bool finish() {
    m_open = false;
    return zipCloseFileInZip(m_out) == ZIP_OK && m_ok;
  }

 private:
  zipFile m_out;
  bool m_ok = false, m_open = false;
};

// The rows' XML as libxlsxwriter writes a constant-memory row.
class XmlRows final : public RowCells {
 public:
  explicit XmlRows(const StyleIndexes& xf) {
    for (size_t k = 0; k < xf.size(); ++k)
      if (xf[k] != 0) m_style[k] = " s=\"" + std::to_string(xf[k]) + "\"";
  }
  std::string xml;
  bool out_of_order = false;

  void begin(uint32_t row) {
    char buf[16];
    const auto end = std::to_chars(buf, buf + sizeof buf, static_cast<uint64_t>(row) + 1).ptr;
    m_row.assign(buf, end);
    m_open = false;
    m_last_col = -1;
  }
  void end() {
    if (m_open) xml += "</row>";
  }

  void text(uint16_t col, std::string_view s, Style style) override {
    if (s.empty()) return;
    if (!plain(s)) return escaped_text(col, s, style);
    const bool preserve = is_space(s.front()) || is_space(s.back());
    open_cell(col, style);
    xml += preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>";
    xml += s;
    xml += "</t></is></c>";
  }

  void number(uint16_t col, double v, Style style) override {
    if (!std::isfinite(v)) return;
    v = as_shown(v, style);
    char buf[40];
    char* const end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 16).ptr;  // printf's %.16g
    for (char* p = buf; p != end; ++p)
      if (*p == 'e') *p = 'E';  // %.16G
    open_cell(col, style);
    xml += "><v>";
    xml.append(buf, end);
    xml += "</v></c>";
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
  // Nothing to escape: no control character, no &, < or >.
  static bool plain(std::string_view s) {
    for (const char c : s)
      if (static_cast<unsigned char>(c) < 0x20 || c == '&' || c == '<' || c == '>') return false;
    return true;
  }

  // As libxlsxwriter: control characters as _xHHHH_ (tab and newline kept), then the XML escapes;
  // the text ends at a NUL, and a text empty then is a blank cell.
  void escaped_text(uint16_t col, std::string_view s, Style style) {
    const std::string z(s);
    char* const controls = lxw_has_control_characters(z.c_str()) ? lxw_escape_control_characters(z.c_str()) : nullptr;
    char* const data = lxw_escape_data(controls != nullptr ? controls : z.c_str());
    const std::string_view e = data != nullptr ? std::string_view(data) : std::string_view();
    if (e.empty()) {
      if (!m_style[static_cast<size_t>(style)].empty()) {
        open_cell(col, style);
        xml += "/>";
      }
    } else {
      open_cell(col, style);
      xml += is_space(e.front()) || is_space(e.back()) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>";
      xml += e;
      xml += "</t></is></c>";
    }
    std::free(data);
    std::free(controls);
  }

  // `<c r="B7" s="3"` (the caller closes the tag).
  void open_cell(uint16_t col, Style style) {
    if (static_cast<int>(col) <= m_last_col) out_of_order = true;
    m_last_col = col;
    if (!m_open) {
      xml += "<row r=\"";
      xml += m_row;
      xml += "\">";
      m_open = true;
    }
    xml += "<c r=\"";
    xml += column_name(col);
    xml += m_row;
    xml += '"';
    xml += m_style[static_cast<size_t>(style)];
  }

  const std::string& column_name(uint16_t col) {
    while (m_columns.size() <= col) {
      std::string name;
      for (size_t c = m_columns.size() + 1; c > 0; c = (c - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
      m_columns.push_back(std::move(name));
    }
    return m_columns[col];
  }

  std::array<std::string, std::tuple_size_v<StyleIndexes>> m_style{};
  std::vector<std::string> m_columns;
  std::string m_row;
  bool m_open = false;
  int m_last_col = -1;
};

// The sheet's XML with its rows inserted before </sheetData>, deflated into the new zip.
Result<void> stream_sheet(zipFile zip, const Member& m, const std::string& header_xml, const StreamedRows& rows, const StyleIndexes& xf,
                          const std::string& path) {
  static constexpr std::string_view k_end = "</sheetData>";
  const size_t split = header_xml.rfind(k_end);
  if (split == std::string::npos)  // <sheetData/>: no header above the rows, whose extent libxlsxwriter's <dimension> would miss
    return error(ErrorCode::internal, "a sheet with streamed rows has no row above them").file(path).hint("write the sheet's header row before Sheet::rows");
  SheetWriter out(zip, m, uint64_t{rows.last} - rows.first + 1 >= k_zip64_rows);
  out.add(std::string_view(header_xml).substr(0, split));
  XmlRows cells(xf);
  cells.xml.reserve(k_chunk + 64 * 1024);
  for (uint64_t r = rows.first; r <= rows.last && out.ok(); ++r) {
    cells.begin(static_cast<uint32_t>(r));
    rows.fill(static_cast<uint32_t>(r), cells);
    cells.end();
    if (cells.xml.size() >= k_chunk) {
      out.add(cells.xml);
      cells.xml.clear();
    }
  }
  out.add(cells.xml);
  out.add(std::string_view(header_xml).substr(split));
  if (!out.finish()) return tl::unexpected(cannot_write(path));
  if (cells.out_of_order)
    return error(ErrorCode::internal, "a streamed row wrote its cells out of column order").file(path).hint("write each row's cells left to right, once");
  return {};
}

// Every member of `in` into `out`: the streamed sheets with their rows, the others copied.
Result<void> rewrite(unzFile in, zipFile out, const std::vector<StreamedRows>& sheets, const StyleIndexes& xf, const std::string& path) {
  std::vector<bool> done(sheets.size(), false);
  for (int rc = unzGoToFirstFile(in); rc != UNZ_END_OF_LIST_OF_FILE; rc = unzGoToNextFile(in)) {
    if (rc != UNZ_OK) return tl::unexpected(bad_zip(path, "a broken central directory"));
    ASSIGN_OR_RETURN(const Member m, current(in, path));
    size_t k = 0;
    while (k < sheets.size() && sheets[k].part != m.name) ++k;
    if (k == sheets.size()) {
      TRY(copy_raw(in, out, m, path));
      continue;
    }
    ASSIGN_OR_RETURN(const std::string header_xml, inflated(in, m, path));
    TRY(stream_sheet(out, m, header_xml, sheets[k], xf, path));
    done[k] = true;
  }
  for (size_t k = 0; k < sheets.size(); ++k)
    if (!done[k]) return tl::unexpected(bad_zip(path, "no member " + sheets[k].part));
  return {};
}

}  // namespace

Result<void> insert_streamed_rows(const std::string& path, const std::vector<StreamedRows>& sheets, const StyleIndexes& xf) {
  const std::string next = path + ".rows";
  struct Removed {  // the new zip, unless it replaced the old one (also when a row filler throws)
    const std::string& path;
    ~Removed() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } removed{next};
  Result<void> written;
  {
    const Unzip in(unzOpen64(path.c_str()));
    if (!in) return tl::unexpected(bad_zip(path, "not a zip"));
    Zip out(zipOpen64(next.c_str(), APPEND_STATUS_CREATE));
    if (!out) return error(ErrorCode::io, "cannot write the workbook").file(path).hint("check that the folder is writable");
    written = rewrite(in.get(), out.get(), sheets, xf, path);
    if (zipClose(out.release(), nullptr) != ZIP_OK && written) written = tl::unexpected(cannot_write(path));
  }
  if (!written) return written;
  std::error_code renamed;
  std::filesystem::rename(next, path, renamed);
  if (renamed) return tl::unexpected(cannot_write(path));
  return {};
}

}  // namespace jiuyou::report::detail
