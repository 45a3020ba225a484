#pragma once
// Progress and cancellation for long work (GDAL's callback style): the
// callback gets a ratio in [0,1] and a stage name; returning false cancels.
#include <functional>
#include <string_view>

namespace jiuyou {

using ProgressFn = std::function<bool(double ratio, std::string_view stage)>;

inline bool report_progress(const ProgressFn& fn, double ratio, std::string_view stage) { return !fn || fn(ratio, stage); }

}  // namespace jiuyou
