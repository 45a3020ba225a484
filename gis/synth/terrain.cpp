#include "gis/synth/terrain.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jiuyou::synth {
namespace {

constexpr double k_pi = 3.14159265358979323846;

double hash01(uint64_t seed, int64_t x, int64_t y) {
  const uint64_t h = Rng::mix(seed ^ Rng::mix(static_cast<uint64_t>(x) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(y) * 0xC2B2AE3D27D4EB4FULL));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double fade(double t) { return t * t * t * (t * (t * 6 - 15) + 10); }

double value_noise(uint64_t seed, double x, double y) {
  const double fx = std::floor(x), fy = std::floor(y);
  const auto ix = static_cast<int64_t>(fx), iy = static_cast<int64_t>(fy);
  const double tx = fade(x - fx), ty = fade(y - fy);
  const double a = hash01(seed, ix, iy), b = hash01(seed, ix + 1, iy);
  const double c = hash01(seed, ix, iy + 1), d = hash01(seed, ix + 1, iy + 1);
  return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

// Ridged fractal noise in about [0, 1].
double ridged_fbm(uint64_t seed, double x, double y, int octaves) {
  double sum = 0, norm = 0, amp = 1, freq = 1;
  for (int o = 0; o < octaves; ++o) {
    // Rotate each octave so the lattice axes do not line up into blocky ridges.
    const double a = 0.61 * (o + 1);
    const double rx = x * std::cos(a) - y * std::sin(a), ry = x * std::sin(a) + y * std::cos(a);
    const double n = value_noise(seed + static_cast<uint64_t>(o) * 7919, rx * freq + 17.3 * o, ry * freq - 9.1 * o);
    const double ridge = 1 - std::abs(2 * n - 1);
    const double smooth_part = n;
    sum += amp * (o < 2 ? 0.5 * ridge * ridge + 0.5 * smooth_part : ridge);
    norm += amp;
    amp *= 0.5;
    freq *= 2.03;
  }
  return sum / norm;
}

}  // namespace

double Outline::radius(double theta) const {
  double f = 1;
  for (size_t i = 0; i < amp.size(); ++i) f += amp[i] * std::cos(static_cast<double>(i + 2) * theta + phase[i]);
  return r0 * f;
}

bool Outline::contains(Vec2 p, double margin_m) const {
  const double r = std::hypot(p.x, p.y);
  return r + margin_m <= radius(std::atan2(p.y, p.x));
}

double Outline::area() const {
  double a = 0;
  const int n = 2048;
  for (int i = 0; i < n; ++i) {
    const double r = radius(2 * k_pi * i / n);
    a += 0.5 * r * r * (2 * k_pi / n);
  }
  return a;
}

Outline make_outline(Rng& rng, double area_m2) {
  Outline o;
  for (int k = 2; k <= 7; ++k) {
    o.amp.push_back(rng.uniform(0.02, 0.16) / (0.6 * k));
    o.phase.push_back(rng.uniform(0, 2 * k_pi));
  }
  o.r0 = 1;
  o.r0 = std::sqrt(area_m2 / o.area());
  return o;
}

std::vector<Vec2> wiggle(Rng& rng, Vec2 a, Vec2 b, double amplitude, double step_m) {
  std::vector<Vec2> pts{a, b};
  double amp = amplitude;
  while (true) {
    bool split = false;
    std::vector<Vec2> out;
    out.reserve(pts.size() * 2);
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const Vec2 p = pts[i], q = pts[i + 1];
      out.push_back(p);
      const double len = std::hypot(q.x - p.x, q.y - p.y);
      if (len > step_m) {
        const double d = rng.uniform(-1, 1) * amp * len;
        const Vec2 n{-(q.y - p.y) / len, (q.x - p.x) / len};
        out.push_back({(p.x + q.x) / 2 + n.x * d, (p.y + q.y) / 2 + n.y * d});
        split = true;
      }
    }
    out.push_back(pts.back());
    pts.swap(out);
    if (!split) break;
    amp *= 0.62;
  }
  return pts;
}

std::vector<Vec2> smooth(const std::vector<Vec2>& line, int iterations) {
  std::vector<Vec2> pts = line;
  for (int it = 0; it < iterations && pts.size() > 2; ++it) {
    std::vector<Vec2> out;
    out.reserve(pts.size() * 2);
    out.push_back(pts.front());
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const Vec2 p = pts[i], q = pts[i + 1];
      if (i > 0) out.push_back({0.75 * p.x + 0.25 * q.x, 0.75 * p.y + 0.25 * q.y});
      if (i + 2 < pts.size()) out.push_back({0.25 * p.x + 0.75 * q.x, 0.25 * p.y + 0.75 * q.y});
    }
    out.push_back(pts.back());
    pts.swap(out);
  }
  return pts;
}

