// The raw county's tables: the clean layers with the office's field names and
// words (see raw_spelling.hpp for the words), and the GCJ-02 offset of Amap data.
#include <cstdio>
#include <map>

#include "gis/crs/crs.hpp"
#include "gis/synth/raw_county.hpp"
#include "gis/synth/raw_spelling.hpp"

namespace jiuyou::synth {

const Spellings& spellings(RawSpelling s) {
  static const Spellings common{
      .road_class = {{"national", {"国道"}}, {"provincial", {"省道"}}, {"county", {"县道"}}, {"township", {"乡道"}}, {"village", {"村道"}}, {"other", {"机耕路"}}},
      .surface = {{"asphalt", {"沥青"}}, {"concrete", {"水泥"}}, {"gravel", {"砂石"}}, {"earth", {"土路"}}},
      .facility = {{"clinic", {"村卫生室"}}, {"service_center", {"党员群众服务中心"}}, {"culture", {"文化室"}}, {"school", {"小学"}},
                   {"market", {"集贸市场"}}, {"cooperative", {"农民专业合作社"}}},
      .yes = "是",
      .no = "否",
      .class_from_route = false,
      .money_as_text = true,
      .header_row = 0,
      .explicit_values = {{"roads", "class", "机耕路", "other"}},
  };
  static const Spellings other{
      .road_class = {},
      .surface = {{"asphalt", {"柏油"}}, {"concrete", {"砼", "水泥混凝土", "水泥砼"}}, {"gravel", {"泥结碎石", "碎石"}}, {"earth", {"土", "泥土"}}},
      .facility = {{"clinic", {"卫生室"}}, {"service_center", {"村级组织活动场所"}}, {"culture", {"农家书屋", "文化广场"}}, {"school", {"教学点", "小学"}},
                   {"market", {"集市"}}, {"cooperative", {"合作社"}}},
      .yes = "有",
      .no = "无",
      .class_from_route = true,
      .money_as_text = false,
      .header_row = 2,
      .explicit_values = {{"roads", "surface", "水泥砼", "concrete"}, {"facilities", "kind", "集市", "market"}},
  };
  return s == RawSpelling::common ? common : other;
}

std::string spell(const std::vector<Words>& words, std::string_view canonical, size_t row) {
  for (const auto& w : words)
    if (w.canonical == canonical && !w.spellings.empty()) return w.spellings[row % w.spellings.size()];
  return {};
}

const std::vector<StatColumn>& stat_columns() {
  using K = StatColumn::Kind;
  static const std::vector<StatColumn> cols{
      {"村代码", "code", K::text},
      {"乡镇", "", K::text},  // the township's name (filled from the townships layer)
      {"村名", "name", K::text},
      {"贫困户数", "poor_households", K::count},
      {"贫困人口", "poor_population", K::count},
      {"村集体经济收入（元）", "collective_income", K::money},
      {"人均可支配收入（元）", "income_per_capita", K::money},
      {"收入增长率", "income_growth", K::ratio},
      {"有主导产业", "has_leading_industry", K::boolean},
      {"乡有产业规模", "township_industry_scale", K::boolean},
      {"有项目贫困户数", "poor_households_with_project", K::count},
      {"合作社数", "cooperatives", K::count},
      {"贫困人口参保率", "poor_insured_share", K::ratio},
      {"危房户数", "unsafe_houses_poor", K::count},
      {"搬迁户数", "relocate_households", K::count},
  };
  return cols;
}

const std::vector<ThemeLayer>& theme_layers() {
  const std::vector<Words> water_kind{{"pipe", {"供水管网"}}, {"plant", {"集中供水水厂"}}, {"service_area", {"供水范围"}}};
  const std::vector<Words> power_kind{{"line", {"10kV线路"}}, {"substation", {"变电站"}}, {"transformer", {"变压器"}}};
  const std::vector<Words> band_kind{{"coverage", {"信号覆盖"}}, {"tower", {"基站"}}, {"fiber", {"光缆"}}};
  const std::vector<Words> tech{{"4g", {"4G"}}, {"5g", {"5G"}}, {"fiber", {"光纤"}}};
  const std::vector<ThemeColumn> water{{"kind", "类型", water_kind}, {"safe", "水质达标", {}}};
  const std::vector<ThemeColumn> power{{"kind", "类型", power_kind}, {"voltage_kv", "电压", {}}, {"capacity_kva", "容量", {}}};
  static const std::vector<ThemeLayer> layers{
      {"water", water},
      {"water_plants", water},
      {"water_areas", water},
      {"power", power},
      {"power_points", power},
      {"broadband", {{"kind", "类型", band_kind}, {"tech", "制式", tech}}},
      {"broadband_towers", {{"kind", "类型", band_kind}, {"tech", "制式", tech}, {"radius_m", "半径", {}}}},
      {"broadband_fiber", {{"kind", "类型", band_kind}, {"tech", "制式", tech}}},
      {"hazards", {{"kind", "灾害类型", {{"landslide", {"滑坡"}}, {"debris_flow", {"泥石流"}}, {"collapse", {"崩塌"}}, {"flood", {"山洪"}}}}, {"level", "level", {}}}},
      {"protected", {{"kind", "类型", {{"basic_farmland", {"永久基本农田"}}, {"ecological_redline", {"生态保护红线"}}, {"reserve", {"自然保护区"}}}}}},
  };
  return layers;
}

namespace {

FeatureTable same_geometry(const FeatureTable& from, const std::string& name) {
  FeatureTable t;
  t.name = name;
  t.crs = from.crs;
  t.geometry = from.geometry;
  t.fid = from.fid;
  return t;
}

// Copies column `from` of `src` into a new column `to` of `dst` (same type).
void copy_column(FeatureTable& dst, const FeatureTable& src, const char* from, const char* to) {
  const Column* c = src.column(from);
  Column out(to, c->type());
  for (size_t r = 0; r < src.size(); ++r) out.append_from(*c, r);
  dst.columns.push_back(std::move(out));
}

std::map<std::string, std::string> township_names(const SynthCounty& county) {
  std::map<std::string, std::string> names;
  const Column* code = county.townships.column("code");
  const Column* name = county.townships.column("name");
  for (size_t r = 0; r < county.townships.size(); ++r) names[code->as_text(r)] = name->as_text(r);
  return names;
}

// The route number of a road piece: its own name (G209, S236, X301, Y001),
// else a number by class (C… village roads); farm tracks have none.
std::string route_number(const FeatureTable& roads, size_t row, int& village_no) {
  const Column* name = roads.column("name");
  if (!name->is_null(row)) return name->as_text(row);
  if (roads.column("class")->as_text(row) != "village") return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "C%03d", 1 + (village_no++ % 999));
  return buf;
}

}  // namespace

