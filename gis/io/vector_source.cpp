#include "gis/io/vector_source.hpp"

#include <iconv.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <sstream>
#include <utility>

#include <cpl_vsi.h>

#include "gis/io/archive.hpp"
#include "gis/io/han_fold.hpp"
#include "gis/io/table_header.hpp"
#include "gis/io/text_encoding.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

constexpr uintmax_t k_max_csv_in_memory = 512u << 20;  // larger CSVs are read as they are (header in row 1, UTF-8)
constexpr size_t k_header_scan = 30;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string ext_of(const std::string& path) { return fs::path(path).extension().string(); }
bool is_shapefile(const std::string& p) { return iequals(ext_of(p), ".shp") || iequals(ext_of(p), ".dbf"); }
// Text tables; .txt is what Excel's 另存为 "文本文件（制表符分隔）" and "Unicode 文本" write.
bool is_csv(const std::string& p) { return iequals(ext_of(p), ".csv") || iequals(ext_of(p), ".tsv") || iequals(ext_of(p), ".txt"); }
// Spreadsheets read as text with the header found by us (title rows above it).
bool is_sheet(const std::string& p) {
  for (const char* e : {".xlsx", ".xlsm", ".ods", ".xls"})
    if (iequals(ext_of(p), e)) return true;
  return false;
}
bool is_utf8_name(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return iequals(s, "utf8") || s == "65001";
}

// Files are read through GDAL's virtual file system, so that a shapefile inside a .zip reads as one beside it.
bool is_file(const std::string& p) {
  VSIStatBufL st;
  return VSIStatL(p.c_str(), &st) == 0 && VSI_ISREG(st.st_mode);
}

std::optional<uintmax_t> file_size(const std::string& p) {
  VSIStatBufL st;
  if (VSIStatL(p.c_str(), &st) != 0) return std::nullopt;
  return static_cast<uintmax_t>(st.st_size);
}

std::string read_all(const std::string& p) { return read_vsi_file(p); }

std::string read_small_file(const std::string& p) {
  std::string s = read_all(p);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  return s;
}

// The .cpg beside a shapefile (any case), or "" when there is none.
std::optional<std::string> shapefile_cpg(const std::string& path) {
  for (const char* ext : {".cpg", ".CPG", ".Cpg"}) {
    const std::string cpg = fs::path(path).replace_extension(ext).string();
    if (is_file(cpg)) return read_small_file(cpg);
  }
  return std::nullopt;
}

bool is_gbk_name(const std::string& s) {
  for (const char* n : {"936", "CP936", "GBK", "GB2312", "GB18030", "ANSI 936", "EUC-CN"})
    if (iequals(s, n)) return true;
  return false;
}

// What a shapefile's .dbf says of itself (nothing when there is no .dbf or it is too large to read here):
// whether its records are all valid UTF-8 — the encoding is a property of the file, so it is decided once for
// every value: GBK bytes such as 小学 (D0 A1 D1 A7) happen to be valid UTF-8 one value at a time and would
// otherwise be kept as "Сѧ" — and which records carry dBase's deletion flag '*' (GDAL skips them).
struct DbfFacts {
  std::optional<bool> utf8;
  std::vector<int64_t> deleted;  // record numbers from 0 (the shapefile's FIDs)
};

DbfFacts dbf_facts(const std::string& shp_path) {
  constexpr uintmax_t k_max_dbf_scan = uintmax_t{512} << 20;
  DbfFacts facts;
  for (const char* ext : {".dbf", ".DBF"}) {
    const std::string dbf = fs::path(shp_path).replace_extension(ext).string();
    if (!is_file(dbf)) continue;
    if (file_size(dbf).value_or(k_max_dbf_scan + 1) > k_max_dbf_scan) return facts;
    const std::string bytes = read_all(dbf);
    if (bytes.size() < 32) return facts;
    const auto u = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(bytes[i])); };
    const size_t records = u(4) | u(5) << 8 | u(6) << 16 | u(7) << 24;
    const size_t header = u(8) | u(9) << 8, record = u(10) | u(11) << 8;
    if (header >= bytes.size()) {
      facts.utf8 = true;
      return facts;
    }
    facts.utf8 = is_valid_utf8(std::string_view(bytes).substr(header));
    for (size_t r = 0; record > 0 && r < records && header + r * record < bytes.size(); ++r)
      if (bytes[header + r * record] == '*') facts.deleted.push_back(static_cast<int64_t>(r));
    return facts;
  }
  return facts;
}

