#include "gis/io/project.hpp"

#include "gis/io/basemap_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gdal.h>
#include <ogr_api.h>
#include <toml++/toml.h>

#include "gis/io/schema.hpp"
#include "gis/util/text.hpp"
#include "gis/util/toml_error.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
}

std::string resolve_path(const std::string& dir, const std::string& p) {
  if (p.rfind("PG:", 0) == 0 || p.rfind("/vsi", 0) == 0 || p.find("://") != std::string::npos) return p;
  fs::path path(p);
  if (path.is_absolute() || dir.empty()) return p;
  return (fs::path(dir) / path).lexically_normal().string();
}

const std::vector<std::string> k_layer_keys = {"path", "layer", "crs", "encoding", "fields", "x", "y", "wkt", "join_to", "join_key",
                                               "vocabulary", "header_row", "values", "units"};
constexpr std::uintmax_t k_max_project_bytes = 4u << 20;  // 4 MiB: a project names layers, it holds no data
const std::vector<std::string> k_project_keys = {"name", "metric_crs", "rules", "reference_codes"};
std::string source_pos(const toml::source_region& r) {
  return "line " + std::to_string(r.begin.line);
}

// The tables a project file may hold: [project], [layers.*] and [basemap] read
// here, [pair] by pair/params.cpp, [relocate] by relocate/params.cpp.
const std::vector<std::string> k_project_tables = {"project", "layers", "basemap", "pair", "relocate"};

// A misspelt table ([pairs], [Pair], [relocation]) would be skipped and its
// command run on the defaults without a word (tour 11 K8): refused, as a
// misspelt key inside a table is.
Result<void> check_top_level(const toml::table& tbl, const std::string& path) {
  for (const auto& [k, v] : tbl) {
    const std::string ks(k.str());
    if (std::find(k_project_tables.begin(), k_project_tables.end(), ks) != k_project_tables.end()) continue;
    const std::string meant = util::nearest_name(ks, k_project_tables);
    std::string all;
    for (const auto& n : k_project_tables) all += (all.empty() ? "" : ", ") + n;
    return error(ErrorCode::project, std::string(v.is_table() ? "unknown table [" + ks + "]" : "unknown top-level key " + ks) + " at " + source_pos(v.source()))
        .file(path)
        .hint((meant.empty() ? std::string() : "did you mean '" + meant + "'? ") + "known tables: " + all);
  }
  return {};
}


using util::edit_distance;

// "did you mean 'fields'? " for a key one or two edits away from a known one.
std::string did_you_mean(const std::string& key) {
  for (const auto& k : k_layer_keys)
    if (edit_distance(key, k) <= 2) return "did you mean '" + k + "'? ";
  return {};
}

Result<void> check_layer_keys(const std::string& lname, const toml::table& lt, const std::string& path) {
  for (const auto& [k, v] : lt) {
    const std::string ks(k.str());
    if (std::find(k_layer_keys.begin(), k_layer_keys.end(), ks) == k_layer_keys.end())
      return error(ErrorCode::project, "unknown key layers." + lname + "." + ks + " at " + source_pos(v.source()))
          .file(path)
          .layer(lname)
          .hint(did_you_mean(ks) + "known keys: path, layer, crs, encoding, vocabulary, header_row, fields, values, units, x, y, wkt, join_to, join_key");
    const bool ok = ks == "fields" || ks == "values" || ks == "units" ? v.is_table() : ks == "header_row" ? v.is_integer() : v.is_string();
    if (!ok)
      return error(ErrorCode::project, "layers." + lname + "." + ks + " must be " +
                                           (ks == "fields" || ks == "values" || ks == "units" ? "a table" : ks == "header_row" ? "a whole number" : "a string") + " (" +
                                           source_pos(v.source()) + ")")
          .file(path)
          .layer(lname)
          .hint(ks == "fields" ? "[layers." + lname + ".fields] population = \"人口\""
                : ks == "values" ? "[layers." + lname + ".values.surface] \"水泥路\" = \"concrete\""
                : ks == "units"  ? "[layers." + lname + ".units] collective_income = \"万元\""
                                 : std::string{});
  }
  return {};
}

