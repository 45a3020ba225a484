#include "gis/util/atomic_file.hpp"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <signal.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jiuyou::util {
namespace {

std::atomic<unsigned> g_counter{0};

// ".<stem>.tmp-<pid>-<n><ext>" beside the target: hidden, unique per process and call.
std::string make_temp_path(const std::string& target) {
  const fs::path p(target);
  const std::string name = "." + p.stem().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(g_counter.fetch_add(1)) + p.extension().string();
  return (p.parent_path() / name).string();
}

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

// Sidecars a previous version of the target may have left that a rewrite need
// not produce again (a stale .cpg or spatial index must not outlive the data).
std::vector<std::string> old_sidecars(const std::string& target_ext) {
  std::string ext = target_ext;
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".shp") return {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj", ".shp.xml"};
  if (ext == ".csv") return {".csvt", ".prj"};
  return {};
}

// Temporaries an interrupted earlier run left for the same target
// (".<stem>.tmp-<pid>-<n>*" whose process is gone: kill -9, a crash, Ctrl-C
// during a shapefile's sidecars): removed before this run writes, so they
// never pile up. A live process's temporaries are left alone.
void remove_stale_temporaries(const std::string& target) {
  const fs::path p(target);
  const std::string prefix = "." + p.stem().string() + ".tmp-";
  std::error_code ec;
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code rm;
    fs::remove(it->path(), rm);
  }
}

}  // namespace

AtomicOutput::AtomicOutput(std::string target_path, bool with_sidecars)
    : m_target(std::move(target_path)), m_temp(make_temp_path(m_target)), m_sidecars(with_sidecars) {
  remove_stale_temporaries(m_target);
}

AtomicOutput::AtomicOutput(AtomicOutput&& other) noexcept
    : m_target(std::move(other.m_target)),
      m_temp(std::move(other.m_temp)),
      m_sidecars(other.m_sidecars),
      m_committed(other.m_committed) {
  other.m_committed = true;  // the moved-from object owns nothing
  other.m_temp.clear();
}

AtomicOutput& AtomicOutput::operator=(AtomicOutput&& other) noexcept {
  if (this != &other) {
    discard();
    m_target = std::move(other.m_target);
    m_temp = std::move(other.m_temp);
    m_sidecars = other.m_sidecars;
    m_committed = other.m_committed;
    other.m_committed = true;
    other.m_temp.clear();
  }
  return *this;
}

AtomicOutput::~AtomicOutput() { discard(); }

std::vector<std::string> AtomicOutput::temp_files() const {
  std::vector<std::string> out;
  if (m_temp.empty()) return out;
  if (!m_sidecars) {
    std::error_code ec;
    if (fs::exists(m_temp, ec)) out.push_back(m_temp);
    return out;
  }
  const fs::path dir = fs::path(m_temp).parent_path();
  const std::string prefix = stem_of(m_temp) + ".";
  std::error_code ec;
  for (fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.push_back(it->path().string());
  }
  return out;
}

void AtomicOutput::discard() {
  if (m_committed) return;
  for (const auto& f : temp_files()) {
    std::error_code ec;
    fs::remove(f, ec);
  }
  m_committed = true;  // nothing left to own
}

Result<void> AtomicOutput::commit() {
  if (m_committed) return tl::unexpected<Error>(error(ErrorCode::internal, "output already committed or discarded").file(m_target));
  const auto files = temp_files();
  if (files.empty())
    return tl::unexpected<Error>(error(ErrorCode::io, "nothing was written to the temporary file " + m_temp).file(m_target).hint("the writer failed silently; check free disk space and permissions"));
  if (!m_sidecars) {
    std::error_code ec;
    fs::rename(m_temp, m_target, ec);
    if (ec) {
      discard();
      return tl::unexpected<Error>(error(ErrorCode::io, "cannot rename the temporary output into place: " + ec.message()).file(m_target).hint("check permissions of the folder"));
    }
    m_committed = true;
    return {};
  }
  // Remove the target's old sidecars first so a stale .cpg or .qix cannot outlive the rewrite.
  const fs::path target(m_target);
  const fs::path dir = target.parent_path();
  const std::string target_stem = target.stem().string();
  for (const auto& ext : old_sidecars(target.extension().string())) {
    std::error_code ec;
    fs::remove(dir / (target_stem + ext), ec);
  }
  const std::string temp_stem = stem_of(m_temp);
  for (const auto& f : files) {
    const std::string name = fs::path(f).filename().string();
    const std::string to = (dir / (target_stem + name.substr(temp_stem.size()))).string();
    std::error_code ec;
    fs::rename(f, to, ec);
    if (ec) {
      discard();
      return tl::unexpected<Error>(error(ErrorCode::io, "cannot rename " + f + " into place: " + ec.message()).file(to).hint("check permissions of the folder"));
    }
  }
  m_committed = true;
  return {};
}

AtomicDirectory::AtomicDirectory(std::string dir) : m_dir(std::move(dir)) {}

AtomicDirectory::~AtomicDirectory() {
  m_outputs.clear();  // each removes its temporary files
  if (m_created && !m_committed) {
    std::error_code ec;
    fs::remove(m_dir, ec);  // only succeeds when empty: never removes foreign files
  }
}

Result<void> AtomicDirectory::prepare() {
  std::error_code ec;
  if (fs::is_directory(m_dir, ec)) return {};
  if (fs::exists(m_dir, ec)) return tl::unexpected<Error>(error(ErrorCode::io, "exists and is not a folder").file(m_dir).hint("choose another --out folder"));
  fs::create_directories(m_dir, ec);
  if (ec) return tl::unexpected<Error>(error(ErrorCode::io, "cannot create the output folder: " + ec.message()).file(m_dir).hint("check the path and permissions"));
  m_created = true;
  return {};
}

std::string AtomicDirectory::add(std::string_view file_name, bool with_sidecars) {
  m_outputs.emplace_back((fs::path(m_dir) / std::string(file_name)).string(), with_sidecars);
  return m_outputs.back().temp_path();
}

Result<void> AtomicDirectory::commit() {
  for (auto& out : m_outputs) {
    if (auto ok = out.commit(); !ok) return ok;
  }
  m_committed = true;
  return {};
}

Result<void> write_file_atomic(const std::string& path, std::string_view contents) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path(), std::ios::binary | std::ios::trunc);
    if (!f) return tl::unexpected<Error>(error(ErrorCode::io, std::string("cannot open for writing: ") + std::strerror(errno)).file(path).hint("check that the folder exists and is writable"));
    f.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    f.flush();
    if (!f) return tl::unexpected<Error>(error(ErrorCode::io, "write failed (disk full?)").file(path));
  }
  return out.commit();
}

}  // namespace jiuyou::util
