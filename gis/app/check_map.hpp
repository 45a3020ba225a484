#pragma once
// The check's map rendered on a thread of its own while result.gpkg and
// result.xlsx are written (issue #16: on two cores the map and the workbook
// overlap instead of adding up). The workspace's layers are lent — moved, not
// copied — to the map's workspace, with the villages result table in place of
// the input villages and the gaps added; the outputs read the very same tables
// through a view (the input villages straight from the workspace). Nothing is
// changed while the map renders; the layers go back when it is done.
#include <functional>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::app {

// What the map writer gets: the layers to draw and where the PNG goes. It runs
// on its own thread and may only read `shown` (the outputs read it meanwhile).
// The renderer lives outside gis/, so the front end passes the writer in.
struct MapRequest {
  const Workspace& shown;
  std::string png_path;
  bool what_if = false;  // check --with: planned works counted, the map's title must say so
};
using MapWriter = std::function<Result<void>(const MapRequest&)>;

class MapBeside {
 public:
  MapBeside(Workspace& ws, FeatureTable villages_result, FeatureTable gaps);
  ~MapBeside();  // waits for the map, then gives the layers back
  MapBeside(const MapBeside&) = delete;
  MapBeside& operator=(const MapBeside&) = delete;

  // The layers as the outputs read them: the input villages and every other layer.
  [[nodiscard]] const WorkspaceView& outputs_view() const { return m_view; }
  [[nodiscard]] const FeatureTable& villages_result() const { return m_shown.layers[m_villages_at]; }
  [[nodiscard]] const FeatureTable& gaps() const { return m_shown.layers.back(); }

  // Starts rendering into png_path on a thread of its own.
  void start(const MapWriter& writer, std::string png_path, bool what_if = false);
  // Waits for the map (at once when none was started): its PNG path, or empty
  // with note() saying why there is none.
  std::string wait();
  [[nodiscard]] const std::string& note() const { return m_note; }

 private:
  void give_back();

  Workspace& m_ws;
  Workspace m_shown;
  WorkspaceView m_view;
  std::vector<std::pair<size_t, size_t>> m_lent;  // (workspace layer, shown layer)
  size_t m_villages_at = 0;
  std::future<Result<void>> m_map;
  std::string m_png, m_note;
  bool m_waited = false;
};

}  // namespace jiuyou::app
