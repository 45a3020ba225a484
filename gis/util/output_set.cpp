#include "gis/util/output_set.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gis/util/test_hooks.hpp"

namespace fs = std::filesystem;

namespace jiuyou::util {
namespace {

// ---- signal cleanup: only async-signal-safe calls below this line ----------

char g_armed_path[4096];                    // the staging folder to remove on SIGINT/SIGTERM
char g_lock_path[4096];                     // the lock file this process holds, unlinked on SIGINT/SIGTERM
volatile sig_atomic_t g_lock_armed = 0;     // 1 while g_lock_path is held
volatile sig_atomic_t g_armed = 0;          // 1 while an OutputSet is open
volatile sig_atomic_t g_committing = 0;     // 1 during commit(): the signal is deferred
volatile sig_atomic_t g_pending_signal = 0;

struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

// rm -r of `name` relative to `dir_fd`, with syscalls only (no allocation).
void remove_tree_at(int dir_fd, const char* name, int depth) {
  if (unlinkat(dir_fd, name, 0) == 0 || depth > 4) return;
  const int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  alignas(8) char buf[4096];
  for (int pass = 0; pass < 64; ++pass) {  // entries were removed while reading: read again until empty
    lseek(fd, 0, SEEK_SET);
    bool any = false;
    for (long n; (n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0;) {
      for (long off = 0; off < n;) {
        const auto* d = reinterpret_cast<const LinuxDirent64*>(buf + off);
        off += d->d_reclen;
        if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0) continue;
        any = true;
        remove_tree_at(fd, d->d_name, depth + 1);
      }
    }
    if (!any) break;
  }
  close(fd);
  unlinkat(dir_fd, name, AT_REMOVEDIR);
}

void on_signal(int sig) {
  if (g_committing) {
    g_pending_signal = sig;
    return;
  }
  if (g_armed) remove_tree_at(AT_FDCWD, g_armed_path, 0);
  if (g_lock_armed) unlink(g_lock_path);  // still flock'ed by us: unlinking before exit is safe (see take_lock)
  _exit(130);
}

void install_handlers_once() {
  static std::atomic<bool> done{false};
  if (done.exchange(true)) return;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

void arm(const std::string& staging) {
  install_handlers_once();
  g_armed = 0;
  const size_t n = std::min(staging.size(), sizeof g_armed_path - 1);
  std::memcpy(g_armed_path, staging.data(), n);
  g_armed_path[n] = '\0';
  g_armed = 1;
}

void disarm() { g_armed = 0; }

void arm_lock(const std::string& lock_path) {
  g_lock_armed = 0;
  const size_t n = std::min(lock_path.size(), sizeof g_lock_path - 1);
  std::memcpy(g_lock_path, lock_path.data(), n);
  g_lock_path[n] = '\0';
  g_lock_armed = 1;
}

// A signal that came during commit(): the set is committed (or rolled back) now; leave as asked.
void deliver_pending_signal() {
  g_committing = 0;
  if (g_pending_signal != 0) on_signal(g_pending_signal);
}

// ---- ordinary code ---------------------------------------------------------

}  // namespace

SignalCleanup::SignalCleanup(const std::string& temp_path) {
  if (g_armed) return;  // an open set's cleanup covers it
  arm(temp_path);
  m_armed = true;
}

SignalCleanup::~SignalCleanup() {
  if (m_armed) disarm();
}

namespace {

std::atomic<unsigned> g_counter{0};

bool pid_alive(long pid) { return pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// When the process `pid` started, in seconds since the epoch (/proc/PID/stat field 22 + boot time); -1 when unknown.
double process_start_time(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return -1;
  const size_t close_paren = line.rfind(')');  // the command name may hold spaces and parentheses
  if (close_paren == std::string::npos) return -1;
  std::istringstream fields(line.substr(close_paren + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i)
    if (i == 22) {
      std::ifstream proc_stat("/proc/stat");
      for (std::string key; proc_stat >> key;)
        if (key == "btime") {
          double boot = 0;
          proc_stat >> boot;
          return boot + std::stod(field) / static_cast<double>(::sysconf(_SC_CLK_TCK));
        }
    }
  return -1;
}

// The folder `path` named after `pid` belongs to a live run. pid_max is often 32768, so a pid of a killed run is soon
// reused: a process with that pid that started after the folder was last written cannot have written it.
bool owner_alive(long pid, const fs::path& path) {
  if (pid <= 0 || pid == ::getpid()) return true;
  if (!pid_alive(pid)) return false;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return true;
  const double started = process_start_time(pid);
  return started < 0 || started <= static_cast<double>(st.st_mtim.tv_sec) + 2.0;  // 2 s: boot time is whole seconds
}

// ".<base>.staging-<pid>-<n>" or ".<base>.old-<pid>-<n>": the pid, or -1 when `name` is not one of ours.
long temp_owner(const std::string& name, const std::string& base) {
  for (const char* kind : {".staging-", ".old-"}) {
    const std::string prefix = "." + base + kind;
    if (name.rfind(prefix, 0) != 0) continue;
    try {
      return std::stol(name.substr(prefix.size()));
    } catch (const std::exception&) {
      return -1;
    }
  }
  return -1;
}

// Killed between the two renames of the fallback swap: DIR is missing and its old set is a lone .old- folder.
void restore_orphaned_set(const std::string& parent, const std::string& base) {
  std::error_code ec;
  const fs::path dir = fs::path(parent) / base;
  if (fs::exists(fs::symlink_status(dir, ec))) return;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("." + base + ".old-", 0) == 0 && !owner_alive(temp_owner(name, base), it->path())) {
      fs::rename(it->path(), dir, ec);
      return;
    }
  }
}

void remove_stale_temporaries(const std::string& parent, const std::string& base) {
  restore_orphaned_set(parent, base);
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const long pid = temp_owner(it->path().filename().string(), base);
    if (pid > 0 && !owner_alive(pid, it->path())) fs::remove_all(it->path(), ec);
  }
}

// Temporaries an older jiuyou left inside the folder (".result.tmp-1-0.gpkg", ".map.png.tmp", ".x.old-12").
bool is_our_temporary(const std::string& name) {
  return name.size() > 1 && name[0] == '.' && (name.find(".tmp") != std::string::npos || name.find(".old-") != std::string::npos);
}

bool is_set_member(const std::string& name, bool is_folder, const OutputSetSpec& spec) {
  if (is_folder) return std::find(spec.names.begin(), spec.names.end(), name + "/") != spec.names.end();
  for (const auto& n : spec.names)
    if (name == n || name == n + "-journal" || name == n + "-wal" || name == n + "-shm") return true;
  return is_our_temporary(name);
}

// An existing folder may only hold a set of this command: anything else would be swapped away.
Result<void> refuse_foreign_files(const std::string& dir, const std::string& shown, const OutputSetSpec& spec) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (is_set_member(name, it->is_directory(ec), spec)) continue;
    return error(ErrorCode::io, "the output folder holds '" + name + "', which `jiuyou " + spec.command +
                                    "` does not write; the folder is replaced as a whole, so it would be lost")
        .file(shown)
        .hint("choose a new or empty --out folder, or move that file away");
  }
  if (ec) return error(ErrorCode::io, "cannot read the output folder: " + ec.message()).file(shown);
  return {};
}

