// QGIS (.qml) and OGC SLD styles for the result layers, stored in the
// GeoPackage's layer_styles table so QGIS opens the villages coloured.
#include <sstream>
#include <string>

#include "gis/report/check_report.hpp"

namespace jiuyou::report {
namespace {

struct Category {
  const char* value;
  const char* label;
  const char* rgba;  // QGIS "r,g,b,a"
  const char* hex;   // SLD "#rrggbb"
};

constexpr Category k_verdicts[] = {
    {"exit", "可出列 (may exit)", "26,150,65,255", "#1a9641"},
    {"fail", "不可出列 (cannot exit)", "215,25,28,255", "#d7191c"},
    {"unknown", "数据不全 (data missing)", "160,160,160,255", "#a0a0a0"},
};

void prop(std::ostringstream& o, const char* k, const std::string& v) { o << "          <prop k=\"" << k << "\" v=\"" << v << "\"/>\n"; }

// One QGIS symbol (marker, fill or line) of one colour.
void qml_symbol(std::ostringstream& o, const std::string& name, GeometryKind kind, const char* rgba) {
  const char* type = kind == GeometryKind::polygon ? "fill" : kind == GeometryKind::line ? "line" : "marker";
  const char* cls = kind == GeometryKind::polygon ? "SimpleFill" : kind == GeometryKind::line ? "SimpleLine" : "SimpleMarker";
  o << "      <symbol type=\"" << type << "\" name=\"" << name << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
    << "        <layer class=\"" << cls << "\" pass=\"0\" locked=\"0\" enabled=\"1\">\n";
  switch (kind) {
    case GeometryKind::polygon:
      prop(o, "color", rgba);
      prop(o, "style", "solid");
      prop(o, "outline_color", "50,50,50,255");
      prop(o, "outline_style", "solid");
      prop(o, "outline_width", "0.26");
      prop(o, "outline_width_unit", "MM");
      break;
    case GeometryKind::line:
      prop(o, "line_color", rgba);
      prop(o, "line_style", "dash");
      prop(o, "line_width", "0.6");
      prop(o, "line_width_unit", "MM");
      prop(o, "capstyle", "round");
      prop(o, "joinstyle", "round");
      break;
    case GeometryKind::point:
    case GeometryKind::none:
      prop(o, "name", "circle");
      prop(o, "color", rgba);
      prop(o, "outline_color", "35,35,35,255");
      prop(o, "outline_style", "solid");
      prop(o, "outline_width", "0.2");
      prop(o, "outline_width_unit", "MM");
      prop(o, "size", "3");
      prop(o, "size_unit", "MM");
      break;
  }
  o << "        </layer>\n      </symbol>\n";
}

const char* qml_head = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n";

const char* sld_head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" xmlns:se=\"http://www.opengis.net/se\" "
    "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n";

void sld_symbolizer(std::ostringstream& o, GeometryKind kind, const char* hex) {
  switch (kind) {
    case GeometryKind::polygon:
      o << "          <se:PolygonSymbolizer><se:Fill><se:SvgParameter name=\"fill\">" << hex
        << "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">#323232</se:SvgParameter>"
           "<se:SvgParameter name=\"stroke-width\">1</se:SvgParameter></se:Stroke></se:PolygonSymbolizer>\n";
      break;
    case GeometryKind::line:
      o << "          <se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" << hex
        << "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">2</se:SvgParameter>"
           "<se:SvgParameter name=\"stroke-dasharray\">6 3</se:SvgParameter></se:Stroke></se:LineSymbolizer>\n";
      break;
    case GeometryKind::point:
    case GeometryKind::none:
      o << "          <se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill>"
           "<se:SvgParameter name=\"fill\">"
        << hex
        << "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">#232323</se:SvgParameter></se:Stroke>"
           "</se:Mark><se:Size>11</se:Size></se:Graphic></se:PointSymbolizer>\n";
      break;
  }
}

}  // namespace

std::string villages_qml(GeometryKind kind) {
  std::ostringstream o;
  o << qml_head << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"verdict\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
    << "    <categories>\n";
  int i = 0;
  for (const auto& c : k_verdicts)
    o << "      <category symbol=\"" << i++ << "\" value=\"" << c.value << "\" label=\"" << c.label << "\" render=\"true\"/>\n";
  o << "    </categories>\n    <symbols>\n";
  i = 0;
  for (const auto& c : k_verdicts) qml_symbol(o, std::to_string(i++), kind, c.rgba);
  o << "    </symbols>\n    <source-symbol>\n";
  qml_symbol(o, "0", kind, "160,160,160,255");
  o << "    </source-symbol>\n  </renderer-v2>\n"
    << "  <layerGeometryType>"
    << (kind == GeometryKind::polygon ? 2 : 0) << "</layerGeometryType>\n</qgis>\n";
  return o.str();
}

std::string gaps_qml() {
  std::ostringstream o;
  o << qml_head << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <symbols>\n";
  qml_symbol(o, "0", GeometryKind::line, "215,25,28,255");
  o << "    </symbols>\n  </renderer-v2>\n  <layerGeometryType>1</layerGeometryType>\n</qgis>\n";
  return o.str();
}

std::string villages_sld(GeometryKind kind) {
  std::ostringstream o;
  o << sld_head << "  <NamedLayer>\n    <se:Name>villages</se:Name>\n    <UserStyle>\n      <se:Name>verdict</se:Name>\n"
    << "      <se:FeatureTypeStyle>\n";
  for (const auto& c : k_verdicts) {
    o << "        <se:Rule>\n          <se:Name>" << c.value << "</se:Name>\n          <se:Description><se:Title>" << c.label
      << "</se:Title></se:Description>\n"
      << "          <ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>verdict</ogc:PropertyName><ogc:Literal>" << c.value
      << "</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>\n";
    sld_symbolizer(o, kind, c.hex);
    o << "        </se:Rule>\n";
  }
  o << "      </se:FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n";
  return o.str();
}

std::string gaps_sld() {
  std::ostringstream o;
  o << sld_head << "  <NamedLayer>\n    <se:Name>gaps</se:Name>\n    <UserStyle>\n      <se:Name>gaps</se:Name>\n"
    << "      <se:FeatureTypeStyle>\n        <se:Rule>\n          <se:Name>gap</se:Name>\n";
  sld_symbolizer(o, GeometryKind::line, "#d7191c");
  o << "        </se:Rule>\n      </se:FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n";
  return o.str();
}

}  // namespace jiuyou::report
