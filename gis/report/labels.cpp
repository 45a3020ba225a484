// The words of users' documents as data tables, and the expression translator.
#include "gis/report/labels.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <utility>
#include <vector>

#include "gis/util/text.hpp"

namespace jiuyou::report {
namespace {

// Canonical village fields (gis/indicators/README.md) and the layers' filter fields.
constexpr std::array k_fields = {
    FieldLabel{"poor_population / population", "贫困发生率", Unit::share},
    FieldLabel{"poor_population", "贫困人口", Unit::persons},
    FieldLabel{"population", "总人口", Unit::persons},
    FieldLabel{"households", "总户数", Unit::households},
    FieldLabel{"poor_households", "贫困户数", Unit::households},
    FieldLabel{"poor_households_with_project", "有脱贫项目的贫困户数", Unit::households},
    FieldLabel{"collective_income", "村集体经济收入", Unit::yuan},
    FieldLabel{"income_per_capita", "人均可支配收入", Unit::yuan},
    FieldLabel{"income_growth", "人均可支配收入增幅", Unit::share},
    FieldLabel{"has_leading_industry", "村有主导产业", Unit::boolean},
    FieldLabel{"township_industry_scale", "乡镇产业形成规模", Unit::boolean},
    FieldLabel{"cooperatives", "带贫企业或合作社数", Unit::pieces},
    FieldLabel{"poor_insured_share", "贫困人口参保率", Unit::share},
    FieldLabel{"unsafe_houses_poor", "贫困户危房数", Unit::households},
    FieldLabel{"relocate_households", "需搬迁户数", Unit::households},
    FieldLabel{"kind", "类型", Unit::none},
    FieldLabel{"class", "道路等级", Unit::none},
    FieldLabel{"surface", "路面", Unit::none},
    FieldLabel{"safe", "水质安全", Unit::boolean},
    FieldLabel{"voltage_kv", "电压（千伏）", Unit::none},
    FieldLabel{"tech", "网络制式", Unit::none},
    FieldLabel{"qualified_doctor", "有合格村医", Unit::boolean},
    FieldLabel{"status", "使用状态", Unit::none},
};

constexpr std::array<std::pair<std::string_view, std::string_view>, 32> k_kinds = {{
    {"asphalt", "沥青"},           {"concrete", "水泥"},         {"gravel", "砂石"},
    {"earth", "土路"},             {"national", "国道"},         {"provincial", "省道"},
    {"county", "县道"},            {"township", "乡道"},         {"village", "村道"},
    {"pipe", "供水管网"},          {"plant", "水厂"},            {"service_area", "供水服务区"},
    {"line", "线路"},              {"substation", "变电站"},     {"transformer", "变压器"},
    {"coverage", "信号覆盖区"},    {"tower", "基站"},            {"fiber", "光纤"},
    {"clinic", "卫生室"},          {"service_center", "党员群众服务中心"}, {"culture", "文化活动场所"},
    {"school", "学校"},            {"landslide", "滑坡"},        {"debris_flow", "泥石流"},
    {"collapse", "崩塌"},          {"flood", "洪涝"},            {"town", "镇"},
    {"expressway", "高速公路"},    {"2g", "2G"},                 {"3g", "3G"},
    {"in_use", "在用"},            {"not_in_use", "未在使用"},
}};

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string upper(std::string_view s) {
  std::string u(s);
  for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

// Significant digits without trailing zeros: 5, 0.8, 12.35.
std::string short_number(double v, int decimals) {
  std::string s = util::fixed(v, decimals);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

struct Token {
  enum Kind { word, number, text, op, other } kind = other;
  std::string s;
};

std::vector<Token> tokenize(std::string_view e) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < e.size()) {
    const char c = e[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) { ++i; continue; }
    size_t j = i + 1;
    Token t;
    if (c == '\'' || c == '"') {
      while (j < e.size() && e[j] != c) ++j;
      t = {c == '\'' ? Token::text : Token::word, std::string(e.substr(i + 1, j - i - 1))};
      j = std::min(j + 1, e.size());
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 || (c == '.' && i + 1 < e.size() && std::isdigit(static_cast<unsigned char>(e[i + 1])) != 0)) {
      while (j < e.size() && (std::isdigit(static_cast<unsigned char>(e[j])) != 0 || e[j] == '.' || e[j] == 'e' || e[j] == 'E')) ++j;
      t = {Token::number, std::string(e.substr(i, j - i))};
    } else if (ident_char(c)) {
      while (j < e.size() && ident_char(e[j])) ++j;
      t = {Token::word, std::string(e.substr(i, j - i))};
    } else if ((c == '<' || c == '>' || c == '!' || c == '=') && j < e.size() && (e[j] == '=' || (c == '<' && e[j] == '>'))) {
      t = {Token::op, std::string(e.substr(i, 2))};
      ++j;
    } else {
      t = {std::string("<>=+-*/").find(c) != std::string::npos ? Token::op : Token::other, std::string(1, c)};
    }
    out.push_back(std::move(t));
    i = j;
  }
  return out;
}

std::string op_zh(const std::string& op) {
  if (op == ">=") return "≥";
  if (op == "<=") return "≤";
  if (op == "<>" || op == "!=") return "≠";
  if (op == "==") return "=";
  if (op == "*") return "×";
  if (op == "/") return "÷";
  return op;
}

std::string keyword_zh(const std::string& u) {
  if (u == "AND") return "且";
  if (u == "OR") return "或";
  if (u == "NOT") return "不";
  if (u == "IN") return "属于";
  if (u == "IS") return "为";
  if (u == "NULL") return "空";
  if (u == "TRUE") return "是";
  if (u == "FALSE") return "否";
  if (u == "BETWEEN") return "介于";
  if (u == "LIKE") return "形如";
  return {};
}

struct Translator {
  std::vector<Token> t;
  size_t i = 0;
  Unit unit = Unit::none;  // of the last quantity named
  std::vector<std::string> words;

