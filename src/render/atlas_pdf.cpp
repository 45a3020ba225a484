#include "src/render/atlas_pdf.hpp"

#ifdef JIUYOU_HAVE_CAIRO
#include <cairo-pdf.h>
#include <cairo.h>
#endif

#include <algorithm>
#include <cmath>
#include <memory>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "gis/io/schema.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/output_set.hpp"
#include "gis/util/test_hooks.hpp"
#include "src/render/render_map.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

double paper_scale(Paper paper) { return paper == Paper::a3 ? 841.89 / 595.28 : 1.0; }

#ifdef JIUYOU_HAVE_CAIRO
namespace {

// A4 portrait in PDF points, and the page's frame.
constexpr double k_page_w = 595.28, k_page_h = 841.89, k_margin = 36;
constexpr double k_map_top = 84, k_map_max_h = 400, k_map_min_h = 250;
constexpr double k_footer_y = k_page_h - 22;
constexpr double k_row_h = 10.5;
constexpr double k_legend_w = 150;  // the legend column right of the map
constexpr double k_map_w = k_page_w - 2 * k_margin - k_legend_w - 8;  // a table row when the map gives way to a long table

// The map gives way to a long table (down to k_map_min_h) so a township stays on one page.
double map_height(size_t rows) {
  const double table = static_cast<double>(rows + 1) * k_row_h + 26;
  return std::clamp(k_footer_y - table - 22 - k_map_top, k_map_min_h, k_map_max_h);
}
double table_top(size_t rows) { return k_map_top + map_height(rows) + 22; }
constexpr const char* k_font = "WenQuanYi Micro Hei";

struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;

void text(cairo_t* cr, double x, double y, double size, const std::string& s, bool bold = false) {
  cairo_select_font_face(cr, k_font, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s.c_str());
}

double text_width(cairo_t* cr, double size, const std::string& s) {
  cairo_select_font_face(cr, k_font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

// Items joined with "、", cut to `width` points with "等 N 项" for the rest.
std::string fit_items(cairo_t* cr, double size, const std::vector<std::string>& items, double width) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string next = out + (out.empty() ? "" : "、") + items[i];
    const std::string rest = i + 1 < items.size() ? " 等 " + std::to_string(items.size()) + " 项" : "";
    if (text_width(cr, size, next + rest) > width && !out.empty())
      return out + " 等 " + std::to_string(items.size()) + " 项";
    out = next;
  }
  return out;
}

// The map picture of a page (RGBA rows top first) as a cairo image surface.
SurfacePtr map_surface(const Image& img) {
  SurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width, img.height));
  cairo_surface_flush(s.get());
  unsigned char* data = cairo_image_surface_get_data(s.get());
  const int stride = cairo_image_surface_get_stride(s.get());
  for (int y = 0; y < img.height; ++y) {
    auto* row = reinterpret_cast<uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < img.width; ++x) {
      const Rgba c = img.at(x, y);
      row[x] = (uint32_t{c.r} << 16) | (uint32_t{c.g} << 8) | uint32_t{c.b};
    }
  }
  cairo_surface_mark_dirty(s.get());
  return s;
}

void draw_map(cairo_t* cr, const Image& img, double map_h) {
  const SurfacePtr s = map_surface(img);
  const double w = k_map_w;
  cairo_save(cr);
  cairo_translate(cr, k_margin, k_map_top);
  cairo_scale(cr, w / img.width, map_h / img.height);
  cairo_set_source_surface(cr, s.get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.6);
  cairo_rectangle(cr, k_margin, k_map_top, w, map_h);
  cairo_stroke(cr);
}

// `caveats`: the atlas opens on a page of data problems that change the verdicts; each page points to it.
void draw_header(cairo_t* cr, const std::string& county, const AtlasPage& p, bool continued, bool caveats) {
  cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
  text(cr, k_margin, k_margin + 16, 18, (county.empty() ? "" : county + " · ") + p.township + (continued ? "（续）" : ""), true);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  const size_t n = p.rows.size();
  const std::string counts = "贫困村出列评定 · 共 " + std::to_string(n) + " 个村：可出列 " + std::to_string(p.exit) + "，不可出列 " +
                             std::to_string(p.fail) + "，数据不全 " + std::to_string(p.unknown);
  text(cr, k_margin, k_margin + 36, 10, counts);
  if (!caveats) return;
  cairo_set_source_rgb(cr, 0.61, 0, 0.02);
  const std::string note = "有数据问题会改变结论，见第 1 页";  // right of the title, where the township's name leaves room
  text(cr, k_page_w - k_margin - text_width(cr, 10, note), k_margin + 16, 10, note);
}

