// Services and constraints: hazard zones, protected areas, and the facilities of each village.
#include "gis/synth/builder.hpp"

namespace jiuyou::synth::detail {

void Builder::build_facilities_hazards_protected() {
  Rng rng = m_rng.fork(5);
  build_hazards(rng);
  build_protected(rng);
  build_facilities(rng);
}

void Builder::build_hazards(Rng& rng) {
  // Landslides on steep slopes near settlements, debris flows in side valleys,
  // flood zones along the main river's lower reaches.
  const int n_slides = std::max(12, static_cast<int>(m_villages.size() / 6));
  for (int k = 0, tries = 0; k < n_slides && tries < n_slides * 200; ++tries) {
    const auto& v = m_villages[static_cast<size_t>(rng.integer(0, static_cast<int64_t>(m_villages.size()) - 1))];
    const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(300, 1500);
    const Vec2 c{v.site.x + std::cos(ang) * rr, v.site.y + std::sin(ang) * rr};
    if (!m_outline.contains(c, 300) || m_terrain.slope_deg(c) < 25) continue;
    Area a;
    a.ring = star(c, rng.uniform(120, 450), 0.35, 16);
    a.kind = rng.chance(0.8) ? "landslide" : rng.chance(0.5) ? "debris_flow" : "collapse";
    a.level = rng.chance(0.25) ? "high" : rng.chance(0.5) ? "medium" : "low";
    m_hazards.push_back(std::move(a));
    ++k;
  }
  // Some villages sit inside a landslide zone (relocation candidates).
  int inside = 0;
  for (size_t i = 0; i < m_villages.size() && inside < std::max(3, static_cast<int>(m_villages.size() / 80)); ++i) {
    const auto& v = m_villages[(i * 7919) % m_villages.size()];
    if (v.seat || v.trap || m_terrain.slope_deg(v.site) < 12) continue;
    Area a;
    a.ring = star(v.site, rng.uniform(300, 600), 0.25, 16);
    a.kind = "landslide";
    a.level = "high";
    m_hazards.push_back(std::move(a));
    ++inside;
  }
  // Flood zones: bands along the main river where the valley is wide and low.
  const auto& main = m_rivers[0].path;
  for (size_t start = 20; start + 40 < main.size(); start += 60) {
    if (!rng.chance(0.6)) continue;
    const size_t end = start + static_cast<size_t>(rng.integer(15, 35));
    const double half = rng.uniform(120, 260);
    Ring left, right;
    for (size_t i = start; i <= end; ++i) {
      const Vec2 a = main[i - 1], b = main[i + 1];
      const double len = std::max(1e-9, dist(a, b));
      const Vec2 n{-(b.y - a.y) / len, (b.x - a.x) / len};
      left.push_back({main[i].x + n.x * half, main[i].y + n.y * half});
      right.push_back({main[i].x - n.x * half, main[i].y - n.y * half});
    }
    Ring ring = right;
    ring.insert(ring.end(), left.rbegin(), left.rend());
    ring.push_back(ring.front());
    // Keep only simple rings (a sharp bend could fold the band).
    bool simple = true;
    for (size_t i = 0; i + 1 < ring.size() && simple; ++i)
      for (size_t j = i + 2; j + 1 < ring.size(); ++j) {
        if (i == 0 && j + 2 == ring.size()) continue;
        if (segments_cross(ring[i], ring[i + 1], ring[j], ring[j + 1])) {
          simple = false;
          break;
        }
      }
    if (!simple) continue;
    if (ring_area(ring) < 0) std::reverse(ring.begin(), ring.end());
    m_hazards.push_back({ring, "flood", rng.chance(0.3) ? "high" : "medium", "", true});
  }
}

void Builder::build_protected(Rng& rng) {
  // Protected: basic farmland on valley floors near villages, ecological red
  // lines on the high ranges, one nature reserve around the highest ground.
  for (const auto& v : m_villages) {
    if (!rng.chance(0.35)) continue;
    const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(200, 700);
    const Vec2 c{v.site.x + std::cos(ang) * rr, v.site.y + std::sin(ang) * rr};
    if (m_terrain.slope_deg(c) > 15) continue;
    m_protected.push_back({star(c, rng.uniform(200, 600), 0.3, 14), "basic_farmland", "", "", true});
  }
  Vec2 top{};
  double top_e = -1;
  std::vector<Vec2> high;
  for (int k = 0; k < 4000; ++k) {
    const double ang = rng.uniform(0, 2 * k_pi), rr = std::sqrt(rng.uniform()) * m_outline.r0;
    const Vec2 p{std::cos(ang) * rr, std::sin(ang) * rr};
    if (!m_outline.contains(p)) continue;
    const double e = m_terrain.at(p);
    if (e > top_e) {
      top_e = e;
      top = p;
    }
    if (e > 1300) high.push_back(p);
  }
  // Ecological red lines on high ground, apart from each other and from the reserve.
  std::vector<Vec2> redlines;
  const size_t want = std::max<size_t>(3, static_cast<size_t>(m_area_m2 / 6e8));
  for (const auto& p : high) {
    if (redlines.size() >= want) break;
    bool apart = dist(p, top) > 12000;
    for (const auto& q : redlines) apart = apart && dist(p, q) > 12000;
    if (!apart) continue;
    redlines.push_back(p);
    m_protected.push_back({star(p, rng.uniform(1500, 4000), 0.35, 24), "ecological_redline", "", "", true});
  }
  if (redlines.empty() && !high.empty()) m_protected.push_back({star(high.front(), 2000, 0.35, 24), "ecological_redline", "", "", true});
  m_protected.push_back({star(top, std::min(9000.0, 0.2 * m_outline.r0), 0.3, 32), "reserve", "", "", true});
}

void Builder::build_facilities(Rng& rng) {
  // Facilities per village: service centre, clinic, school, culture venue,
  // market, cooperative — some villages lack some.
  auto near_site = [&](size_t i) {
    const Vec2 s = m_villages[i].site;
    const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(30, 250);
    return Vec2{s.x + std::cos(ang) * rr, s.y + std::sin(ang) * rr};
  };
  for (size_t i = 0; i < m_villages.size(); ++i) {
    const auto& v = m_villages[i];
    auto add = [&](const std::string& kind, double p, bool flag = true) {
      if (!rng.chance(p)) return;
      Point f;
      f.p = near_site(i);
      f.kind = kind;
      f.flag = flag;
      f.village = static_cast<int>(i);
      m_facilities.push_back(f);
    };
    add("service_center", v.seat ? 1.0 : 0.9);
    add("clinic", v.seat ? 1.0 : 0.86, rng.chance(0.9));
    add("school", v.seat ? 1.0 : 0.3);
    add("culture", v.seat ? 1.0 : 0.75);
    add("market", v.seat ? 1.0 : 0.05);
    add("cooperative", 0.5);
  }
}

}  // namespace jiuyou::synth::detail
