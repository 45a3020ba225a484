#include "src/viewer/opening_steps.hpp"

#include <chrono>
#include <ctime>

namespace jiuyou::viewer {

namespace {
double wall_now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double cpu_now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
}  // namespace

OpeningSteps& OpeningSteps::get() {
  static OpeningSteps steps;
  return steps;
}

void OpeningSteps::begin() {
  m_steps.clear();
  m_wall0 = wall_now_ms();
  m_cpu0 = cpu_now_ms();
}

void OpeningSteps::mark(std::string what) {
  const double wall = wall_now_ms(), cpu = cpu_now_ms();
  m_steps.push_back({std::move(what), wall - m_wall0, cpu - m_cpu0});
  m_wall0 = wall;
  m_cpu0 = cpu;
}

}  // namespace jiuyou::viewer
