#pragma once
// Chinese place names for the synthetic county: villages as
// [方位] + 姓 + 家 + 地形 + 村 (王家湾村, 上李家沟村), townships as two
// characters + 镇/乡. Names never repeat within one generator.
#include <string>
#include <unordered_set>

#include "gis/synth/random.hpp"

namespace jiuyou::synth {

class NameMaker {
 public:
  explicit NameMaker(Rng rng) : m_rng(rng) {}
  std::string village();
  // `seat` names the county seat's township 城关镇.
  std::string township(bool seat, bool town);

 private:
  Rng m_rng;
  std::unordered_set<std::string> m_used;
};

}  // namespace jiuyou::synth