FeatureTable raw_villages(const SynthCounty& county, bool as_points) {
  const FeatureTable& src = county.villages;
  // Point villages (a large county) have no separate points layer: both variants hold the points.
  const bool own_points = as_points && county.village_points.size() == src.size();
  FeatureTable t = same_geometry(own_points ? county.village_points : src, "villages");
  t.fid = src.fid;
  copy_column(t, src, "code", raw_field::code);
  copy_column(t, src, "name", raw_field::name);
  copy_column(t, src, "township", raw_field::township_code);
  const auto names = township_names(county);
  Column township(raw_field::township, FieldType::text);
  const Column* tw = src.column("township");
  for (size_t r = 0; r < src.size(); ++r) {
    const auto it = names.find(tw->as_text(r));
    if (it == names.end()) township.push_null();
    else township.push_text(it->second);
  }
  t.columns.push_back(std::move(township));
  copy_column(t, src, "population", raw_field::population);
  copy_column(t, src, "households", raw_field::households);
  copy_column(t, src, "elevation_m", raw_field::elevation);
  return t;
}

FeatureTable raw_roads(const SynthCounty& county, const RawParams& params) {
  const Spellings& words = spellings(params.spelling);
  const FeatureTable& src = county.roads;
  FeatureTable t = same_geometry(src, "roads");
  Column cls(raw_field::road_class, FieldType::text), route(raw_field::route, FieldType::text), surface(raw_field::surface, FieldType::text);
  int village_no = 0;
  for (size_t r = 0; r < src.size(); ++r) {
    const std::string number = route_number(src, r, village_no);
    if (number.empty()) route.push_null();
    else route.push_text(number);
    cls.push_text(spell(words.road_class, src.column("class")->as_text(r), r));
    surface.push_text(spell(words.surface, src.column("surface")->as_text(r), r));
  }
  if (!words.class_from_route) t.columns.push_back(std::move(cls));
  t.columns.push_back(std::move(route));
  t.columns.push_back(std::move(surface));
  copy_column(t, src, "width_m", raw_field::width);
  return t;
}

