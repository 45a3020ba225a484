#pragma once
// Deterministic random numbers for the generator. std::mt19937_64 is fully
// specified by the standard, but the std:: distributions are not (libstdc++
// and libc++ differ), so the distributions are written here.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace jiuyou::synth {

class Rng {
 public:
  explicit Rng(uint64_t seed) : m_engine(seed) {}
  // A generator for a named sub-stream, so adding draws to one stage does not
  // shift every later stage.
  [[nodiscard]] Rng fork(uint64_t stream) const { return Rng(mix(peek() ^ mix(stream))); }

  uint64_t next() { return m_engine(); }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [lo, hi] (inclusive).
  int64_t integer(int64_t lo, int64_t hi) {
    const auto span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(m_engine() % span);
  }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box–Muller, one value per call).
  double normal() {
    double u1 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  // Log-normal with the given median and log-space sigma.
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  // Poisson by inversion (small means only).
  int poisson(double mean) {
    const double l = std::exp(-mean);
    int k = 0;
    double p = uniform();
    while (p > l && k < 1000) {
      p *= uniform();
      ++k;
    }
    return k;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(integer(0, static_cast<int64_t>(v.size()) - 1))];
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<size_t>(integer(0, static_cast<int64_t>(i) - 1))]);
  }

  static uint64_t mix(uint64_t z) {  // splitmix64 finaliser
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  [[nodiscard]] uint64_t peek() const {
    std::mt19937_64 copy = m_engine;
    return copy();
  }
  std::mt19937_64 m_engine;
};

}  // namespace jiuyou::synth
