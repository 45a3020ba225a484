// Transformer: [GCJ-02/BD-09 formula] -> PROJ operation -> [formula], in
// place on interleaved x,y arrays.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "gis/crs/crs.hpp"
#include "gis/crs/proj_context.hpp"

namespace jiuyou::crs {

namespace {

enum class Offset : unsigned char {
  none,
  gcj02_to_wgs84,
  bd09_to_wgs84,
  wgs84_to_gcj02,
  wgs84_to_bd09,
  gcj02_to_bd09,
  bd09_to_gcj02
};

const char* describe(Offset o) {
  switch (o) {
    case Offset::none:
      return "";
    case Offset::gcj02_to_wgs84:
      return "GCJ-02 -> WGS84 (formula)";
    case Offset::bd09_to_wgs84:
      return "BD-09 -> WGS84 (formula)";
    case Offset::wgs84_to_gcj02:
      return "WGS84 -> GCJ-02 (formula)";
    case Offset::wgs84_to_bd09:
      return "WGS84 -> BD-09 (formula)";
    case Offset::gcj02_to_bd09:
      return "GCJ-02 -> BD-09 (formula)";
    case Offset::bd09_to_gcj02:
      return "BD-09 -> GCJ-02 (formula)";
  }
  return "";
}

template <class F>
void apply_each(std::span<double> xy, F f) {
  for (size_t i = 0; i + 1 < xy.size(); i += 2) {
    const Vec2 p = f(Vec2{xy[i], xy[i + 1]});
    xy[i] = p.x;
    xy[i + 1] = p.y;
  }
}

void apply(Offset o, std::span<double> xy) {
  switch (o) {
    case Offset::none:
      return;
    case Offset::gcj02_to_wgs84:
      return apply_each(xy, gcj02_to_wgs84);
    case Offset::bd09_to_wgs84:
      return apply_each(xy, bd09_to_wgs84);
    case Offset::wgs84_to_gcj02:
      return apply_each(xy, wgs84_to_gcj02);
    case Offset::wgs84_to_bd09:
      return apply_each(xy, wgs84_to_bd09);
    case Offset::gcj02_to_bd09:
      return apply_each(xy, gcj02_to_bd09);
    case Offset::bd09_to_gcj02:
      return apply_each(xy, bd09_to_gcj02);
  }
}

Offset offset_from(CrsRef::Kind k) {
  if (k == CrsRef::Kind::gcj02) return Offset::gcj02_to_wgs84;
  if (k == CrsRef::Kind::bd09) return Offset::bd09_to_wgs84;
  return Offset::none;
}

Offset offset_to(CrsRef::Kind k) {
  if (k == CrsRef::Kind::gcj02) return Offset::wgs84_to_gcj02;
  if (k == CrsRef::Kind::bd09) return Offset::wgs84_to_bd09;
  return Offset::none;
}

Error with_side(Error e, const char* side) {
  e.message = std::string(side) + " " + e.message;
  return e;
}

// One PROJ operation between two CRSs, in GIS axis order, with what we
// report about it.
struct Step {
  detail::PjPtr op;
  bool ballpark = false;
  bool single = true;  // PROJ settled on one operation (not one per point by area)
  std::string name;
  int candidates = 1;
};

Result<Step> make_step(detail::Context& ctx, const PJ* src, const PJ* dst, const std::string& from_label,
                       const std::string& to_label) {
  Step step;
  detail::PjPtr op(proj_create_crs_to_crs_from_pj(ctx.get(), src, dst, nullptr, nullptr));
  if (!op) {
    return error(ErrorCode::crs, "no transformation from " + from_label + " to " + to_label + ": " + ctx.take_message())
        .hint("PROJ knows both CRSs but no way between them; go through EPSG:4490 (CGCS2000) in two steps");
  }
  step.op.reset(proj_normalize_for_visualization(ctx.get(), op.get()));
  if (!step.op) {
    return error(ErrorCode::crs, "cannot put the transformation from " + from_label + " to " + to_label +
                                     " in lon/lat, easting/northing order: " + ctx.take_message());
  }
  // The ballpark flag and the name: from the operation itself when PROJ
  // settled on one; else from the best of the candidates it chooses among
  // per point (listing them costs as much again as creating the operation).
  // PROJ ranks ballpark fallbacks last: the best one being ballpark means all are.
  step.single = proj_get_type(op.get()) != PJ_TYPE_UNKNOWN;
  if (step.single) {
    step.ballpark = proj_coordoperation_has_ballpark_transformation(ctx.get(), op.get()) != 0;
    if (const char* name = proj_get_name(op.get())) step.name = name;
  } else {
    PJ_OPERATION_FACTORY_CONTEXT* factory = proj_create_operation_factory_context(ctx.get(), nullptr);
    proj_operation_factory_context_set_spatial_criterion(ctx.get(), factory,
                                                         PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
    proj_operation_factory_context_set_grid_availability_use(ctx.get(), factory,
                                                             PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
    PJ_OBJ_LIST* ops = proj_create_operations(ctx.get(), src, dst, factory);
    step.candidates = ops ? proj_list_get_count(ops) : 0;
    if (step.candidates > 0) {
      detail::PjPtr best(proj_list_get(ctx.get(), ops, 0));
      if (best) {
        step.ballpark = proj_coordoperation_has_ballpark_transformation(ctx.get(), best.get()) != 0;
        if (const char* name = proj_get_name(best.get())) step.name = name;
      }
    }
    if (ops) proj_list_destroy(ops);
    proj_operation_factory_context_destroy(factory);
  }
  if (step.name.empty()) step.name = from_label + " -> " + to_label;
  ctx.take_message();  // clear notes logged while listing candidates
  return step;
}

std::string describe(const Step& step) {
  std::string d = step.name + " (PROJ";
  if (step.candidates > 1) d += ", best of " + std::to_string(step.candidates) + " by area";
  if (step.ballpark) d += ", ballpark";
  return d + ")";
}

}  // namespace

struct Transformer::Impl {
  CrsRef from;
  CrsRef to;
  Offset pre = Offset::none;
  Offset post = Offset::none;
  // Declared before ops: members die in reverse order, the ops before their context.
  std::unique_ptr<detail::Context> ctx;
  std::vector<detail::PjPtr> ops;  // run in order; none, one, or two (via WGS84)
  bool ballpark = false;
  std::string description;
};

Transformer::Transformer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;
Transformer::~Transformer() = default;

Result<Transformer> Transformer::create(const CrsRef& from, const CrsRef& to) {
  if (auto ok = check_known(from); !ok) return tl::unexpected(with_side(ok.error(), "source CRS:"));
  if (auto ok = check_known(to); !ok) return tl::unexpected(with_side(ok.error(), "target CRS:"));

  auto impl = std::make_unique<Impl>();
  impl->from = from;
  impl->to = to;
  if (from == to) {
    impl->description = "identity";
    return Transformer(std::move(impl));
  }
  if (from.kind == CrsRef::Kind::gcj02 && to.kind == CrsRef::Kind::bd09) {
    impl->pre = Offset::gcj02_to_bd09;
    impl->description = describe(impl->pre);
    return Transformer(std::move(impl));
  }
  if (from.kind == CrsRef::Kind::bd09 && to.kind == CrsRef::Kind::gcj02) {
    impl->pre = Offset::bd09_to_gcj02;
    impl->description = describe(impl->pre);
    return Transformer(std::move(impl));
  }

  impl->pre = offset_from(from.kind);
  impl->post = offset_to(to.kind);
  impl->ctx = std::make_unique<detail::Context>();
  detail::Context& ctx = *impl->ctx;
  auto src = detail::create_crs(ctx, from);
  if (!src) return tl::unexpected(with_side(src.error(), "source CRS:"));
  auto dst = detail::create_crs(ctx, to);
  if (!dst) return tl::unexpected(with_side(dst.error(), "target CRS:"));

  std::string proj_step;
  // Both sides in traditional GIS order, so an axis-order-only difference
  // (EPSG:4326 vs +proj=longlat +datum=WGS84) is no difference.
  if (!proj_is_equivalent_to_with_ctx(ctx.get(), src->get(), dst->get(),
                                      PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS)) {
    auto direct = make_step(ctx, src->get(), dst->get(), from.label(), to.label());
    if (!direct) return tl::unexpected(std::move(direct.error()));
    const bool src_wgs_cgcs = detail::is_wgs84_or_cgcs2000_datum(detail::datum_name(ctx, src->get()));
    const bool dst_wgs_cgcs = detail::is_wgs84_or_cgcs2000_datum(detail::datum_name(ctx, dst->get()));
    // WGS84 <-> CGCS2000 is a no-shift ballpark in PROJ's database, and the
    // project's premise (CGCS2000 ≈ WGS84): not worth a warning.
    if (direct->ballpark && src_wgs_cgcs && dst_wgs_cgcs) direct->ballpark = false;
    proj_step = describe(*direct);
    impl->ballpark = direct->ballpark;
    impl->ops.push_back(std::move(direct->op));

    // PROJ knows no shift to CGCS2000 but one to WGS84 (typically Xian80 or
    // Beijing54 with TOWGS84 parameters from the data's .prj): go through
    // WGS84, CGCS2000 ≈ WGS84 being this module's premise. Only when that
    // shift is one operation, not one of regional candidates that would
    // leave most of China on a ballpark anyway.
    if (impl->ballpark && (src_wgs_cgcs != dst_wgs_cgcs)) {
      auto wgs84 = detail::create_crs(ctx, CrsRef::epsg(4326));
      if (wgs84) {
        const std::string wgs84_label = "WGS84";
        auto first = make_step(ctx, src->get(), wgs84->get(), from.label(), wgs84_label);
        auto second = make_step(ctx, wgs84->get(), dst->get(), wgs84_label, to.label());
        const Step* shift = !first || !second ? nullptr : (src_wgs_cgcs ? &*second : &*first);
        if (shift != nullptr && shift->single && !shift->ballpark) {
          first->ballpark = src_wgs_cgcs && first->ballpark ? false : first->ballpark;
          second->ballpark = dst_wgs_cgcs && second->ballpark ? false : second->ballpark;
          proj_step = describe(*first) + "; " + describe(*second) + " (CGCS2000 taken as WGS84)";
          impl->ballpark = false;
          impl->ops.clear();
          impl->ops.push_back(std::move(first->op));
          impl->ops.push_back(std::move(second->op));
        }
      }
      ctx.take_message();
    }
  }

  std::string description;
  for (const std::string& part : {std::string(describe(impl->pre)), proj_step, std::string(describe(impl->post))}) {
    if (part.empty()) continue;
    if (!description.empty()) description += "; ";
    description += part;
  }
  impl->description = description.empty() ? "identity" : description;
  return Transformer(std::move(impl));
}

Result<Transformer> Transformer::clone() const {
  auto impl = std::make_unique<Impl>();
  impl->from = m_impl->from;
  impl->to = m_impl->to;
  impl->pre = m_impl->pre;
  impl->post = m_impl->post;
  impl->ballpark = m_impl->ballpark;
  impl->description = m_impl->description;
  if (m_impl->ctx) impl->ctx = std::make_unique<detail::Context>();
  for (const detail::PjPtr& op : m_impl->ops) {
    impl->ops.emplace_back(proj_clone(impl->ctx->get(), op.get()));
    if (!impl->ops.back())
      return error(ErrorCode::crs,
                   "cannot copy the transformation " + m_impl->description + ": " + impl->ctx->take_message());
  }
  return Transformer(std::move(impl));
}

size_t Transformer::transform(std::span<double> xy) const {
  assert(xy.size() % 2 == 0 && "interleaved x,y pairs");
  const size_t n = xy.size() / 2;
  if (n == 0) return 0;
  apply(m_impl->pre, xy);
  for (const detail::PjPtr& pj : m_impl->ops) {
    PJ* op = pj.get();
    proj_errno_reset(op);
    constexpr size_t stride = 2 * sizeof(double);
    proj_trans_generic(op, PJ_FWD, xy.data(), stride, n, xy.data() + 1, stride, n, nullptr, 0, 0, nullptr, 0, 0);
    proj_errno_reset(op);
    m_impl->ctx->take_message();  // per-point failures are counted below, not kept as text
  }
  // PROJ marks failures with HUGE_VAL; NaN in stays NaN. Both become NaN,NaN.
  size_t failed = 0;
  for (size_t i = 0; i < xy.size(); i += 2) {
    if (!std::isfinite(xy[i]) || !std::isfinite(xy[i + 1])) {
      xy[i] = std::numeric_limits<double>::quiet_NaN();
      xy[i + 1] = std::numeric_limits<double>::quiet_NaN();
      ++failed;
    }
  }
  apply(m_impl->post, xy);
  return failed;
}

std::optional<Vec2> Transformer::transform_point(Vec2 p) const {
  double xy[2] = {p.x, p.y};
  if (transform(xy) != 0) return std::nullopt;
  return Vec2{xy[0], xy[1]};
}

bool Transformer::is_identity() const {
  return m_impl->pre == Offset::none && m_impl->post == Offset::none && m_impl->ops.empty();
}
bool Transformer::is_ballpark() const { return m_impl->ballpark; }
const std::string& Transformer::description() const { return m_impl->description; }
const CrsRef& Transformer::source() const { return m_impl->from; }
const CrsRef& Transformer::target() const { return m_impl->to; }

namespace {

// Gauss–Krüger X with or without the zone number against a CRS that says the other (tour 17 R2): X = 391,761 under
// EPSG:4525 (false easting 37,500,000) is 37 million metres west of its zone, and no transformation answers.
std::optional<std::string> zone_number_hint(const CrsRef& crs, double x) {
  const auto fe = false_easting(crs);
  if (!fe || !std::isfinite(x)) return std::nullopt;
  const std::string x_text = std::to_string(static_cast<long long>(x));
  if (*fe >= 1e6 && std::abs(x) < 1e6) {
    const int zone = static_cast<int>(*fe / 1e6);
    const CrsRef without = gauss_kruger_crs(zone, false);
    const bool cgcs2000 = crs.kind == CrsRef::Kind::proj && crs == gauss_kruger_crs(zone, true);
    return "X 坐标（如 " + x_text + "）没有带号，而 " + crs.label() + " 的 X 带带号 " + std::to_string(zone) + "（如 " + std::to_string(zone) +
           x_text + "）：" + (cgcs2000 ? "改用不带带号的 " + without.label() + "（crs = \"" + without.label() + "\"）" : "改用该坐标系不带带号的版本") +
           "，或给 X 加上带号";
  }
  if (*fe < 1e6 && std::abs(x) >= 1e7)
    return "X 坐标（如 " + x_text + "）带了带号 " + std::to_string(static_cast<int>(x / 1e6)) + "，而 " + crs.label() +
           " 的 X 不带带号：改用含带号的坐标系（如 " + gauss_kruger_crs(static_cast<int>(x / 1e6), true).label() + "），或去掉 X 的带号";
  return std::nullopt;
}

}  // namespace

Result<void> transform_table(FeatureTable& table, const CrsRef& to) {
  auto t = Transformer::create(table.crs, to);
  if (!t) {
    Error e = std::move(t.error());
    e.file = table.source;
    e.layer = table.name;
    return tl::unexpected(std::move(e));
  }
  if (t->is_identity()) {
    table.crs = to;
    return {};
  }
  std::vector<double> xy = table.geometry.xy;  // all or nothing: the table changes only on success
  const size_t failed = t->transform(xy);
  if (failed != 0) {
    const GeometryColumn& g = table.geometry;
    size_t v = 0;
    while (v < xy.size() / 2 && !std::isnan(xy[2 * v])) ++v;
    // Vertex -> ring -> part -> feature: the last offset not after it (skips empty rings/parts).
    auto owner = [](const std::vector<uint32_t>& offsets, size_t i) {
      return static_cast<size_t>(std::upper_bound(offsets.begin(), offsets.end(), i) - offsets.begin()) - 1;
    };
    const size_t f = owner(g.geom_offsets, owner(g.part_offsets, owner(g.ring_offsets, v)));
    const int64_t fid = f < table.fid.size() ? table.fid[f] : static_cast<int64_t>(f);
    return error(ErrorCode::crs, std::to_string(failed) + " of " + std::to_string(xy.size() / 2) +
                                     " vertices could not be transformed from " + table.crs.label() + " to " +
                                     to.label())
        .file(table.source)
        .layer(table.name)
        .feature(fid)
        .hint(zone_number_hint(table.crs, g.xy[2 * v]).value_or(
            "check the layer's CRS: the coordinates may be outside its area of use, in another unit, or with "
            "lon/lat swapped"));
  }
  table.geometry.xy = std::move(xy);
  table.crs = to;
  return {};
}

}  // namespace jiuyou::crs
