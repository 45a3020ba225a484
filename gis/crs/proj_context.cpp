#include "gis/crs/proj_context.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace jiuyou::crs::detail {

namespace {

constexpr const char* crs_hint =
    "EPSG:4490 for CGCS2000 lon/lat; EPSG:4534..4554 for CGCS2000 Gauss-Kruger 3-degree zones; "
    "GCJ-02 for Amap/DataV/Tencent data; BD-09 for Baidu data";

// CRS text quoted in messages: WKT and PROJJSON can be kilobytes long.
std::string quoted(std::string_view text) {
  constexpr size_t max_chars = 120;
  // Appended piecewise: "'" + std::string(...) trips GCC 12's -Wrestrict false positive at -O3.
  std::string out;
  out.reserve(std::min(text.size(), max_chars) + 5);
  out += '\'';
  out.append(text.substr(0, max_chars));
  if (text.size() > max_chars) out += "...";
  out += '\'';
  return out;
}

bool looks_like_proj_string(std::string_view text) {
  return text.find("+proj=") != std::string_view::npos || text.find("+init=") != std::string_view::npos;
}

}  // namespace

// EPSG:n, urn:ogc:def:crs:..., WKT, PROJ string or PROJJSON; anything else is
// taken as a CRS name, which must match exactly (PROJ's own lookup would take
// "foo" for "Amersfoort").
bool is_structured_definition(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.empty()) return false;
  if (text.front() == '{' || looks_like_proj_string(text) || text.find(':') != std::string_view::npos) return true;
  // WKT: KEYWORD[ ...
  size_t i = 0;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i > 0 && i < text.size() && text[i] == '[';
}

namespace {

// The first CRS whose name or alias is exactly `name` (case-insensitive).
// Which of several CRSs of one name a layer means: the 2D ones coordinates are written in first. "CGCS2000" names
// EPSG:4479 (geocentric, metres), 4480 (3D) and 4490 (lon/lat) in that order; taking the first read a lon/lat layer
// as metres and dropped every feature (tour 14 N7). projinfo CGCS2000 answers the lon/lat one too.
int name_rank(PJ_TYPE type) {
  switch (type) {
    case PJ_TYPE_GEOGRAPHIC_2D_CRS: return 0;
    case PJ_TYPE_PROJECTED_CRS: return 1;
    case PJ_TYPE_COMPOUND_CRS: return 2;
    case PJ_TYPE_GEOGRAPHIC_3D_CRS: return 3;
    case PJ_TYPE_GEOCENTRIC_CRS: return 5;
    default: return 4;
  }
}

PjPtr create_by_exact_name(Context& ctx, const std::string& name) {
  PJ_OBJ_LIST* list = proj_create_from_name(ctx.get(), nullptr, name.c_str(), nullptr, 0, 0, 0, nullptr);
  if (list == nullptr) return nullptr;
  PjPtr found;
  int found_rank = 0;
  const int n = proj_list_get_count(list);
  for (int i = 0; i < n; ++i) {
    PjPtr obj(proj_list_get(ctx.get(), list, i));
    if (!obj || !proj_is_crs(obj.get())) continue;
    const int rank = name_rank(proj_get_type(obj.get()));
    if (!found || rank < found_rank) found = std::move(obj), found_rank = rank;
  }
  proj_list_destroy(list);
  return found;
}

}  // namespace

Context::Context() : m_ctx(proj_context_create()) {
  proj_log_func(m_ctx, this, &Context::log);
  // Never fetch grids from the network: results must not depend on it.
  proj_context_set_enable_network(m_ctx, 0);
}

Context::~Context() { proj_context_destroy(m_ctx); }

void Context::log(void* self, int level, const char* message) {
  if (level > PJ_LOG_ERROR || message == nullptr) return;
  static_cast<Context*>(self)->m_last_message = message;
}

std::string Context::take_message() {
  std::string msg = std::move(m_last_message);
  m_last_message.clear();
  const int err = proj_context_errno(m_ctx);
  if (msg.empty() && err != 0) {
    const char* s = proj_context_errno_string(m_ctx, err);
    if (s != nullptr) msg = s;
  }
  return msg;
}

Context& thread_context() {
  thread_local Context ctx;
  return ctx;
}

std::string proj_definition(const CrsRef& crs) {
  switch (crs.kind) {
    case CrsRef::Kind::none:
      return {};
    case CrsRef::Kind::gcj02:
    case CrsRef::Kind::bd09:
      return "EPSG:4326";
    case CrsRef::Kind::proj:
      break;
  }
  if (looks_like_proj_string(crs.definition) && crs.definition.find("+type=crs") == std::string::npos)
    return crs.definition + " +type=crs";
  return crs.definition;
}

Result<PjPtr> create_crs(Context& ctx, const CrsRef& crs) {
  if (crs.empty())
    return fail(ErrorCode::crs, "no CRS",
                "the data declares no CRS: set crs = \"...\" for the layer in the project; " + std::string(crs_hint));
  const std::string def = proj_definition(crs);
  ctx.take_message();
  PjPtr obj =
      is_structured_definition(def) ? PjPtr(proj_create(ctx.get(), def.c_str())) : create_by_exact_name(ctx, def);
  if (!obj) {
    std::string why = ctx.take_message();
    if (!is_structured_definition(def))
      why = "not an EPSG code, WKT, PROJ string or PROJJSON, and no CRS has that name";
    if (why.starts_with("proj_create: ")) why.erase(0, 13);
    return fail(ErrorCode::crs, "unknown CRS " + quoted(crs.definition) + (why.empty() ? "" : ": " + why), crs_hint);
  }
  if (!proj_is_crs(obj.get())) {
    const char* name = proj_get_name(obj.get());
    return fail(ErrorCode::crs,
                "not a CRS: " + quoted(crs.definition) + " is a coordinate operation" +
                    (name != nullptr ? std::string(" ('") + name + "')" : std::string()),
                crs_hint);
  }
  return obj;
}

PjPtr horizontal_crs(Context& ctx, const PJ* crs) {
  const PJ_TYPE type = proj_get_type(crs);
  if (type == PJ_TYPE_BOUND_CRS) {
    PjPtr base(proj_get_source_crs(ctx.get(), crs));
    if (base) return horizontal_crs(ctx, base.get());
  } else if (type == PJ_TYPE_COMPOUND_CRS) {
    PjPtr first(proj_crs_get_sub_crs(ctx.get(), crs, 0));
    if (first) return horizontal_crs(ctx, first.get());
  }
  return PjPtr(proj_clone(ctx.get(), crs));
}

std::string datum_name(Context& ctx, const PJ* crs) {
  const PjPtr horizontal = horizontal_crs(ctx, crs);
  if (!horizontal) return {};
  const PjPtr geodetic(proj_crs_get_geodetic_crs(ctx.get(), horizontal.get()));
  if (!geodetic) return {};
  const PjPtr datum(proj_crs_get_datum_forced(ctx.get(), geodetic.get()));
  const char* name = datum ? proj_get_name(datum.get()) : nullptr;
  return name != nullptr ? name : std::string();
}

bool is_wgs84_or_cgcs2000_datum(std::string_view datum_name) {
  return datum_name.starts_with("World Geodetic System 1984") || datum_name == "China 2000";
}

}  // namespace jiuyou::crs::detail
