// A facility's use status (tour 20 F4): a 状态 column (found by its name, data/vocab/zh.toml [fields]) read as
// in_use / not_in_use, and a 名称 that says the thing is not in use (「…（停用）」) under a kind read from 类型.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

Result<Workspace> load(const fs::path& dir, const std::string& csv, const std::string& fields) {
  jiuyou::test::write_text_file(dir / "f.csv", csv);
  jiuyou::test::write_text_file(dir / "p.toml", "[layers.facilities]\npath = \"f.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4546\"\n"
                                                "[layers.facilities.fields]\n" + fields);
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

std::string status_of(const FeatureTable& t, size_t row) {
  const Column* c = t.column("status");
  return c == nullptr || c->is_null(row) ? std::string("NULL") : c->as_text(row);
}

const std::string k_csv =
    "名称,类型,状态,x,y\n"
    "前进村卫生室,村卫生室,正常,500000,3000000\n"
    "石门村卫生室（停用）,村卫生室,,501000,3000000\n"
    "柳林村卫生室,村卫生室,停用,502000,3000000\n"
    "东山村卫生室（拟建）,村卫生室,正常,503000,3000000\n"
    "平原村卫生室,村卫生室,,504000,3000000\n";

}  // namespace

TEST(FacilityStatus, AStatusColumnAndANameThatSaysNotInUse) {
  const fs::path dir = jiuyou::test::scratch_dir();
  auto ws = load(dir, k_csv, "kind = \"类型\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable& f = *ws->layer("facilities");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f.column("kind")->as_text(1), "clinic");
  EXPECT_EQ(status_of(f, 0), "in_use");
  EXPECT_EQ(status_of(f, 1), "not_in_use") << "「（停用）」 in the name";
  EXPECT_EQ(status_of(f, 2), "not_in_use") << "状态 停用";
  EXPECT_EQ(status_of(f, 3), "in_use") << "the status column, where it says, wins over the name";
  EXPECT_EQ(status_of(f, 4), "NULL") << "平原村 is no 原";
  const Issue* said = nullptr;
  for (const Issue& i : ws->issues.entries())
    if (i.code == "status_from_name") said = &i;
  ASSERT_NE(said, nullptr);
  EXPECT_NE(said->message.find("石门村卫生室（停用）"), std::string::npos) << said->message;
  EXPECT_NE(said->message.find("1 个要素"), std::string::npos) << said->message;
}

TEST(FacilityStatus, ANameReadAsTheKindIsNotReadAgain) {
  // kind from 名称: the kind vocabulary already makes 「…（停用）」 unknown and says so (unmapped_value).
  const fs::path dir = jiuyou::test::scratch_dir();
  auto ws = load(dir, "名称,x,y\n石门村卫生室（停用）,501000,3000000\n前进村卫生室,500000,3000000\n", "kind = \"名称\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->issues.count("status_from_name"), 0u);
}

TEST(FacilityStatus, TheShippedRulesCountNoClinicNotInUse) {
  const fs::path dir = jiuyou::test::scratch_dir();
  auto ws = load(dir, k_csv, "kind = \"类型\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  auto rules = indicators::load_rule_set("national-2016");
  ASSERT_TRUE(rules) << rules.error().to_string();
  const indicators::Item* clinic = rules->item("clinic");
  ASSERT_NE(clinic, nullptr);
  const std::vector<uint8_t> out = indicators::excluded_features(*clinic, *ws->layer("facilities"));
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 1, 1, 0, 0}));
}

// tour 20 F6: 类型 「党员群众服务中心、村卫生室」 (one building, two functions) was read by its ending as a clinic only.
TEST(FacilityKinds, OneBuildingOfSeveralFunctionsIsReadOncePerFunction) {
  const fs::path dir = jiuyou::test::scratch_dir();
  auto ws = load(dir,
                 "名称,类型,x,y\n前进村村部,党员群众服务中心、村卫生室,500000,3000000\n石门村卫生室,村卫生室,501000,3000000\n"
                 "柳林村文化室,文化室/诊所,502000,3000000\n",
                 "kind = \"类型\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable& f = *ws->layer("facilities");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f.column("kind")->as_text(0), "service_center");
  EXPECT_EQ(f.column("kind")->as_text(1), "clinic");
  EXPECT_EQ(f.fid[0], f.fid[1]) << "the same feature of the file";
  EXPECT_EQ(f.geometry.first_vertex(0).x, f.geometry.first_vertex(1).x);
  EXPECT_EQ(f.column("kind")->as_text(2), "clinic");
  EXPECT_TRUE(f.column("kind")->is_null(3)) << "诊所 is no kind: the list is left to the usual reading (unknown, said)";
  EXPECT_EQ(ws->issues.count("kinds_split"), 1u);
}
