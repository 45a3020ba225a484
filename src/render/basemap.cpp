#include "src/render/basemap.hpp"

#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace jiuyou::render {

namespace {

namespace fs = std::filesystem;

struct DatasetCloser {
  void operator()(GDALDatasetH d) const {
    if (d) GDALClose(d);
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

bool on_network(const std::string& s) {
  for (const char* p : {"http://", "https://", "ftp://", "/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsioss", "/vsiswift", "/vsiwebhdfs"})
    if (s.find(p) != std::string::npos) return true;
  return false;
}

// The highest zoom level of an XYZ folder ({z}/{x}/{y}.png): the largest numeric subfolder.
int deepest_level(const fs::path& dir) {
  int z = -1;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (e.is_directory() && !n.empty() && n.size() <= 2 && std::all_of(n.begin(), n.end(), ::isdigit)) z = std::max(z, std::stoi(n));
  }
  return z;
}

// A GDAL WMS description of an XYZ tile folder in Web Mercator (tiles read as local files).
std::string xyz_description(const fs::path& dir, int level, const std::string& ext) {
  std::ostringstream x;
  x << "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>file://" << fs::absolute(dir).string() << "/${z}/${x}/${y}." << ext
    << "</ServerUrl></Service><DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>"
       "<LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY><TileLevel>"
    << level
    << "</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin></DataWindow>"
       "<Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY><BandsCount>4</BandsCount>"
       "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes><ZeroBlockOnServerException>true</ZeroBlockOnServerException></GDAL_WMS>";
  return x.str();
}

// The tile extension of an XYZ folder (png or jpg), from the first tile found.
std::string tile_extension(const fs::path& level_dir) {
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(level_dir, ec))
    if (e.is_regular_file()) return e.path().extension().string().substr(1);
  return "png";
}

Result<Dataset> open_source(const std::string& path) {
  if (on_network(path))
    return error(ErrorCode::io, "the basemap must be a local file or folder, not a network source").file(path)
        .hint("give an MBTiles file or a folder of XYZ tiles already on this computer; nothing is downloaded");
  std::error_code ec;
  if (!fs::exists(path, ec)) return error(ErrorCode::io, "basemap not found").file(path).hint("give an .mbtiles file or an XYZ tile folder ({z}/{x}/{y}.png)");
  std::string source = path;
  if (fs::is_directory(path, ec)) {
    const int z = deepest_level(path);
    if (z < 0) return error(ErrorCode::io, "the folder holds no XYZ tiles").file(path).hint("an XYZ tile folder has one subfolder per zoom level: 0/, 1/, ... each with {x}/{y}.png");
    source = xyz_description(path, z, tile_extension(fs::path(path) / std::to_string(z)));
  } else {
    std::ifstream in(path);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    if (on_network(head))
      return error(ErrorCode::io, "the basemap description points at a network service").file(path)
          .hint("use a local tile cache (MBTiles or an XYZ folder); nothing is downloaded");
  }
  GDALDatasetH d = GDALOpenEx(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!d) return error(ErrorCode::io, "GDAL cannot read the basemap: " + std::string(CPLGetLastErrorMsg())).file(path)
                 .hint("an MBTiles file, an XYZ tile folder or a georeferenced raster");
  Dataset ds(d);
  const char* wkt = GDALGetProjectionRef(d);
  if (!wkt || !*wkt) return error(ErrorCode::crs, "the basemap has no coordinate reference system").file(path).hint("use a georeferenced source (MBTiles are in Web Mercator)");
  return ds;
}

// The metric CRS as GDAL understands it (EPSG code, PROJ string or WKT).
std::string srs_text(const CrsRef& crs) { return crs.definition.empty() ? crs.label() : crs.definition; }

Result<Dataset> warp_to_view(GDALDatasetH src, const std::string& path, const BasemapView& v) {
  const std::string te[4] = {std::to_string(v.extent.min_x), std::to_string(v.extent.min_y), std::to_string(v.extent.max_x),
                             std::to_string(v.extent.max_y)};
  const std::string w = std::to_string(v.width), h = std::to_string(v.height), srs = srs_text(v.crs);
  std::vector<const char*> argv = {"-of", "MEM", "-t_srs", srs.c_str(), "-te", te[0].c_str(), te[1].c_str(), te[2].c_str(), te[3].c_str(),
                                   "-ts", w.c_str(), h.c_str(), "-r", "bilinear", "-dstalpha", nullptr};
  std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> opts(GDALWarpAppOptionsNew(const_cast<char**>(argv.data()), nullptr),
                                                                             &GDALWarpAppOptionsFree);
  if (!opts) return error(ErrorCode::crs, "cannot warp the basemap to " + srs).file(path);
  int usage_error = 0;
  GDALDatasetH in[1] = {src};
  GDALDatasetH out = GDALWarp("", nullptr, 1, in, opts.get(), &usage_error);
  if (!out) return error(ErrorCode::crs, "cannot warp the basemap to " + srs + ": " + CPLGetLastErrorMsg()).file(path);
  return Dataset(out);
}

}  // namespace

Result<Image> read_basemap(const std::string& path, const BasemapView& v) {
  if (v.width <= 0 || v.height <= 0 || !(v.extent.max_x > v.extent.min_x) || !(v.extent.max_y > v.extent.min_y))
    return fail(ErrorCode::input, "empty view for the basemap");
  GDALAllRegister();
  auto src = open_source(path);
  if (!src) return tl::unexpected(src.error());
  auto warped = warp_to_view(src->get(), path, v);
  if (!warped) return tl::unexpected(warped.error());
  GDALDatasetH d = warped->get();
  const int bands = GDALGetRasterCount(d);  // colour bands + the alpha -dstalpha added
  const size_t n = static_cast<size_t>(v.width) * static_cast<size_t>(v.height);
  std::vector<std::vector<uint8_t>> planes(static_cast<size_t>(bands), std::vector<uint8_t>(n));
  for (int b = 0; b < bands; ++b)
    if (GDALRasterIO(GDALGetRasterBand(d, b + 1), GF_Read, 0, 0, v.width, v.height, planes[static_cast<size_t>(b)].data(), v.width, v.height,
                     GDT_Byte, 0, 0) != CE_None)
      return error(ErrorCode::io, "cannot read the basemap: " + std::string(CPLGetLastErrorMsg())).file(path);
  const size_t colour = static_cast<size_t>(std::max(1, bands - 1));
  const std::vector<uint8_t>& alpha = planes.back();
  Image img;
  img.width = v.width;
  img.height = v.height;
  img.rgba.resize(n * 4);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t bg[3] = {v.background.r, v.background.g, v.background.b};
    for (size_t c = 0; c < 3; ++c) {
      const double value = planes[std::min(c, colour - 1)][i];  // grey sources: one band for all three
      const double a = alpha[i] * std::clamp(v.opacity, 0.0, 1.0);
      img.rgba[4 * i + c] = static_cast<uint8_t>(std::lround((value * a + bg[c] * (255 - a)) / 255.0));
    }
    img.rgba[4 * i + 3] = 255;
  }
  return img;
}

}  // namespace jiuyou::render
