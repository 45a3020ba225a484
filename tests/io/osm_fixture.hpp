#pragma once
// A small county as OpenStreetMap would have it, written by hand as .osm XML
// (no binary fixture), and the same features in canonical form, for the
// import-osm tests. Coordinates near 110.2 E, 32.2 N (0.001 deg lon ~ 94 m,
// 0.001 deg lat ~ 111 m). The boundary is the square 110.10..110.30 x 32.10..32.30.
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "io/gdal_fixture.hpp"

namespace jiuyou::test {

using Tags = std::vector<std::pair<std::string, std::string>>;

struct OsmThing {
  std::string layer;                        // canonical layer it must become ("" : none)
  std::vector<std::pair<double, double>> xy;  // one point: a node; more: a way
  Tags tags;                                // as OSM has them
  std::vector<std::string> canonical;       // the canonical values (fields of the layer, see canonical_fields())
  std::vector<std::pair<double, double>> twin_xy;  // the canonical twin's geometry when it differs (clipped)

  OsmThing(std::string l, std::vector<std::pair<double, double>> p, Tags t, std::vector<std::string> c, std::vector<std::pair<double, double>> twin = {})
      : layer(std::move(l)), xy(std::move(p)), tags(std::move(t)), canonical(std::move(c)), twin_xy(std::move(twin)) {}
};

// The canonical fields the twin writes per layer, in the order of OsmThing::canonical.
inline std::vector<std::string> twin_fields(const std::string& layer) {
  if (layer == "villages") return {"code", "name"};
  if (layer == "roads") return {"class", "surface"};
  if (layer == "power" || layer == "power_points") return {"kind", "voltage_kv"};
  if (layer == "facilities") return {"kind"};
  if (layer == "broadband_towers") return {"kind", "tech"};
  return {};
}

inline std::vector<OsmThing> osm_county() {
  return {
      // 燕子山村: an asphalt county road 222 m away, a 10 kV line fed by a 110 kV substation 471 m away, a mast, a clinic, the 村委会.
      {"villages", {{110.155, 32.152}}, {{"place", "village"}, {"name", "燕子山村"}}, {"osm-n1", "燕子山村"}},
      // 小河村: only a road without surface and a line without voltage in reach.
      {"villages", {{110.202, 32.22}}, {{"place", "village"}, {"name", "小河村"}}, {"osm-n2", "小河村"}},
      // 高峰村: nothing in reach (a road tagged surface=paved lies 555 m away).
      {"villages", {{110.14, 32.28}}, {{"place", "village"}, {"name:zh", "高峰村"}, {"name", "Gaofeng"}}, {"osm-n3", "高峰村"}},
      // 界岭村 (a hamlet): only an earth track in reach.
      {"villages", {{110.26, 32.262}}, {{"place", "hamlet"}, {"name", "界岭村"}, {"addr:township", "得胜镇"}}, {"osm-n4", "界岭村"}},
      // outside the county
      {"", {{110.35, 32.15}}, {{"place", "village"}, {"name", "外村"}}, {}},
      // a town is not a village
      {"", {{110.22, 32.12}}, {{"place", "town"}, {"name", "溢水镇"}}, {}},
      // roads
      // crosses the boundary: clipped at 110.30
      {"roads", {{110.12, 32.15}, {110.35, 32.15}}, {{"highway", "secondary"}, {"surface", "asphalt"}}, {"county", "asphalt"}, {{110.12, 32.15}, {110.30, 32.15}}},
      {"roads", {{110.20, 32.20}, {110.20, 32.25}}, {{"highway", "unclassified"}}, {"village", ""}},
      {"roads", {{110.24, 32.26}, {110.28, 32.26}}, {{"highway", "track"}, {"tracktype", "grade4"}}, {"village", "earth"}},
      {"roads", {{110.13, 32.285}, {110.15, 32.285}}, {{"highway", "residential"}, {"surface", "paved"}}, {"village", ""}},
      {"", {{110.15, 32.16}, {110.16, 32.16}}, {{"highway", "footway"}}, {}},  // not a road for vehicles
      // power
      {"power_points", {{110.16, 32.14}}, {{"power", "substation"}, {"voltage", "110000;10000"}, {"name", "城关变"}}, {"substation", "110"}},
      {"power", {{110.16, 32.14}, {110.16, 32.16}}, {{"power", "line"}, {"voltage", "10000"}}, {"line", "10"}},
      {"power", {{110.21, 32.20}, {110.21, 32.24}}, {{"power", "minor_line"}}, {"line", ""}},
      {"power", {{110.29, 32.11}, {110.29, 32.13}}, {{"power", "line"}, {"voltage", "500000;220000"}}, {"line", "500"}},
      // facilities and a mast
      {"facilities", {{110.156, 32.153}}, {{"amenity", "clinic"}, {"name", "燕子山村卫生室"}}, {"clinic"}},
      {"facilities", {{110.154, 32.151}}, {{"office", "government"}, {"name", "燕子山村村委会"}}, {"service_center"}},
      {"", {{110.23, 32.121}}, {{"office", "government"}, {"name", "溢水镇人民政府"}}, {}},  // a township government
      {"broadband_towers", {{110.15, 32.15}}, {{"man_made", "mast"}, {"tower:type", "communication"}, {"communication:mobile_phone", "lte"}}, {"tower", "4g"}},
  };
}

inline std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// The things as .osm XML: points are nodes 1, 2, ...; ways get nodes 1000+ and ids 1, 2, ...
inline void write_osm_xml(const std::filesystem::path& path, const std::vector<OsmThing>& things) {
  std::string nodes, vertices, ways;  // OSM files list nodes by increasing id, then ways
  long node_id = 1, vertex_id = 1000, way_id = 1;
  auto tags_xml = [](const Tags& tags) {
    std::string t;
    for (const auto& [k, v] : tags) t += "    <tag k=\"" + xml_escape(k) + "\" v=\"" + xml_escape(v) + "\"/>\n";
    return t;
  };
  auto node = [&](std::string& into, long id, double x, double y, const std::string& body) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  <node id=\"%ld\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"", id, y, x);
    into += std::string(buf) + (body.empty() ? "/>\n" : ">\n" + body + "  </node>\n");
  };
  for (const auto& t : things) {
    if (t.xy.size() == 1) {
      node(nodes, node_id++, t.xy[0].first, t.xy[0].second, tags_xml(t.tags));
      continue;
    }
    std::string refs;
    for (const auto& [x, y] : t.xy) {
      node(vertices, vertex_id, x, y, "");
      refs += "    <nd ref=\"" + std::to_string(vertex_id++) + "\"/>\n";
    }
    ways += "  <way id=\"" + std::to_string(way_id++) + "\" version=\"1\">\n" + refs + tags_xml(t.tags) + "  </way>\n";
  }
  std::ofstream(path) << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"jiuyou test\">\n" << nodes << vertices << ways << "</osm>\n";
}