// `s` cut into lines of at most `width` points (between characters: Chinese has no spaces).
std::vector<std::string> wrap(cairo_t* cr, double size, const std::string& s, double width) {
  std::vector<std::string> lines;
  std::string line;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead >= 0xF0) len = 4;
    else if (lead >= 0xE0) len = 3;
    else if (lead >= 0xC0) len = 2;
    const std::string ch = s.substr(i, len);
    i += len;
    if (!line.empty() && text_width(cr, size, line + ch) > width) lines.push_back(std::exchange(line, {}));
    line += ch;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// The first page when the check had data problems that change its verdicts (report/check_caveats.hpp):
// the same sentences as report.html's banner and result.xlsx's first sheet.
void draw_caveats_page(cairo_t* cr, const AtlasPlan& plan) {
  const double width = k_page_w - 2 * k_margin;
  cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
  text(cr, k_margin, k_margin + 16, 18, plan.title + " 乡镇图册", true);
  cairo_set_source_rgb(cr, 0.61, 0, 0.02);
  double y = k_margin + 52;
  text(cr, k_margin, y, 13, report::caveats_heading("本图册"), true);
  y += 8;
  for (const std::string& c : plan.caveats) {
    y += 8;
    for (const std::string& line : wrap(cr, 11, "● " + c, width)) {
      y += 16;
      text(cr, k_margin, y, 11, line);
    }
  }
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  text(cr, k_margin, y + 30, 10, "各村的依据和问题所在的图层见同一次检查的 report.html 与 result.xlsx。");
}

void swatch(cairo_t* cr, const LegendEntry& e, double x, double y) {
  cairo_set_source_rgba(cr, e.color.r / 255.0, e.color.g / 255.0, e.color.b / 255.0, std::max(e.color.a, uint8_t{90}) / 255.0);
  if (e.symbol == Symbol::line) {
    cairo_set_line_width(cr, 2.2);
    cairo_move_to(cr, x, y - 3);
    cairo_line_to(cr, x + 14, y - 3);
    cairo_stroke(cr);
  } else if (e.symbol == Symbol::point) {
    cairo_arc(cr, x + 7, y - 3, 3, 0, 2 * M_PI);
    cairo_fill(cr);
  } else {
    cairo_rectangle(cr, x, y - 7, 14, 8);
    cairo_fill(cr);
  }
}

// The legend column right of the map: each layer's title, then its classes with counts; rows past the map's height are cut.
void draw_legend(cairo_t* cr, const std::vector<LayerLegend>& legends, double map_h) {
  const double x = k_page_w - k_margin - k_legend_w, bottom = k_map_top + map_h;
  double y = k_map_top + 10;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text(cr, x, y, 10, "图例", true);
  y += 6;
  for (const LayerLegend& l : legends) {
    if (y + 22 > bottom) break;
    y += 13;
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    text(cr, x, y, 8.5, l.title, true);
    for (const LegendEntry& e : l.entries) {
      if (y + 11 > bottom) break;
      y += 11;
      swatch(cr, e, x, y);
      cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
      text(cr, x + 18, y, 7.5, e.label + " (" + std::to_string(e.count) + ")");
    }
  }
}

// Table columns (x in points) and the rows that fit from `top` down to the footer.
struct TableLayout {
  double x_name = k_margin, x_verdict = k_margin + 92, x_lacks = k_margin + 150, x_unknown = k_margin + 390, x_end = k_page_w - k_margin;
  double row_h = 12, font = 8.5;
};

TableLayout table_layout(size_t rows, double top) {
  TableLayout t;
  const double avail = k_footer_y - 14 - top - t.row_h;
  t.row_h = std::clamp(avail / static_cast<double>(std::max<size_t>(rows, 1)), 9.0, 12.0);
  t.font = t.row_h * 0.72;
  return t;
}

// Table rows that fit on a page whose table starts at `top` (at least one).
size_t rows_that_fit(const TableLayout& t, double top) {
  return static_cast<size_t>(std::max(1.0, std::floor((k_footer_y - 12 - top - t.row_h) / t.row_h)));
}