// [layers.X.fields]: canonical = "source column".
Result<void> parse_fields(const std::string& lname, const toml::table& lt, LayerSpec& spec, const std::string& path) {
  const auto* fields = lt["fields"].as_table();
  if (!fields) return {};
  for (const auto& [fk, fv] : *fields) {
    if (!fv.is_string())
      return error(ErrorCode::project, "layers." + lname + ".fields." + std::string(fk.str()) + " must be a string (the source column name)").file(path).layer(lname);
    spec.fields[std::string(fk.str())] = *fv.value<std::string>();
  }
  return {};
}

// [layers.X.units]: field (or source column) = "unit" (the words are checked against the vocabulary when the layer is read).
Result<void> parse_units(const std::string& lname, const toml::table& lt, LayerSpec& spec, const std::string& path) {
  const auto* units = lt["units"].as_table();
  if (!units) return {};
  for (const auto& [fk, fv] : *units) {
    if (!fv.is_string() || fv.value<std::string>()->empty())
      return error(ErrorCode::project, "layers." + lname + ".units." + std::string(fk.str()) + " must be a unit in quotes (" + source_pos(fv.source()) + ")")
          .file(path)
          .layer(lname)
          .hint("[layers." + lname + ".units] " + std::string(fk.str()) + " = \"万元\"");
    spec.units[std::string(fk.str())] = *fv.value<std::string>();
  }
  return {};
}

// [layers.X.values.F]: "source value" = "canonical value" (text, true/false or a number).
Result<void> parse_values(const std::string& lname, const toml::table& lt, LayerSpec& spec, const std::string& path) {
  const auto* values = lt["values"].as_table();
  if (!values) return {};
  for (const auto& [field, node] : *values) {
    const std::string where = "layers." + lname + ".values." + std::string(field.str());
    const auto* table = node.as_table();
    if (!table)
      return error(ErrorCode::project, where + " must be a table (" + source_pos(node.source()) + ")").file(path).layer(lname).hint("[" + where + "] \"水泥路\" = \"concrete\"");
    auto& out = spec.values[std::string(field.str())];
    for (const auto& [from, to] : *table) {
      if (to.is_string()) out[std::string(from.str())] = *to.value<std::string>();
      else if (to.is_boolean()) out[std::string(from.str())] = *to.value<bool>() ? "true" : "false";
      else if (to.is_number()) out[std::string(from.str())] = std::to_string(*to.value<double>());
      else
        return error(ErrorCode::project, where + ".\"" + std::string(from.str()) + "\" must be text, true/false or a number (" + source_pos(to.source()) + ")")
            .file(path)
            .layer(lname);
    }
  }
  return {};
}