// Shapefiles: raw bytes decoded by us when there is no .cpg or it names UTF-8
// or a GBK code page (GDAL decodes other code pages): a file whose records are
// not all UTF-8 is GBK/GB18030 throughout, whatever a .cpg claims.
void shapefile_text_mode(const LayerSpec& spec, const std::string& path, const DbfFacts& dbf, TextMode& mode, CPLStringList& options) {
  const auto cpg = shapefile_cpg(path);
  if (!spec.encoding.empty() || !cpg || is_utf8_name(*cpg) || is_gbk_name(*cpg)) {
    options.SetNameValue("ENCODING", "");
    mode.cpg_says_utf8 = cpg && is_utf8_name(*cpg) && spec.encoding.empty();
    mode.cpg_says_gbk = cpg && is_gbk_name(*cpg) && spec.encoding.empty();
    if (spec.encoding.empty() && dbf.utf8 == false) mode.always = true;
  }
}

char csv_separator(const std::vector<std::string>& lines) {
  size_t counts[3] = {0, 0, 0};
  const char seps[3] = {',', ';', '\t'};
  for (const auto& l : lines)
    for (int k = 0; k < 3; ++k) counts[k] += static_cast<size_t>(std::count(l.begin(), l.end(), seps[k]));
  return counts[1] > counts[0] && counts[1] >= counts[2] ? ';' : counts[2] > counts[0] ? '\t' : ',';
}

std::string unique_vsimem_name() {
  static std::atomic<unsigned> counter{0};
  return "/vsimem/jiuyou_table_" + std::to_string(reinterpret_cast<uintptr_t>(&counter)) + "_" + std::to_string(counter++) + ".csv";
}

// CSV: decoded to UTF-8 when it is not (GB18030 from Excel), its title rows
// dropped, into a /vsimem/ copy GDAL reads; the original is never written.
// Excel's "Unicode 文本" is UTF-16 with a byte order mark: decoded as a whole, whatever the project's encoding.
bool decode_utf16(std::string& text) {
  const bool le = text.rfind("\xFF\xFE", 0) == 0, be = text.rfind("\xFE\xFF", 0) == 0;
  if (!le && !be) return false;
  text = decode_to_utf8(std::string_view(text).substr(2), le ? "UTF-16LE" : "UTF-16BE");
  return true;
}

Result<void> prepare_csv(const LayerSpec& spec, VectorSource& src, std::string* open_path) {
  const auto size = file_size(*open_path);
  if (!size || *size > k_max_csv_in_memory) return {};
  std::string text = read_all(*open_path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte order mark
  const bool was_utf16 = decode_utf16(text);
  // GDAL's CSV driver reads .csv and .tsv files of its own; anything else goes through the staged copy.
  const bool must_stage = was_utf16 || iequals(ext_of(*open_path), ".txt");
  if (!was_utf16 && (src.text.always || !is_valid_utf8(text))) {
    bool decoded = false, invalid = false;
    text = decode_text(text, src.text, &decoded, &invalid);
    src.names_decoded = decoded;
  }
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; lines.size() < k_header_scan && std::getline(in, line);) lines.push_back(line);
  const char sep = csv_separator(lines);
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : lines) rows.push_back(split_csv_line(l, sep));
  auto header = find_table_header(rows, spec);
  if (!header) return tl::unexpected<Error>(header.error());
  src.table = true;
  src.header_row = header->row;
  src.title_block = header->title;
  src.units_row = header->units_row;
  src.numbers_row = header->numbers_row;
  src.column_units = header->units;
  src.repeated_names = header->repeated;
  src.fid_offset = header->row;  // GDAL's FID 1 is the line after the header
  if (header->row == 1 && !src.names_decoded && !must_stage) return {};
  size_t pos = 0;
  for (int skip = 1; skip < header->row && pos != std::string::npos; ++skip) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  text.erase(0, pos == std::string::npos ? text.size() : pos);
  src.text.always = false;  // the copy is UTF-8 already
  src.vsimem = unique_vsimem_name();
  VSILFILE* f = VSIFOpenL(src.vsimem.c_str(), "wb");
  if (!f) return error(ErrorCode::internal, "cannot stage the table in memory").file(spec.path).layer(spec.name);
  const bool written = VSIFWriteL(text.data(), 1, text.size(), f) == text.size();
  VSIFCloseL(f);
  if (!written) return error(ErrorCode::internal, "cannot stage the table in memory").file(spec.path).layer(spec.name);
  *open_path = src.vsimem;
  return {};
}