// The lock file is removed when the run ends (release_lock), so a lock taken on a file that another run has just
// unlinked would lock nothing: after flock, the path must still name the locked file, else open it again.
Result<int> take_lock(const std::string& lock_path, const std::string& shown) {
  for (int attempt = 0;; ++attempt) {
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return error(ErrorCode::io, std::string("cannot create the lock file beside the output folder: ") + std::strerror(errno))
          .file(lock_path)
          .hint("check that the parent folder of " + shown + " is writable");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char pid[32] = {};
      const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
      ::close(fd);
      return error(ErrorCode::io, "another jiuyou run" + (n > 0 ? " (pid " + std::string(pid, static_cast<size_t>(n)) + ")" : std::string()) +
                                      " is writing to this output folder")
          .file(shown)
          .hint("wait for it to finish, or choose another --out folder");
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path.c_str(), &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      arm_lock(lock_path);
      const std::string me = std::to_string(::getpid());
      if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) < 0) {
        // the pid is only for the message of a second run; the lock holds without it
      }
      return fd;
    }
    ::close(fd);  // the previous holder removed that file as we opened it: take the new one
    if (attempt == 100) return error(ErrorCode::io, "cannot take the lock beside the output folder").file(lock_path).hint("try again");
  }
}

// Unlink while still holding the flock, then close: a run waiting on the old file sees it unlinked and retries.
void release_lock(int fd, const std::string& lock_path) {
  if (fd < 0) return;
  g_lock_armed = 0;
  ::unlink(lock_path.c_str());
  ::close(fd);
}

Result<void> check_target_folder(const std::string& dir, const std::string& shown, const OutputSetSpec& spec) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    const auto rel = cwd.lexically_relative(dir);
    if (!rel.empty() && *rel.begin() != "..")
      return error(ErrorCode::input, "the output folder is the current folder or contains it").file(shown).hint("write into a subfolder, e.g. --out out/result");
  }
  if (!fs::exists(fs::symlink_status(dir, ec))) return {};
  if (!fs::is_directory(dir, ec)) return error(ErrorCode::io, "exists and is not a folder").file(shown).hint("choose another --out folder");
  return refuse_foreign_files(dir, shown, spec);
}

}  // namespace

Result<void> fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return error(ErrorCode::io, std::string("cannot open to flush: ") + std::strerror(errno)).file(path);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return error(ErrorCode::io, std::string("cannot flush to disk: ") + std::strerror(err)).file(path).hint("check free disk space");
  return {};
}

