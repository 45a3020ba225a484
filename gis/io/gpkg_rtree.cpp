// GeoPackage R-trees packed in one pass (see gpkg_rtree.hpp).
#include "gis/io/gpkg_rtree.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <utility>

#include <sqlite3.h>

namespace jiuyou::io {
namespace {

constexpr int k_max_cells = 51;  // SQLite's RTREE_MAXCELLS: no node holds more
constexpr int k_cell_bytes = 8 + 4 * 4;

// SQLite's rounding of a double to the float it stores (rtree.c:
// rtreeValueDown/Up): the box only ever grows.
float value_down(double d) {
  auto f = static_cast<float>(d);
  if (f > d) f = static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
  return f;
}
float value_up(double d) {
  auto f = static_cast<float>(d);
  if (f < d) f = static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
  return f;
}

struct Cell {
  int64_t id = 0;  // a feature's FID in a leaf, the child's place in the level below otherwise
  float box[4] = {0, 0, 0, 0};  // minx maxx miny maxy
  [[nodiscard]] float cx() const { return box[0] * 0.5F + box[1] * 0.5F; }
  [[nodiscard]] float cy() const { return box[2] * 0.5F + box[3] * 0.5F; }
};
using Node = std::vector<Cell>;

Cell bounds(const Node& node, int64_t id) {
  Cell c{id, {node[0].box[0], node[0].box[1], node[0].box[2], node[0].box[3]}};
  for (const Cell& k : node) {
    c.box[0] = std::min(c.box[0], k.box[0]);
    c.box[1] = std::max(c.box[1], k.box[1]);
    c.box[2] = std::min(c.box[2], k.box[2]);
    c.box[3] = std::max(c.box[3], k.box[3]);
  }
  return c;
}

// One level of sort-tile-recursive packing: vertical slices by x, nodes of
// `cap` cells by y within each slice.
std::vector<Node> pack(std::vector<Cell> cells, size_t cap) {
  const size_t nodes = (cells.size() + cap - 1) / cap;
  const auto slices = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  const size_t per_slice = ((cells.size() + slices - 1) / slices + cap - 1) / cap * cap;
  std::stable_sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.cx() < b.cx(); });
  std::vector<Node> out;
  out.reserve(nodes);
  for (size_t s = 0; s < cells.size(); s += per_slice) {
    const auto end = cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), s + per_slice));
    std::stable_sort(cells.begin() + static_cast<std::ptrdiff_t>(s), end, [](const Cell& a, const Cell& b) { return a.cy() < b.cy(); });
    for (auto it = cells.begin() + static_cast<std::ptrdiff_t>(s); it < end;) {
      const auto take = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(cap), end - it);
      out.emplace_back(it, it + take);
      it += take;
    }
  }
  return out;
}

void put_be(unsigned char* p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) p[i] = static_cast<unsigned char>(v & 0xFF);
}

// SQLite's node format: depth (root only) and cell count, 16 bits each, then
// per cell the rowid (64 bits) and the four coordinates (IEEE floats), all big-endian.
std::vector<unsigned char> node_blob(const Node& node, size_t node_bytes, int depth) {
  std::vector<unsigned char> blob(node_bytes, 0);
  put_be(blob.data(), static_cast<uint64_t>(depth), 2);
  put_be(blob.data() + 2, node.size(), 2);
  unsigned char* p = blob.data() + 4;
  for (const Cell& c : node) {
    put_be(p, static_cast<uint64_t>(c.id), 8);
    for (int k = 0; k < 4; ++k) {
      uint32_t bits = 0;
      std::memcpy(&bits, &c.box[k], 4);
      put_be(p + 8 + 4 * k, bits, 4);
    }
    p += k_cell_bytes;
  }
  return blob;
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class Writer {
 public:
  Writer(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  Result<void> exec(const std::string& sql, const std::string& layer) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return {};
    std::string text = msg != nullptr ? msg : sqlite3_errmsg(db_);
    sqlite3_free(msg);
    return error(ErrorCode::io, "cannot write the spatial index: " + text).file(path_).layer(layer).hint("check free disk space");
  }

  Result<Stmt> prepare(const std::string& sql, const std::string& layer) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      return error(ErrorCode::io, std::string("cannot write the spatial index: ") + sqlite3_errmsg(db_)).file(path_).layer(layer);
    return Stmt(s);
  }

  Result<void> step(sqlite3_stmt* s, const std::string& layer) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE) return {};
    return error(ErrorCode::io, std::string("cannot write the spatial index: ") + sqlite3_errmsg(db_)).file(path_).layer(layer).hint("check free disk space");
  }

  Result<void> layer(const RtreeLayer& l);

 private:
  Result<void> write_tree(const std::string& rtree, const std::vector<std::vector<Node>>& levels, const std::string& layer);
  Result<void> insert_rest(const std::string& rtree, const std::vector<RtreeEntry>& rest, const std::string& layer);
  sqlite3* db_;
  std::string path_;
};

