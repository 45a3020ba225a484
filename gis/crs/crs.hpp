#pragma once
// Coordinate reference systems: checks, the CGCS2000 Gauss–Krüger zone the
// tool picks for metric work, transformations (PROJ plus the GCJ-02/BD-09
// web-map offsets PROJ does not have), and geodesic distance.
//
// The only place in the project that sees PROJ. No PROJ type appears here:
// Transformer is a pimpl, and the free functions use one PROJ context per
// thread (created on first use, destroyed when the thread ends).
//
// Axis order is the traditional GIS one everywhere: x = longitude/easting,
// y = latitude/northing, whatever the EPSG database says (EPSG:4490 is
// lat/lon there, EPSG:4526 northing/easting).
//
// GCJ-02 ("Mars" coordinates of Amap, Tencent, DataV) and BD-09 (Baidu) are
// WGS84 plus a public, smooth, position-dependent offset of ~300–700 m inside
// China. They go through WGS84 (EPSG:4326) on their way to or from any PROJ
// CRS; CGCS2000 (EPSG:4490) is treated as equal to WGS84 (PROJ's own
// WGS84 <-> CGCS2000 step is a no-shift "ballpark", which agrees to well
// under a metre in China).
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "gis/model/crs_ref.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/geometry.hpp"

namespace jiuyou::crs {

// --- checks ---------------------------------------------------------------

// Ok when PROJ knows the definition (EPSG:n, WKT, PROJ string, PROJJSON) and
// it is a CRS, or when it is GCJ-02/BD-09. Errors (ErrorCode::crs) quote the
// text (truncated when long), say what PROJ said, and hint at the usual
// choices. An empty CrsRef gives "no CRS".
// A PROJ string without "+type=crs" is taken as a CRS (as cs2cs does).
Result<void> check_known(const CrsRef& crs);

// The CRS as text GDAL's SetFromUserInput reads: an EPSG code, WKT, PROJ
// string or PROJJSON as given; a name PROJ resolves ("CGCS2000" — the lon/lat
// one, EPSG:4490) as the WKT of what it resolves to, so writers and warpers
// take every CRS the loader takes (tour 15 P9). GCJ-02/BD-09: EPSG:4326.
Result<std::string> gdal_definition(const CrsRef& crs);

// True for geographic (lon/lat) CRSs, GCJ-02 and BD-09; false for projected
// ones and for anything check_known rejects. Bound and compound CRSs answer
// for their horizontal base.
bool is_geographic(const CrsRef& crs);

// True for projected CRSs whose axes are in metres (Gauss–Krüger, UTM, Web
// Mercator): the ones distances and areas may be measured in. False for
// lon/lat, feet, unknown CRSs. Use it to refuse metric_crs = "EPSG:4490".
bool is_metric(const CrsRef& crs);

// The false easting of a projected CRS in metres (37,500,000 for EPSG:4525, whose X carries the zone number 37;
// 500,000 for EPSG:4546); nullopt for others and for what check_known rejects.
std::optional<double> false_easting(const CrsRef& crs);

// CGCS2000 3° Gauss–Krüger zone of a longitude: n = round(lon/3), clamped to
// China's 25..45 (central meridian 3n °E). NaN gives 25.
int gauss_kruger_zone(double lon_deg);
// EPSG:4534+(n-25) ("CGCS2000 / 3-degree Gauss-Kruger CM 3n E", false
// easting 500 000 m) or, with zone_in_easting, EPSG:4513+(n-25) (the zone
// number prefixed to the easting: 37 500 000 m at the central meridian).
// The zone is clamped to 25..45.
CrsRef gauss_kruger_crs(int zone, bool zone_in_easting = false);
// The Gauss–Krüger CRS of the zone holding the bbox's central longitude.
// The bbox is lon/lat (degrees). Empty CrsRef for an empty or non-finite bbox.
CrsRef auto_metric_crs(const BBox& lonlat_bbox);

// The same, for a bbox given in any CRS (taken to lon/lat first with
// transform_bbox): what "metric_crs = auto" means for a layer.
Result<CrsRef> auto_metric_crs(const BBox& bbox, const CrsRef& bbox_crs);

// Lon/lat area of use of a CRS, degrees (west, south, east, north) as
// min/max x/y. From PROJ's database; the GCJ-02 formula's China box (see
// outside_china) for GCJ-02/BD-09; nullopt when PROJ has none (a bare PROJ
// string) or the CRS is unknown. An area crossing the antimeridian has
// min_x > max_x as PROJ reports it.
std::optional<BBox> area_of_use(const CrsRef& crs);

// --- transformation -------------------------------------------------------

// A transformation from one CRS to another, ready to run on many points.
//
// Threads: each Transformer owns its PROJ context and operation, so
// different Transformers may run on different threads at once. One
// Transformer must not run transform() on two threads at once (PROJ keeps
// per-operation state even in const use); give each thread its own with
// clone().
class Transformer {
 public:
  // Checks both CRSs (check_known) and builds the chain
  //   [GCJ-02/BD-09 -> WGS84] -> PROJ (from -> to) -> [WGS84 -> GCJ-02/BD-09]
  // with PROJ's best operation (proj_create_crs_to_crs), in traditional GIS
  // axis order. GCJ-02 <-> BD-09 uses the direct formula. When PROJ knows no
  // shift to/from CGCS2000 but a single one to/from WGS84 (Xian80/Beijing54
  // with TOWGS84 in the .prj), the PROJ step goes through WGS84 instead.
  // Moved-from Transformers may only be assigned to or destroyed.
  static Result<Transformer> create(const CrsRef& from, const CrsRef& to);

  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  Transformer(const Transformer&) = delete;
  Transformer& operator=(const Transformer&) = delete;
  ~Transformer();

