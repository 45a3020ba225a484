// The OSM vocabulary on its own: vocabulary = "osm" on any OSM-tagged layer
// (an Overpass GeoJSON export), a GeoJSON extract through import-osm, the
// [[import]] rules and other_tags parsing, and place-name matching.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/osm_import.hpp"
#include "gis/io/osm_rules.hpp"
#include "gis/io/place_match.hpp"
#include "gis/io/vocab.hpp"
#include "io/osm_fixture.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using namespace jiuyou;

namespace {

std::string text_of(const FeatureTable& t, const std::string& col, size_t row) {
  const Column* c = t.column(col);
  return c && !c->is_null(row) ? c->as_text(row) : std::string("NULL");
}

// An Overpass/osmtogeojson export: properties are the OSM tags, "@id" the object.
void write_geojson(const fs::path& p, const std::string& features) {
  std::ofstream(p) << "{\"type\":\"FeatureCollection\",\"features\":[" << features << "]}";
}

std::string line_feature(const std::string& id, const std::string& props) {
  return "{\"type\":\"Feature\",\"properties\":{\"@id\":\"" + id + "\"," + props +
         "},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[110.15,32.15],[110.16,32.16]]}}";
}

}  // namespace

TEST(OsmVocabulary, AppliesToAnyOsmTaggedLayer) {
  const fs::path dir = test::scratch_dir();
  write_geojson(dir / "power.geojson", line_feature("way/1", "\"power\":\"line\",\"voltage\":\"500000;220000\"") + "," +
                                           line_feature("way/2", "\"power\":\"minor_line\",\"voltage\":\"10000\"") + "," +
                                           line_feature("way/3", "\"power\":\"cable\",\"voltage\":\"10 kV\"") + "," +
                                           line_feature("way/4", "\"power\":\"line\""));
  io::LayerSpec spec;
  spec.name = "power";
  spec.path = (dir / "power.geojson").string();
  spec.vocabulary = "osm";
  IssueLog log;
  auto t = io::read_layer(spec, log);
  ASSERT_TRUE(t.has_value()) << t.error().message;
  // kind from the column "power", voltage_kv from "voltage" (volts, a list judged by its highest)
  EXPECT_EQ(text_of(*t, "kind", 0), "line");
  EXPECT_EQ(text_of(*t, "kind", 1), "line");
  EXPECT_EQ(text_of(*t, "voltage_kv", 0), "500");
  EXPECT_EQ(text_of(*t, "voltage_kv", 1), "10");
  EXPECT_EQ(text_of(*t, "voltage_kv", 2), "NULL");  // "10 kV" is not a number of volts: unknown, reported
  EXPECT_EQ(text_of(*t, "voltage_kv", 3), "NULL");  // not tagged: unknown
  bool reported = false;
  for (const auto& i : log.entries()) reported |= i.field == "voltage_kv" && i.message.find("10 kV") != std::string::npos;
  EXPECT_TRUE(reported);

  write_geojson(dir / "roads.geojson", line_feature("way/5", "\"highway\":\"tertiary\",\"surface\":\"concrete\"") + "," +
                                           line_feature("way/6", "\"highway\":\"path\",\"surface\":\"paved\""));
  spec.name = "roads";
  spec.path = (dir / "roads.geojson").string();
  auto r = io::read_layer(spec, log);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(text_of(*r, "class", 0), "township");
  EXPECT_EQ(text_of(*r, "surface", 0), "concrete");
  EXPECT_EQ(text_of(*r, "class", 1), "NULL");    // a path is no road class
  EXPECT_EQ(text_of(*r, "surface", 1), "NULL");  // paved: asphalt or concrete is not said
}

TEST(OsmVocabulary, TheProjectsOwnMappingWinsOverTheVocabularysColumns) {
  const fs::path dir = test::scratch_dir();
  write_geojson(dir / "roads.geojson", line_feature("way/5", "\"highway\":\"tertiary\",\"surface\":\"gravel\",\"my_surface\":\"asphalt\""));
  io::LayerSpec spec;
  spec.name = "roads";
  spec.path = (dir / "roads.geojson").string();
  spec.vocabulary = "osm";
  spec.fields["surface"] = "my_surface";
  IssueLog log;
  auto r = io::read_layer(spec, log);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(text_of(*r, "surface", 0), "asphalt");
  EXPECT_EQ(text_of(*r, "class", 0), "township");
}

TEST(OsmVocabulary, ImportsAGeoJsonExport) {
  const fs::path dir = test::scratch_dir();
  test::write_boundary(dir / "boundary.gpkg");
  write_geojson(dir / "export.geojson",
                "{\"type\":\"Feature\",\"properties\":{\"@id\":\"node/42\",\"place\":\"village\",\"name\":\"燕子山村\"},"
                "\"geometry\":{\"type\":\"Point\",\"coordinates\":[110.155,32.152]}}," +
                    line_feature("way/7", "\"highway\":\"secondary\",\"surface\":\"asphalt\""));
  io::OsmImportJob job;
  job.extract = (dir / "export.geojson").string();
  job.boundary = (dir / "boundary.gpkg").string();
  job.out = (dir / "county.gpkg").string();
  auto s = io::import_osm(job);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->written.at("villages"), 1u);
  EXPECT_EQ(s->written.at("roads"), 1u);
  io::LayerSpec spec;
  spec.name = "villages";
  spec.path = job.out;
  spec.layer = "villages";
  IssueLog log;
  auto v = io::read_layer(spec, log);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(text_of(*v, "code", 0), "osm-n42");  // stable: the OSM node, not the row
}

