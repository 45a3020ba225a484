// DIR/result.gpkg + DIR/result.xlsx + DIR/report.html, all or nothing.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "gis/io/schema.hpp"
#include "gis/io/gpkg_styles.hpp"
#include "gis/io/write.hpp"
#include "gis/report/check_report.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/heap.hpp"

namespace fs = std::filesystem;

namespace jiuyou::report {
namespace {

Result<void> write_text_file(const std::string& path, const std::string& text, const std::string& target) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return error(ErrorCode::io, std::string("cannot open for writing: ") + std::strerror(errno)).file(target).hint("check that the folder is writable");
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.flush();
  if (!f) return error(ErrorCode::io, "write failed (disk full?)").file(target);
  return {};
}

// Renames every staged output into place, or none: targets that exist are moved
// aside first and put back when a later rename fails.
Result<void> commit_all(std::vector<util::AtomicOutput>& outputs) {
  struct Aside {
    std::string target, backup;
  };
  std::vector<Aside> aside;
  auto restore = [&] {
    for (const auto& a : aside) {
      std::error_code ec;
      fs::rename(a.backup, a.target, ec);
    }
  };
  for (const auto& out : outputs) {
    std::error_code ec;
    if (!fs::exists(out.target_path(), ec)) continue;
    const fs::path t(out.target_path());
    const std::string backup = (t.parent_path() / ("." + t.filename().string() + ".old-" + std::to_string(::getpid()))).string();
    fs::rename(t, backup, ec);
    if (ec) {
      restore();
      return error(ErrorCode::io, "cannot move the previous output aside: " + ec.message()).file(out.target_path()).hint("check permissions of the folder");
    }
    aside.push_back({out.target_path(), backup});
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (auto ok = outputs[i].commit(); !ok) {
      for (size_t k = 0; k < i; ++k) {
        std::error_code ec;
        fs::remove(outputs[k].target_path(), ec);
      }
      restore();
      return ok;
    }
  }
  for (const auto& a : aside) {
    std::error_code ec;
    fs::remove(a.backup, ec);
  }
  return {};
}

// The layers of result.gpkg (and of a PostGIS schema) with their QGIS styles.
struct CheckLayers {
  std::optional<FeatureTable> built_v, built_g;
  FeatureTable township, county;
  std::vector<const FeatureTable*> list;
  std::vector<io::LayerStyle> styles;

  CheckLayers(const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts)
      : township(township_summary_table(result)), county(county_summary_table(result)) {
    if (!opts.villages_result) built_v = villages_result_table(ws, result, opts.evidence, opts.load_issues);
    if (!opts.gaps) built_g = gaps_table(ws, result);
    const FeatureTable& vt = opts.villages_result ? *opts.villages_result : *built_v;
    const FeatureTable& gt = opts.gaps ? *opts.gaps : *built_g;
    list = {&vt, &gt, &township, &county};
    if (opts.meta != nullptr) list.push_back(opts.meta);
    styles = {
        {"villages", "", "verdict", villages_qml(vt.geometry.kind), villages_sld(vt.geometry.kind),
         "出列结论: 绿 可出列 / 红 不可出列 / 灰 数据不全 (exit green, fail red, unknown grey)", true},
        {"gaps", "", "gaps", gaps_qml(), gaps_sld(), "缺口: 村到最近的合格要素 (village to the nearest qualifying feature)", true},
    };
  }
  CheckLayers(const CheckLayers&) = delete;
  CheckLayers& operator=(const CheckLayers&) = delete;
};

}  // namespace

Result<void> write_check_tables_pg(const io::PgTarget& target, const Workspace& ws, const indicators::CheckResult& result, const ReportOptions& opts) {
  if (ws.layer(io::target_layer) == nullptr)
    return error(ErrorCode::input, "the workspace has no villages layer to join the results to").hint("load a project with a villages layer");
  report_progress(opts.progress, 0.9, "writing into PostGIS");
  const CheckLayers layers(WorkspaceView::of(ws), result, opts);
  return io::write_pg_layers(target, layers.list, layers.styles);
}

