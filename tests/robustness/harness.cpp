#include "robustness/harness.hpp"

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace jiuyou::robust {

Process::Process(const Spawn& spawn) {
  int fds[2];
  if (pipe(fds) != 0) return;
  m_pid = fork();
  if (m_pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    for (const auto& [k, v] : spawn.env) setenv(k.c_str(), v.c_str(), 1);
    if (!spawn.cwd.empty() && chdir(spawn.cwd.c_str()) != 0) _exit(126);
    if (spawn.file_size_limit >= 0) {
      signal(SIGXFSZ, SIG_IGN);  // an ignored disposition survives exec: writes past the limit fail with EFBIG
      rlimit rl{static_cast<rlim_t>(spawn.file_size_limit), static_cast<rlim_t>(spawn.file_size_limit)};
      setrlimit(RLIMIT_FSIZE, &rl);
    }
    const std::string bin = test::jiuyou_bin();
    std::vector<char*> argv{const_cast<char*>(bin.c_str())};
    for (const auto& a : spawn.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  m_fd = fds[0];
}

Process::~Process() {
  if (m_pid > 0) {
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
  }
  if (m_fd >= 0) close(m_fd);
}

bool Process::wait_for(const std::string& text, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (m_output.find(text) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{m_fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[4096];
    const ssize_t n = read(m_fd, buf, sizeof buf);
    if (n <= 0) return m_output.find(text) != std::string::npos;
    m_output.append(buf, static_cast<size_t>(n));
  }
  return true;
}

void Process::send(int sig) {
  if (m_pid > 0) kill(m_pid, sig);
}

RunResult Process::finish() {
  RunResult r;
  char buf[4096];
  for (ssize_t n; (n = read(m_fd, buf, sizeof buf)) > 0;) m_output.append(buf, static_cast<size_t>(n));
  int status = 0;
  waitpid(m_pid, &status, 0);
  m_pid = -1;
  if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.output = m_output;
  return r;
}

RunResult run(const Spawn& spawn) {
  Process p(spawn);
  return p.finish();
}

RunResult run(const std::vector<std::string>& args) { return run(Spawn{args, {}, {}, -1}); }

const fs::path& county() {
  static const fs::path dir = [] {
    const fs::path d = fs::path(JIUYOU_TEST_TMP) / "robust_county";
    fs::create_directories(JIUYOU_TEST_TMP);
    // ctest runs tests in parallel processes: one makes the county, the others wait.
    const int lock = open((fs::path(JIUYOU_TEST_TMP) / "robust_county.lock").c_str(), O_CREAT | O_RDWR, 0644);
    if (lock >= 0) flock(lock, LOCK_EX);
    if (!fs::exists(d / "project.toml")) {
      fs::remove_all(d);
      const RunResult r = run({"synth", "--out", d.string(), "--villages", "30", "--townships", "3", "--area-km2", "300", "--seed", "7"});
      EXPECT_EQ(r.code, 0) << r.output;
    }
    if (lock >= 0) close(lock);
    return d;
  }();
  return dir;
}

fs::path copy_county(const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(county()))
    if (e.is_regular_file()) fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
  return dir / "project.toml";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    out[it->path().filename().string()] = it->is_directory() ? std::string("<dir>") : read_file(it->path());
  return out;
}

std::vector<std::string> temporaries(const fs::path& parent, const std::string& base) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("." + base + ".", 0) == 0) out.push_back(name);
  }
  for (fs::directory_iterator it(parent / base, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') out.push_back(base + "/" + name);
  }
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

bool is_complete_check_set(const fs::path& dir) {
  for (const char* f : {"result.gpkg", "result.xlsx", "report.html"})
    if (!fs::is_regular_file(dir / f) || fs::file_size(dir / f) == 0) return false;
  const std::string html = read_file(dir / "report.html");
  return contains(html, "</html>");
}

}  // namespace jiuyou::robust
