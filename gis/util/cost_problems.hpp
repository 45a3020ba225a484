#pragma once
// The bad money keys of one file, collected so that one error names them all (tour 15 H3): a county
// that wrote every cost in the wrong unit learns it from one run, not from one run per key.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::util {

class CostProblems {
 public:
  // `message` names the line and the key ("line 6: [build.road] cost = 150 CNY/km is …"); `hint` how to fix it;
  // `line` orders them as the file has them (a TOML table iterates its keys sorted, not in file order).
  void add(std::string key, std::string message, std::string hint, int64_t line) {
    Item i{std::move(key), std::move(message), std::move(hint), line};
    items_.insert(std::upper_bound(items_.begin(), items_.end(), i, [](const Item& a, const Item& b) { return a.line < b.line; }), std::move(i));
  }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] size_t size() const { return items_.size(); }

  // One problem: its message, key and hint. Several: "3 money keys are wrong: (1) …; (2) …; (3) …", the
  // first key as the field, every hint numbered alike. `prefix` goes before the message ("[relocate] ").
  [[nodiscard]] Error error(ErrorCode code, const std::string& file, const std::string& prefix, const std::string& suffix_each = {}) const {
    Error e;
    e.code = code;
    e.file = file;
    if (items_.empty()) return e;
    e.field = items_.front().key;
    if (items_.size() == 1) {
      e.message = prefix + items_.front().message + suffix_each;
      e.hint = items_.front().hint;
      return e;
    }
    e.message = prefix + std::to_string(items_.size()) + " money keys are wrong:";
    for (size_t i = 0; i < items_.size(); ++i) {
      const std::string n = "(" + std::to_string(i + 1) + ") ";
      e.message += (i == 0 ? " " : "; ") + n + items_[i].message + suffix_each;
      e.hint += (i == 0 ? "" : "; ") + n + items_[i].hint;
    }
    return e;
  }

 private:
  struct Item {
    std::string key, message, hint;
    int64_t line = 0;
  };
  std::vector<Item> items_;
};

}  // namespace jiuyou::util
