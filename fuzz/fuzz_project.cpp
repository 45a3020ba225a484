// libFuzzer target: the project loader on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gis/io/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto p = jiuyou::io::parse_project_toml(text, "fuzz/project.toml");
  if (!p) (void)p.error().to_string();
  return 0;
}
