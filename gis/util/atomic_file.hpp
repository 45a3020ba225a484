#pragma once
// Outputs that appear whole or not at all: write to a temporary name beside
// the target (same folder, so the final rename stays on one file system) and
// rename at commit. A destructor without commit removes what was written.
//
//   AtomicOutput out(path);                 // out.temp_path(): ".name.tmp-<pid>-<n>.ext"
//   write(out.temp_path());
//   if (auto ok = out.commit(); !ok) return ok;
//
// Multi-file formats (a shapefile's .shp/.shx/.dbf/.prj/.cpg) are handled by
// `with_sidecars`: every file sharing the temporary stem is renamed to the
// target stem, and the target's old sidecars are removed first.
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::util {

class AtomicOutput {
 public:
  AtomicOutput() = default;
  explicit AtomicOutput(std::string target_path, bool with_sidecars = false);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  AtomicOutput(AtomicOutput&& other) noexcept;
  AtomicOutput& operator=(AtomicOutput&& other) noexcept;
  ~AtomicOutput();

  [[nodiscard]] const std::string& target_path() const { return m_target; }
  [[nodiscard]] const std::string& temp_path() const { return m_temp; }
  [[nodiscard]] bool committed() const { return m_committed; }
  // Renames the temporary file (and its sidecars) over the target.
  Result<void> commit();
  // Removes whatever was written under the temporary name(s).
  void discard();

 private:
  // Files in the target's folder named "<temp stem>.*" (just the temp file without sidecars).
  [[nodiscard]] std::vector<std::string> temp_files() const;

  std::string m_target;
  std::string m_temp;
  bool m_sidecars = false;
  bool m_committed = false;
};

// A set of outputs in one folder (e.g. county.gpkg + dem.tif + project.toml):
// each is written to its own temporary name; commit() renames them all. The
// folder is created when missing; when nothing was committed and the folder
// was created here, it is removed again.
class AtomicDirectory {
 public:
  explicit AtomicDirectory(std::string dir);
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;
  ~AtomicDirectory();

  // Creates the folder (and parents) if needed.
  Result<void> prepare();
  // The temporary path to write `file_name` (a plain name inside the folder) to.
  [[nodiscard]] std::string add(std::string_view file_name, bool with_sidecars = false);
  [[nodiscard]] const std::string& dir() const { return m_dir; }
  // Renames every output to its final name, in the order they were added.
  Result<void> commit();

 private:
  std::string m_dir;
  bool m_created = false;
  bool m_committed = false;
  std::vector<AtomicOutput> m_outputs;
};

// Writes `contents` to `path` atomically.
Result<void> write_file_atomic(const std::string& path, std::string_view contents);

}  // namespace jiuyou::util