  // An independent copy (its own PROJ context) for another thread.
  [[nodiscard]] Result<Transformer> clone() const;

  // Transforms interleaved x,y pairs in place. A pair that fails (outside
  // the projection's domain, NaN in) becomes NaN,NaN; returns how many
  // pairs failed. xy.size() must be even.
  size_t transform(std::span<double> xy) const;
  // One point; nullopt when it fails.
  [[nodiscard]] std::optional<Vec2> transform_point(Vec2 p) const;

  // True when nothing happens to coordinates (same CRS, or PROJ found them
  // equivalent, e.g. EPSG:4326 written two ways).
  [[nodiscard]] bool is_identity() const;
  // True when PROJ knows no real datum shift between the two (its best
  // candidate, hence all, is a "ballpark" step, e.g. Beijing54/Xian80 ->
  // CGCS2000): results can be off by tens of metres or more, and the user
  // should be told. WGS84 <-> CGCS2000 (also a no-shift
  // ballpark in PROJ) is not flagged: treating them as one is this module's
  // premise.
  [[nodiscard]] bool is_ballpark() const;
  // What runs, for logs and reports: "GCJ-02 -> WGS84 (formula); Inverse of
  // ... + Transverse Mercator (PROJ)".
  [[nodiscard]] const std::string& description() const;
  [[nodiscard]] const CrsRef& source() const;
  [[nodiscard]] const CrsRef& target() const;

 private:
  struct Impl;
  explicit Transformer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// The bbox, in `to`, of a bbox given in `from`: each edge sampled at
// points_per_edge points (curved edges after projection stay inside), the
// samples transformed, their extent returned. Samples that fail are skipped;
// error when the box is empty or none transforms.
Result<BBox> transform_bbox(const BBox& box, const CrsRef& from, const CrsRef& to, int points_per_edge = 21);

// Transforms every vertex of the table's geometry from table.crs to `to` and
// sets table.crs = to. All or nothing: on error (no CRS, unknown CRS, any
// vertex failing) the table is left as it was, and the error names the
// layer, the source, and the first failing feature's FID.
Result<void> transform_table(FeatureTable& table, const CrsRef& to);

// --- GCJ-02 / BD-09 formulas (public, well known) --------------------------
// Krasovsky ellipsoid a = 6378245 m, ee = 0.00669342162296594323. Inverses
// are solved iteratively to < 1e-9° (~0.1 mm), so round trips are exact to
// well under a centimetre. Degrees in, degrees out, x = lon, y = lat.

// Outside the formula's usual China box (lon 72.004..137.8347, lat
// 0.8293..55.8271) no offset is applied: the conversions return the input.
bool outside_china(Vec2 lonlat);

Vec2 wgs84_to_gcj02(Vec2 lonlat);
Vec2 gcj02_to_wgs84(Vec2 lonlat);
Vec2 gcj02_to_bd09(Vec2 lonlat);
Vec2 bd09_to_gcj02(Vec2 lonlat);
Vec2 wgs84_to_bd09(Vec2 lonlat);
Vec2 bd09_to_wgs84(Vec2 lonlat);

// --- measures ---------------------------------------------------------------

// Shortest distance on the WGS84 ellipsoid (Karney's algorithm, PROJ's
// geodesic library), metres. CGCS2000's ellipsoid differs from WGS84's by
// 0.1 mm in the semi-minor axis: the same number for our purposes.
double geodesic_distance_m(Vec2 lonlat1, Vec2 lonlat2);

// The largest relative error of distances measured in `metric` over a lon/lat
// box (CGCS2000 degrees): at the corners and the centre, short east-west and
// north-south steps are projected and compared with their geodesic length.
// 0.0003 for a Gauss–Krüger 3° zone at its edge; 0.18 for Web Mercator at 32°N.
// nullopt when the box does not transform.
std::optional<double> max_scale_error(const CrsRef& metric, const BBox& lonlat_bbox);

}  // namespace jiuyou::crs
