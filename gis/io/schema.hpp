#pragma once
// The canonical fields of the data contract (README.md, "A project") and their types. After a
// layer is read, canonical columns are converted to their type through the
// layer's value vocabulary and the project's [layers.X.values.F] mapping
// (gis/io/values.cpp): codes become text, "6.2万" becomes 62000, "是"/"否"
// become booleans, 水泥 becomes concrete. A value that maps to nothing is
// never guessed: it becomes NULL and is reported once per field with its count;
// a numeric column where nothing converts is an error.
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/column.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// The layer of the data contract whose features are judged: every rule item's
// subject, the layer that `check --with` and the planners look villages up in.
// Code asks for it by this name, never by the literal.
inline constexpr const char* target_layer = "villages";

// code: a statistical code kept as text; share: a share 0..1 (参保率); fraction: a
// ratio that may pass 1 (收入增长率). Shares and fractions read "12%" as 0.12.
enum class FieldRole : unsigned char { plain, code, fraction, share, money };

struct CanonicalField {
  std::string name;
  FieldType type;
  const char* description;
  FieldRole role = FieldRole::plain;
};

// The canonical fields of a layer kind (empty for unknown kinds).
const std::vector<CanonicalField>& canonical_fields(const std::string& layer_kind);
// The layer kind whose contract a layer name follows: "roads" -> roads, the
// companions "power_points" -> power, "village_points" -> villages; "" if none.
std::string canonical_kind(const std::string& layer_name);
// The kind of a layer spec: spec.kind (a joined table: its target's), else from the name.
std::string layer_kind(const LayerSpec& spec);
// Whether the contract gives the kind a geometry (villages, roads, ...; not townships tables).
bool geometry_required(const std::string& layer_kind);

// Converts the canonical columns of `table` to their contract types, mapping
// values through the layer's vocabulary and [layers.X.values.F]; reports once per field.
// `title_block`: the text above a table's header row ("填报单位：…　金额单位：万元"), whose
// money unit applies to money columns whose own name states none.
Result<void> normalise_schema(FeatureTable& table, const LayerSpec& spec, IssueLog& log, std::string_view title_block = {});

}  // namespace jiuyou::io
