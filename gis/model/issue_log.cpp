#include "gis/model/issue_log.hpp"

#include <algorithm>

namespace jiuyou {

void IssueLog::add(Issue issue) { m_entries.push_back(std::move(issue)); }

size_t IssueLog::count(Severity s) const {
  return static_cast<size_t>(std::count_if(m_entries.begin(), m_entries.end(), [s](const Issue& i) { return i.severity == s; }));
}

size_t IssueLog::count(const std::string& code) const {
  return static_cast<size_t>(std::count_if(m_entries.begin(), m_entries.end(), [&](const Issue& i) { return i.code == code; }));
}

void IssueLog::append(const IssueLog& other) {
  m_entries.insert(m_entries.end(), other.m_entries.begin(), other.m_entries.end());
}

const char* to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "?";
}

std::string IssueLog::format(const Issue& i) {
  std::string out = std::string(to_string(i.severity)) + " " + i.code + " ";
  if (!i.file.empty()) out += i.file;
  if (!i.layer.empty()) out += (i.file.empty() ? "" : ":") + i.layer;
  if (i.feature >= 0) out += " fid " + std::to_string(i.feature);
  if (!i.field.empty()) out += " field '" + i.field + "'";
  out += ": " + i.message;
  if (!i.hint.empty()) out += " (hint: " + i.hint + ")";
  return out;
}

}  // namespace jiuyou
