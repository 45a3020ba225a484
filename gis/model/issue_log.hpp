#pragma once
// One bad feature among a million is not an error: it is an entry here, and
// the run goes on (libosmium's ProblemReporter). Reports list these.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace jiuyou {

enum class Severity { info, warning, error };

struct Issue {
  Severity severity = Severity::warning;
  std::string code;   // stable machine-readable kind: "invalid_geometry_repaired", "duplicate_code", ...
  std::string file;
  std::string layer;
  int64_t feature = -1;  // source FID
  std::string field;
  std::string message;
  std::string hint;
};

class IssueLog {
 public:
  void add(Issue issue);
  [[nodiscard]] const std::vector<Issue>& entries() const { return m_entries; }
  [[nodiscard]] size_t count(Severity s) const;
  [[nodiscard]] size_t count(const std::string& code) const;
  [[nodiscard]] bool empty() const { return m_entries.empty(); }
  void append(const IssueLog& other);
  // One line per entry: "warning invalid_geometry_repaired counties.gpkg:counties fid 12: ..."
  [[nodiscard]] static std::string format(const Issue& issue);

 private:
  std::vector<Issue> m_entries;
};

const char* to_string(Severity s);

}  // namespace jiuyou