TEST(OsmRules, OtherTagsHstore) {
  const auto tags = io::parse_hstore(R"("voltage"=>"10000","name:zh"=>"城关\"东\"线","note"=>"a\\b","power"=>"line")");
  EXPECT_EQ(tags.at("voltage"), "10000");
  EXPECT_EQ(tags.at("name:zh"), "城关\"东\"线");
  EXPECT_EQ(tags.at("note"), "a\\b");
  EXPECT_EQ(tags.at("power"), "line");
  EXPECT_TRUE(io::parse_hstore("").empty());
  // a malformed tail is dropped, what came before is kept
  const auto cut = io::parse_hstore(R"("a"=>"1","b"=>"unterminated)");
  EXPECT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut.at("a"), "1");
}

TEST(OsmRules, MatchAndValuesFollowTheRules) {
  auto rules = io::load_osm_rules("osm");
  ASSERT_TRUE(rules.has_value()) << rules.error().message;
  const io::OsmRule* office = nullptr;
  for (const auto& r : *rules)
    if (r.layer == "facilities" && !r.set.empty()) office = &r;
  ASSERT_NE(office, nullptr);
  EXPECT_TRUE(office->matches({{"office", "government"}, {"name", "燕子山村村委会"}}));
  EXPECT_FALSE(office->matches({{"office", "government"}, {"name", "溢水镇人民政府"}}));
  EXPECT_FALSE(office->matches({{"name", "燕子山村村委会"}}));
  EXPECT_EQ(office->values({{"office", "government"}, {"name", "燕子山村村委会"}}).at("kind"), "service_center");
}

TEST(OsmRules, BadRulesAreRuleSetErrorsNamingTheRule) {
  const std::string head = "[vocabulary]\nid = \"x\"\n";
  for (const std::string& body : {std::string(""), std::string("[[import]]\nlayer = \"roads\"\ngeometry = \"line\"\n"),
                                  std::string("[[import]]\nlayer = \"roads\"\ngeometry = \"area\"\nmatch = { highway = [\"track\"] }\n"),
                                  std::string("[[import]]\ngeometry = \"line\"\nmatch = { highway = [\"track\"] }\n"),
                                  std::string("[[import]]\nlayer = \"roads\"\ngeometry = \"line\"\nmatch = { highway = \"track\" }\n")}) {
    auto r = io::parse_osm_rules(head + body, "x.toml");
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::rules);
    EXPECT_EQ(r.error().file, "x.toml");
  }
  auto bad_list = io::parse_vocabulary("[numbers]\nlist_separator = \";\"\nlist = \"min\"\n", "y.toml");
  ASSERT_FALSE(bad_list.has_value());
  EXPECT_NE(bad_list.error().message.find("max"), std::string::npos);
}

TEST(PlaceMatch, NamesWithoutTheirAdministrativeEnding) {
  EXPECT_EQ(io::place_key("柳林村委会"), io::place_key("柳林村"));
  EXPECT_EQ(io::place_key("柳林村民委员会"), io::place_key(" 柳林 "));
  EXPECT_EQ(io::place_key("北大街社区居民委员会"), "北大街");
  EXPECT_EQ(io::place_key("村"), "村");  // an ending that is the whole name stays
}

TEST(PlaceMatch, MatchedAmbiguousUnmatchedNeverGuessed) {
  io::ReferenceCodes list;
  list.name_of = {{"420323101202", "燕子山村委会"}, {"420323105204", "小河村委会"}, {"420323108200", "小河村委会"},
                  {"420323105", "秦古镇"},          {"420323108", "官渡镇"},       {"420324100201", "燕子山村委会"},
                  {"420323101203", "五房沟村委会"}};
  const auto r = io::match_places({{"燕子山村", ""},       // one in the county (the other is in 420324)
                                   {"小河村", ""},         // two in the county
                                   {"小河村", "官渡镇"},   // the township settles it
                                   {"小河", "420323105"},  // a township code too
                                   {"高峰村", ""},
                                   {"", ""}},
                                  list, "420323");
  EXPECT_EQ(r[0].match, io::PlaceMatch::matched);
  EXPECT_EQ(r[0].code, "420323101202");
  EXPECT_EQ(r[1].match, io::PlaceMatch::ambiguous);
  EXPECT_EQ(r[1].candidates, (std::vector<std::string>{"420323105204", "420323108200"}));
  EXPECT_EQ(r[2].code, "420323108200");
  EXPECT_EQ(r[3].code, "420323105204");
  EXPECT_EQ(r[4].match, io::PlaceMatch::unmatched);
  EXPECT_EQ(r[5].match, io::PlaceMatch::unmatched);
  const auto s = io::summarise(r);
  EXPECT_EQ(s.matched, 3u);
  EXPECT_EQ(s.ambiguous, 1u);
  EXPECT_EQ(s.unmatched, 2u);
  // without the county, 燕子山村 is in two counties: not guessed
  EXPECT_EQ(io::match_places({{"燕子山村", ""}}, list, "")[0].match, io::PlaceMatch::ambiguous);
}

TEST(PlaceMatch, TwoPlacesClaimingOneVillageAreBothAmbiguous) {
  io::ReferenceCodes list;
  list.name_of = {{"420323101202", "燕子山村委会"}};
  const auto r = io::match_places({{"燕子山村", ""}, {"燕子山", ""}}, list, "420323");
  EXPECT_EQ(r[0].match, io::PlaceMatch::ambiguous);
  EXPECT_EQ(r[1].match, io::PlaceMatch::ambiguous);
  EXPECT_TRUE(r[0].code.empty());
}
