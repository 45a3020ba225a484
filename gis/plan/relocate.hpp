#pragma once
// Moved: the relocation application now lives in gis/relocate (on top of the solver library
// gis/plan). This forwarding header keeps includes of the old path building while other
// branches still use it; include "gis/relocate/relocate.hpp" instead.
#include "gis/relocate/relocate.hpp"
