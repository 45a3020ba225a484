#include "gis/plan/orlib.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <queue>
#include <sstream>
#include <numeric>
#include <utility>

#include "gis/plan/memory_budget.hpp"

namespace jiuyou::plan {

namespace {

// Whitespace-separated tokens with their line numbers.
class Tokens {
 public:
  Tokens(std::string_view text, std::string source) : m_text(text), m_source(std::move(source)) {}

  // The next token, or empty at the end of the text.
  std::string_view next() {
    while (m_pos < m_text.size() && is_space(m_text[m_pos])) {
      if (m_text[m_pos] == '\n') ++m_line;
      ++m_pos;
    }
    m_token_line = m_line;
    const size_t start = m_pos;
    while (m_pos < m_text.size() && !is_space(m_text[m_pos])) ++m_pos;
    return m_text.substr(start, m_pos - start);
  }

  Result<double> number(const std::string& what) {
    const std::string_view tok = next();
    if (tok.empty())
      return error(ErrorCode::format, "line " + std::to_string(m_token_line) + ": file ends where " + what +
                                          " was expected")
          .file(m_source)
          .hint("the file is truncated or its header counts are wrong");
    double v = 0.0;
    // from_chars rejects a leading '+'; OR-Library files never write one but be lenient.
    std::string_view t = tok;
    if (t.size() > 1 && t.front() == '+') t.remove_prefix(1);
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v))
      return error(ErrorCode::format, "line " + std::to_string(m_token_line) + ": expected " + what + ", found '" +
                                          std::string(tok) + "'")
          .file(m_source);
    return v;
  }

  Result<int64_t> integer(const std::string& what) {
    const size_t save_pos = m_pos;
    const int save_line = m_line;
    auto v = number(what);
    if (!v) return tl::unexpected(v.error());
    if (*v != std::floor(*v)) {
      m_pos = save_pos;
      m_line = save_line;
      const std::string_view tok = next();
      return error(ErrorCode::format, "line " + std::to_string(m_token_line) + ": expected " + what +
                                          " (a whole number), found '" + std::string(tok) + "'")
          .file(m_source);
    }
    return static_cast<int64_t>(*v);
  }

  [[nodiscard]] int token_line() const { return m_token_line; }
  [[nodiscard]] const std::string& source() const { return m_source; }

  Result<void> expect_end() {
    const std::string_view tok = next();
    if (!tok.empty())
      return error(ErrorCode::format, "line " + std::to_string(m_token_line) + ": unexpected data '" +
                                          std::string(tok) + "' after the last record")
          .file(m_source)
          .hint("the header counts are smaller than the data in the file");
    return {};
  }

