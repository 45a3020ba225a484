#include "gis/model/column.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace jiuyou {

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::integer: return "integer";
    case FieldType::real: return "real";
    case FieldType::text: return "text";
    case FieldType::boolean: return "boolean";
  }
  return "?";
}

int64_t Column::get_int(size_t row) const {
  assert(m_type == FieldType::integer || m_type == FieldType::boolean);
  return m_ints[row];
}
double Column::get_real(size_t row) const {
  assert(m_type == FieldType::real);
  return m_reals[row];
}
bool Column::get_bool(size_t row) const {
  assert(m_type == FieldType::boolean);
  return m_ints[row] != 0;
}
std::string_view Column::get_text(size_t row) const {
  assert(m_type == FieldType::text);
  if (m_valid[row] == 0) return {};  // pushed null, or nulled by set_null
  return std::string_view(m_chars).substr(m_text_offsets[row], m_text_offsets[row + 1] - m_text_offsets[row]);
}

std::optional<double> Column::number(size_t row) const {
  if (is_null(row)) return std::nullopt;
  switch (m_type) {
    case FieldType::integer:
    case FieldType::boolean: return static_cast<double>(m_ints[row]);
    case FieldType::real: return std::isnan(m_reals[row]) ? std::nullopt : std::optional<double>(m_reals[row]);
    case FieldType::text: {
      std::string_view s = get_text(row);
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      double v = 0;
      const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

std::string Column::as_text(size_t row) const {
  if (is_null(row)) return {};
  switch (m_type) {
    case FieldType::integer: return std::to_string(m_ints[row]);
    case FieldType::boolean: return m_ints[row] ? "true" : "false";
    case FieldType::real: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", m_reals[row]);
      return buf;
    }
    case FieldType::text: return std::string(get_text(row));
  }
  return {};
}

void Column::push_null() {
  m_valid.push_back(0);
  switch (m_type) {
    case FieldType::integer:
    case FieldType::boolean: m_ints.push_back(0); break;
    case FieldType::real: m_reals.push_back(0); break;
    case FieldType::text: m_text_offsets.push_back(m_chars.size()); break;
  }
}
void Column::push_int(int64_t v) {
  assert(m_type == FieldType::integer || m_type == FieldType::boolean);
  m_valid.push_back(1);
  m_ints.push_back(v);
}
void Column::push_real(double v) {
  assert(m_type == FieldType::real);
  m_valid.push_back(1);
  m_reals.push_back(v);
}
void Column::push_bool(bool v) {
  assert(m_type == FieldType::boolean);
  m_valid.push_back(1);
  m_ints.push_back(v ? 1 : 0);
}
void Column::push_text(std::string_view v) {
  assert(m_type == FieldType::text);
  m_valid.push_back(1);
  m_chars.append(v);
  m_text_offsets.push_back(m_chars.size());
}
void Column::set_int(size_t row, int64_t v) {
  assert(m_type == FieldType::integer || m_type == FieldType::boolean);
  m_valid[row] = 1;
  m_ints[row] = v;
}
void Column::set_real(size_t row, double v) {
  assert(m_type == FieldType::real);
  m_valid[row] = 1;
  m_reals[row] = v;
}
void Column::set_bool(size_t row, bool v) {
  assert(m_type == FieldType::boolean);
  m_valid[row] = 1;
  m_ints[row] = v ? 1 : 0;
}
void Column::set_null(size_t row) {
  m_valid[row] = 0;
}
void Column::reserve(size_t rows) {
  m_valid.reserve(rows);
  if (m_type == FieldType::real) m_reals.reserve(rows);
  else if (m_type == FieldType::text) m_text_offsets.reserve(rows + 1);
  else m_ints.reserve(rows);
}
void Column::append_from(const Column& other, size_t row) {
  assert(other.m_type == m_type);
  if (other.is_null(row)) { push_null(); return; }
  switch (m_type) {
    case FieldType::integer: push_int(other.m_ints[row]); break;
    case FieldType::boolean: push_bool(other.m_ints[row] != 0); break;
    case FieldType::real: push_real(other.m_reals[row]); break;
    case FieldType::text: push_text(other.get_text(row)); break;
  }
}

}  // namespace jiuyou
