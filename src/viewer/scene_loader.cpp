#include "src/viewer/scene_loader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "gis/io/schema.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/style.hpp"
#include "src/viewer/app_state.hpp"

namespace jiuyou::viewer {

SceneSplit split_for_first_frame(const Workspace& ws, size_t max_vertices) {
  SceneSplit out;
  for (const FeatureTable& t : ws.layers) {
    const bool heavy = max_vertices > 0 && t.name != io::target_layer && t.geometry.vertex_count() > max_vertices;
    (heavy ? out.later : out.first).push_back(t.name);
  }
  if (ws.dem && !ws.dem->empty()) (out.later.empty() ? out.first : out.later).push_back("dem");
  return out;
}

Workspace scene_copy(const Workspace& ws) {
  static constexpr std::array<std::string_view, 4> k_label_columns{"name", "population", "failed_count", "length_m"};
  Workspace out;
  out.name = ws.name;
  out.metric_crs = ws.metric_crs;
  out.dem = ws.dem;
  out.layers.reserve(ws.layers.size());
  for (const FeatureTable& t : ws.layers) {
    FeatureTable& c = out.layers.emplace_back();
    c.name = t.name;
    c.crs = t.crs;
    c.geometry = t.geometry;
    c.fid = t.fid;
    for (const Column& col : t.columns)
      if (std::find(k_label_columns.begin(), k_label_columns.end(), col.name()) != k_label_columns.end()) c.columns.push_back(col);
  }
  return out;
}

SceneLoader::SceneLoader(const Workspace& ws, std::vector<std::string> later, std::function<void()> gate)
    : m_later(std::move(later)) {
  m_scene = std::async(std::launch::async, [copy = scene_copy(ws), gate = std::move(gate)]() {
    if (gate) gate();
    return Loaded{render::build_scene(copy), std::nullopt};
  });
}

SceneLoader::SceneLoader(ReadDocument read, std::vector<std::string> later, std::function<void()> gate)
    : m_later(std::move(later)), m_reads_document(true) {
  m_scene = std::async(std::launch::async, [read = std::move(read), gate = std::move(gate)]() {
    if (gate) gate();
    Loaded out;
    out.doc = read();
    if (*out.doc) out.scene = render::build_scene((*out.doc)->ws);
    return out;
  });
}

SceneLoader::~SceneLoader() {
  if (m_scene.valid()) m_scene.wait();
}

bool SceneLoader::ready() const {
  return m_scene.valid() && m_scene.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

void SceneLoader::wait() const {
  if (m_scene.valid()) m_scene.wait();
}

SceneLoader::Loaded SceneLoader::take() { return m_scene.get(); }

Result<void> install_full_scene(AppState& s, const render::Scene& scene) {
  std::map<std::string, std::pair<bool, float>> shown;  // layer -> visible, opacity, as the user left them
  for (const LayerUi& l : s.layers) shown[l.name] = {l.visible, l.opacity};
  TRY(attach_scene(s, scene));
  for (LayerUi& l : s.layers)
    if (const auto it = shown.find(l.name); it != shown.end()) std::tie(l.visible, l.opacity) = it->second;
  sync_layers(s);
  return {};
}

Result<void> install_document(AppState& s, render::Document doc, const render::Scene& scene) {
  load_workspace(s, std::move(doc.ws));
  for (const std::string& note : doc.notes)
    if (s.message.find(note) == std::string::npos) s.message += (s.message.empty() ? "" : "  ") + note;
  // The selection stays: the villages (and the county) are the same rows in the whole document.
  const FeatureTable* picked = s.picked ? s.ws.layer(s.picked->layer) : nullptr;
  if (s.picked && (!picked || s.picked->row >= picked->size())) clear_selection(s);
  if (s.hovered && (!s.villages() || *s.hovered >= s.villages()->size())) s.hovered.reset();
  s.search_hits = s.village_search.find(s.search);
  s.table_dirty = true;
  s.style_dirty = true;
  s.font_dirty = true;  // the other layers' text
  return install_full_scene(s, scene);
}

std::string loading_note(const std::vector<std::string>& later) {
  std::string titles;
  for (const std::string& name : later) {
    if (name == "dem" || render::layer_title(name) == name) continue;  // the hillshade, tables without a map title (county_summary)
    titles += (titles.empty() ? "" : "、") + render::layer_title(name);
  }
  return "正在载入图层：" + titles + "（稍后显示，地图可先浏览）";
}

}  // namespace jiuyou::viewer
