#include "gis/io/schema.hpp"
#include "gis/app/check_map.hpp"

#include <exception>

namespace jiuyou::app {

MapBeside::MapBeside(Workspace& ws, FeatureTable villages_result, FeatureTable gaps) : m_ws(ws) {
  m_shown.name = ws.name;
  m_shown.metric_crs = ws.metric_crs;
  m_shown.dem = std::move(ws.dem);
  m_view.name = ws.name;
  m_view.metric_crs = ws.metric_crs;
  m_shown.layers.reserve(ws.layers.size() + 2);  // no reallocation: the view points into it
  m_villages_at = ws.layers.size();
  for (size_t i = 0; i < ws.layers.size(); ++i) {
    if (ws.layers[i].name == io::target_layer && m_villages_at == ws.layers.size()) {
      m_villages_at = m_shown.layers.size();
      m_shown.layers.push_back(std::move(villages_result));
    } else {
      m_lent.emplace_back(i, m_shown.layers.size());
      m_shown.layers.push_back(std::move(ws.layers[i]));
    }
  }
  if (m_villages_at == ws.layers.size()) {  // no villages layer: the result table is drawn on its own
    m_villages_at = m_shown.layers.size();
    m_shown.layers.push_back(std::move(villages_result));
  }
  m_shown.layers.push_back(std::move(gaps));
  // The view in the workspace's order: lent layers where they are now, the input villages where they were.
  size_t next = 0;
  for (size_t i = 0; i < ws.layers.size(); ++i) {
    const bool lent = next < m_lent.size() && m_lent[next].first == i;
    m_view.layers.push_back(lent ? &m_shown.layers[m_lent[next++].second] : &ws.layers[i]);
  }
  m_view.dem = m_shown.dem ? &*m_shown.dem : nullptr;
}

MapBeside::~MapBeside() {
  if (m_map.valid()) m_map.wait();
  give_back();
}

void MapBeside::give_back() {
  m_ws.dem = std::move(m_shown.dem);
  for (const auto& [i, k] : m_lent) m_ws.layers[i] = std::move(m_shown.layers[k]);
}

void MapBeside::start(const MapWriter& writer, std::string png_path, bool what_if) {
  m_png = std::move(png_path);
  m_map = std::async(std::launch::async, [this, writer, what_if]() -> Result<void> {
    try {
      return writer(MapRequest{m_shown, m_png, what_if});
    } catch (const std::exception& e) {  // a thread must not end the process: the map is optional
      return error(ErrorCode::internal, std::string("the map could not be rendered: ") + e.what());
    }
  });
}

std::string MapBeside::wait() {
  if (!m_map.valid()) return m_waited ? m_png : std::string();
  m_waited = true;
  const Result<void> ok = m_map.get();
  if (!ok) {
    m_note = ok.error().to_string();
    m_png.clear();
  }
  return m_png;
}

}  // namespace jiuyou::app
