// Every TOML file the program reads (project, vocabulary; the rule sets,
// [relocate] and [pair] in their own suites) reports a syntax error the same
// way: the file, "line L, column C", the key of the offending line and a hint.
#include <gtest/gtest.h>

#include "gis/io/project.hpp"
#include "gis/io/vocab.hpp"
#include "gis/util/toml_error.hpp"

using namespace jiuyou;

namespace {

Error syntax_error_of(const std::string& text) {
  try {
    (void)toml::parse(std::string_view(text), std::string_view("f.toml"));
  } catch (const toml::parse_error& e) {
    return util::toml_syntax_error(e, ErrorCode::project, "f.toml", "the hint", text);
  }
  ADD_FAILURE() << "parsed: " << text;
  return {};
}

}  // namespace

TEST(TomlSyntaxError, NamesLineColumnKeyAndHint) {
  const Error e = syntax_error_of("[project]\nname = \"x\"\n\n[relocate]\ngrid_cell_m = 200\nsample_step_m = 5 0\n");
  EXPECT_EQ(e.code, ErrorCode::project);
  EXPECT_EQ(e.file, "f.toml");
  EXPECT_NE(e.message.find("TOML syntax error at line 6, column "), std::string::npos) << e.message;
  EXPECT_EQ(e.field, "relocate.sample_step_m");
  EXPECT_EQ(e.hint, "the hint");
  EXPECT_NE(e.to_string().find("f.toml: field 'relocate.sample_step_m': TOML syntax error at line 6"), std::string::npos) << e.to_string();
}

TEST(TomlSyntaxError, KeyOfArrayTablesTopLevelAndHeaderLines) {
  EXPECT_EQ(syntax_error_of("[[items]]\nid = \"road\"\nkind = road\n").field, "items.kind");
  EXPECT_EQ(syntax_error_of("rules = hubei\n").field, "rules");
  // A broken header names no key: the line is the table itself.
  EXPECT_EQ(syntax_error_of("[project]\nname = \"x\"\n[layers.villages\npath = \"v.gpkg\"\n").field, "");
  // A line that is no assignment names the table it sits in.
  EXPECT_EQ(syntax_error_of("[pair]\nmode = \"funds\"\njust words\n").field, "pair");
  // Without the text the position is still there, the key is not.
  try {
    (void)toml::parse(std::string_view("a = = 1\n"), std::string_view("g.toml"));
    FAIL();
  } catch (const toml::parse_error& e) {
    const Error err = util::toml_syntax_error(e, ErrorCode::rules, "g.toml", "h");
    EXPECT_EQ(err.field, "");
    EXPECT_NE(err.message.find("line 1, column"), std::string::npos) << err.message;
  }
}

TEST(TomlSyntaxError, BadProjectFile) {
  const std::string text = "[project]\nname = \"x\"\n[layers.villages]\npath = \"v.gpkg\"\ncrs = EPSG:4490\n";
  auto p = io::parse_project_toml(text, "county/project.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::project);
  EXPECT_EQ(p.error().file, "county/project.toml");
  EXPECT_EQ(p.error().field, "layers.villages.crs");
  EXPECT_NE(p.error().message.find("TOML syntax error at line 5, column 7"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().hint.find("[layers.villages] path"), std::string::npos) << p.error().hint;
}

TEST(TomlSyntaxError, BadVocabularyFile) {
  auto v = io::parse_vocabulary("[vocabulary]\nid = \"mine\"\n[tables.surface]\nfields = [\"roads.surface\"\n", "mine.toml");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::rules);
  EXPECT_EQ(v.error().file, "mine.toml");
  EXPECT_NE(v.error().message.find("TOML syntax error at line"), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().hint.find("[vocabulary] id"), std::string::npos) << v.error().hint;
}