Result<LayerSpec> parse_layer(const std::string& lname, const toml::node& node, const std::string& dir, const std::string& path) {
  const auto* lt = node.as_table();
  if (!lt)
    return error(ErrorCode::project, "[layers." + lname + "] must be a table (" + source_pos(node.source()) + ")")
        .file(path)
        .hint("write [layers." + lname + "] on its own line, then path = \"...\"");
  if (auto ok = check_layer_keys(lname, *lt, path); !ok) return tl::unexpected<Error>(ok.error());
  LayerSpec spec;
  spec.name = lname;
  const auto rel = (*lt)["path"].value<std::string>();
  if (!rel || rel->empty())
    return error(ErrorCode::project, "layer '" + lname + "' has no path").file(path).layer(lname).hint("add path = \"file.gpkg\" (relative to the project file)");
  spec.path = resolve_path(dir, *rel);
  spec.layer = (*lt)["layer"].value_or(std::string{});
  spec.crs = CrsRef::parse((*lt)["crs"].value_or(std::string{}));
  spec.encoding = (*lt)["encoding"].value_or(std::string{});
  spec.vocabulary = (*lt)["vocabulary"].value_or(std::string("zh"));
  if (ends_with_ci(spec.vocabulary, ".toml")) spec.vocabulary = resolve_path(dir, spec.vocabulary);  // the project's own vocabulary file
  spec.x_field = (*lt)["x"].value_or(std::string{});
  spec.y_field = (*lt)["y"].value_or(std::string{});
  spec.wkt_field = (*lt)["wkt"].value_or(std::string{});
  spec.join_to = (*lt)["join_to"].value_or(std::string{});
  spec.join_key = (*lt)["join_key"].value_or(std::string("code"));
  const int64_t header_row = (*lt)["header_row"].value_or(int64_t{0});
  if (lt->contains("header_row") && (header_row < 1 || header_row > 10000))
    return error(ErrorCode::project, "layers." + lname + ".header_row must be a row number from 1").file(path).layer(lname).hint("header_row = 3: the column names are in row 3");
  spec.header_row = static_cast<int>(header_row);
  if (spec.x_field.empty() != spec.y_field.empty())
    return error(ErrorCode::project, "layer '" + lname + "' names only one of x and y").file(path).layer(lname).hint("give both x = \"lon\" and y = \"lat\"");
  if (auto ok = parse_fields(lname, *lt, spec, path); !ok) return tl::unexpected<Error>(ok.error());
  if (auto ok = parse_values(lname, *lt, spec, path); !ok) return tl::unexpected<Error>(ok.error());
  if (auto ok = parse_units(lname, *lt, spec, path); !ok) return tl::unexpected<Error>(ok.error());
  spec.project_file = path;
  return spec;
}

// The project file itself: a regular file of sane size (not /dev/zero, not a folder).
Result<std::string> read_project_text(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return error(ErrorCode::project, "the project is not a regular file (a folder or a device?)").file(path).hint("give the .toml project file");
  const auto size = fs::file_size(path, ec);
  if (ec || size > k_max_project_bytes)
    return error(ErrorCode::project, "the project file is larger than 4 MiB; it names layers and holds no data").file(path).hint("is this the right file?");
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(ErrorCode::io, "cannot read the file").file(path).hint("check its permissions");
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

}  // namespace

bool LayerSpec::is_raster() const {
  for (const char* ext : {".tif", ".tiff", ".img", ".vrt", ".asc", ".dem"})
    if (ends_with_ci(path, ext)) return true;
  return name == "dem";
}

const LayerSpec* Project::layer(const std::string& layer_name) const {
  for (const auto& l : layers)
    if (l.name == layer_name) return &l;
  return nullptr;
}

const std::vector<std::string>& canonical_layer_names() {
  static const std::vector<std::string> names = {"villages", "roads", "water", "power", "broadband", "facilities",
                                                 "hazards", "protected", "dem", "units", "townships", "county", "sites"};
  return names;
}