  std::string last_label;  // of the last quantity named

  void quantity(std::string label, Unit u) {
    last_label = label;
    words.push_back(std::move(label));
    unit = u;
  }

  // An identifier, an aggregate or a derived quantity listed in k_fields ("a / b").
  bool try_quantity() {
    if (t[i].kind != Token::word) return false;
    if (i + 2 < t.size() && t[i + 1].s == "/" && t[i + 2].kind == Token::word) {
      if (const FieldLabel* f = field_label(t[i].s + " / " + t[i + 2].s)) {
        quantity(std::string(f->label), f->unit);
        i += 3;
        return true;
      }
    }
    const std::string u = upper(t[i].s);
    if (u.rfind("COUNTY_", 0) == 0 && i + 3 < t.size() && t[i + 1].s == "(" && t[i + 3].s == ")") {
      const FieldLabel* f = field_label(t[i + 2].s);
      const std::string what = u == "COUNTY_MEAN" ? "全县平均" : u == "COUNTY_MEDIAN" ? "全县中位" : "全县合计";
      // "income_growth > county_mean(income_growth)": 人均可支配收入增幅 > 全县平均
      const bool same = label_of(t[i + 2].s) == last_label;
      quantity(what + (same ? std::string() : label_of(t[i + 2].s)), f ? f->unit : Unit::none);
      i += 4;
      return true;
    }
    if (!keyword_zh(u).empty()) return false;
    const FieldLabel* f = field_label(t[i].s);
    quantity(label_of(t[i].s), f ? f->unit : Unit::none);
    ++i;
    return true;
  }

  std::string run() {
    while (i < t.size()) {
      if (try_quantity()) continue;
      const Token& k = t[i++];
      switch (k.kind) {
        case Token::number: words.push_back(value_text(std::strtod(k.s.c_str(), nullptr), unit == Unit::boolean ? Unit::none : unit)); break;
        case Token::text: words.push_back(kind_label(k.s)); break;
        case Token::op: words.push_back(op_zh(k.s)); break;
        case Token::word: words.push_back(keyword_zh(upper(k.s))); break;
        case Token::other: words.push_back(k.s == "," ? "、" : k.s == "(" ? "（" : k.s == ")" ? "）" : k.s); break;
      }
    }
    std::string out;
    for (size_t w = 0; w < words.size(); ++w) {
      const bool tight = w == 0 || words[w] == "、" || words[w] == "（" || words[w] == "）" || words[w - 1] == "、" || words[w - 1] == "（";
      out += (tight ? "" : " ") + words[w];
    }
    return out;
  }
};

}  // namespace

const FieldLabel* field_label(std::string_view key) {
  for (const auto& f : k_fields)
    if (f.field == key) return &f;
  return nullptr;
}

std::string label_of(std::string_view key) {
  const FieldLabel* f = field_label(key);
  return f ? std::string(f->label) : std::string(key);
}

std::string kind_label(std::string_view kind) {
  std::string lower(kind);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [k, zh] : k_kinds)
    if (k == lower) return std::string(zh);
  if (lower == "4g" || lower == "5g" || lower == "3g") return upper(kind);
  return std::string(kind);
}

