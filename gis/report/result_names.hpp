#pragma once
// The names in a check result that its readers (the map, the atlas, the viewer, 回头看) look up: one place, so a
// reader never spells a table or column of the result as a literal of its own (gis/report/check_tables.cpp writes them).
namespace jiuyou::report {

// The key fields of the data contract, kept in the result's tables: every layer's statistical code, and the
// villages' township code.
inline constexpr const char* code_field = "code";
inline constexpr const char* township_field = "township";

// The gap lines: one line per village and failed distance item, from the village to the nearest qualifying feature.
inline constexpr const char* gaps_layer = "gaps";
inline constexpr const char* gap_village_field = "village_code";

}  // namespace jiuyou::report