// `format` with one or two string arguments (%w: an identifier, %q: a literal).
std::string sql(const char* format, const std::string& a, const std::string& b = {}) {
  char* s = sqlite3_mprintf(format, a.c_str(), b.c_str());
  std::string out = s != nullptr ? s : "";
  sqlite3_free(s);
  return out;
}

// The triggers that keep the index in step with later edits: those GDAL
// writes (the GeoPackage 1.2 specification's), with {R} the R-tree, {T} the
// table, {G} the geometry column and {F} the FID column.
constexpr const char* k_triggers[] = {
    R"(CREATE TRIGGER "{R}_insert" AFTER INSERT ON "{T}" WHEN (new."{G}" NOT NULL AND NOT ST_IsEmpty(NEW."{G}")) BEGIN INSERT OR REPLACE INTO "{R}" VALUES (NEW."{F}",ST_MinX(NEW."{G}"), ST_MaxX(NEW."{G}"),ST_MinY(NEW."{G}"), ST_MaxY(NEW."{G}")); END)",
    R"(CREATE TRIGGER "{R}_update1" AFTER UPDATE OF "{G}" ON "{T}" WHEN OLD."{F}" = NEW."{F}" AND (NEW."{G}" NOTNULL AND NOT ST_IsEmpty(NEW."{G}")) BEGIN INSERT OR REPLACE INTO "{R}" VALUES (NEW."{F}",ST_MinX(NEW."{G}"), ST_MaxX(NEW."{G}"),ST_MinY(NEW."{G}"), ST_MaxY(NEW."{G}")); END)",
    R"(CREATE TRIGGER "{R}_update2" AFTER UPDATE OF "{G}" ON "{T}" WHEN OLD."{F}" = NEW."{F}" AND (NEW."{G}" ISNULL OR ST_IsEmpty(NEW."{G}")) BEGIN DELETE FROM "{R}" WHERE id = OLD."{F}"; END)",
    R"(CREATE TRIGGER "{R}_update3" AFTER UPDATE ON "{T}" WHEN OLD."{F}" != NEW."{F}" AND (NEW."{G}" NOTNULL AND NOT ST_IsEmpty(NEW."{G}")) BEGIN DELETE FROM "{R}" WHERE id = OLD."{F}"; INSERT OR REPLACE INTO "{R}" VALUES (NEW."{F}",ST_MinX(NEW."{G}"), ST_MaxX(NEW."{G}"),ST_MinY(NEW."{G}"), ST_MaxY(NEW."{G}")); END)",
    R"(CREATE TRIGGER "{R}_update4" AFTER UPDATE ON "{T}" WHEN OLD."{F}" != NEW."{F}" AND (NEW."{G}" ISNULL OR ST_IsEmpty(NEW."{G}")) BEGIN DELETE FROM "{R}" WHERE id IN (OLD."{F}", NEW."{F}"); END)",
    R"(CREATE TRIGGER "{R}_delete" AFTER DELETE ON "{T}" WHEN old."{G}" NOT NULL BEGIN DELETE FROM "{R}" WHERE id = OLD."{F}"; END)",
};

// An identifier inside double quotes: quotes doubled.
std::string quoted(const std::string& name) {
  std::string out;
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out;
}

std::string trigger_sql(std::string t, const std::string& rtree, const RtreeLayer& l) {
  const std::pair<const char*, std::string> subs[] = {
      {"{R}", quoted(rtree)}, {"{T}", quoted(l.table)}, {"{G}", quoted(l.geometry_column)}, {"{F}", quoted(l.fid_column)}};
  for (const auto& [token, value] : subs)
    for (size_t at = t.find(token); at != std::string::npos; at = t.find(token, at + value.size())) t.replace(at, 3, value);
  return t;
}

