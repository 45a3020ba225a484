#pragma once
// 文件 › 导出当前视图: the map as the window shows it (the same extent, layers,
// colours, opacities, selection and measurement; no panels) rendered
// offscreen at DPI/96 times the window's pixels, so text, lines and symbols
// keep their size on paper, with title, legend, scale bar and north arrow,
// written atomically as PNG. 文件 › 乡镇图集: the same atlas as `jiuyou atlas`.
#include <string>

#include "gis/model/error.hpp"
#include "src/render/atlas_pdf.hpp"

namespace jiuyou::viewer {

struct AppState;

inline constexpr double k_export_min_dpi = 72, k_export_max_dpi = 600;

struct ExportedView {
  int width = 0, height = 0;  // pixels written
};

// ErrorCode::input for a DPI outside 72..600; ErrorCode::render without a
// renderer or when the picture is beyond the GPU's framebuffer size; ErrorCode::io when the PNG cannot be written.
Result<ExportedView> export_view_png(AppState& s, const std::string& path, double dpi);

// The township atlas of the shown check result (render::plan_atlas and
// write_atlas_pdf, as `jiuyou atlas`), with the document's basemap. It draws
// in its own headless context; the caller's GL context is current again afterwards.
Result<render::AtlasWritten> write_township_atlas(const AppState& s, const std::string& path, render::Paper paper, double dpi);

}  // namespace jiuyou::viewer