namespace {

std::vector<Vec2> resample(const std::vector<Vec2>& line, double step_m) {
  std::vector<Vec2> out{line.front()};
  double carry = 0;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    const Vec2 a = line[i], b = line[i + 1];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    double t = step_m - carry;
    while (t < len) {
      out.push_back({a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len});
      t += step_m;
    }
    carry = len - (t - step_m);
  }
  if (std::hypot(out.back().x - line.back().x, out.back().y - line.back().y) > step_m * 0.3) out.push_back(line.back());
  else out.back() = line.back();
  return out;
}

std::vector<double> arc_lengths(const std::vector<Vec2>& line) {
  std::vector<double> s(line.size(), 0);
  for (size_t i = 1; i < line.size(); ++i) s[i] = s[i - 1] + std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  return s;
}

River make_branch(Rng& rng, const River& parent, int parent_index, const Outline& outline, double length_share, double gradient_m_per_km) {
  River r;
  r.order = parent.order + 1;
  r.parent = parent_index;
  const size_t n = parent.path.size();
  const size_t at = static_cast<size_t>(rng.uniform(0.12, 0.88) * static_cast<double>(n - 1));
  const Vec2 p = parent.path[at];
  const Vec2 q = parent.path[std::min(at + 1, n - 1)];
  const double heading = std::atan2(q.y - p.y, q.x - p.x) + (rng.chance(0.5) ? 1 : -1) * rng.uniform(0.9, 1.9);
  const double len = length_share * outline.r0 * rng.uniform(0.7, 1.3);
  Vec2 end{p.x + std::cos(heading) * len, p.y + std::sin(heading) * len};
  // Keep branches inside the county: pull the end back toward the junction.
  for (int i = 0; i < 8 && !outline.contains(end, 500); ++i) end = {(end.x + p.x) / 2, (end.y + p.y) / 2};
  r.path = resample(smooth(wiggle(rng, p, end, 0.22, 600), 2), 150);
  r.path.front() = p;
  const auto s = arc_lengths(r.path);
  r.floor_m.resize(r.path.size());
  for (size_t i = 0; i < r.path.size(); ++i) r.floor_m[i] = parent.floor_m[at] + gradient_m_per_km * s[i] / 1000.0;
  return r;
}

}  // namespace

