// Shares and ratios written as percentages (see shares.hpp).
#include "gis/io/shares.hpp"

#include <cmath>
#include <cstdio>

#include "gis/io/numbers.hpp"

namespace jiuyou::io {

namespace {

// One column's non-null numbers, and which of them lie beyond ±1.
struct Census {
  size_t nonzero = 0, beyond_one = 0;
  double largest = 0;
};

Census count_values(const Column& c) {
  Census s;
  for (size_t r = 0; r < c.size(); ++r)
    if (const auto v = c.is_null(r) ? std::nullopt : c.number(r)) {
      if (*v != 0) ++s.nonzero;
      if (std::fabs(*v) > 1) ++s.beyond_one;
      s.largest = std::max(s.largest, std::fabs(*v));
    }
  return s;
}

// What one pass over the column did to each value.
enum class Fate { keep, divide, unknown, listed };

struct Outcome {
  size_t changed = 0;
  std::vector<int64_t> fids;  // the first few of those made unknown or listed
  std::string example;        // "95 → 0.95"
};

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Outcome apply(FeatureTable& t, Column& c, Fate (*fate)(double)) {
  Outcome o;
  Column out(c.name(), FieldType::real);
  out.reserve(c.size());
  for (size_t r = 0; r < c.size(); ++r) {
    const auto v = c.is_null(r) ? std::nullopt : c.number(r);
    if (!v) { out.push_null(); continue; }
    const Fate f = fate(*v);
    switch (f) {
      case Fate::keep: out.push_real(*v); break;
      case Fate::divide:
        out.push_real(*v / 100);
        if (o.example.empty() && *v != 0) o.example = number_text(*v) + " → " + number_text(*v / 100);
        break;
      case Fate::unknown:
      case Fate::listed:
        if (f == Fate::unknown) out.push_null();
        else out.push_real(*v);
        ++o.changed;
        if (o.fids.size() < 8) o.fids.push_back(t.fid[r]);
        break;
    }
  }
  c = std::move(out);
  return o;
}

std::string fid_list(const Outcome& o) {
  std::string s;
  for (int64_t f : o.fids) s += (s.empty() ? "" : ", ") + std::to_string(f);
  return s + (o.changed > o.fids.size() ? " …" : "");
}

void say(IssueLog& log, const FeatureTable& t, const CanonicalField& f, const char* code, std::string message, std::string hint) {
  Issue i;
  i.severity = Severity::warning;
  i.code = code;
  i.file = t.source;
  i.layer = t.name;
  i.field = f.name;
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}

}  // namespace

void settle_percent_units(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, IssueLog& log) {
  Column* c = t.column(field.name);
  if (!c || c->type() == FieldType::text || c->type() == FieldType::boolean) return;
  const Census s = count_values(*c);
  if (s.beyond_one == 0) return;
  const bool share = field.role == FieldRole::share;
  std::string label = t.name + "." + field.name;
  if (auto it = spec.fields.find(field.name); it != spec.fields.end()) label += "（列「" + it->second + "」）";
  const std::string write_as = "写成小数（0.95）或带百分号（95%），一列只用一种写法";
  const bool percent_column = 2 * s.beyond_one > s.nonzero && s.largest <= (share ? 100.0 : 1000.0);
  if (percent_column) {
    Outcome amb;
    if (share) amb = apply(t, *c, [](double v) { return v > 0 && v <= 1 ? Fate::unknown : Fate::keep; });
    const Outcome div = apply(t, *c, [](double) { return Fate::divide; });
    say(log, t, field, "percent_as_number", label + "：数值是百分数（多数大于 1），全列按百分数读：" + div.example, write_as);
    if (amb.changed)
      say(log, t, field, "share_unit_ambiguous",
          label + "：在百分数列中 " + with_thousands(amb.changed) + " 个值在 0 到 1 之间（1% 还是 100%？），记为未知（要素 " + fid_list(amb) + "）",
          "核对这些村的数据，" + write_as);
    return;
  }
  if (share) {
    const Outcome o = apply(t, *c, [](double v) { return std::fabs(v) > 1 ? Fate::unknown : Fate::keep; });
    say(log, t, field, "share_out_of_range",
        label + "：" + with_thousands(o.changed) + " 个占比大于 1（其余是小数），无法判断单位，记为未知（要素 " + fid_list(o) + "）", "核对这些村的数据，" + write_as);
  } else {
    const Outcome o = apply(t, *c, [](double v) { return std::fabs(v) > 1 ? Fate::listed : Fate::keep; });
    say(log, t, field, "ratio_above_one", label + "：" + with_thousands(o.changed) + " 个值超过 100%（其余是小数），按原值使用，请核对（要素 " + fid_list(o) + "）",
        "若这一列是百分数，" + write_as);
  }
}

}  // namespace jiuyou::io
