#include "src/viewer/ui_text.hpp"

#include <span>

#include "src/render/style.hpp"
#include "src/viewer/app_state.hpp"
#include "src/viewer/check/check_in_place.hpp"
#include "src/viewer/edit/edit_kinds.hpp"
#include "src/viewer/plan/plan_view.hpp"
#include "src/viewer/years/years_view.hpp"

namespace jiuyou::viewer {

namespace {

// The panels' literals with characters beyond ASCII, panel by panel
// (tests/viewer/ui_text_test.cpp checks none is missing from the font atlas).

// The inspector and the checklist.
const char* const k_inspector[] = {
    "(未知乡镇)",
    "%.0f m²",
    "%.2f 公顷",
    "%.3f km²",
    "达标",
    "不达标",
    "待核实",
    "—",
    "字段",
    "值",
    "(空)",
    "九有",
    "四网",
    "指标",
    "属于",
    "结果",
    "距离 m",
    "最近要素",
    "不达标 ",
    " 项",
    ", 待核实 ",
    "; 九有 ",
    ", 四网 ",
    "可出列",
    "不能出列",
    "出列评定: %s",
    "缺: %s",
    "没有核查结果: 运行 jiuyou check PROJECT --out DIR, 再打开 DIR/result.gpkg。",
    "缩放至该村",
    "取消选择",
    "九有清单 Checklist",
    "属性 Attributes",
    "缩放至要素",
    "要素 Inspector",
    "点击地图上的村庄或任一要素 (设施、道路、线路、基站、安置点、帮扶单位、结对连线) 查看其属性。",
};

// The layers, legend, measure and search panels.
const char* const k_panels[] = {
    "正在载入图层：（稍后显示，地图可先浏览）",  // scene_loader.cpp loading_note
    "图层 Layers",
    "上方的图层画在最上面",
    "不透明度 %.2f",
    "缩放至",
    "颜色",
    "地形晕渲 (DEM %dx%d)",
    "图例 Legend",
    "测量 Measure",
    "在地图上点击添加测量点",
    "坐标系 %s (米)",
    "%zu 个点",
    "长度: %s",
    "面积 (闭合): %s",
    "撤销上一点",
    "清除",
    "出列评定",
    "单色",
    "着色",
    "全部村庄",
    "不能出列的",
    "某项不达标的",
    "可出列的",
    "筛选 (地图、标注和图例计数)",
    "查找与筛选 Search",
    "村名或 12 位代码",
    "%zu 个结果%s",
    " (仅显示前 200)",
    "   WGS84  %.6f°E  %.6f°N",
    "光标不在地图上",
};

// The menus, zoom and summary.
const char* const k_menus[] = {
    "核查 Check",
    "运行核查",
    "核查失败: ",
    "视图 View",
    "图层",
    "查找与筛选",
    "村庄",
    "汇总",
    "图例",
    "状态栏",
    "测量",
    "属性表",
    "缩放 Zoom",
    "全部 (Home)",
    "所选村庄",
    "所选要素",
    "村庄图层",
    "汇总 Summary",
    "没有核查结果。运行 jiuyou check, 再打开 result.gpkg。",
    "%zu 个村, 可出列 %zu",
    "%s  (%zu 村, 可出列 %zu)",
    " 达标",
};

// The attribute table, planned edits and re-checks.
const char* const k_table_edit[] = {
    "选择图层",
    "图层##table",
    "属性表 Table",
    "缩放至所选",
    "选择一个图层查看其属性表; 点击表头排序, 点击行选中要素。",
    "九有 Jiuyou — ",
    "乡镇代码 %s",
    "规则集",
    "沥青",
    "水泥",
    "砂石",
    "土路",
    "完成这条线",
    "撤销",
    "重做",
    "规划编辑 Edit",
    "规划编辑",
    "要素##edit",
    "属性##edit",
    "在地图上点击放置",
    "在地图上画 (点击加点)",
    "草图 %zu 个点, 规划要素 %zu 个",
    "所选要素改为此属性",
    "该类要素没有可改的属性",
    "先在地图上选中一个该图层的要素",
    "该图层没有这个属性",
    "该要素已有规划修改, 先撤销那一步再改",
    "项目没有可加规划要素的图层。",
    "本地重新核查: %zu 个村, %.1f ms (CPU %.1f ms)",
    "本地重新核查失败: ",
    "重新着色失败: ",
    "保存并全县重新核查",
    "规划要素另存为 项目名-planned.gpkg (不改动项目的数据), 再按 jiuyou check 项目.toml --with 该文件 的同一流程核查全县, 结果在此显示。",
    "已保存: %s",
    "量",
    "核对",
    "从该村量起",
    " 起",
    ": 核查记录 ",
    "在地图上画出核查量得的距离 (从村到最近的合格要素), 可在测量面板中核对, 也可自己点两端复量。",
    "筛选条件, 如 surface = 'gravel' AND width_m < 4",
    "与规则集相同的条件写法: = <> < > IN (...) BETWEEN LIKE IS NULL AND OR NOT; 回车应用, 清空显示全部。",
    "选中全部",
    "%zu / %zu 行",
    "筛选条件有误: %s",
    "当前规则集: %s",
    "核查完成 (",
    "项目的规则集",
    "), 结果已写入 ",
    "  (界面字体无法重新载入)",
    "打开项目文件 (.toml), 或记录了项目的 result.gpkg, 才能在这里核查; 也可在命令行运行 jiuyou check 项目.toml --out 目录。",
};

// The 文件 menu, its export and atlas windows, and the basemap's row in the layers panel.
const char* const k_file[] = {
    "文件 File",
    "导出当前视图…",
    "乡镇图集…",
    "导出当前视图",
    "地图按窗口所见导出 (不含面板), 附标题、图例、比例尺和指北针",
    "文件",
    "%d×%d 像素",
    "导出",
    "导出失败: ",
    "已导出当前视图: %s (%d×%d 像素, %d DPI)",
    "乡镇图集",
    "每个乡镇一页: 地图、图例、比例尺、指北针和村庄表 (与 jiuyou atlas 相同)",
    "文件##atlas",
    "地图 DPI",
    "生成图集",
    "图集生成失败: ",
    "已生成乡镇图集: %s (%zu 页, %s)",
    "底图 (%s), 画在所有图层下面",
    "底图无法读取: ",
    "图面范围为空，无法读取底图",
};

}  // namespace

const std::vector<std::string>& ui_strings() {
  static const std::vector<std::string> strings = [] {
    std::vector<std::string> all;
    for (const auto& group : {std::span<const char* const>(k_inspector), std::span<const char* const>(k_panels), std::span<const char* const>(k_menus),
                              std::span<const char* const>(k_table_edit), std::span<const char* const>(k_file)})
      all.insert(all.end(), group.begin(), group.end());
    all.insert(all.end(), years_ui_strings().begin(), years_ui_strings().end());  // years/years_view.cpp
    all.insert(all.end(), plan_ui_strings().begin(), plan_ui_strings().end());    // plan/plan_view.cpp
    return all;
  }();
  return strings;
}

namespace {
// Collects the UTF-8 characters of many texts into one text, each character once.
struct DistinctCharacters {
  std::string text;
  std::vector<bool> seen = std::vector<bool>(0x110000, false);
  void add(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const auto b = static_cast<unsigned char>(s[i]);
      const size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
      if (i + n > s.size()) break;  // a cut character at the end: nothing to draw
      unsigned cp = n == 1 ? b : b & (0xFFu >> (n + 1));
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
      if (cp < seen.size() && !seen[cp]) {
        seen[cp] = true;
        text.append(s.substr(i, n));
      }
      i += n;
    }
  }
};
}  // namespace