std::vector<River> make_rivers(Rng& rng, const Outline& outline, double area_m2) {
  std::vector<River> rivers;
  River main;
  const double theta_in = rng.uniform(0, 2 * k_pi);
  const double theta_out = theta_in + k_pi + rng.uniform(-0.5, 0.5);
  const Vec2 a{std::cos(theta_in) * outline.radius(theta_in) * 1.04, std::sin(theta_in) * outline.radius(theta_in) * 1.04};
  const Vec2 b{std::cos(theta_out) * outline.radius(theta_out) * 1.04, std::sin(theta_out) * outline.radius(theta_out) * 1.04};
  main.path = resample(smooth(wiggle(rng, a, b, 0.2, 700), 3), 150);
  const auto s = arc_lengths(main.path);
  main.floor_m.resize(main.path.size());
  for (size_t i = 0; i < main.path.size(); ++i) main.floor_m[i] = 520.0 - 330.0 * s[i] / s.back();
  rivers.push_back(std::move(main));
  const double scale = std::sqrt(area_m2 / 3.5e9);
  const int tributaries = std::max(4, static_cast<int>(std::lround(8 * scale)));
  for (int t = 0; t < tributaries; ++t) rivers.push_back(make_branch(rng, rivers[0], 0, outline, 0.55, rng.uniform(10, 18)));
  const size_t first_sub = rivers.size();
  for (size_t t = 1; t < first_sub; ++t)
    for (int k = 0; k < 2; ++k) rivers.push_back(make_branch(rng, rivers[t], static_cast<int>(t), outline, 0.25, rng.uniform(20, 35)));
  return rivers;
}

Terrain make_terrain(Rng& rng, const Outline& outline, const std::vector<River>& rivers, double cell_m) {
  Terrain t;
  t.cell_m = cell_m;
  double rmax = 0;
  for (int i = 0; i < 720; ++i) rmax = std::max(rmax, outline.radius(2 * k_pi * i / 720));
  const double half = std::ceil((rmax * 1.08 + 2000) / cell_m) * cell_m;
  t.x0 = -half;
  t.y0 = half;
  t.width = t.height = static_cast<int>(2 * half / cell_m);
  const size_t n = static_cast<size_t>(t.width) * static_cast<size_t>(t.height);
  const uint64_t seed = rng.next();
  const double wavelength = 30000;  // m, the largest ranges

  // Nearest river cell per grid cell (vector-propagation distance transform).
  std::vector<int32_t> src(n, -1);
  std::vector<float> floor_at(n, std::numeric_limits<float>::infinity());
  auto idx = [&](int col, int row) { return static_cast<size_t>(row) * static_cast<size_t>(t.width) + static_cast<size_t>(col); };
  for (const auto& r : rivers) {
    for (size_t i = 0; i + 1 < r.path.size(); ++i) {
      const Vec2 a = r.path[i], b = r.path[i + 1];
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      const int steps = std::max(1, static_cast<int>(len / (cell_m * 0.5)));
      for (int k = 0; k <= steps; ++k) {
        const double u = static_cast<double>(k) / steps;
        const double x = a.x + (b.x - a.x) * u, y = a.y + (b.y - a.y) * u;
        const int col = static_cast<int>((x - t.x0) / cell_m), row = static_cast<int>((t.y0 - y) / cell_m);
        if (col < 0 || row < 0 || col >= t.width || row >= t.height) continue;
        const size_t c = idx(col, row);
        const auto f = static_cast<float>(r.floor_m[i] + (r.floor_m[i + 1] - r.floor_m[i]) * u);
        src[c] = static_cast<int32_t>(c);
        floor_at[c] = std::min(floor_at[c], f);
      }
    }
  }
  auto dist2 = [&](size_t c, int32_t s) {
    if (s < 0) return std::numeric_limits<double>::infinity();
    const double dx = static_cast<double>(static_cast<int>(c % static_cast<size_t>(t.width)) - s % t.width);
    const double dy = static_cast<double>(static_cast<int>(c / static_cast<size_t>(t.width)) - s / t.width);
    return dx * dx + dy * dy;
  };
  auto relax = [&](int col, int row, int dc, int dr) {
    const int c2 = col + dc, r2 = row + dr;
    if (c2 < 0 || r2 < 0 || c2 >= t.width || r2 >= t.height) return;
    const size_t c = idx(col, row);
    const int32_t s = src[idx(c2, r2)];
    if (s >= 0 && dist2(c, s) < dist2(c, src[c])) src[c] = s;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (int row = 0; row < t.height; ++row) {
      for (int col = 0; col < t.width; ++col) {
        relax(col, row, -1, 0);
        relax(col, row, 0, -1);
        relax(col, row, -1, -1);
        relax(col, row, 1, -1);
      }
      for (int col = t.width - 1; col >= 0; --col) relax(col, row, 1, 0);
    }
    for (int row = t.height - 1; row >= 0; --row) {
      for (int col = t.width - 1; col >= 0; --col) {
        relax(col, row, 1, 0);
        relax(col, row, 0, 1);
        relax(col, row, 1, 1);
        relax(col, row, -1, 1);
      }
      for (int col = 0; col < t.width; ++col) relax(col, row, -1, 0);
    }
  }

  std::vector<double> mountain(n);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int row = 0; row < t.height; ++row)
    for (int col = 0; col < t.width; ++col) {
      const double x = t.x0 + (col + 0.5) * cell_m, y = t.y0 - (row + 0.5) * cell_m;
      const double v = ridged_fbm(seed, x / wavelength, y / wavelength, 8);
      mountain[idx(col, row)] = v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  t.elev.resize(n);
  t.river_dist_m.resize(n);
  for (size_t c = 0; c < n; ++c) {
    const double m = (mountain[c] - lo) / std::max(1e-9, hi - lo);
    const double peak = 380 + 2350 * std::pow(m, 1.5);
    const double d = std::sqrt(dist2(c, src[c])) * cell_m;
    t.river_dist_m[c] = static_cast<float>(d);
    const double floor = src[c] >= 0 ? floor_at[static_cast<size_t>(src[c])] : 300.0;
    const double valley = 1 - std::exp(-d / 2600.0);
    // Mountains rise at least a few hundred metres above any valley floor.
    const double relief = std::max(peak - floor, 250.0 + 500.0 * m);
    const double e = floor + relief * valley + 6 * std::min(1.0, d / 300.0) * (m - 0.5);
    t.elev[c] = static_cast<float>(std::round(std::max(floor, e)));  // whole metres: smaller GeoTIFF, no false precision
  }
  return t;
}

