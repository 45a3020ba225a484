#pragma once
// One wall-clock budget for every solver (after OR-Tools' util/time_limit.h):
// made when a solve starts, asked `expired()` between units of work, and cut
// into a share for a sub-solver (the exact mode's warm start). A limit of 0,
// a negative or a non-finite number means no limit.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace jiuyou::plan {

class TimeLimit {
 public:
  using Clock = std::chrono::steady_clock;

  // No limit.
  TimeLimit() : m_start(Clock::now()) {}
  // `seconds` from now; <= 0 or not finite: no limit.
  explicit TimeLimit(double seconds) : m_start(Clock::now()), m_limited(std::isfinite(seconds) && seconds > 0.0) {
    if (m_limited) m_deadline = m_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }

  [[nodiscard]] bool limited() const { return m_limited; }
  [[nodiscard]] bool expired() const { return m_limited && Clock::now() >= m_deadline; }
  // Seconds left (may be <= 0 once expired); +infinity without a limit.
  [[nodiscard]] double seconds_left() const {
    if (!m_limited) return std::numeric_limits<double>::infinity();
    return std::chrono::duration<double>(m_deadline - Clock::now()).count();
  }
  // Seconds since the limit was made.
  [[nodiscard]] double elapsed() const { return std::chrono::duration<double>(Clock::now() - m_start).count(); }
  // The whole budget in seconds (0 without a limit), for sub-solvers that take a number.
  [[nodiscard]] double budget_seconds() const {
    return m_limited ? std::chrono::duration<double>(m_deadline - m_start).count() : 0.0;
  }
  // A limit for a sub-solver: `fraction` of this budget from now, never past this deadline
  // (no limit stays no limit).
  [[nodiscard]] TimeLimit share(double fraction) const {
    if (!m_limited) return TimeLimit{};
    TimeLimit out(std::max(0.0, std::min(budget_seconds() * fraction, seconds_left())));
    if (!out.m_limited) {  // nothing left: already expired
      out.m_limited = true;
      out.m_deadline = out.m_start;
    }
    return out;
  }

 private:
  Clock::time_point m_start;
  bool m_limited = false;
  Clock::time_point m_deadline{};
};

}  // namespace jiuyou::plan
