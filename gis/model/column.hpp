#pragma once
// A typed attribute column with nulls. Text is stored flat (one buffer plus
// offsets) so a million rows make two allocations, not a million.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiuyou {

enum class FieldType : unsigned char { integer, real, text, boolean };
const char* to_string(FieldType t);

class Column {
 public:
  Column() = default;
  Column(std::string name, FieldType type) : m_name(std::move(name)), m_type(type) {}

  [[nodiscard]] const std::string& name() const { return m_name; }
  void rename(std::string name) { m_name = std::move(name); }
  [[nodiscard]] FieldType type() const { return m_type; }
  [[nodiscard]] size_t size() const { return m_valid.size(); }
  [[nodiscard]] bool is_null(size_t row) const { return m_valid[row] == 0; }
  [[nodiscard]] bool is_numeric() const { return m_type != FieldType::text; }

  // Typed reads; the row must not be null and the type must match (asserted).
  [[nodiscard]] int64_t get_int(size_t row) const;
  [[nodiscard]] double get_real(size_t row) const;
  [[nodiscard]] bool get_bool(size_t row) const;
  [[nodiscard]] std::string_view get_text(size_t row) const;
  // Lenient reads: integer/real/boolean as double, text parsed if numeric; nullopt for null.
  [[nodiscard]] std::optional<double> number(size_t row) const;
  // Any type rendered as text ("" for null).
  [[nodiscard]] std::string as_text(size_t row) const;

  void push_null();
  void push_int(int64_t v);
  void push_real(double v);
  void push_bool(bool v);
  void push_text(std::string_view v);
  // Overwrite a numeric row (text is append-only).
  void set_int(size_t row, int64_t v);
  void set_real(size_t row, double v);
  void set_bool(size_t row, bool v);
  // Any type: a text row keeps its bytes in the buffer but reads as null.
  void set_null(size_t row);
  void reserve(size_t rows);
  // Append row `row` of `other` (same type).
  void append_from(const Column& other, size_t row);

 private:
  std::string m_name;
  FieldType m_type = FieldType::text;
  std::vector<uint8_t> m_valid;
  std::vector<int64_t> m_ints;    // integer and boolean
  std::vector<double> m_reals;    // real
  std::string m_chars;            // text
  std::vector<uint64_t> m_text_offsets{0};
};

}  // namespace jiuyou