  ErrorBuilder fail(const std::string& message) const {
    return error(ErrorCode::format, "line " + std::to_string(m_token_line) + ": " + message).file(m_source);
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

  std::string_view m_text;
  std::string m_source;
  size_t m_pos = 0;
  int m_line = 1;
  int m_token_line = 1;
};

// Whitespace-separated tokens in the text (the numbers a header's counts must match).
int64_t count_tokens(std::string_view text) {
  int64_t n = 0;
  bool in = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// The line the text ends on (as the tokenizer counts them).
int last_line(std::string_view text) { return 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// What the k-th number (0-based, after the header) of a cap file is.
std::string cap_item(int64_t k, int64_t m) {
  if (k < 2 * m) return "warehouse " + std::to_string(k / 2 + 1) + (k % 2 == 0 ? "'s capacity" : "'s fixed cost");
  const int64_t c = k - 2 * m;
  const std::string customer = "customer " + std::to_string(c / (1 + m) + 1);
  return c % (1 + m) == 0 ? customer + "'s demand" : customer + "'s cost at warehouse " + std::to_string(c % (1 + m));
}

// Peak bytes per stored cost while a dense instance is built (the parsed costs, the
// entries sorted into the matrix, and its two copies: search and lookup order).
constexpr double k_bytes_per_cost = 48.0;

// The declared m x n (or n x n) costs fit the memory this reader may take.
Result<void> check_cost_table_memory(double pairs, const std::string& what, const std::string& source) {
  const double need = pairs * k_bytes_per_cost;
  const auto budget = static_cast<double>(memory_budget_bytes());
  if (need <= budget) return {};
  return error(ErrorCode::format, "line 1: " + what + " make " + std::to_string(static_cast<int64_t>(pairs)) +
                                      " costs, about " + format_bytes(need) + " of memory to hold: more than this reader may take (" +
                                      format_bytes(budget) + ", half the memory available, at most 4 GB)")
      .file(source)
      .hint("the header counts may be wrong; otherwise split the instance or run it on a machine with more memory");
}

// Vertices 1..n all joined by the edges (union-find: no distance table needed to know).
int32_t first_unreached_vertex(int32_t n, const std::vector<GraphEdge>& edges) {
  std::vector<int32_t> parent(static_cast<size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](int32_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (const auto& e : edges) parent[find(e.u)] = find(e.v);
  const int32_t root = find(0);
  for (int32_t v = 1; v < n; ++v)
    if (find(v) != root) return v;
  return -1;
}

Result<std::string> slurp(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return error(ErrorCode::io, "no such file").file(path.string()).hint("check the path");
  constexpr std::uintmax_t k_max_file = std::uintmax_t{1} << 31;
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > k_max_file)
    return error(ErrorCode::format, "the file has " + format_bytes(static_cast<double>(size)) + ": more than an OR-Library instance this reader takes (2 GB)")
        .file(path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(ErrorCode::io, "cannot open file").file(path.string()).hint("check its permissions");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::vector<double> all_pairs_shortest_paths(int32_t n, const std::vector<GraphEdge>& edges) {
  const double inf = std::numeric_limits<double>::infinity();
  // n Dijkstras over an adjacency list: O(n (E + V) log V), fine for thousands of vertices.
  std::vector<std::vector<std::pair<int32_t, double>>> adj(static_cast<size_t>(n));
  for (const auto& e : edges) {
    adj[e.u].emplace_back(e.v, e.length);
    adj[e.v].emplace_back(e.u, e.length);
  }
  std::vector<double> dist(static_cast<size_t>(n) * static_cast<size_t>(n), inf);
  using Item = std::pair<double, int32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  for (int32_t s = 0; s < n; ++s) {
    double* d = dist.data() + static_cast<size_t>(s) * n;
    d[s] = 0.0;
    heap.emplace(0.0, s);
    while (!heap.empty()) {
      const auto [du, u] = heap.top();
      heap.pop();
      if (du > d[u]) continue;
      for (const auto& [v, w] : adj[u]) {
        if (du + w < d[v]) {
          d[v] = du + w;
          heap.emplace(d[v], v);
        }
      }
    }
  }
  return dist;
}

Result<PMedianProblem> parse_orlib_pmedian(std::string_view text, const std::string& source) {
  Tokens tok(text, source);
  auto n = tok.integer("the vertex count n");
  if (!n) return tl::unexpected(n.error());
  auto m = tok.integer("the edge count m");
  if (!m) return tl::unexpected(m.error());
  auto p = tok.integer("the median count p");
  if (!p) return tl::unexpected(p.error());
  const int header_line = tok.token_line();
  if (*n < 1 || *n > 100000)
    return error(ErrorCode::format, "line " + std::to_string(header_line) + ": vertex count " + std::to_string(*n) +
                                        " is out of range (1..100000)")
        .file(source);
  if (*m < 0) return tok.fail("edge count " + std::to_string(*m) + " is negative");
  if (*p < 1 || *p > *n)
    return tok.fail("median count p = " + std::to_string(*p) + " must be between 1 and n = " + std::to_string(*n));
  if (const int64_t held = count_tokens(text) - 3; *m > held / 3) {
    static const char* const k_part[] = {"first vertex", "second vertex", "length"};
    return error(ErrorCode::format, "line " + std::to_string(last_line(text)) + ": file ends where edge " + std::to_string(held / 3 + 1) + "'s " +
                                        k_part[held % 3] + " was expected (line " + std::to_string(header_line) + " declares m = " +
                                        std::to_string(*m) + " edges: " + std::to_string(3 * *m) + " numbers, the file holds only " +
                                        std::to_string(held) + " numbers after the header)")
        .file(source)
        .hint("the file is truncated or its header counts are wrong");
  }

  // Last occurrence of an edge wins: keep the edges in a map keyed by (min, max).
  std::map<std::pair<int32_t, int32_t>, double> edge_map;
  for (int64_t k = 0; k < *m; ++k) {
    auto i = tok.integer("edge " + std::to_string(k + 1) + "'s first vertex");
    if (!i) return tl::unexpected(i.error());
    auto j = tok.integer("edge " + std::to_string(k + 1) + "'s second vertex");
    if (!j) return tl::unexpected(j.error());
    auto c = tok.number("edge " + std::to_string(k + 1) + "'s length");
    if (!c) return tl::unexpected(c.error());
    if (*i < 1 || *i > *n || *j < 1 || *j > *n)
      return tok.fail("edge " + std::to_string(*i) + "-" + std::to_string(*j) + " names a vertex outside 1.." +
                      std::to_string(*n))
          .hint("vertices are numbered from 1");
    if (*c < 0) return tok.fail("edge " + std::to_string(*i) + "-" + std::to_string(*j) + " has a negative length");
    const auto a = static_cast<int32_t>(std::min(*i, *j) - 1);
    const auto b = static_cast<int32_t>(std::max(*i, *j) - 1);
    if (a != b) edge_map[{a, b}] = *c;
  }
  if (auto end = tok.expect_end(); !end) return tl::unexpected(end.error());

  std::vector<GraphEdge> edges;
  edges.reserve(edge_map.size());
  for (const auto& [key, len] : edge_map) edges.push_back({key.first, key.second, len});
  const auto nn = static_cast<int32_t>(*n);
  // Connected first (every vertex pair then has a distance: the table is dense), and the
  // table within memory, before it is allocated.
  if (const int32_t v = first_unreached_vertex(nn, edges); v >= 0)
    return error(ErrorCode::format, "the graph is not connected: vertex " + std::to_string(v + 1) +
                                        " cannot be reached from vertex 1")
        .file(source)
        .hint("every vertex must be reachable, or some demand can never be served");
  if (auto ok = check_cost_table_memory(static_cast<double>(nn) * nn, "n = " + std::to_string(nn) + " vertices (every pair's distance)", source); !ok)
    return tl::unexpected(ok.error());
  std::vector<double> dist = all_pairs_shortest_paths(nn, edges);

  PMedianProblem out;
  out.p = static_cast<int32_t>(*p);
  out.instance.name = std::filesystem::path(source).stem().string();
  out.instance.demand.assign(static_cast<size_t>(nn), 1.0);
  out.instance.fixed_cost.assign(static_cast<size_t>(nn), 0.0);
  out.instance.capacity.assign(static_cast<size_t>(nn), k_unlimited);
  auto cm = CostMatrix::dense(nn, nn, dist);
  if (!cm) return tl::unexpected(cm.error());
  out.instance.cost = std::move(*cm);
  return out;
}

Result<PMedianProblem> read_orlib_pmedian(const std::filesystem::path& path) {
  auto text = slurp(path);
  if (!text) return tl::unexpected(text.error());
  return parse_orlib_pmedian(*text, path.string());
}

Result<FacilityInstance> parse_orlib_cap(std::string_view text, const std::string& source,
                                         const CapReadOptions& options) {
  Tokens tok(text, source);
  auto m = tok.integer("the warehouse count m");
  if (!m) return tl::unexpected(m.error());
  auto n = tok.integer("the customer count n");
  if (!n) return tl::unexpected(n.error());
  if (*m < 1 || *m > 1000000) return tok.fail("warehouse count " + std::to_string(*m) + " is out of range");
  if (*n < 1 || *n > 10000000) return tok.fail("customer count " + std::to_string(*n) + " is out of range");
  if (*m * *n > 200'000'000) return tok.fail("m x n = " + std::to_string(*m * *n) + " costs is too large for a dense instance");
  // The numbers the header promises (m capacities and fixed costs, n demands and n x m costs)
  // are in the file, and their table fits in memory, before anything is reserved.
  if (const int64_t need = 2 * *m + *n * (1 + *m), held = count_tokens(text) - 2; held < need)
    return error(ErrorCode::format, "line " + std::to_string(last_line(text)) + ": file ends where " + cap_item(held, *m) +
                                        " was expected (line 1 declares m = " + std::to_string(*m) + " warehouses and n = " + std::to_string(*n) +
                                        " customers: " + std::to_string(need) + " numbers, the file holds only " + std::to_string(held) +
                                        " numbers after the header)")
        .file(source)
        .hint("the file is truncated or its header counts are wrong");
  if (auto ok = check_cost_table_memory(static_cast<double>(*m) * static_cast<double>(*n),
                                        "m = " + std::to_string(*m) + " warehouses x n = " + std::to_string(*n) + " customers", source);
      !ok)
    return tl::unexpected(ok.error());

  FacilityInstance inst;
  inst.name = std::filesystem::path(source).stem().string();
  const auto mm = static_cast<int32_t>(*m);
  const auto nn = static_cast<int32_t>(*n);
  inst.capacity.resize(static_cast<size_t>(mm));
  inst.fixed_cost.resize(static_cast<size_t>(mm));
  for (int32_t i = 0; i < mm; ++i) {
    const std::string which = "warehouse " + std::to_string(i + 1);
    // Peek for the word "capacity" (OR-Library's capa/capb/capc).
    Tokens probe = tok;
    const std::string_view word = probe.next();
    if (word == "capacity") {
      if (!options.capacity_value)
        return probe.fail(which + "'s capacity is the word 'capacity': this file leaves the capacity to the user")
            .hint("OR-Library's capa/capb/capc files are solved for several capacities; give one (--capacity VALUE)");
      tok = probe;
      inst.capacity[i] = *options.capacity_value;
    } else {
      auto cap = tok.number(which + "'s capacity");
      if (!cap) return tl::unexpected(cap.error());
      if (*cap < 0) return tok.fail(which + "'s capacity is negative");
      inst.capacity[i] = *cap;
    }
    auto f = tok.number(which + "'s fixed cost");
    if (!f) return tl::unexpected(f.error());
    if (*f < 0) return tok.fail(which + "'s fixed cost is negative");
    inst.fixed_cost[i] = *f;
  }
  inst.demand.resize(static_cast<size_t>(nn));
  std::vector<double> costs(static_cast<size_t>(nn) * static_cast<size_t>(mm));
  for (int32_t j = 0; j < nn; ++j) {
    const std::string which = "customer " + std::to_string(j + 1);
    auto d = tok.number(which + "'s demand");
    if (!d) return tl::unexpected(d.error());
    if (*d < 0) return tok.fail(which + "'s demand is negative");
    inst.demand[j] = *d;
    for (int32_t i = 0; i < mm; ++i) {
      auto c = tok.number(which + "'s cost at warehouse " + std::to_string(i + 1));
      if (!c) return tl::unexpected(c.error());
      if (*c < 0) return tok.fail(which + "'s cost at warehouse " + std::to_string(i + 1) + " is negative");
      costs[static_cast<size_t>(j) * mm + i] = *c;
    }
  }
  if (auto end = tok.expect_end(); !end) return tl::unexpected(end.error());
  auto cm = CostMatrix::dense(nn, mm, costs);
  if (!cm) return tl::unexpected(cm.error());
  inst.cost = std::move(*cm);
  return inst;
}

Result<FacilityInstance> read_orlib_cap(const std::filesystem::path& path, const CapReadOptions& options) {
  auto text = slurp(path);
  if (!text) return tl::unexpected(text.error());
  return parse_orlib_cap(*text, path.string(), options);
}

}  // namespace jiuyou::plan
