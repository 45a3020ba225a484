#pragma once
// Opening a vector source for loading (gis/io internal): which layer, how its
// text is decoded (GBK/GB18030 detection for shapefiles without a .cpg or with
// one that says UTF-8 wrongly, CSV in GB18030, an explicit encoding checked
// against iconv), field names decoded too, and XLSX/CSV tables whose header is
// not in row 1 (title rows above it; gis/io/table_header.cpp).
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/gdal_scope.hpp"
#include "gis/io/project.hpp"
#include "gis/io/sheet_hidden.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

// How text of a source becomes UTF-8.
struct TextMode {
  bool detect = false;     // bytes that are not valid UTF-8 are decoded from `encoding`
  bool always = false;     // decode every text from `encoding` (an explicit encoding = "...")
  std::string encoding;    // "GB18030" unless the project says otherwise
  bool cpg_says_utf8 = false;  // a .cpg claims UTF-8 (reported if the bytes disagree)
  bool cpg_says_gbk = false;   // a .cpg names a GBK code page (valid UTF-8 is still kept as it is)
};

// A decoded string; `*decoded` is set when bytes had to be converted, `*invalid`
// when some bytes were not text even in the encoding (replaced by U+FFFD).
std::string decode_text(std::string_view raw, const TextMode& mode, bool* decoded, bool* invalid);

// A source opened for one layer: the dataset, the layer in it, the decoded
// field names, and for XLSX/CSV the row the header was found in.
struct VectorSource {
  DatasetPtr ds;
  OGRLayer* layer = nullptr;
  TextMode text;
  std::vector<std::string> names;  // decoded field names, by OGR field index
  bool table = false;              // XLSX/CSV read as a table (header found by us)
  int header_row = 0;              // 1-based row of the header in the sheet/file (tables)
  int64_t fid_offset = 0;          // added to GDAL FIDs so that a table's FID is its row number
  std::string vsimem;              // a /vsimem/ copy (CSV without its title rows), removed on close
  bool names_decoded = false;
  std::string title_block;         // a table's text above its header row (its stated units)
  int numbers_row = 0;             // 1-based row of a 栏次 row (甲 乙 丙 1 2 3 …, skipped as data), 0: none
  int units_row = 0;               // 1-based row of a units row under the header (skipped as data), 0: none
  std::map<std::string, std::string> column_units;  // compact header name -> the unit its units-row cell states
  std::map<std::string, std::vector<std::string>> repeated_names;  // a table's header name two or more columns share -> their letters
  HiddenCells hidden;               // an XLSX sheet's hidden rows and columns (gis/io/sheet_hidden.hpp)
  std::vector<int64_t> deleted_records;  // a shapefile's .dbf records flagged deleted ('*'), which GDAL skips
  std::string vsimem_dir;          // a /vsimem/ folder of copies (a shapefile without .shx), removed on close
  bool shx_rebuilt = false;        // the shapefile had no .shx: GDAL rebuilt it in /vsimem/

  VectorSource() = default;
  VectorSource(const VectorSource&) = delete;
  VectorSource& operator=(const VectorSource&) = delete;
  VectorSource(VectorSource&& other) noexcept { *this = std::move(other); }
  VectorSource& operator=(VectorSource&& other) noexcept;
  ~VectorSource();
};

Result<VectorSource> open_vector_source(const LayerSpec& spec);
// The layers (sheets) of the file `spec` names, in the file's order.
Result<std::vector<std::string>> source_layer_names(const LayerSpec& spec);
// The sheets of an XLSX that Excel does not show (hidden or very hidden); none for other files.
std::set<std::string> hidden_source_layers(const LayerSpec& spec);
// The index of field `want` in `names`: exact, else ignoring spaces and line breaks, else with traditional characters
// read as simplified (村代碼 for 村代码); -1 if absent.
int find_field(const std::vector<std::string>& names, const std::string& want);
// Names joined for hints ("code, name, 人口").
std::string list_names(const std::vector<std::string>& names);
// Whether iconv knows `encoding` (an unknown one is an error naming the layer).
bool encoding_known(const std::string& encoding);

}  // namespace jiuyou::io