Result<void> Writer::write_tree(const std::string& rtree, const std::vector<std::vector<Node>>& levels, const std::string& layer) {
  // Node numbers from the root (1, as SQLite requires) down, level by level.
  std::vector<std::vector<int64_t>> number(levels.size());
  int64_t next = 1;
  for (size_t l = levels.size(); l-- > 0;) {
    number[l].resize(levels[l].size());
    for (auto& n : number[l]) n = next++;
  }
  ASSIGN_OR_RETURN(auto size_stmt, prepare(sql("SELECT length(data) FROM \"%w_node\" WHERE nodeno = 1", rtree), layer));
  if (sqlite3_step(size_stmt.get()) != SQLITE_ROW) return error(ErrorCode::io, "the new spatial index has no root node").file(path_).layer(layer);
  const auto node_bytes = static_cast<size_t>(sqlite3_column_int(size_stmt.get(), 0));
  ASSIGN_OR_RETURN(auto node_stmt, prepare(sql("INSERT OR REPLACE INTO \"%w_node\"(nodeno, data) VALUES (?, ?)", rtree), layer));
  ASSIGN_OR_RETURN(auto parent_stmt, prepare(sql("INSERT INTO \"%w_parent\"(nodeno, parentnode) VALUES (?, ?)", rtree), layer));
  ASSIGN_OR_RETURN(auto rowid_stmt, prepare(sql("INSERT INTO \"%w_rowid\"(rowid, nodeno) VALUES (?, ?)", rtree), layer));
  const int depth = static_cast<int>(levels.size()) - 1;
  for (size_t l = levels.size(); l-- > 0;) {
    for (size_t i = 0; i < levels[l].size(); ++i) {
      Node node = levels[l][i];
      for (Cell& c : node) {
        if (l == 0) {
          sqlite3_bind_int64(rowid_stmt.get(), 1, c.id);
          sqlite3_bind_int64(rowid_stmt.get(), 2, number[l][i]);
          TRY(step(rowid_stmt.get(), layer));
        } else {
          const auto child = static_cast<size_t>(c.id);
          c.id = number[l - 1][child];
          sqlite3_bind_int64(parent_stmt.get(), 1, c.id);
          sqlite3_bind_int64(parent_stmt.get(), 2, number[l][i]);
          TRY(step(parent_stmt.get(), layer));
        }
      }
      const auto blob = node_blob(node, node_bytes, number[l][i] == 1 ? depth : 0);
      sqlite3_bind_int64(node_stmt.get(), 1, number[l][i]);
      sqlite3_bind_blob(node_stmt.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
      TRY(step(node_stmt.get(), layer));
    }
  }
  return {};
}

Result<void> Writer::insert_rest(const std::string& rtree, const std::vector<RtreeEntry>& rest, const std::string& layer) {
  if (rest.empty()) return {};
  ASSIGN_OR_RETURN(auto stmt, prepare(sql("INSERT OR REPLACE INTO \"%w\" VALUES (?, ?, ?, ?, ?)", rtree), layer));
  for (const RtreeEntry& e : rest) {
    sqlite3_bind_int64(stmt.get(), 1, e.id);
    sqlite3_bind_double(stmt.get(), 2, e.minx);
    sqlite3_bind_double(stmt.get(), 3, e.maxx);
    sqlite3_bind_double(stmt.get(), 4, e.miny);
    sqlite3_bind_double(stmt.get(), 5, e.maxy);
    TRY(step(stmt.get(), layer));
  }
  return {};
}

Result<void> Writer::layer(const RtreeLayer& l) {
  const std::string rtree = "rtree_" + l.table + "_" + l.geometry_column;
  TRY(exec(sql("CREATE VIRTUAL TABLE \"%w\" USING rtree(id, minx, maxx, miny, maxy)", rtree), l.table));
  std::vector<Cell> cells;
  std::vector<RtreeEntry> rest;  // a coordinate not finite: SQLite's own insert decides
  cells.reserve(l.entries.size());
  for (const RtreeEntry& e : l.entries) {
    if (!std::isfinite(e.minx) || !std::isfinite(e.maxx) || !std::isfinite(e.miny) || !std::isfinite(e.maxy)) {
      rest.push_back(e);
      continue;
    }
    cells.push_back(Cell{e.id, {value_down(e.minx), value_up(e.maxx), value_down(e.miny), value_up(e.maxy)}});
  }
  if (!cells.empty()) {
    std::vector<std::vector<Node>> levels;
    levels.push_back(pack(std::move(cells), k_max_cells));
    while (levels.back().size() > 1) {
      std::vector<Cell> up;
      up.reserve(levels.back().size());
      for (size_t i = 0; i < levels.back().size(); ++i) up.push_back(bounds(levels.back()[i], static_cast<int64_t>(i)));
      levels.push_back(pack(std::move(up), k_max_cells));
    }
    TRY(write_tree(rtree, levels, l.table));
  }
  TRY(insert_rest(rtree, rest, l.table));
  for (const char* t : k_triggers) TRY(exec(trigger_sql(t, rtree, l), l.table));
  return exec(sql("INSERT INTO gpkg_extensions (table_name,column_name,extension_name,definition,scope) VALUES ('%q', '%q', "
                  "'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                  l.table, l.geometry_column),
              l.table);
}

}  // namespace

Result<void> write_gpkg_rtrees(const std::string& path, std::span<const RtreeLayer> layers) {
  if (layers.empty()) return {};
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK)
    return error(ErrorCode::io, std::string("cannot open the GeoPackage to index it: ") + (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory")).file(path);
  Writer w(db.get(), path);
  // A temporary file that nobody reads before it is renamed (write_layers): no syncs.
  TRY(w.exec("PRAGMA synchronous = OFF; BEGIN", {}));
  TRY(w.exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,definition TEXT NOT NULL,"
             "scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
             {}));
  for (const RtreeLayer& l : layers) {
    if (auto ok = w.layer(l); !ok) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      return ok;
    }
  }
  return w.exec("COMMIT", {});
}

}  // namespace jiuyou::io
