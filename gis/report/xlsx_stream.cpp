#include "gis/report/xlsx_stream.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string_view>

#include <xlsxwriter/xmlwriter.h>
#include <zlib.h>

namespace jiuyou::report::detail {
namespace {

// Deflate level of a streamed sheet. On a 100,000-village sheet (265 MB of
// XML) level 2 took ~0.8 s for 30.1 MB, level 1 as long for 31.9 MB, level 3
// ~1.2 s for 27.5 MB and zlib's default (6, libxlsxwriter's) ~3.2 s for 22.6 MB.
constexpr int k_level = 2;
constexpr size_t k_chunk = 1 << 20;
constexpr uint32_t k_max32 = 0xFFFFFFFFu;

uint16_t rd16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
uint32_t rd32(std::string_view b, size_t at) { return rd16(b, at) | static_cast<uint32_t>(rd16(b, at + 2)) << 16; }
void put16(std::string& o, uint32_t v) {
  o.push_back(static_cast<char>(v & 0xFF));
  o.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& o, uint32_t v) {
  put16(o, v & 0xFFFF);
  put16(o, v >> 16);
}

// One member of the zip, from its central directory.
struct Member {
  std::string name;
  uint16_t method = 0, time = 0, date = 0;
  uint32_t crc = 0, csize = 0, usize = 0, offset = 0;
};

Error bad_zip(const std::string& path, const std::string& why) {
  return error(ErrorCode::internal, "the workbook written by libxlsxwriter cannot be read back: " + why).file(path);
}

Result<std::vector<Member>> members(std::string_view zip, const std::string& path) {
  if (zip.size() < 22) return tl::unexpected(bad_zip(path, "too short"));
  size_t eocd = zip.size() - 22;
  while (eocd > 0 && rd32(zip, eocd) != 0x06054b50) --eocd;
  if (rd32(zip, eocd) != 0x06054b50) return tl::unexpected(bad_zip(path, "no end of central directory"));
  const size_t count = rd16(zip, eocd + 10);
  size_t at = rd32(zip, eocd + 16);
  std::vector<Member> out;
  for (size_t k = 0; k < count; ++k) {
    if (at + 46 > zip.size() || rd32(zip, at) != 0x02014b50) return tl::unexpected(bad_zip(path, "a broken central directory"));
    Member m;
    m.method = rd16(zip, at + 10);
    m.time = rd16(zip, at + 12);
    m.date = rd16(zip, at + 14);
    m.crc = rd32(zip, at + 16);
    m.csize = rd32(zip, at + 20);
    m.usize = rd32(zip, at + 24);
    const size_t name = rd16(zip, at + 28), extra = rd16(zip, at + 30), comment = rd16(zip, at + 32);
    m.offset = rd32(zip, at + 42);
    if (at + 46 + name > zip.size()) return tl::unexpected(bad_zip(path, "a broken central directory"));
    m.name = std::string(zip.substr(at + 46, name));
    at += 46 + name + extra + comment;
    out.push_back(std::move(m));
  }
  return out;
}

// The compressed bytes of a member.
Result<std::string_view> member_data(std::string_view zip, const Member& m, const std::string& path) {
  const size_t at = m.offset;
  if (at + 30 > zip.size() || rd32(zip, at) != 0x04034b50) return tl::unexpected(bad_zip(path, "a broken local header of " + m.name));
  const size_t start = at + 30 + rd16(zip, at + 26) + rd16(zip, at + 28);
  if (start + m.csize > zip.size()) return tl::unexpected(bad_zip(path, "a truncated member " + m.name));
  return zip.substr(start, m.csize);
}

Result<std::string> inflated(std::string_view data, const Member& m, const std::string& path) {
  if (m.method == 0) return std::string(data);
  std::string out(m.usize, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return tl::unexpected(bad_zip(path, "zlib"));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  if (rc != Z_STREAM_END || z.total_out != m.usize) return tl::unexpected(bad_zip(path, "cannot inflate " + m.name));
  return out;
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

// The new zip: members written one after the other, then the central directory.
class ZipWriter {
 public:
  explicit ZipWriter(const std::string& path) : m_path(path), m_file(std::fopen(path.c_str(), "wb")) {}
  ~ZipWriter() {
    if (m_deflating) deflateEnd(&m_z);  // a row filler threw
  }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;
  bool ok() const { return m_file != nullptr && m_ok; }

  void copy(const Member& m, std::string_view data) {
    Member w = m;
    w.offset = static_cast<uint32_t>(m_pos);
    write(local_header(w));
    write(data);
    m_written.push_back(std::move(w));
  }

  // A deflated member streamed in pieces: begin, add..., finish.
  void begin(const Member& like) {
    m_open = like;
    m_open.method = 8;
    m_open.offset = static_cast<uint32_t>(m_pos);
    m_crc = crc32(0, nullptr, 0);
    m_usize = m_csize = 0;
    write(local_header(m_open));
    m_z = z_stream{};
    m_deflating = deflateInit2(&m_z, k_level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    m_ok = m_ok && m_deflating;
    m_out.resize(k_chunk);
  }
  void add(std::string_view data) {
    m_crc = crc32(m_crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    m_usize += data.size();
    m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    m_z.avail_in = static_cast<uInt>(data.size());
    while (m_ok && m_z.avail_in > 0) drain(Z_NO_FLUSH);
  }
  void finish() {
    int rc = Z_OK;
    while (m_ok && rc != Z_STREAM_END) rc = drain(Z_FINISH);
    if (m_deflating) deflateEnd(&m_z);
    m_deflating = false;
    if (m_usize > k_max32 || m_csize > k_max32) {
      m_too_large = true;
      m_ok = false;
      return;
    }
    m_open.crc = static_cast<uint32_t>(m_crc);
    m_open.usize = static_cast<uint32_t>(m_usize);
    m_open.csize = static_cast<uint32_t>(m_csize);
    // Patch the sizes and the checksum into the local header (offset 14: crc, csize, usize).
    std::string fix;
    put32(fix, m_open.crc);
    put32(fix, m_open.csize);
    put32(fix, m_open.usize);
    m_ok = m_ok && fseeko(m_file.get(), static_cast<off_t>(m_open.offset) + 14, SEEK_SET) == 0;
    m_ok = m_ok && std::fwrite(fix.data(), 1, fix.size(), m_file.get()) == fix.size();
    m_ok = m_ok && fseeko(m_file.get(), static_cast<off_t>(m_pos), SEEK_SET) == 0;
    m_written.push_back(m_open);
  }

  Result<void> close() {
    const uint64_t start = m_pos;
    std::string cd;
    for (const Member& m : m_written) {
      put32(cd, 0x02014b50);
      put16(cd, 20);  // made by
      put16(cd, 20);  // needed
      put16(cd, 0);   // flags
      put16(cd, m.method);
      put16(cd, m.time);
      put16(cd, m.date);
      put32(cd, m.crc);
      put32(cd, m.csize);
      put32(cd, m.usize);
      put16(cd, static_cast<uint32_t>(m.name.size()));
      for (int k = 0; k < 4; ++k) put16(cd, 0);  // extra, comment, disk, internal attributes
      put32(cd, 0);                              // external attributes
      put32(cd, m.offset);
      cd += m.name;
    }
    write(cd);
    std::string end;
    put32(end, 0x06054b50);
    put32(end, 0);
    put16(end, static_cast<uint32_t>(m_written.size()));
    put16(end, static_cast<uint32_t>(m_written.size()));
    put32(end, static_cast<uint32_t>(cd.size()));
    put32(end, static_cast<uint32_t>(start));
    put16(end, 0);
    write(end);
    if (m_pos > k_max32) m_too_large = true;
    FILE* f = m_file.release();
    const bool closed = f != nullptr && std::fclose(f) == 0;
    if (m_too_large)
      return error(ErrorCode::io, "the workbook would be larger than 4 GB, more than an .xlsx without ZIP64 holds")
          .file(m_path)
          .hint("check fewer villages per run (one county or prefecture at a time)");
    if (!m_ok || !closed) return error(ErrorCode::io, "cannot write the workbook (disk full?)").file(m_path).hint("check that the folder is writable and has free space");
    return {};
  }

 private:
  static std::string local_header(const Member& m) {
    std::string h;
    put32(h, 0x04034b50);
    put16(h, 20);
    put16(h, 0);
    put16(h, m.method);
    put16(h, m.time);
    put16(h, m.date);
    put32(h, m.crc);
    put32(h, m.csize);
    put32(h, m.usize);
    put16(h, static_cast<uint32_t>(m.name.size()));
    put16(h, 0);
    h += m.name;
    return h;
  }
  void write(std::string_view data) {
    if (!ok() || data.empty()) return;
    m_ok = std::fwrite(data.data(), 1, data.size(), m_file.get()) == data.size();
    m_pos += data.size();
  }
  int drain(int flush) {
    m_z.next_out = reinterpret_cast<Bytef*>(m_out.data());
    m_z.avail_out = static_cast<uInt>(m_out.size());
    const int rc = deflate(&m_z, flush);
    if (rc == Z_STREAM_ERROR) m_ok = false;
    const size_t n = m_out.size() - m_z.avail_out;
    m_csize += n;
    write(std::string_view(m_out.data(), n));
    return rc;
  }

  std::string m_path;
  std::unique_ptr<FILE, FileCloser> m_file;
  bool m_ok = true, m_too_large = false, m_deflating = false;
  uint64_t m_pos = 0;
  std::vector<Member> m_written;
  Member m_open;
  z_stream m_z{};
  uLong m_crc = 0;
  uint64_t m_usize = 0, m_csize = 0;
  std::string m_out;
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
Result<void> stream_sheet(ZipWriter& out, const Member& m, const std::string& header_xml, const StreamedRows& rows, const StyleIndexes& xf,
                          const std::string& path) {
  static constexpr std::string_view k_end = "</sheetData>";
  const size_t split = header_xml.rfind(k_end);
  if (split == std::string::npos)  // <sheetData/>: no header above the rows, whose extent libxlsxwriter's <dimension> would miss
    return error(ErrorCode::internal, "a sheet with streamed rows has no row above them").file(path).hint("write the sheet's header row before Sheet::rows");
  out.begin(m);
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
  out.finish();
  if (cells.out_of_order)
    return error(ErrorCode::internal, "a streamed row wrote its cells out of column order").file(path).hint("write each row's cells left to right, once");
  return {};
}

}  // namespace

Result<void> insert_streamed_rows(const std::string& path, const std::vector<StreamedRows>& sheets, const StyleIndexes& xf) {
  std::string zip;
  {
    std::ifstream in(path, std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return tl::unexpected(bad_zip(path, "cannot read it"));
  }
  ASSIGN_OR_RETURN(const std::vector<Member> parts, members(zip, path));
  for (const auto& s : sheets) {
    bool found = false;
    for (const Member& m : parts) found = found || m.name == s.part;
    if (!found) return tl::unexpected(bad_zip(path, "no member " + s.part));
  }
  ZipWriter out(path);
  if (!out.ok()) return error(ErrorCode::io, "cannot write the workbook").file(path).hint("check that the folder is writable");
  for (const Member& m : parts) {
    ASSIGN_OR_RETURN(const std::string_view data, member_data(zip, m, path));
    const StreamedRows* rows = nullptr;
    for (const auto& s : sheets)
      if (s.part == m.name) rows = &s;
    if (rows == nullptr) {
      out.copy(m, data);
      continue;
    }
    ASSIGN_OR_RETURN(const std::string header_xml, inflated(data, m, path));
    TRY(stream_sheet(out, m, header_xml, *rows, xf, path));
  }
  return out.close();
}

}  // namespace jiuyou::report::detail
