#pragma once
// Where the viewer's opening spends its time: each step's wall and process
// CPU time, recorded as the window, state, font, scene and upload are made
// (ViewerApp::create, attach_renderer) and printed by `jiuyou view --bench`.
// One process opens one window at a time; the record is cleared by begin().
#include <string>
#include <vector>

namespace jiuyou::viewer {

struct OpeningStep {
  std::string what;
  double wall_ms = 0, cpu_ms = 0;
};

class OpeningSteps {
 public:
  static OpeningSteps& get();
  void begin();                   // forget the steps of an earlier opening; the clock starts now
  void mark(std::string what);    // the step since the last mark (or begin) ends now
  [[nodiscard]] const std::vector<OpeningStep>& steps() const { return m_steps; }

 private:
  std::vector<OpeningStep> m_steps;
  double m_wall0 = 0, m_cpu0 = 0;
};

}  // namespace jiuyou::viewer
