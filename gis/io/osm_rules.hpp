#pragma once
// Which OpenStreetMap features become which canonical layer, as data: the
// [[import]] rules of a vocabulary file (data/vocab/osm.toml, user guide in
// docs/osm.md), and the tags of a feature as GDAL's OSM driver gives them.
// Pure functions: no GDAL here (gis/io/osm_import.cpp reads the extract).
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/geometry.hpp"

namespace jiuyou::io {

using OsmTags = std::map<std::string, std::string>;

struct OsmRule {
  std::string layer;                             // canonical layer: villages, roads, power_points ...
  GeometryKind geometry = GeometryKind::point;   // point (areas become a point inside them) or line
  // every key must hold one of its values: "*" any value, "*村委会" a value ending so
  std::vector<std::pair<std::string, std::vector<std::string>>> match;
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;  // canonical field -> tags, first present wins
  std::vector<std::pair<std::string, std::string>> set;                  // canonical field -> value for every feature

  [[nodiscard]] bool matches(const OsmTags& tags) const;
  // canonical field -> the raw value of this feature (fields without a tag are left out)
  [[nodiscard]] std::map<std::string, std::string> values(const OsmTags& tags) const;
  // The canonical fields the rule can fill, in rule order.
  [[nodiscard]] std::vector<std::string> field_names() const;
};

Result<std::vector<OsmRule>> parse_osm_rules(const std::string& text, const std::string& path);
// The [[import]] rules of a vocabulary (id as in load_vocabulary, or a .toml path).
Result<std::vector<OsmRule>> load_osm_rules(const std::string& vocabulary);

// GDAL's OSM driver puts tags without their own column into other_tags, written
// as an hstore: "key"=>"value","k2"=>"v2" (\" and \\ escaped). Malformed tails are dropped.
OsmTags parse_hstore(std::string_view text);

}  // namespace jiuyou::io