Result<OGRLayer*> pick_layer(GDALDataset* ds, const LayerSpec& spec) {
  std::vector<std::string> names;
  for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
  if (!spec.layer.empty()) {
    if (OGRLayer* l = ds->GetLayerByName(spec.layer.c_str())) return l;
    return error(ErrorCode::format, "no layer named '" + spec.layer + "'").file(spec.path).layer(spec.name).hint("layers in this file: " + list_names(names));
  }
  if (OGRLayer* l = ds->GetLayerByName(spec.name.c_str())) return l;
  if (ds->GetLayerCount() == 1) return ds->GetLayer(0);
  if (ds->GetLayerCount() == 0)
    return error(ErrorCode::format, "the file has no layer").file(spec.path).layer(spec.name).hint("is it empty, or damaged? open it in QGIS to see what it holds");
  return error(ErrorCode::format, "the file has several layers and none is named '" + spec.name + "'")
      .file(spec.path)
      .layer(spec.name)
      .hint("say which with layer = \"...\"" +
            std::string(spec.join_to.empty() ? "" : " (layer = \"*\" reads every sheet whose header has the mapped columns: one sheet per township)") +
            "; layers in this file: " + list_names(names));
}

// XLSX read with HEADERS=DISABLE: the first rows as text, the header found among them.
Result<void> xlsx_header(const LayerSpec& spec, VectorSource& src) {
  std::vector<std::vector<std::string>> rows;
  src.layer->ResetReading();
  const OGRFeatureDefn* defn = src.layer->GetLayerDefn();
  for (auto& f : *src.layer) {
    if (rows.empty() && f->GetFID() > 1) {
      // GDAL took the rows above as the header after all (it does for XLSX files it
      // wrote itself): its field names are the row before the first one read.
      rows.resize(static_cast<size_t>(std::min<GIntBig>(f->GetFID() - 1, static_cast<GIntBig>(k_header_scan))));
      for (int i = 0; i < defn->GetFieldCount(); ++i) rows.back().emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    }
    std::vector<std::string> cells;
    for (int i = 0; i < f->GetFieldCount(); ++i) cells.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
    rows.push_back(std::move(cells));
    if (rows.size() >= k_header_scan) break;
  }
  src.layer->ResetReading();
  auto header = find_table_header(rows, spec);
  if (!header) return tl::unexpected<Error>(header.error());
  src.table = true;
  src.header_row = header->row;
  src.title_block = header->title;
  src.units_row = header->units_row;
  src.numbers_row = header->numbers_row;
  src.column_units = header->units;
  src.repeated_names = header->repeated;
  src.fid_offset = 0;  // GDAL's FID is the row in the sheet
  src.names = header->names;
  src.names.resize(static_cast<size_t>(src.layer->GetLayerDefn()->GetFieldCount()));
  for (size_t i = 0; i < src.names.size(); ++i)
    if (src.names[i].empty()) src.names[i] = "列" + std::to_string(i + 1);
  return {};
}

