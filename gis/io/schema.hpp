#pragma once
// The canonical fields of DESIGN.md's data contract and their types. After a
// layer is read, canonical columns are converted to their type (codes become
// text, "12.0" becomes 12, "是"/"否" become booleans); a value that does not
// convert is an issue and a null; a column where nothing converts is an error.
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/column.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

struct CanonicalField {
  std::string name;
  FieldType type;
  const char* description;
};

// The canonical fields of a layer ("" for unknown layers).
const std::vector<CanonicalField>& canonical_fields(const std::string& layer);

Result<void> normalise_schema(FeatureTable& table, const LayerSpec& spec, IssueLog& log);

// "true/false/yes/no/y/n/1/0/是/否/有/无/t/f" -> bool; nullopt otherwise.
std::optional<bool> parse_bool(std::string_view text);

}  // namespace jiuyou::io
