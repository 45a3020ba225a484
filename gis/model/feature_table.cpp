#include "gis/model/feature_table.hpp"

namespace jiuyou {

int FeatureTable::column_index(std::string_view col) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name() == col) return static_cast<int>(i);
  return -1;
}

const Column* FeatureTable::column(std::string_view col) const {
  const int i = column_index(col);
  return i < 0 ? nullptr : &columns[static_cast<size_t>(i)];
}

Column* FeatureTable::column(std::string_view col) {
  const int i = column_index(col);
  return i < 0 ? nullptr : &columns[static_cast<size_t>(i)];
}

Column& FeatureTable::add_column(std::string col, FieldType type) {
  Column c(std::move(col), type);
  c.reserve(size());
  for (size_t i = 0; i < size(); ++i) c.push_null();
  columns.push_back(std::move(c));
  return columns.back();
}

std::vector<uint32_t> FeatureTable::find_rows(std::string_view key, std::string_view value) const {
  std::vector<uint32_t> rows;
  const Column* c = column(key);
  if (!c) return rows;
  for (size_t i = 0; i < c->size(); ++i)
    if (!c->is_null(i) && c->as_text(i) == value) rows.push_back(static_cast<uint32_t>(i));
  return rows;
}

}  // namespace jiuyou