namespace {

// `x` with `decimals`, more where those would show a value that is not zero as 0 (5.65 元 is not "0 万元", a gap of
// 0.0001 万元 not "差 0 万元", tour 12 L6): up to 6 more, enough for 1 元 in 万元.
std::string nonzero_number(double x, int decimals) {
  std::string s = short_number(x, decimals);
  for (int more = 1; s == "0" && x != 0 && more <= 6; ++more) s = short_number(x, decimals + more);
  return s;
}

}  // namespace

std::string value_text(double v, Unit unit) {
  if (!std::isfinite(v)) return "—";
  switch (unit) {
    case Unit::yuan:  // under 0.01 万元 in 元: "5.65 元" shows a 万元-as-元 slip that "0 万元" hides
      return v != 0 && std::abs(v) < 50 ? short_number(v, 2) + " 元" : short_number(v / 10000.0, 2) + " 万元";
    case Unit::share: return short_number(v * 100.0, 1) + "%";
    case Unit::persons: return short_number(v, 0) + " 人";
    case Unit::households: return short_number(v, 0) + " 户";
    case Unit::pieces: return short_number(v, 0) + " 个";
    case Unit::boolean: return v != 0 ? "是" : "否";
    case Unit::none: break;
  }
  return short_number(v, std::abs(v) >= 100 ? 0 : 3);
}

std::string value_text_apart(double v, Unit unit, double versus) {
  const std::string plain = value_text(v, unit);
  if (!std::isfinite(v) || !std::isfinite(versus) || v == versus || plain != value_text(versus, unit)) return plain;
  if (unit == Unit::boolean) return plain;
  const bool wan = unit == Unit::yuan && std::abs(v) >= 50;
  const double scale = wan ? 1e-4 : unit == Unit::share ? 100.0 : 1.0;
  const int base = unit == Unit::yuan ? 2 : unit == Unit::share ? 1 : unit == Unit::none ? 3 : 0;
  const std::string suffix = unit == Unit::yuan ? (wan ? " 万元" : " 元")
                             : unit == Unit::share ? "%"
                                                   : plain.substr(std::min(plain.size(), short_number(v, base).size()));
  for (int decimals = base + 1; decimals <= base + 8; ++decimals)
    if (short_number(v * scale, decimals) != short_number(versus * scale, decimals)) return short_number(v * scale, decimals) + suffix;
  return plain;
}

std::string difference_text(double d, Unit unit) {
  if (unit == Unit::share) return nonzero_number(d * 100.0, 1) + " 个百分点";
  if (unit == Unit::boolean) return {};
  if (unit == Unit::yuan && d != 0 && std::abs(d) < 50) return nonzero_number(d, 0) + " 元";  // "差 1 元", not "差 0 万元"
  if (unit == Unit::yuan) return nonzero_number(d / 10000.0, 2) + " 万元";
  return unit == Unit::none ? value_text(d, unit) : nonzero_number(d, 0) + value_text(d, unit).substr(short_number(d, 0).size());
}

std::string fields_in_words(std::string_view text) {
  std::string out;
  size_t i = 0;
  auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; };
  while (i < text.size()) {
    if (!word_char(text[i])) {
      out += text[i++];
      continue;
    }
    size_t e = i;
    while (e < text.size() && word_char(text[e])) ++e;
    const std::string_view word = text.substr(i, e - i);
    const FieldLabel* f = field_label(word);
    out += f != nullptr ? std::string(f->label) : std::string(word);
    i = e;
  }
  return out;
}

std::string expression_zh(std::string_view expression) {
  Translator tr;
  tr.t = tokenize(expression);
  return tr.run();
}

}  // namespace jiuyou::report
