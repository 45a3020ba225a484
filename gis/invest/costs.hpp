#pragma once
// The unit costs of construction per check item (data/costs/*.toml): which
// feature fixes a failing item, where it is added, and what it costs. Units
// are checked: a line is priced per km, a point per unit; money in CNY or 万元.
#include <string>
#include <vector>

#include "gis/model/column.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::invest {

// line: a new line along the gap line; point: a feature in the village;
// upgrade: raise existing features of the `into` layer (pave gravel/earth roads)
// along the cheapest route on their graph to the connected qualifying network.
enum class Shape : unsigned char { line, point, upgrade };

// An upgrade's unit cost is multiplied by the factor of the feature's value in
// `by_field` (surface: gravel 1.0, earth 1.3) and by the slope class of the
// feature's mean slope over the DEM (first class whose max_slope it does not exceed).
struct SlopeClass {
  double max_slope = 0;  // rise over run, e.g. 0.08
  double factor = 1;
};

// One canonical field of the planned feature and its value.
struct FeatureValue {
  std::string field;
  FieldType type = FieldType::text;
  std::string text;
  double number = 0;
  bool flag = false;
};

// The factor of the first class whose max_slope the slope does not exceed (the
// last class's beyond it; 1 without classes).
double slope_class_factor(const std::vector<SlopeClass>& classes, double slope);

// [build.<item>.path]: a new line follows a least-cost path over the DEM
// (terrain_path.hpp) instead of the straight gap line × detour factor.
struct PathRule {
  bool enabled = false;
  std::vector<std::string> avoid;        // polygon layers it may not cross (hazards, protected)
  std::vector<std::string> bridge_over;  // layers crossed by a bridge (rivers)
  double bridge_cny = 0;                 // per bridge
  double max_slope = 1e9;                // steeper cells are impassable
  double margin_m = 1000;                // the window around the village and the network
  std::vector<SlopeClass> slope_classes;
};

// [build.<item>.along]: a new line (a 10 kV extension) follows the roads of
// `layer` where the road graph joins a point within snap_m of the village to
// one within snap_m of the nearest connected qualifying point, and the route
// is at most max_ratio × the straight gap line; priced by its own length.
struct AlongRule {
  bool enabled = false;
  std::string layer;
  double snap_m = 300;
  double max_ratio = 2.5;
  std::string route_zh = "沿现有道路架设";  // said in 建设内容 (fibre: 沿现有道路敷设光缆)
};

// [build.<item>.site]: a point build (a tower) may also stand at the highest
// DEM cell within search_m of a village and fix every village it covers: the
// village inside the tower's radius (radius_m of its feature) and its point
// visible from the mast over the DEM (GDAL's viewshed).
// A site away from the village also needs an access track and a power drop
// from the nearest feature of the `access_from` layers (roads, power lines):
// access_cny_per_m × that distance × the detour factor is added to its cost.
struct SiteRule {
  bool enabled = false;
  double search_m = 1500;
  double mast_m = 40;
  double target_m = 2;
  double access_cny_per_m = 0;
  std::vector<std::string> access_from;
};

struct Build {
  std::string item;        // the rule item id it fixes
  std::string name_zh;     // 通村公路硬化 (项目名称)
  std::string content_zh;  // 建设内容
  Shape shape = Shape::line;
  std::string into;        // the project layer the feature is added to
  double cost_cny = 0;     // per km (line) or per unit (point), CNY
  double lift_cny_per_m = 0;  // lines: per metre of height beyond the item's max_vertical_m
  std::vector<FeatureValue> feature;
  std::string source;
  // upgrade only: which existing features may be raised, and at what factor.
  std::string by_field;
  std::vector<std::pair<std::string, double>> value_factor;  // value of by_field -> factor; others are not upgradable
  std::vector<SlopeClass> slope_classes;                     // increasing max_slope; empty: factor 1
  PathRule path;                                             // line only
  AlongRule along;                                           // line only
  SiteRule site;                                             // point only
  [[nodiscard]] double factor_of(const std::string& value) const;  // 0: not upgradable
  [[nodiscard]] double slope_factor(double slope) const;
};

struct CostTable {
  std::string file;
  std::string name_zh;
  double detour_factor = 1.0;
  std::vector<Build> builds;
  // Costs outside their plausible range (data/costs/plausible.toml) that no unit slip explains:
  // said on the console and at the top of invest.html (tour 15 P1).
  std::vector<std::string> warnings_zh;
  // The new-construction build (line or point) for an item.
  [[nodiscard]] const Build* find(const std::string& item) const;
  // Every new-construction build for an item, find(item) first, then its
  // alternatives (tables with `item = "<id>"`: a village water works beside the pipe).
  [[nodiscard]] std::vector<const Build*> builds_for(const std::string& item) const;
  // The upgrade build for an item (shape upgrade, `item = "road"`), if any.
  [[nodiscard]] const Build* find_upgrade(const std::string& item) const;
};

// A shipped id (data/costs/<id>.toml) or a path. Errors (ErrorCode::rules, exit 7)
// name the file, the [build.<item>] and the key.
Result<CostTable> load_costs(const std::string& id_or_path);
Result<CostTable> parse_costs(const std::string& toml_text, const std::string& file);

}  // namespace jiuyou::invest