namespace {

bool looks_like_url(const std::string& s) { return s.find("://") != std::string::npos || s.rfind("/vsicurl", 0) == 0; }

// [basemap] path = "tiles.mbtiles", opacity = 0.6
Result<std::optional<BasemapSpec>> parse_basemap(const toml::table& tbl, const std::string& dir, const std::string& path) {
  const toml::node* node = tbl.get("basemap");
  if (!node) return std::optional<BasemapSpec>{};
  const auto* bt = node->as_table();
  if (!bt) return error(ErrorCode::project, "[basemap] must be a table (" + source_pos(node->source()) + ")").file(path).hint("[basemap] path = \"tiles.mbtiles\"");
  for (const auto& [k, v] : *bt)
    if (k.str() != "path" && k.str() != "opacity")
      return error(ErrorCode::project, "unknown key [basemap]." + std::string(k.str()) + " at " + source_pos(v.source())).file(path).hint("known keys: path, opacity");
  const auto p = (*bt)["path"].value<std::string>();
  if (!p || p->empty())
    return error(ErrorCode::project, "[basemap] has no path (a text)").file(path).hint("path = \"tiles.mbtiles\" (an MBTiles file, an XYZ tile folder or a GeoTIFF, relative to the project file)");
  if (looks_like_url(*p))
    return error(ErrorCode::project, "[basemap] path is on the network: " + *p).file(path).hint("nothing is downloaded: give a local .mbtiles file, XYZ tile folder or raster");
  BasemapSpec spec;
  spec.path = resolve_path(dir, *p);
  if (const toml::node* o = bt->get("opacity")) {
    const auto v = o->value<double>();
    if (!v || !(*v >= 0.0 && *v <= 1.0))
      return error(ErrorCode::project, "[basemap] opacity must be a number from 0 to 1 (" + source_pos(o->source()) + ")").file(path).hint("opacity = 0.6");
    spec.opacity = *v;
  }
  return std::optional<BasemapSpec>(std::move(spec));
}

}  // namespace

Result<Project> parse_project_toml(const std::string& text, const std::string& path) {
  toml::table tbl;
  try {
    tbl = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return tl::unexpected<Error>(util::toml_syntax_error(
        e, ErrorCode::project, path, "the project file is TOML: [project] name = \"...\"; [layers.villages] path = \"county.gpkg\"", text));
  }
  if (auto top = check_top_level(tbl, path); !top) return tl::unexpected<Error>(top.error());
  Project p;
  p.path = path;
  p.dir = fs::path(path).parent_path().string();
  p.toml_text = text;
  p.name = fs::path(path).stem().string();

  if (const auto* proj = tbl["project"].as_table()) {
    for (const auto& [k, v] : *proj) {
      if (std::find(k_project_keys.begin(), k_project_keys.end(), std::string(k.str())) == k_project_keys.end())
        return error(ErrorCode::project, "unknown key [project]." + std::string(k.str()) + " at " + source_pos(v.source()))
            .file(path)
            .hint("known keys: name, metric_crs, rules, reference_codes");
      if (!v.is_string())
        return error(ErrorCode::project, "[project]." + std::string(k.str()) + " must be a string (" + source_pos(v.source()) + ")").file(path);
    }
    p.name = (*proj)["name"].value_or(p.name);
    const std::string metric = (*proj)["metric_crs"].value_or(std::string{});
    if (!metric.empty() && metric != "auto") p.metric_crs = CrsRef::parse(metric);
    p.rules = (*proj)["rules"].value_or(p.rules);
    // A rule file the project names lies beside the project, as its layers do (a shipped id such as hubei-2017 stays a name).
    if (ends_with_ci(p.rules, ".toml")) p.rules = resolve_path(p.dir, p.rules);
    const std::string codes = (*proj)["reference_codes"].value_or(std::string{});
    if (!codes.empty()) p.reference_codes = resolve_path(p.dir, codes);
  } else if (tbl.contains("project")) {
    return error(ErrorCode::project, "[project] must be a table").file(path);
  }

  if (auto basemap = parse_basemap(tbl, p.dir, path); !basemap) return tl::unexpected<Error>(basemap.error());  // checked here, read by project_basemap

  const auto* layers = tbl["layers"].as_table();
  if (!layers || layers->empty())
    return error(ErrorCode::project, "the project names no layers")
        .file(path)
        .hint("add e.g. [layers.villages] path = \"county.gpkg\"; or open a GeoPackage with canonical layer names directly");
  for (const auto& [key, node] : *layers) {
    auto spec = parse_layer(std::string(key.str()), node, p.dir, path);
    if (!spec) return tl::unexpected<Error>(spec.error());
    p.layers.push_back(std::move(*spec));
  }
  for (const auto& l : p.layers) {
    if (!l.join_to.empty() && !p.layer(l.join_to))
      return error(ErrorCode::project, "layer '" + l.name + "' joins onto '" + l.join_to + "', which the project does not name")
          .file(path)
          .layer(l.name);
  }
  // A joined table carries the fields of the layer it joins onto (its vocabulary applies).
  for (auto& l : p.layers)
    if (!l.join_to.empty()) l.kind = canonical_kind(p.layer(l.join_to)->kind.empty() ? l.join_to : p.layer(l.join_to)->kind);
  return p;
}

