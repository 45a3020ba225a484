#pragma once
// Units of the synthetic provinces the pairing tests plan on (planner_test.cpp,
// funds_test.cpp): helpers coded 351000000+i on the coast, helped units
// 352000000+i inland, named by role and number, numbered by row.
#include <cstdint>
#include <string>

#include "gis/pair/pair_model.hpp"

namespace jiuyou::pair::test_fixture {

inline Unit synthetic_unit(Role role, size_t i, Vec2 position, int64_t row) {
  Unit u;
  u.code = "35" + std::to_string((role == Role::helper ? 1000000 : 2000000) + i);
  u.name = (role == Role::helper ? "helper " : "helped ") + std::to_string(i);
  u.role = role;
  u.position = position;
  u.row = row;
  return u;
}

}  // namespace jiuyou::pair::test_fixture