inline std::string wkt_of(const OsmThing& t) {
  const auto& xy = t.twin_xy.empty() ? t.xy : t.twin_xy;
  std::string w = xy.size() == 1 ? "POINT (" : "LINESTRING (";
  for (size_t i = 0; i < xy.size(); ++i) w += (i ? ", " : "") + std::to_string(xy[i].first) + " " + std::to_string(xy[i].second);
  return w + ")";
}

inline void write_boundary(const std::filesystem::path& path) {
  write_fixture("GPKG", path.string(), "county", 4326, wkbPolygon, {{"name", OFTString}, {"adcode", OFTString}},
                {{"POLYGON ((110.10 32.10, 110.30 32.10, 110.30 32.30, 110.10 32.30, 110.10 32.10))", {"竹山县", "420323"}}});
}

// The same county in canonical form: one GeoPackage per layer and a project file.
inline std::filesystem::path write_canonical_twin(const std::filesystem::path& dir, const std::vector<OsmThing>& things, const std::string& rules = "hubei-2017") {
  std::string project = "[project]\nname = \"twin\"\nmetric_crs = \"auto\"\nrules = \"" + rules + "\"\n";
  write_boundary(dir / "county.gpkg");
  project += "\n[layers.county]\npath = \"county.gpkg\"\n";
  for (const std::string layer : {"villages", "roads", "power", "power_points", "facilities", "broadband_towers"}) {
    std::vector<FixtureField> fields;
    for (const auto& f : twin_fields(layer)) fields.push_back({f, f == "voltage_kv" ? OFTReal : OFTString});
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    for (const auto& t : things)
      if (t.layer == layer) rows.emplace_back(wkt_of(t), t.canonical);
    write_fixture("GPKG", (dir / (layer + ".gpkg")).string(), layer, 4326, rows.front().first[0] == 'P' ? wkbPoint : wkbLineString, fields, rows);
    project += "\n[layers." + layer + "]\npath = \"" + layer + ".gpkg\"\n";
  }
  std::ofstream(dir / "project.toml") << project;
  return dir / "project.toml";
}

}  // namespace jiuyou::test
