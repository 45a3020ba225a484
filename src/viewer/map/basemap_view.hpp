#pragma once
// The offline basemap in the viewer: the project's [basemap] (or `view
// --basemap`) read through GDAL once for the document's whole extent, drawn
// under every layer (instead of the hillshade, as `render` and `atlas` do),
// switched on and off from the layers panel. Nothing is fetched from the
// network (render/basemap.hpp refuses URLs).
#include <string>

#include "gis/model/geometry.hpp"
#include "src/render/image.hpp"

namespace jiuyou::viewer {

struct AppState;

struct ViewerBasemap {
  std::string path;      // "" none
  double opacity = 1.0;  // over the map's background
  bool shown = true;     // the layers panel's switch
  bool loaded = false;   // read and uploaded
  std::string error;     // why it could not be read (the layers panel and the status bar say it)
  BBox extent;           // metric CRS, what the picture covers
  render::Image image;   // kept to upload again when switched back on
};

// The longest side of the picture read for the whole extent (texels).
inline constexpr int k_basemap_max_px = 4096;

// Reads s.basemap.path for the document's extent (the home view grown by half
// on each side, at about two texels per window pixel, at most k_basemap_max_px)
// and uploads it; a source that cannot be read leaves the map without it and says why.
void load_basemap(AppState& s);
// Whether a basemap is drawn now (then the hillshade is not).
bool basemap_drawn(const AppState& s);
// Switches the basemap on or off (uploads the kept picture again, or clears it).
void set_basemap_shown(AppState& s, bool shown);
// The basemap's row at the top of the layers panel: a switch, the source's name, an error if any.
void draw_basemap_row(AppState& s);

}  // namespace jiuyou::viewer