FeatureTable raw_facilities(const SynthCounty& county, const RawParams& params) {
  const Spellings& words = spellings(params.spelling);
  const FeatureTable& src = county.facilities;
  std::map<std::string, std::string> village_name;
  for (size_t r = 0; r < county.villages.size(); ++r) village_name[county.villages.column("code")->as_text(r)] = county.villages.column("name")->as_text(r);
  FeatureTable t = same_geometry(src, "facilities");
  Column name(raw_field::facility_name, FieldType::text), kind(raw_field::facility_kind, FieldType::text), doctor(raw_field::doctor, FieldType::text);
  const Column* code = src.column("village_code");
  const Column* qualified = src.column("qualified_doctor");
  for (size_t r = 0; r < src.size(); ++r) {
    const std::string k = spell(words.facility, src.column("kind")->as_text(r), r);
    kind.push_text(k);
    const auto it = code->is_null(r) ? village_name.end() : village_name.find(code->as_text(r));
    name.push_text(it == village_name.end() ? k : it->second + k);
    if (qualified->is_null(r)) doctor.push_null();
    else doctor.push_text(qualified->get_bool(r) ? words.yes : words.no);
  }
  t.columns.push_back(std::move(name));
  t.columns.push_back(std::move(kind));
  copy_column(t, src, "village_code", raw_field::code);
  t.columns.push_back(std::move(doctor));
  return t;
}

FeatureTable raw_theme(const FeatureTable& src, const ThemeLayer& theme, const RawParams& params) {
  const Spellings& words = spellings(params.spelling);
  FeatureTable t = same_geometry(src, src.name);
  for (const auto& tc : theme.columns) {
    const Column* c = src.column(tc.canonical);
    const bool worded = !tc.words.empty() || c->type() == FieldType::boolean;
    Column out(tc.office, worded ? FieldType::text : c->type());
    for (size_t r = 0; r < src.size(); ++r) {
      if (c->is_null(r)) out.push_null();
      else if (c->type() == FieldType::boolean) out.push_text(c->get_bool(r) ? words.yes : words.no);
      else if (!tc.words.empty()) out.push_text(spell(tc.words, c->as_text(r), r));
      else out.append_from(*c, r);
    }
    t.columns.push_back(std::move(out));
  }
  return t;
}

Result<void> to_gcj02(FeatureTable& table) {
  if (auto ok = crs::transform_table(table, CrsRef::epsg(4490)); !ok) return ok;
  auto& xy = table.geometry.xy;
  for (size_t i = 0; i + 1 < xy.size(); i += 2) {
    const Vec2 g = crs::wgs84_to_gcj02({xy[i], xy[i + 1]});
    xy[i] = g.x;
    xy[i + 1] = g.y;
  }
  table.crs = CrsRef::epsg(4326);
  return {};
}

}  // namespace jiuyou::synth
