#pragma once
// GDAL in gis/io's internals (the adapters' own header, not for callers): a
// dataset closed when its owner goes, GDAL's stderr chatter silenced for a
// scope, and GDAL's last message to append to an error.
#include <memory>
#include <string>

#include <cpl_error.h>
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

}  // namespace jiuyou::io
