#pragma once
// The township atlas as a PDF (cairo's PDF surface; text through fontconfig,
// so Chinese is real, searchable text): one A4 (or A3) portrait page per township
// with a title, the map of the township (villages by verdict, networks, gap
// lines, a legend of what is on the page, scale bar, north arrow) and the
// table of its villages with what each lacks. Long tables go on to a
// continuation page of the same township. Written atomically.
#include <string>

#include "gis/model/error.hpp"
#include "src/render/atlas.hpp"

namespace jiuyou::render {

// A3 is the A4 page enlarged by √2 (every measure of the layout, text and
// symbols alike), its maps rendered at the same DPI on the larger paper.
enum class Paper { a4, a3 };
// The paper's size over A4's (1 or √2).
double paper_scale(Paper paper);

struct AtlasOptions {
  Paper paper = Paper::a4;
  double map_dpi = 150;  // resolution of the map picture on the page
  bool labels = true;
  bool hillshade = true;
  std::string basemap;  // offline basemap under each page's map (basemap.hpp); empty: none
  double basemap_opacity = 1.0;
};

struct AtlasWritten {
  size_t pages = 0;
};

// Renders each page's map headless (EGL) and writes the PDF to `path`.
// ErrorCode::render without a GL context, font or PDF support; ErrorCode::io when it cannot be written.
Result<AtlasWritten> write_atlas_pdf(const Workspace& ws, const AtlasPlan& plan, const std::string& path, const AtlasOptions& options);

}  // namespace jiuyou::render
