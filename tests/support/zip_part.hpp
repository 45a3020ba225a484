#pragma once
// One member of a zip file (an .xlsx's xl/workbook.xml, ...), read through
// GDAL's /vsizip/ so that tests need no unzip program; "" when missing.
#include <cpl_vsi.h>
#include <gdal.h>

#include <filesystem>
#include <string>

namespace jiuyou::test {

inline std::string zip_part(const std::filesystem::path& zip, const std::string& part) {
  GDALAllRegister();
  VSILFILE* f = VSIFOpenL(("/vsizip/" + zip.string() + "/" + part).c_str(), "rb");
  if (f == nullptr) return {};
  std::string out;
  char buf[4096];
  size_t n = 0;
  while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  VSIFCloseL(f);
  return out;
}

}  // namespace jiuyou::test