// Draws rows [begin, end) of the page's table; returns where it stopped (rows that did not fit go on).
size_t draw_table(cairo_t* cr, const AtlasPage& p, size_t begin, double top) {
  const TableLayout t = table_layout(p.rows.size() - begin, top);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  double y = top + t.row_h;
  text(cr, t.x_name, y - 3, t.font + 0.5, "村", true);
  text(cr, t.x_verdict, y - 3, t.font + 0.5, "评定", true);
  text(cr, t.x_lacks, y - 3, t.font + 0.5, "缺项（不达标）", true);
  text(cr, t.x_unknown, y - 3, t.font + 0.5, "数据不全项", true);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, k_margin, y);
  cairo_line_to(cr, t.x_end, y);
  cairo_stroke(cr);
  const size_t end = std::min(p.rows.size(), begin + rows_that_fit(t, top));
  size_t r = begin;
  for (; r < end; ++r) {
    const AtlasRow& row = p.rows[r];
    y += t.row_h;
    if ((r - begin) % 2 == 1) {
      cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
      cairo_rectangle(cr, k_margin, y - t.row_h + 2, t.x_end - k_margin, t.row_h);
      cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, t.x_name, y - 1, t.font, row.village);
    text(cr, t.x_verdict, y - 1, t.font, row.verdict);
    text(cr, t.x_lacks, y - 1, t.font, row.lacks.empty() ? "—" : fit_items(cr, t.font, row.lacks, t.x_unknown - t.x_lacks - 6));
    text(cr, t.x_unknown, y - 1, t.font, row.unknown.empty() ? "—" : fit_items(cr, t.font, row.unknown, t.x_end - t.x_unknown));
  }
  return r;
}

void draw_footer(cairo_t* cr, size_t page, size_t pages) {
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  const std::string s = "第 " + std::to_string(page) + " 页，共 " + std::to_string(pages) + " 页";
  text(cr, (k_page_w - text_width(cr, 8, s)) / 2, k_footer_y, 8, s);
}

// How many PDF pages each township takes (its table may continue).
size_t count_pages(const AtlasPlan& plan) {
  size_t n = plan.caveats.empty() ? 0 : 1;
  for (const AtlasPage& p : plan.pages) {
    size_t r = 0;
    bool first = true;
    do {
      const double top = first ? table_top(p.rows.size()) : k_margin + 50;
      r = std::min(p.rows.size(), r + rows_that_fit(table_layout(p.rows.size() - r, top), top));
      first = false;
      ++n;
    } while (r < p.rows.size());
  }
  return n;
}

constexpr const char* k_page_layers[] = {"villages", "gaps", "roads", "power", "water", "broadband_fiber", "townships", "county", "dem"};

struct PageMap {
  Image image;
  std::vector<LayerLegend> legends;  // villages first, then what lies over them
};

// The legends of the page's layers (only what is on the page), villages first.
std::vector<LayerLegend> page_legends(const Workspace& page_ws, const std::vector<std::string>& layers) {
  std::vector<LayerLegend> out;
  for (const std::string& name : layers) {
    const FeatureTable* t = page_ws.layer(name);
    if (!t || t->size() == 0) continue;
    if (name == k_neighbour_villages) {  // context, one grey row that says it is not counted
      const Symbol sym = t->geometry.kind == GeometryKind::polygon ? Symbol::fill : Symbol::point;
      out.push_back(LayerLegend{"邻乡镇", {LegendEntry{sym, Rgba{205, 205, 200, 255}, "邻乡镇的村（不计入本页）", t->size()}}});
      continue;
    }
    auto st = style_layer(*t, StyleOptions{});  // the villages are the township's alone (split_off_neighbours)
    if (st && !st->legend.entries.empty()) out.push_back(std::move(st->legend));
  }
  return out;
}

