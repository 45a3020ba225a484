#pragma once
// The small synthetic county the year-on-year tests share: 120 villages in 8
// townships on 1,700 km² with a 150 m DEM — large enough for every kind of
// recorded event (synth --years), small enough for the sanitizer suite.
#include <cstdint>

#include "gis/synth/synth_county.hpp"

namespace jiuyou::test {

inline synth::SynthParams small_county(uint64_t seed) {
  synth::SynthParams p;
  p.seed = seed;
  p.villages = 120;
  p.townships = 8;
  p.area_km2 = 1700;
  p.dem_cell_m = 150;
  return p;
}

}  // namespace jiuyou::test