Result<std::unique_ptr<OutputSet>> OutputSet::open(const std::string& dir, const OutputSetSpec& spec) {
  if (dir.empty()) return error(ErrorCode::input, "no output folder given").hint("--out DIR");
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(fs::absolute(dir, ec), ec);  // a link to a folder: its target is replaced
  if (ec || !real.has_filename()) return error(ErrorCode::input, "not a usable output folder").file(dir).hint("e.g. --out out/result");
  std::unique_ptr<OutputSet> set(new OutputSet());
  set->m_dir = real.string();
  set->m_parent = real.parent_path().string();
  set->m_base = real.filename().string();
  if (!fs::is_directory(set->m_parent, ec)) {
    fs::create_directories(set->m_parent, ec);
    if (ec) return error(ErrorCode::io, "cannot create the parent folder: " + ec.message()).file(set->m_parent).hint("check the path and permissions");
  }
  ASSIGN_OR_RETURN(set->m_lock_fd, take_lock((fs::path(set->m_parent) / ("." + set->m_base + ".lock")).string(), dir));
  remove_stale_temporaries(set->m_parent, set->m_base);
  TRY(check_target_folder(set->m_dir, dir, spec));
  set->m_staging = (fs::path(set->m_parent) / ("." + set->m_base + ".staging-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(g_counter.fetch_add(1))))
                       .string();
  arm(set->m_staging);
  if (!fs::create_directory(set->m_staging, ec) || ec)
    return error(ErrorCode::io, "cannot create a folder beside the output folder: " + ec.message()).file(dir).hint("check that its parent folder is writable");
  return set;
}

OutputSet::~OutputSet() {
  if (!m_committed && !m_staging.empty()) {
    std::error_code ec;
    fs::remove_all(m_staging, ec);
  }
  disarm();
  release_lock(m_lock_fd, (fs::path(m_parent) / ("." + m_base + ".lock")).string());
}

std::string OutputSet::path(std::string_view name) const { return (fs::path(m_staging) / std::string(name)).string(); }

Error OutputSet::rename_in(Error e) const {
  if (e.file.rfind(m_staging, 0) == 0) e.file = (fs::path(m_dir) / e.file.substr(m_staging.size() + 1)).string();
  for (size_t at; (at = e.message.find(m_staging)) != std::string::npos;) e.message.replace(at, m_staging.size(), m_dir);
  return e;
}

namespace {

Result<void> sync_staging(const std::string& staging) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(staging, ec), end; !ec && it != end; it.increment(ec))
    TRY(fsync_path(it->path().string(), it->is_directory(ec)));  // a folder of the set: its files and itself
  if (ec) return error(ErrorCode::io, "cannot list the new outputs: " + ec.message()).file(staging);
  return fsync_path(staging, true);
}

// One rename: exchange when DIR exists (the old set ends up at the staging path), plain otherwise.
// A file system without RENAME_EXCHANGE gets two renames; the next run puts a
// lone .old- folder back (see restore_orphaned_set).
Result<bool> swap_in(const std::string& staging, const std::string& dir, const std::string& old) {
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) return true;
  if (errno == ENOENT && ::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE) == 0) return false;
  if ((errno == EINVAL || errno == ENOSYS) && ::rename(dir.c_str(), old.c_str()) == 0) {
    if (::rename(staging.c_str(), dir.c_str()) == 0) {
      ::rename(old.c_str(), staging.c_str());  // the old set where the exchange would have left it
      return true;
    }
    ::rename(old.c_str(), dir.c_str());
  }
  return error(ErrorCode::io, std::string("cannot put the new outputs in place: ") + std::strerror(errno))
      .file(dir)
      .hint("the previous outputs are unchanged; check permissions of the parent folder");
}

}  // namespace

Result<void> OutputSet::commit() {
  if (m_committed) return error(ErrorCode::internal, "output set committed twice").file(m_dir);
  g_committing = 1;
  auto done = [&](Result<void> r) {
    deliver_pending_signal();
    return r;
  };
  if (auto ok = test_hook("written"); !ok) return done(ok);
  if (auto ok = sync_staging(m_staging); !ok) return done(tl::unexpected(rename_in(ok.error())));
  if (auto ok = test_hook("synced"); !ok) return done(ok);
  auto swapped = swap_in(m_staging, m_dir, (fs::path(m_parent) / ("." + m_base + ".old-" + std::to_string(::getpid()) + "-0")).string());
  if (!swapped) return done(tl::unexpected(swapped.error()));
  m_committed = true;  // from here on the new set is the folder
  (void)test_hook("swapped");
  (void)fsync_path(m_parent, true);
  std::error_code ec;
  if (*swapped) fs::remove_all(m_staging, ec);  // the old set
  disarm();
  (void)test_hook("cleaned");
  return done({});
}

}  // namespace jiuyou::util