namespace {

Result<void> check_inputs(const std::string& dir, const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  if (villages == nullptr)
    return error(ErrorCode::input, "the workspace has no villages layer to join the results to").hint("load a project with a villages layer");
  if (villages->size() != result.village_count || result.cells.size() != result.village_count * result.item_count() ||
      result.verdict.size() != result.village_count)
    return error(ErrorCode::internal, "the check result (" + std::to_string(result.village_count) + " villages) does not match the villages layer (" +
                                          std::to_string(villages->size()) + " rows)")
        .layer(io::target_layer);
  if (!opts.write_gpkg && !opts.write_xlsx && !opts.write_html)
    return error(ErrorCode::input, "no output selected").file(dir).hint("enable the GeoPackage, the workbook or the HTML report");
  return {};
}

Result<void> write_gpkg(const util::AtomicOutput& out, const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts) {
  report_progress(opts.progress, 0.9, "writing result.gpkg");
  const CheckLayers layers(ws, result, opts);
  auto ok = io::write_layers(out.temp_path(), layers.list);
  if (ok) ok = io::write_layer_styles(out.temp_path(), layers.styles);
  if (!ok) ok.error().file = out.target_path();
  return ok;
}

// The workbook (the longest of the outputs: libxlsxwriter's XML and its zip) on
// a thread of its own while the calling thread does `beside` (the page, and the
// GeoPackage when it needs the cells): both only read the workspace and the
// result. Only the calling thread reports progress; the thread is always waited
// for, also when `beside` fails or the run is interrupted (its temporary file is
// removed with the output set).
Result<void> write_xlsx_beside(const util::AtomicOutput& xlsx, const WorkspaceView& ws, const indicators::CheckResult& result,
                               const ReportOptions& opts, const std::function<Result<void>()>& beside) {
  report_progress(opts.progress, 0.9, "writing result.xlsx");
  auto workbook = std::async(std::launch::async, [&]() -> Result<void> {
    try {
      auto ok = write_check_xlsx(xlsx.temp_path(), ws, result, WorkbookOptions{opts.scenario, k_province_workbook_villages, opts.load_issues});
      if (!ok) ok.error().file = xlsx.target_path();
      return ok;
    } catch (const std::exception& e) {
      return error(ErrorCode::internal, std::string("writing the workbook failed: ") + e.what()).file(xlsx.target_path());
    }
  });
  auto done = beside();
  report_progress(opts.progress, 0.9, "finishing result.xlsx");
  auto book = workbook.get();
  if (!done) return done;
  return book;
}

// The page: composed whole, or, with the map rendering beside the outputs,
// before and after the map's place (the map is put in last, write_html).
struct ComposedPage {
  std::string whole;
  std::optional<PageAroundMap> around;
};

Result<ComposedPage> compose_html(const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts) {
  report_progress(opts.progress, 0.9, "composing report.html");
  ComposedPage page;
  if (opts.await_map) {
    page.around = check_report_around_map(ws, result, opts);
  } else {
    ASSIGN_OR_RETURN(page.whole, check_report_html(ws, result, opts));
  }
  return page;
}

// The page last: it embeds the map, which may still be rendering beside the
// other files.
Result<void> write_html(const util::AtomicOutput& out, ComposedPage& page, const ReportOptions& opts) {
  if (page.around) {
    report_progress(opts.progress, 0.9, "waiting for the map");
    ASSIGN_OR_RETURN(page.whole, page_with_map(*page.around, opts.await_map()));
    page.around.reset();
  }
  report_progress(opts.progress, 0.9, "writing report.html");
  return write_text_file(out.temp_path(), page.whole, out.target_path());
}

}  // namespace

Result<void> write_check_outputs(const std::string& dir, const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts) {
  TRY(check_inputs(dir, ws, result, opts));
  util::AtomicDirectory folder(dir);
  if (auto ok = folder.prepare(); !ok) return ok;
  std::vector<std::string> names;
  if (opts.write_gpkg) names.emplace_back("result.gpkg");
  if (opts.write_xlsx) names.emplace_back("result.xlsx");
  if (opts.write_html) names.emplace_back("report.html");
  for (const auto& name : names) {
    const fs::path target = fs::path(dir) / name;
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_regular_file(target, ec))
      return error(ErrorCode::io, "the output exists and is not a file").file(target.string()).hint("move it away or choose another --out folder");
  }
  // Declared after `folder`: destroyed first, so their temporary files are gone before the folder is removed.
  std::vector<util::AtomicOutput> outputs;
  outputs.reserve(names.size());
  for (const auto& name : names) outputs.emplace_back((fs::path(dir) / name).string());

  size_t k = 0;
  const util::AtomicOutput* gpkg = opts.write_gpkg ? &outputs[k++] : nullptr;
  const util::AtomicOutput* xlsx = opts.write_xlsx ? &outputs[k++] : nullptr;
  const util::AtomicOutput* html = opts.write_html ? &outputs[k++] : nullptr;
  // What reads the check's cells comes first: the workbook (on its thread) beside
  // the page and, when it builds its villages and gaps tables itself, the
  // GeoPackage. Then the cells can go (opts.composed) and the heap is trimmed
  // before the GeoPackage (SQLite's page cache, GDAL's features) is written
  // beside the map: at 100,000 villages the cells are ~0.27 GB (issue #16, ninth round).
  const bool gpkg_reads_cells = opts.villages_result == nullptr || opts.gaps == nullptr;
  ComposedPage page;
  const auto read_cells = [&]() -> Result<void> {
    if (gpkg != nullptr && gpkg_reads_cells) TRY(write_gpkg(*gpkg, ws, result, opts));
    if (html != nullptr) {
      ASSIGN_OR_RETURN(page, compose_html(ws, result, opts));
    }
    return {};
  };
  TRY(xlsx != nullptr ? write_xlsx_beside(*xlsx, ws, result, opts, read_cells) : read_cells());
  if (opts.composed) opts.composed();
  // What the workbook, the page and the caller freed goes back before the
  // GeoPackage and the map's largest allocations (the map's thread allocates in
  // an arena of its own).
  util::release_freed_heap();
  if (gpkg != nullptr && !gpkg_reads_cells) {
    TRY(write_gpkg(*gpkg, ws, result, opts));
    util::release_freed_heap();  // SQLite's page cache and GDAL's features, before the page waits for the map
  }
  if (html != nullptr) TRY(write_html(*html, page, opts));
  report_progress(opts.progress, 0.9, "syncing the outputs");
  if (auto ok = commit_all(outputs); !ok) return ok;
  return folder.commit();
}

}  // namespace jiuyou::report