// A UTF-8 field name a .dbf cut at 10 bytes, in the middle of a character (tour 18 S16: 户籍人口 is 12 bytes in
// UTF-8, QGIS writes "户籍人" and a third of 口): the whole characters, or nullopt when `raw` is no such name.
// Whether every non-ASCII character of valid UTF-8 `s` is a CJK ideograph (E4–E9 lead bytes: U+4E00–U+9FFF), so
// that GBK bytes that happen to be valid UTF-8 ("小学" as "Сѧ") are not taken for a cut UTF-8 name.
bool ascii_or_cjk(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    if (c < 0xE4 || c > 0xE9 || i + 3 > s.size()) return false;
    i += 3;
  }
  return true;
}

std::optional<std::string> cut_utf8_name(std::string_view raw) {
  if (raw.size() < 9 || is_valid_utf8(raw)) return std::nullopt;
  for (size_t drop = 1; drop <= 2 && drop < raw.size(); ++drop)
    if (const auto whole = raw.substr(0, raw.size() - drop); is_valid_utf8(whole) && ascii_or_cjk(whole)) return std::string(whole);
  return std::nullopt;
}

// The name a cut name stands for: the one column the project maps that begins with it ("户籍人" → "户籍人口").
std::string name_it_was(const std::string& cut, const LayerSpec& spec) {
  std::string found;
  for (const auto& [field, column] : spec.fields)
    if (column.size() > cut.size() && column.compare(0, cut.size(), cut) == 0) {
      if (!found.empty() && found != column) return cut;
      found = column;
    }
  return found.empty() ? cut : found;
}

void decode_names(VectorSource& src, const LayerSpec& spec) {
  const OGRFeatureDefn* defn = src.layer->GetLayerDefn();
  src.names.clear();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const char* raw = defn->GetFieldDefn(i)->GetNameRef();
    if (!src.text.always)  // a UTF-8 file: a name that is not UTF-8 was cut, not written in GBK
      if (auto cut = cut_utf8_name(raw)) {
        src.names.push_back(name_it_was(*cut, spec));
        continue;
      }
    bool decoded = false, invalid = false;
    src.names.push_back(decode_text(raw, src.text, &decoded, &invalid));
    src.names_decoded = src.names_decoded || decoded;
  }
}

}  // namespace

VectorSource& VectorSource::operator=(VectorSource&& other) noexcept {
  if (this == &other) return *this;
  ds.reset();
  if (!vsimem.empty()) VSIUnlink(vsimem.c_str());
  if (!vsimem_dir.empty()) VSIRmdirRecursive(vsimem_dir.c_str());
  ds = std::move(other.ds);
  layer = other.layer;
  text = std::move(other.text);
  names = std::move(other.names);
  table = other.table;
  header_row = other.header_row;
  fid_offset = other.fid_offset;
  vsimem = std::exchange(other.vsimem, std::string{});  // the moved-from source must not remove the copy
  names_decoded = other.names_decoded;
  title_block = std::move(other.title_block);
  units_row = other.units_row;
  numbers_row = other.numbers_row;
  column_units = std::move(other.column_units);
  repeated_names = std::move(other.repeated_names);
  hidden = std::move(other.hidden);
  deleted_records = std::move(other.deleted_records);
  vsimem_dir = std::exchange(other.vsimem_dir, std::string{});
  shx_rebuilt = other.shx_rebuilt;
  return *this;
}

VectorSource::~VectorSource() {
  ds.reset();
  if (!vsimem.empty()) VSIUnlink(vsimem.c_str());
  if (!vsimem_dir.empty()) VSIRmdirRecursive(vsimem_dir.c_str());
}

bool encoding_known(const std::string& encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

std::string decode_text(std::string_view raw, const TextMode& mode, bool* decoded, bool* invalid) {
  if (!mode.always && (!mode.detect || is_valid_utf8(raw))) {
    if (is_valid_utf8(raw)) return std::string(raw);
    *invalid = true;
    return sanitize_utf8(raw);
  }
  std::string out = decode_to_utf8(raw, mode.encoding, invalid);
  *decoded = *decoded || out != raw;
  if (!is_valid_utf8(out)) {
    *invalid = true;
    out = sanitize_utf8(out);
  }
  return out;
}

int find_field(const std::vector<std::string>& names, const std::string& want) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == want) return static_cast<int>(i);
  const std::string w = compact_name(want);
  for (size_t i = 0; i < names.size(); ++i)
    if (compact_name(names[i]) == w) return static_cast<int>(i);
  // a header typed in traditional characters (村代碼, 貧困人口: a 繁体 template, tour 19 T15) meets the simplified name
  const std::string ws = simplified_han(w);
  for (size_t i = 0; i < names.size(); ++i)
    if (simplified_han(compact_name(names[i])) == ws) return static_cast<int>(i);
  return -1;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

