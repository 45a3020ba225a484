#pragma once
// Internal to gis/crs (the only folder that sees PROJ): PROJ context and
// object handles, and turning a CrsRef into a PROJ CRS object. Not for use
// outside gis/crs; the public API is crs.hpp.
#include <proj.h>

#include <memory>
#include <string>
#include <string_view>

#include "gis/model/crs_ref.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::crs::detail {

struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

// A PROJ context whose log goes into a string instead of stderr, so errors
// can quote what PROJ said. Neither copyable nor movable: the context keeps a
// pointer to it.
class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  [[nodiscard]] PJ_CONTEXT* get() const { return m_ctx; }
  // The last error PROJ logged since the previous call, or the context's
  // errno text when nothing was logged; clears the logged text.
  std::string take_message();

 private:
  static void log(void* self, int level, const char* message);
  PJ_CONTEXT* m_ctx = nullptr;
  std::string m_last_message;
};

// The calling thread's context, created on first use (thread_local).
Context& thread_context();

// EPSG:n, urn:ogc:def:crs:..., WKT, PROJ string or PROJJSON; false for a
// bare name (which create_crs looks up as an exact CRS name).
bool is_structured_definition(std::string_view text);

// The PROJ definition a CrsRef stands for: its text for Kind::proj (a PROJ
// string gets "+type=crs" when it lacks it), EPSG:4326 for GCJ-02/BD-09
// (the datum their offsets are applied to).
std::string proj_definition(const CrsRef& crs);

// A PROJ CRS object for `crs` (GCJ-02/BD-09: WGS84), or an ErrorCode::crs
// error quoting the text with PROJ's reason and a hint.
Result<PjPtr> create_crs(Context& ctx, const CrsRef& crs);

// The horizontal part of a CRS: the base of a bound CRS, the first component
// of a compound one, else the CRS itself (a new reference in all cases).
PjPtr horizontal_crs(Context& ctx, const PJ* crs);

// The name of the CRS's (horizontal) geodetic datum as PROJ has it ("China
// 2000", "World Geodetic System 1984"), "" when it has none.
std::string datum_name(Context& ctx, const PJ* crs);
// WGS84 (any realisation, or the ensemble) or CGCS2000: the datums this
// project treats as one (they agree to well under a metre in China).
bool is_wgs84_or_cgcs2000_datum(std::string_view datum_name);

}  // namespace jiuyou::crs::detail
