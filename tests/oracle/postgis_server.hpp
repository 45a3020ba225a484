#pragma once
// A throwaway PostgreSQL 15 + PostGIS cluster for the oracle tests and the
// check benchmark: initdb into a temporary directory, the server on a free
// loopback port (and a Unix socket inside that directory), CREATE EXTENSION
// postgis + postgis_raster, stopped and removed by stop() or the destructor.
//
// As root (CI), initdb refuses to run, so the cluster runs as the `postgres`
// OS user (runuser). Queries go through psql (no libpq link needed); scripts
// are written to a file and run with ON_ERROR_STOP, so a failing statement
// fails the call with psql's message.
//
// Header-only so bench/check_bench.cpp can include it too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace jiuyou::oracle {

inline const char* k_pg_bin_dir = "/usr/lib/postgresql/15/bin";

// Single-quoted for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += "'";
  return out;
}

struct CommandResult {
  int status = -1;  // exit status, or -1 when it did not exit normally
  std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh, stdout and stderr captured together.
inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// What is missing for a PostGIS peer on this machine; empty when all is there.
inline std::string missing_postgis_tools() {
  std::string missing;
  for (const char* tool : {"initdb", "pg_ctl", "postgres", "psql"})
    if (!std::filesystem::exists(std::filesystem::path(k_pg_bin_dir) / tool)) missing += std::string(" ") + k_pg_bin_dir + "/" + tool;
  if (!std::filesystem::exists("/usr/share/postgresql/15/extension/postgis.control")) missing += " postgis extension (postgresql-15-postgis-3)";
  if (!std::filesystem::exists("/usr/share/postgresql/15/extension/postgis_raster.control")) missing += " postgis_raster extension (postgresql-15-postgis-3)";
  if (run_command("command -v ogr2ogr").status != 0) missing += " ogr2ogr (gdal-bin)";
  return missing;
}

// A free TCP port on 127.0.0.1 (bind to port 0, read it back, close).
inline int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// Peak resident memory (VmHWM, KiB) of a process, or -1.
inline long vm_hwm_kib(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

class PostgisServer {
 public:
  PostgisServer() = default;
  PostgisServer(const PostgisServer&) = delete;
  PostgisServer& operator=(const PostgisServer&) = delete;
  ~PostgisServer() { stop(); }

  // Starts the cluster; throws std::runtime_error with the tools' output on failure.
  void start() {
    if (m_running) return;
    const std::string missing = missing_postgis_tools();
    if (!missing.empty()) throw std::runtime_error("PostGIS peer unavailable, missing:" + missing);
    std::string tmpl = (std::filesystem::temp_directory_path() / "jiuyou-pg-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    m_dir = tmpl;
    m_as_user.clear();
    if (::geteuid() == 0) {
      // initdb refuses root: hand the directory to the postgres user.
      const passwd* pw = ::getpwnam("postgres");
      if (!pw) pw = ::getpwnam("nobody");
      if (!pw) throw std::runtime_error("running as root and neither a 'postgres' nor a 'nobody' user exists");
      if (::chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown " + m_dir.string() + " failed");
      m_as_user = pw->pw_name;
    }
    const std::string data = (m_dir / "data").string();
    const std::string bin = k_pg_bin_dir;
    auto r = run_command(as_user(bin + "/initdb -D " + shell_quote(data) + " -U postgres --auth=trust -E UTF8 --no-locale --no-sync"));
    if (r.status != 0) throw std::runtime_error("initdb failed:\n" + r.output);
    // A throwaway cluster: durability off, memory for analytics, no JIT (it costs seconds per
    // statement here and gains nothing on these index-driven plans).
    std::ofstream(data + "/postgresql.auto.conf", std::ios::app) << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                                                                     "shared_buffers = '256MB'\nwork_mem = '64MB'\nmaintenance_work_mem = '256MB'\n"
                                                                     "max_wal_size = '4GB'\nlog_min_messages = warning\njit = off\n";
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
      m_port = free_loopback_port();
      const std::string opts = "-p " + std::to_string(m_port) + " -k " + m_dir.string() + " -c listen_addresses=127.0.0.1";
      r = run_command(as_user(bin + "/pg_ctl -D " + shell_quote(data) + " -l " + shell_quote((m_dir / "server.log").string()) + " -w -t 60 -o " +
                              shell_quote(opts) + " start"));
      if (r.status == 0) m_running = true;
    }
    if (!m_running) throw std::runtime_error("pg_ctl start failed:\n" + r.output + "\n" + read_log());
    auto ext = psql("CREATE EXTENSION postgis; CREATE EXTENSION postgis_raster;");
    if (ext.status != 0) throw std::runtime_error("CREATE EXTENSION postgis failed:\n" + ext.output);
  }

  void stop() {
    if (m_running) {
      run_command(as_user(std::string(k_pg_bin_dir) + "/pg_ctl -D " + shell_quote((m_dir / "data").string()) + " -m immediate -w stop"));
      m_running = false;
    }
    if (!m_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(m_dir, ec);
      m_dir.clear();
    }
  }

  [[nodiscard]] bool running() const { return m_running; }
  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }
  // libpq connection string (for ogr2ogr "PG:...").
  [[nodiscard]] std::string conninfo() const { return "host=127.0.0.1 port=" + std::to_string(m_port) + " user=postgres dbname=postgres"; }
  [[nodiscard]] std::string psql_command() const {
    return std::string(k_pg_bin_dir) + "/psql -X -q -h 127.0.0.1 -p " + std::to_string(m_port) + " -U postgres -d postgres -v ON_ERROR_STOP=1";
  }

  // Runs an SQL script in one session; unaligned, tuples-only, tab-separated output.
  CommandResult psql(const std::string& sql) const {
    const auto file = m_dir / ("script-" + std::to_string(m_script++) + ".sql");
    {
      std::ofstream out(file);
      out << sql;
    }
    auto r = run_command(psql_command() + " -At -F '\t' -f " + shell_quote(file.string()));
    std::error_code ec;
    std::filesystem::remove(file, ec);
    return r;
  }
  // Like psql() but throws with the script's first lines and psql's message on failure.
  std::string query(const std::string& sql) const {
    auto r = psql(sql);
    if (r.status != 0) throw std::runtime_error("psql failed: " + r.output.substr(0, 4000) + "\n-- script:\n" + sql.substr(0, 2000));
    return r.output;
  }

  [[nodiscard]] std::string read_log() const {
    std::ifstream in(m_dir / "server.log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  [[nodiscard]] std::string as_user(const std::string& cmd) const {
    if (m_as_user.empty()) return cmd;
    // cd / so the postgres user is not left in a directory it cannot read.
    return "cd / && runuser -u " + m_as_user + " -- " + cmd;
  }

  std::filesystem::path m_dir;
  std::string m_as_user;
  int m_port = -1;
  bool m_running = false;
  mutable int m_script = 0;
};

}  // namespace jiuyou::oracle
