// Small edits of the synthetic county's tables for the multi-year series:
// one field of one row, removed rows, the next free FID.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/model/table_rows.hpp"
#include "gis/synth/years_detail.hpp"

namespace jiuyou::synth::years {
namespace {

Column& column_of(FeatureTable& t, std::string_view col) {
  Column* c = t.column(col);
  if (!c) throw std::logic_error("synth years: layer " + t.name + " has no field " + std::string(col));
  return *c;
}

}  // namespace

std::string cell_text(const FeatureTable& t, size_t row, std::string_view col) {
  const Column* c = t.column(col);
  return c && row < c->size() ? c->as_text(row) : std::string();
}

// Text is append-only in a Column: the column is copied with the one value replaced.
void set_text(FeatureTable& t, size_t row, std::string_view col, std::string_view value) {
  Column& old = column_of(t, col);
  Column fresh(old.name(), old.type());
  fresh.reserve(old.size());
  for (size_t r = 0; r < old.size(); ++r) {
    if (r == row) fresh.push_text(value);
    else fresh.append_from(old, r);
  }
  old = std::move(fresh);
}

void set_bool(FeatureTable& t, size_t row, std::string_view col, bool value) { column_of(t, col).set_bool(row, value); }
void set_real(FeatureTable& t, size_t row, std::string_view col, double value) { column_of(t, col).set_real(row, value); }

void drop_rows(FeatureTable& t, std::vector<size_t> rows, std::vector<int32_t>* parallel) {
  std::sort(rows.begin(), rows.end());
  auto dropped = [&](size_t r) { return std::binary_search(rows.begin(), rows.end(), r); };
  std::vector<size_t> kept_rows;
  std::vector<int32_t> kept;
  for (size_t r = 0; r < t.size(); ++r) {
    if (dropped(r)) continue;
    kept_rows.push_back(r);
    if (parallel) kept.push_back((*parallel)[r]);
  }
  t = copy_rows(t, kept_rows);
  if (parallel) *parallel = std::move(kept);
}

int64_t next_fid(const FeatureTable& t) {
  int64_t most = 0;
  for (int64_t f : t.fid) most = std::max(most, f);
  return most + 1;
}

size_t row_of_code(const FeatureTable& t, std::string_view code) {
  const auto rows = t.find_rows("code", code);
  return rows.empty() ? t.size() : rows.front();
}

Vec2 village_point(const SynthCounty& c, std::string_view code) {
  const FeatureTable& t = c.village_points.size() > 0 ? c.village_points : c.villages;
  const size_t row = row_of_code(t, code);
  if (row >= t.size()) return {std::nan(""), std::nan("")};
  return t.geometry.vertex(t.geometry.vertex_begin(t.geometry.ring_begin(t.geometry.part_begin(row))));
}

std::string number_text(double v) {
  char buf[64];
  if (v == std::round(v) && std::abs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

YearEvent field_event(const Year& y, const char* kind, const FeatureTable& t, size_t row, std::string field, std::string before, std::string after) {
  YearEvent e;
  e.year = y.year;
  e.kind = kind;
  e.layer = t.name;
  e.feature_id = t.fid[row];
  e.field = std::move(field);
  e.before = std::move(before);
  e.after = std::move(after);
  return e;
}

}  // namespace jiuyou::synth::years
