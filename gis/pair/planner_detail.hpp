#pragma once
// Wording and lookups the pairing planner's files share (planner.cpp,
// validate.cpp): how a unit is named in a message, distances and money as
// text, the unit index by code, errors that point at a unit or a pairs row.
#include <cstdint>
#include <map>
#include <string>

#include "gis/model/error.hpp"
#include "gis/pair/pair_model.hpp"

namespace jiuyou::pair::detail {

std::string describe(const Unit& u);  // "name (code, row 3)"
std::string km_text(double m);        // "12.3 km"
std::string cny_text(double v);       // "¥25000"
bool given(double v);                 // a figure that is not NaN (not given)
std::map<std::string, uint32_t> code_index(const PairProblem& p);
ErrorBuilder unit_error(const PairProblem& p, const Unit& u, ErrorCode code, const std::string& message);
ErrorBuilder pair_error(const PairProblem& p, const ExistingPair& e, ErrorCode code, const std::string& message);

}  // namespace jiuyou::pair::detail
