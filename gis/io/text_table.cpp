#include "gis/io/text_table.hpp"

#include <gdal_priv.h>

#include <algorithm>
#include <filesystem>

#include "gis/io/table_header.hpp"
#include "gis/io/vector_source.hpp"

namespace jiuyou::io {

Result<TextTable> read_text_table(const LayerSpec& spec) {
  auto opened = open_vector_source(spec);
  if (!opened) return tl::unexpected<Error>(opened.error());
  VectorSource& src = *opened;
  TextTable t;
  t.header_row = src.table ? src.header_row : 1;
  for (const std::string& n : src.names) t.names.push_back(compact_name(n));
  for (auto& f : *src.layer) {
    const int64_t row = f->GetFID() + src.fid_offset;
    if (src.table && row <= src.header_row) continue;  // title rows and the header
    TextTable::Row r;
    r.row = static_cast<int>(row);
    bool any = false;
    for (int c = 0; c < f->GetFieldCount(); ++c) {
      bool decoded = false, invalid = false;
      r.cells.push_back(f->IsFieldSetAndNotNull(c) ? decode_text(f->GetFieldAsString(c), src.text, &decoded, &invalid) : std::string());
      any = any || !compact_name(r.cells.back()).empty();
    }
    if (any) t.rows.push_back(std::move(r));
  }
  return t;
}

std::vector<std::string> workbook_sheets(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<std::string> names;
  if (ext != ".xlsx" && ext != ".xls" && ext != ".ods") return names;
  GDALAllRegister();
  const GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (ds)
    for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
  return names;
}

}  // namespace jiuyou::io