std::vector<std::string> font_strings(const AppState& s) {
  std::vector<std::string> out = ui_strings();
  const auto& styles = render::style_strings();
  out.insert(out.end(), styles.begin(), styles.end());
  out.push_back(s.ws.name);
  out.push_back(s.project_path);
  out.push_back(s.message);
  out.push_back(s.progress);
  out.push_back(s.basemap.path);
  for (std::string& t : plan_font_strings(s)) out.push_back(std::move(t));  // the plan's project and village words
  for (const render::ItemInfo& i : s.item_info) out.push_back(i.name);
  for (const auto& [code, name] : township_names(s.ws)) out.push_back(name);
  for (const RuleSetChoice& r : rule_set_choices()) out.push_back(r.name_zh);  // 核查 › 规则集
  if (auto kinds = edit_kinds(s.ws))  // 规划编辑: the kinds and their choices (data/edit/kinds.toml)
    for (const EditKind& k : *kinds) {
      out.push_back(k.label);
      for (const auto& [value, label] : k.choices) out.push_back(label);
    }
  // The data's text values as the characters they hold, each once: a province's 1.8 million
  // features hold a few thousand distinct characters (copying every cell took ~1.5 s at opening).
  DistinctCharacters data_chars;
  for (const FeatureTable& t : s.ws.layers) {
    out.push_back(render::layer_title(t.name));
    for (const Column& c : t.columns) {
      out.push_back(c.name());
      if (c.type() != FieldType::text) continue;
      for (size_t i = 0; i < c.size(); ++i)
        if (!c.is_null(i)) data_chars.add(c.get_text(i));
    }
  }
  out.push_back(std::move(data_chars.text));
  return out;
}

}  // namespace jiuyou::viewer