Result<Project> load_project(const std::string& path) {
  std::error_code ec;
  if (path.rfind("PG:", 0) != 0 && !fs::exists(path, ec))
    return error(ErrorCode::io, "no such file").file(path).hint("check the path; a project is a .toml file or a GeoPackage with canonical layer names");
  if (ends_with_ci(path, ".toml")) {
    auto text = read_project_text(path);
    if (!text) return tl::unexpected<Error>(text.error());
    return parse_project_toml(*text, path);
  }
  // Any GDAL source: its canonical layers become the project (a file, or a folder of shapefiles).
  if (path.rfind("PG:", 0) != 0 && !fs::is_regular_file(path, ec) && !fs::is_directory(path, ec))
    return error(ErrorCode::project, "the project is not a regular file (a device?)").file(path).hint("give a .toml project file or a GeoPackage");
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds)
    return error(ErrorCode::format, "not a project file and GDAL cannot open it as vector data")
        .file(path)
        .hint("give a .toml project file, or a GeoPackage whose layers are named villages, roads, water, ...");
  Project p;
  p.path = path;
  p.dir = fs::path(path).parent_path().string();
  p.name = fs::path(path).stem().string();
  const int n = GDALDatasetGetLayerCount(ds);
  std::vector<std::string> found;
  for (int i = 0; i < n; ++i) {
    OGRLayerH lyr = GDALDatasetGetLayer(ds, i);
    const std::string lname = OGR_L_GetName(lyr);
    found.push_back(lname);
    const auto& names = canonical_layer_names();
    // Canonical names, and their companions of another geometry kind (power_points, water_areas, ...).
    const bool canonical = std::any_of(names.begin(), names.end(), [&](const std::string& canon) {
      return lname == canon || (lname.size() > canon.size() + 1 && lname.compare(0, canon.size() + 1, canon + "_") == 0);
    });
    if (!canonical) continue;
    LayerSpec spec;
    spec.name = lname;
    spec.path = path;
    spec.layer = lname;
    p.layers.push_back(std::move(spec));
  }
  GDALClose(ds);
  // A GeoPackage may carry its DEM beside it as dem.tif.
  const fs::path dem = fs::path(p.dir) / "dem.tif";
  if (!p.layer("dem") && fs::exists(dem, ec)) {
    LayerSpec spec;
    spec.name = "dem";
    spec.path = dem.string();
    p.layers.push_back(std::move(spec));
  }
  if (p.layers.empty()) {
    std::string list;
    for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
    return error(ErrorCode::format, "none of its layers has a canonical name (found: " + (list.empty() ? std::string("no layers") : list) + ")")
        .file(path)
        .hint("name layers villages, roads, water, power, broadband, facilities, hazards, protected, or write a project .toml with a [layers.*] mapping");
  }
  return p;
}

Result<std::optional<BasemapSpec>> project_basemap(const Project& project) {
  if (project.toml_text.empty()) return std::optional<BasemapSpec>{};
  try {
    const toml::table tbl = toml::parse(project.toml_text, project.path);
    return parse_basemap(tbl, project.dir, project.path);
  } catch (const toml::parse_error& e) {
    return tl::unexpected<Error>(util::toml_syntax_error(e, ErrorCode::project, project.path, "[basemap] path = \"tiles.mbtiles\"", project.toml_text));
  }
}

}  // namespace jiuyou::io
