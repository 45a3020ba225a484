#pragma once
// Writes small test inputs with GDAL directly (independent of jiuyou's writer),
// and the project's declaration of a layer that reads one.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "gis/io/project.hpp"

namespace jiuyou::test {

// Layer `name` read from `path`, every other setting as a project leaves it.
inline io::LayerSpec spec_for(const std::string& name, const std::filesystem::path& path) {
  io::LayerSpec s;
  s.name = name;
  s.path = path.string();
  return s;
}

struct FixtureField {
  std::string name;
  OGRFieldType type;
};

// Creates `path` with one layer; each row is a WKT (or "" for none) plus field values as text.
inline void write_fixture(const std::string& driver, const std::string& path, const std::string& layer, int epsg,
                          OGRwkbGeometryType gtype, const std::vector<FixtureField>& fields,
                          const std::vector<std::pair<std::string, std::vector<std::string>>>& rows,
                          const std::vector<std::string>& layer_options = {}, bool no_srs = false) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  CPLStringList opts;
  for (const auto& o : layer_options) opts.AddString(o.c_str());
  OGRLayer* l = ds->CreateLayer(layer.c_str(), no_srs || gtype == wkbNone ? nullptr : &srs, gtype, opts.List());
  for (const auto& f : fields) {
    OGRFieldDefn fd(f.name.c_str(), f.type);
    l->CreateField(&fd);
  }
  for (const auto& [wkt, values] : rows) {
    OGRFeature feat(l->GetLayerDefn());
    if (!wkt.empty()) {
      OGRGeometry* g = nullptr;
      OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
      feat.SetGeometryDirectly(g);
    }
    for (size_t i = 0; i < values.size(); ++i)
      if (!values[i].empty()) feat.SetField(static_cast<int>(i), values[i].c_str());
    if (l->CreateFeature(&feat) != OGRERR_NONE) throw std::runtime_error("fixture: CreateFeature failed");
  }
  GDALClose(ds);
}

}  // namespace jiuyou::test