Result<PageMap> page_map(const Workspace& ws, const AtlasPage& p, const AtlasOptions& o) {
  RenderOptions ro;
  const double scale = paper_scale(o.paper);  // the map's size on the paper, in points, over A4's
  ro.width = static_cast<int>(std::lround(scale * k_map_w / 72.0 * o.map_dpi));
  ro.height = static_cast<int>(std::lround(scale * map_height(p.rows.size()) / 72.0 * o.map_dpi));
  ro.bbox = p.extent;
  ro.labels = o.labels;
  ro.legend = false;  // drawn on the page beside the map, as text
  ro.hillshade = o.hillshade;
  ro.basemap = o.basemap;
  ro.basemap_opacity = o.basemap_opacity;
  ro.pixel_ratio = static_cast<float>(scale * o.map_dpi / 110.0);
  // What the page is about: the villages by verdict, the networks and the gap lines (the legend stays short).
  for (const char* name : k_page_layers)
    if (name == std::string_view("dem") ? (ws.dem.has_value() && o.hillshade) : ws.layer(name) != nullptr) ro.layers.push_back(name);
  Workspace page_ws = clip_workspace(ws, p.extent);  // the legend lists only what is on the page
  for (std::string& context : split_off_neighbours(page_ws, p)) {
    ro.layers.push_back(context);
    ro.quiet_layers.push_back(std::move(context));
  }
  auto r = render_map(page_ws, ro);
  if (!r) return tl::unexpected(r.error());
  return PageMap{std::move(r->image), page_legends(page_ws, ro.layers)};
}

}  // namespace

Result<AtlasWritten> write_atlas_pdf(const Workspace& ws, const AtlasPlan& plan, const std::string& path, const AtlasOptions& options) {
  if (plan.pages.empty()) return fail(ErrorCode::input, "no township to put in the atlas", "the villages layer is empty");
  // The folder of --out made as check, invest and relocate make theirs (tour 18 S15: cairo's "error while writing to
  // output stream" was all a missing folder said).
  if (const std::filesystem::path dir = std::filesystem::path(path).parent_path(); !dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return error(ErrorCode::io, "cannot make the folder for the atlas: " + ec.message()).file(dir.string()).hint("choose a folder you may write to");
  }
  util::AtomicOutput out(path);
  const util::SignalCleanup on_signal(out.temp_path());  // Ctrl-C leaves no hidden half-written PDF beside the result
  const double scale = paper_scale(options.paper);
  const double page_h = options.paper == Paper::a3 ? 1190.55 : k_page_h;  // 420 mm (√2 times A4's height, to the point)
  SurfacePtr pdf(cairo_pdf_surface_create(out.temp_path().c_str(), scale * k_page_w, page_h));
  if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
    return error(ErrorCode::io, std::string("cannot write the atlas: ") + cairo_status_to_string(cairo_surface_status(pdf.get()))).file(path);
  cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, (plan.title + " 乡镇图册").c_str());
  CairoPtr cr(cairo_create(pdf.get()));
  cairo_scale(cr.get(), scale, scale);  // the A4 layout, enlarged for A3
  const size_t total = count_pages(plan);
  size_t page_no = 0;
  if (!plan.caveats.empty()) {
    draw_caveats_page(cr.get(), plan);
    draw_footer(cr.get(), ++page_no, total);
    cairo_show_page(cr.get());
  }
  for (const AtlasPage& p : plan.pages) {
    TRY(util::test_hook("atlas_page"));
    auto map = page_map(ws, p, options);
    if (!map) return tl::unexpected(map.error());
    size_t r = 0;
    bool first = true;
    do {
      draw_header(cr.get(), plan.title, p, !first, !plan.caveats.empty());
      if (first) {
        draw_map(cr.get(), map->image, map_height(p.rows.size()));
        draw_legend(cr.get(), map->legends, map_height(p.rows.size()));
      }
      r = draw_table(cr.get(), p, r, first ? table_top(p.rows.size()) : k_margin + 50);
      draw_footer(cr.get(), ++page_no, total);
      cairo_show_page(cr.get());
      first = false;
    } while (r < p.rows.size());
  }
  cr.reset();
  cairo_surface_finish(pdf.get());
  if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
    return error(ErrorCode::io, std::string("cannot write the atlas: ") + cairo_status_to_string(cairo_surface_status(pdf.get()))).file(path);
  pdf.reset();
  if (auto ok = out.commit(); !ok) return tl::unexpected(ok.error());
  return AtlasWritten{page_no};
}

#else

Result<AtlasWritten> write_atlas_pdf(const Workspace&, const AtlasPlan&, const std::string&, const AtlasOptions&) {
  return fail(ErrorCode::render, "this build has no PDF support (cairo)", "install libcairo2-dev (scripts/setup.sh) and rebuild");
}

#endif

}  // namespace jiuyou::render
