#pragma once
// GDAL in gis/io's internals (the adapters' own header, not for callers): a
// dataset closed when its owner goes, GDAL's stderr chatter silenced for a
// scope, GDAL's last message to append to an error, and a whole file read
// through GDAL's virtual file system (a file, or a member of a .zip/.xlsx).
#include <memory>
#include <string>

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

namespace jiuyou::io {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// Silences GDAL's stderr output for the scope; the last message is read on failure.
struct QuietGdal {
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

// ": <GDAL's last error message>", or "" when GDAL said nothing.
inline std::string gdal_message() {
  const char* m = CPLGetLastErrorMsg();
  return (m && *m) ? std::string(": ") + m : std::string();
}

// The bytes of `path` (a file, or a /vsi path such as "/vsizip/{a.xlsx}/xl/workbook.xml"); "" when unreadable.
inline std::string read_vsi_file(const std::string& path) {
  GByte* bytes = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, path.c_str(), &bytes, &size, -1)) return {};
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
  VSIFree(bytes);
  return out;
}

}  // namespace jiuyou::io