double Terrain::at(Vec2 p) const {
  const double fx = std::clamp((p.x - x0) / cell_m - 0.5, 0.0, width - 1.001);
  const double fy = std::clamp((y0 - p.y) / cell_m - 0.5, 0.0, height - 1.001);
  const int c = static_cast<int>(fx), r = static_cast<int>(fy);
  const double tx = fx - c, ty = fy - r;
  auto v = [&](int cc, int rr) { return static_cast<double>(elev[static_cast<size_t>(rr) * static_cast<size_t>(width) + static_cast<size_t>(cc)]); };
  return (v(c, r) * (1 - tx) + v(c + 1, r) * tx) * (1 - ty) + (v(c, r + 1) * (1 - tx) + v(c + 1, r + 1) * tx) * ty;
}

double Terrain::cell_value(Vec2 p) const {
  const int c = std::clamp(static_cast<int>(std::floor((p.x - x0) / cell_m)), 0, width - 1);
  const int r = std::clamp(static_cast<int>(std::floor((y0 - p.y) / cell_m)), 0, height - 1);
  return elev[static_cast<size_t>(r) * static_cast<size_t>(width) + static_cast<size_t>(c)];
}

double Terrain::river_distance(Vec2 p) const {
  const int c = std::clamp(static_cast<int>((p.x - x0) / cell_m), 0, width - 1);
  const int r = std::clamp(static_cast<int>((y0 - p.y) / cell_m), 0, height - 1);
  return river_dist_m[static_cast<size_t>(r) * static_cast<size_t>(width) + static_cast<size_t>(c)];
}

double Terrain::slope_deg(Vec2 p) const {
  const double h = cell_m;
  const double dx = (at({p.x + h, p.y}) - at({p.x - h, p.y})) / (2 * h);
  const double dy = (at({p.x, p.y + h}) - at({p.x, p.y - h})) / (2 * h);
  return std::atan(std::hypot(dx, dy)) * 180.0 / k_pi;
}

}  // namespace jiuyou::synth
