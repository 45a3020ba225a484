// Every embedded shader, as the GL compiler receives it (#version + prelude +
// body), validated offline by glslangValidator (the reference compiler), so a
// shader error fails in CI even where no GL context can be made.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "jiuyou_shaders.hpp"
#include "src/render/shader_program.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

TEST(Shaders, ValidateWithGlslang) {
#ifndef JIUYOU_GLSLANG_VALIDATOR
  GTEST_SKIP() << "glslangValidator not found at configure time (apt install glslang-tools)";
#else
  const auto dir = test::scratch_dir();
  int stages = 0;
  for (const auto& s : shader_source::all) {
    const std::string file(s.file);
    const bool vert = file.ends_with(".vert.glsl"), frag = file.ends_with(".frag.glsl");
    if (!vert && !frag) continue;  // the prelude is validated as part of every stage
    const auto out = dir / (file.substr(0, file.size() - 5));  // fill.vert, fill.frag: glslang infers the stage
    std::ofstream(out) << assemble_shader(s.text);
    const std::string cmd = std::string(JIUYOU_GLSLANG_VALIDATOR) + " " + out.string() + " > " + (dir / (file + ".log")).string() + " 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream log(dir / (file + ".log"));
    const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_EQ(rc, 0) << file << ":\n" << text;
    ++stages;
  }
  EXPECT_EQ(stages, 14) << "seven programs, two stages each";
#endif
}

TEST(Shaders, VersionIsInjectedOnceAndFilesCarryNone) {
  for (const auto& s : shader_source::all) EXPECT_EQ(s.text.find("#version"), std::string_view::npos) << s.file;
  const std::string text = assemble_shader(shader_source::fill_frag);
  EXPECT_EQ(text.rfind("#version 330 core\n", 0), 0u);
  EXPECT_EQ(text.find("#version", 1), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::render
