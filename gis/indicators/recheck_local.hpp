#pragma once
// The what-if re-check (the viewer's edits, #14): after planned features are
// added to (or replace features of) some layers, only the villages whose cells
// can change are evaluated again, through the check's own steps
// (check_engine.hpp), and merged into the result. The result then equals a
// full check_villages of the edited workspace, cell by cell.
//
// Which cells can change, per item that reads an edited layer (its layer group):
// the item is prepared again and what its preparation selected (qualifying,
// unconnected, unknown features with their network component; tower discs;
// facilities linked by village code) is compared with before. A village is
// evaluated again when a changed feature's box lies within its reach: the
// item's max_distance_m or the distance its cell recorded, whichever is larger
// (0 for coverage: the village must touch the change), or when its code is one
// whose linked facilities changed, or always when something that holds for
// every village changed (a layer became readable, a reason in the notes).
// Combinators follow their children. Items that read no edited layer keep
// their cells.
#include <memory>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"

namespace jiuyou::indicators {

struct RecheckStats {
  size_t items_prepared = 0;      // items prepared again (they read an edited layer)
  size_t villages_rechecked = 0;  // villages with at least one cell evaluated again
  size_t cells = 0;               // cells evaluated again
  double seconds = 0;             // wall time of the re-check
};

// Whether `item` reads `layer`: a spatial item reads its layer group (`layer`, `layer_*`).
bool item_reads_layer(const Item& item, const std::string& layer);

class LocalCheck {
 public:
  // Checks the workspace's villages in full (check_villages) and keeps what a
  // local re-check needs. `ws` is edited in place by the caller afterwards: it
  // must outlive this object, keep its layers (count and order) and never
  // change its villages layer.
  static Result<std::unique_ptr<LocalCheck>> start(const Workspace& ws, const RuleSet& rules, const CheckParams& params = {});
  ~LocalCheck();
  LocalCheck(const LocalCheck&) = delete;
  LocalCheck& operator=(const LocalCheck&) = delete;

  // After the caller changed the named layers of the workspace: re-prepares the
  // items that read them, re-evaluates the villages they can affect, merges the
  // cells and recomputes verdicts and summaries. Errors as check_villages (a
  // filter that no longer binds); the result is then unchanged.
  Result<RecheckStats> recheck(const std::vector<std::string>& edited_layers);

  [[nodiscard]] const CheckResult& result() const;

 private:
  struct State;
  explicit LocalCheck(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace jiuyou::indicators