namespace {

// GDAL's spreadsheet drivers read every cell as text with no header row, so that
// the header is found below a title (gis/io/table_header.cpp): XLSX takes open
// options, ODS and the old .xls read these while the layer is first looked at.
struct SheetAsText {
  CPLConfigOptionSetter xls_headers{"OGR_XLS_HEADERS", "DISABLE", false};
  CPLConfigOptionSetter xls_types{"OGR_XLS_FIELD_TYPES", "STRING", false};
  CPLConfigOptionSetter ods_headers{"OGR_ODS_HEADERS", "DISABLE", false};
  CPLConfigOptionSetter ods_types{"OGR_ODS_FIELD_TYPES", "STRING", false};
};

// KML/KMZ from Google Earth or 奥维: ExtendedData names as written (GDAL's LIBKML turns 类型 into "______", and
// 名称/类型 collide; tour 18 S2). Process-wide, since LIBKML reads it again with every feature; a user's own setting stands.
void keep_kml_names() {
  if (CPLGetConfigOption("LIBKML_LAUNDER_FIELD_NAMES", nullptr) == nullptr) CPLSetConfigOption("LIBKML_LAUNDER_FIELD_NAMES", "NO");
}

// A shapefile without its .shx index (only .shp and .dbf copied; tour 18 S3): its parts copied into /vsimem/, where
// GDAL rebuilds the index (SHAPE_RESTORE_SHX) without writing beside the input. False when the .shx is there.
bool stage_without_shx(const std::string& shp, VectorSource& src, std::string* open_path) {
  for (const char* ext : {".shx", ".SHX", ".Shx"})
    if (is_file(fs::path(shp).replace_extension(ext).string())) return false;
  static std::atomic<unsigned> counter{0};
  src.vsimem_dir = "/vsimem/jiuyou_shx_" + std::to_string(counter++);
  VSIMkdir(src.vsimem_dir.c_str(), 0755);
  const std::string stem = fs::path(shp).stem().string();
  for (const char* ext : {".shp", ".dbf", ".prj", ".cpg", ".SHP", ".DBF", ".PRJ", ".CPG"}) {
    const std::string part = fs::path(shp).replace_extension(ext).string();
    if (!is_file(part)) continue;
    const std::string bytes = read_all(part);
    std::string lower_ext = ext;
    std::transform(lower_ext.begin(), lower_ext.end(), lower_ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string copy = src.vsimem_dir + "/" + stem + lower_ext;
    if (VSILFILE* f = VSIFOpenL(copy.c_str(), "wb")) {
      VSIFWriteL(bytes.data(), 1, bytes.size(), f);
      VSIFCloseL(f);
    }
  }
  *open_path = src.vsimem_dir + "/" + stem + ".shp";
  src.shx_rebuilt = true;
  return true;
}

// The file GDAL opens for `spec`: its path, or the member of the .zip it names.
Result<std::string> data_path_of(const LayerSpec& spec, LayerSpec* chosen) {
  if (!names_archive(spec.path)) return spec.path;
  ASSIGN_OR_RETURN(ArchiveMember member, archive_member(spec));
  if (member.layer_chose) chosen->layer.clear();
  return member.gdal_path;
}

}  // namespace

Result<std::vector<std::string>> source_layer_names(const LayerSpec& spec) {
  GDALAllRegister();
  LayerSpec chosen = spec;
  ASSIGN_OR_RETURN(const std::string data_path, data_path_of(spec, &chosen));
  const SheetAsText as_text;
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(data_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) return error(ErrorCode::format, "GDAL cannot open it as vector data").file(spec.path).layer(spec.name);
  std::vector<std::string> names;
  for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
  return names;
}

std::set<std::string> hidden_source_layers(const LayerSpec& spec) {
  LayerSpec chosen = spec;
  const auto data_path = data_path_of(spec, &chosen);
  if (!data_path || !(iequals(ext_of(*data_path), ".xlsx") || iequals(ext_of(*data_path), ".xlsm"))) return {};
  return xlsx_hidden_sheets(*data_path);
}

Result<VectorSource> open_vector_source(const LayerSpec& spec) {
  GDALAllRegister();
  keep_kml_names();
  VectorSource src;
  LayerSpec chosen = spec;
  ASSIGN_OR_RETURN(const std::string data_path, data_path_of(spec, &chosen));
  const bool remote = spec.path.rfind("PG:", 0) == 0 || (spec.path.rfind("/vsi", 0) == 0 && data_path == spec.path);
  std::error_code ec;
  if (!remote && !is_file(data_path) && !fs::exists(data_path, ec))
    return error(ErrorCode::io, "no such file").file(spec.path).layer(spec.name).hint("check the path in the project file (paths are relative to it)");
  const bool utf8_given = !spec.encoding.empty() && is_utf8_name(spec.encoding);
  if (!spec.encoding.empty() && !utf8_given && !encoding_known(spec.encoding))
    return error(ErrorCode::format, "unknown text encoding '" + spec.encoding + "'")
        .file(spec.path)
        .layer(spec.name)
        .field("encoding")
        .hint("use CP936 (GBK), GB18030, BIG5 or UTF-8; leave it out to detect GBK");
  src.text.detect = true;
  src.text.always = !spec.encoding.empty() && !utf8_given;
  src.text.encoding = spec.encoding.empty() || utf8_given ? "GB18030" : spec.encoding;
  CPLStringList options;
  std::string open_path = data_path;
  if (is_shapefile(data_path)) {
    const DbfFacts dbf = dbf_facts(data_path);
    shapefile_text_mode(spec, data_path, dbf, src.text, options);
    src.deleted_records = dbf.deleted;
    if (iequals(ext_of(data_path), ".shp")) stage_without_shx(data_path, src, &open_path);
  }
  if (!remote && is_csv(data_path))
    if (auto ok = prepare_csv(chosen, src, &open_path); !ok) return tl::unexpected<Error>(ok.error());
  const bool sheet = !remote && is_sheet(data_path);
  if (sheet) {
    options.SetNameValue("HEADERS", "DISABLE");
    options.SetNameValue("FIELD_TYPES", "STRING");
  }
  const SheetAsText as_text;
  const CPLConfigOptionSetter restore_shx("SHAPE_RESTORE_SHX", src.shx_rebuilt ? "YES" : "NO", false);
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List(), nullptr));
  if (!ds) {
    const std::string why = CPLGetLastErrorMsg();
    return error(ErrorCode::format, "GDAL cannot open it as vector data" + (why.empty() ? std::string{} : ": " + why))
        .file(spec.path)
        .layer(spec.name)
        .hint(remote ? "check the connection string and that the server is reachable"
                     : iequals(ext_of(data_path), ".et") || iequals(ext_of(data_path), ".ett")
                         ? "a WPS 表格 file (.et): save it from WPS as .xlsx (文件 → 另存为 → Excel 文件) and point the project at that"
                         : "is it a GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX, ODS or XLS file (or a .zip of one)?");
  }
  src.ds.reset(ds);
  auto layer = pick_layer(ds, chosen);
  if (!layer) return tl::unexpected<Error>(layer.error());
  src.layer = *layer;
  if (sheet) {
    if (auto ok = xlsx_header(chosen, src); !ok) return tl::unexpected<Error>(ok.error());
    if (iequals(ext_of(data_path), ".xlsx") || iequals(ext_of(data_path), ".xlsm")) src.hidden = xlsx_hidden_cells(data_path, src.layer->GetName());
  } else {
    decode_names(src, chosen);
  }
  return src;
}

}  // namespace jiuyou::io
