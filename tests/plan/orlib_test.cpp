#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "gis/plan/orlib.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::plan {
namespace {

TEST(OrlibPmedian, ShortestPathsAndLastDuplicateEdgeWins) {
  // 1-2 (5, then 1: the last wins), 2-3 (2), 1-3 (10): d(1,3) = 1 + 2 = 3.
  auto prob = parse_orlib_pmedian("3 4 1\n1 2 5\n2 3 2\n1 3 10\n2 1 1\n", "tiny.txt");
  ASSERT_TRUE(prob) << prob.error().to_string();
  EXPECT_EQ(prob->p, 1);
  const auto& inst = prob->instance;
  ASSERT_EQ(inst.num_clients(), 3);
  ASSERT_EQ(inst.num_facilities(), 3);
  EXPECT_DOUBLE_EQ(inst.cost.cost(0, 1), 1.0);
  EXPECT_DOUBLE_EQ(inst.cost.cost(1, 0), 1.0);
  EXPECT_DOUBLE_EQ(inst.cost.cost(0, 2), 3.0);
  EXPECT_DOUBLE_EQ(inst.cost.cost(2, 0), 3.0);
  EXPECT_DOUBLE_EQ(inst.cost.cost(2, 2), 0.0);
  EXPECT_EQ(inst.demand, std::vector<double>(3, 1.0));
  // Rows sorted by cost: client 0's nearest is itself, then 1, then 2.
  const auto fac = inst.cost.facilities_of(0);
  ASSERT_EQ(fac.size(), 3U);
  EXPECT_EQ(fac[0], 0);
  EXPECT_EQ(fac[1], 1);
  EXPECT_EQ(fac[2], 2);
}

TEST(OrlibPmedian, MalformedInputNamesFileAndLine) {
  auto bad_token = parse_orlib_pmedian("3 2 1\n1 2 5\n2 x 2\n", "bad.txt");
  ASSERT_FALSE(bad_token);
  EXPECT_EQ(bad_token.error().code, ErrorCode::format);
  EXPECT_EQ(bad_token.error().file, "bad.txt");
  EXPECT_NE(bad_token.error().message.find("line 3"), std::string::npos) << bad_token.error().message;
  EXPECT_NE(bad_token.error().message.find("'x'"), std::string::npos);

  auto truncated = parse_orlib_pmedian("3 3 1\n1 2 5\n2 3 2\n", "short.txt");
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("file ends"), std::string::npos) << truncated.error().message;

  auto range = parse_orlib_pmedian("3 2 1\n1 2 5\n2 4 2\n", "range.txt");
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("line 3"), std::string::npos) << range.error().message;
  EXPECT_NE(range.error().message.find("outside 1..3"), std::string::npos);

  auto bad_p = parse_orlib_pmedian("3 1 5\n1 2 5\n", "p.txt");
  ASSERT_FALSE(bad_p);
  EXPECT_NE(bad_p.error().message.find("line 1"), std::string::npos) << bad_p.error().message;

  auto disconnected = parse_orlib_pmedian("3 1 1\n1 2 5\n", "split.txt");
  ASSERT_FALSE(disconnected);
  EXPECT_NE(disconnected.error().message.find("not connected"), std::string::npos);

  auto extra = parse_orlib_pmedian("2 1 1\n1 2 5\n7\n", "extra.txt");
  ASSERT_FALSE(extra);
  EXPECT_NE(extra.error().message.find("line 3"), std::string::npos) << extra.error().message;

  auto fractional_n = parse_orlib_pmedian("2.5 1 1\n1 2 5\n", "n.txt");
  ASSERT_FALSE(fractional_n);
  EXPECT_NE(fractional_n.error().message.find("whole number"), std::string::npos);

  EXPECT_FALSE(parse_orlib_pmedian("", "empty.txt"));
}

TEST(OrlibPmedian, MissingFileIsAnIoError) {
  auto r = read_orlib_pmedian(test::scratch_dir() / "nope.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io);
  EXPECT_NE(r.error().file.find("nope.txt"), std::string::npos);
}

TEST(OrlibCap, CostsWrapOverLines) {
  // 2 warehouses, 3 customers; customer 2's costs are wrapped.
  const char* text =
      " 2 3\n 10 100.\n 20 200.\n"
      " 4\n 1.5 2.5\n"
      " 5\n 3\n 4\n"
      " 6\n 7 8\n";
  auto inst = parse_orlib_cap(text, "tiny_cap.txt");
  ASSERT_TRUE(inst) << inst.error().to_string();
  EXPECT_EQ(inst->num_facilities(), 2);
  EXPECT_EQ(inst->num_clients(), 3);
  EXPECT_EQ(inst->capacity, (std::vector<double>{10, 20}));
  EXPECT_EQ(inst->fixed_cost, (std::vector<double>{100, 200}));
  EXPECT_EQ(inst->demand, (std::vector<double>{4, 5, 6}));
  EXPECT_DOUBLE_EQ(inst->cost.cost(0, 1), 2.5);
  EXPECT_DOUBLE_EQ(inst->cost.cost(1, 0), 3.0);
  EXPECT_DOUBLE_EQ(inst->cost.cost(1, 1), 4.0);
  EXPECT_DOUBLE_EQ(inst->cost.cost(2, 1), 8.0);
  EXPECT_DOUBLE_EQ(inst->total_demand(), 15.0);
}

TEST(OrlibCap, CapacityWordNeedsAValue) {
  const char* text = "1 1\ncapacity 50\n3\n7\n";
  auto no_value = parse_orlib_cap(text, "capa.txt");
  ASSERT_FALSE(no_value);
  EXPECT_EQ(no_value.error().code, ErrorCode::format);
  EXPECT_NE(no_value.error().message.find("line 2"), std::string::npos) << no_value.error().message;
  EXPECT_FALSE(no_value.error().hint.empty());
  CapReadOptions opt;
  opt.capacity_value = 8000.0;
  auto with_value = parse_orlib_cap(text, "capa.txt", opt);
  ASSERT_TRUE(with_value) << with_value.error().to_string();
  EXPECT_DOUBLE_EQ(with_value->capacity[0], 8000.0);
  EXPECT_DOUBLE_EQ(with_value->fixed_cost[0], 50.0);
}

TEST(OrlibCap, MalformedInputNamesFileAndLine) {
  auto truncated = parse_orlib_cap("2 2\n10 1\n10 1\n3\n1 2\n4\n1\n", "trunc.txt");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().file, "trunc.txt");
  EXPECT_NE(truncated.error().message.find("customer 2's cost at warehouse 2"), std::string::npos)
      << truncated.error().message;

  auto negative = parse_orlib_cap("1 1\n10 1\n3\n-1\n", "neg.txt");
  ASSERT_FALSE(negative);
  EXPECT_NE(negative.error().message.find("line 4"), std::string::npos) << negative.error().message;

  auto word = parse_orlib_cap("1 1\n10 1\nthree\n1\n", "word.txt");
  ASSERT_FALSE(word);
  EXPECT_NE(word.error().message.find("line 3"), std::string::npos);
  EXPECT_NE(word.error().message.find("customer 1's demand"), std::string::npos) << word.error().message;
}

TEST(OrlibFiles, ReadsTheSharedInstances) {
  JIUYOU_REQUIRE_SHARED("testdata/orlib-pmed/pmed1.txt");
  JIUYOU_REQUIRE_SHARED("testdata/orlib-cap/cap71.txt");
  auto pmed = read_orlib_pmedian(test::shared_dir() / "testdata/orlib-pmed/pmed1.txt");
  ASSERT_TRUE(pmed) << pmed.error().to_string();
  EXPECT_EQ(pmed->instance.num_clients(), 100);
  EXPECT_EQ(pmed->p, 5);
  EXPECT_EQ(pmed->instance.name, "pmed1");
  // Symmetric shortest-path distances satisfying the triangle inequality.
  const auto& c = pmed->instance.cost;
  for (int32_t a = 0; a < 100; a += 7)
    for (int32_t b = 0; b < 100; b += 5) {
      EXPECT_DOUBLE_EQ(c.cost(a, b), c.cost(b, a));
      for (int32_t k = 0; k < 100; k += 11) EXPECT_LE(c.cost(a, b), c.cost(a, k) + c.cost(k, b) + 1e-9);
    }
  auto cap = read_orlib_cap(test::shared_dir() / "testdata/orlib-cap/cap71.txt");
  ASSERT_TRUE(cap) << cap.error().to_string();
  EXPECT_EQ(cap->num_facilities(), 16);
  EXPECT_EQ(cap->num_clients(), 50);
  EXPECT_DOUBLE_EQ(cap->capacity[0], 58268.0);
  EXPECT_DOUBLE_EQ(cap->fixed_cost[0], 7500.0);
  EXPECT_DOUBLE_EQ(cap->demand[0], 146.0);
  EXPECT_DOUBLE_EQ(cap->cost.cost(0, 0), 6739.725);
  EXPECT_DOUBLE_EQ(cap->cost.cost(0, 15), 6051.7);
}

// Declared sizes are checked against the file and the memory before anything is allocated
// (a 9-byte file once asked for 10^10 distances and died in bad_alloc).
TEST(OrlibReaders, DeclaredSizesCheckedBeforeAllocating) {
  auto lonely = parse_orlib_pmedian("100000 0 1\n", "lonely.txt");
  ASSERT_FALSE(lonely);
  EXPECT_EQ(lonely.error().code, ErrorCode::format);
  EXPECT_EQ(lonely.error().file, "lonely.txt");
  EXPECT_NE(lonely.error().message.find("not connected"), std::string::npos) << lonely.error().message;

  auto few_edges = parse_orlib_pmedian("5 1000000 2\n1 2 3\n2 3 1\n", "few.txt");
  ASSERT_FALSE(few_edges);
  EXPECT_EQ(few_edges.error().code, ErrorCode::format);
  EXPECT_NE(few_edges.error().message.find("file ends where edge 3"), std::string::npos) << few_edges.error().message;
  EXPECT_NE(few_edges.error().message.find("m = 1000000"), std::string::npos) << few_edges.error().message;
  EXPECT_NE(few_edges.error().message.find("only 6 numbers"), std::string::npos) << few_edges.error().message;
  EXPECT_NE(few_edges.error().message.find("line 1 declares"), std::string::npos) << few_edges.error().message;

  // A connected chain of 100,000 vertices: 10^10 distances, far beyond any memory budget.
  std::string chain = "100000 99999 1\n";
  for (int v = 1; v < 100000; ++v) chain += std::to_string(v) + " " + std::to_string(v + 1) + " 1\n";
  auto big = parse_orlib_pmedian(chain, "chain.txt");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::format);
  EXPECT_EQ(big.error().file, "chain.txt");
  EXPECT_NE(big.error().message.find("line 1"), std::string::npos) << big.error().message;
  EXPECT_NE(big.error().message.find("memory"), std::string::npos) << big.error().message;

  // cap: 20,000 x 10,000 declared in a few bytes.
  auto cap = parse_orlib_cap("20000 10000\n100 5\n", "huge-header.txt");
  ASSERT_FALSE(cap);
  EXPECT_EQ(cap.error().code, ErrorCode::format);
  EXPECT_EQ(cap.error().file, "huge-header.txt");
  EXPECT_NE(cap.error().message.find("line 1 declares"), std::string::npos) << cap.error().message;
  EXPECT_NE(cap.error().message.find("warehouse 2's capacity"), std::string::npos) << cap.error().message;
  EXPECT_NE(cap.error().message.find("only 2 numbers"), std::string::npos) << cap.error().message;

  // The right count still parses (and a count one short is refused by the same check).
  EXPECT_TRUE(parse_orlib_cap("1 2\n10 5\n3 1\n4 2\n", "ok.txt"));
  EXPECT_FALSE(parse_orlib_cap("1 2\n10 5\n3 1\n4\n", "short.txt"));
}

TEST(CostMatrix, SparseRowsSortedAndMissingPairsForbidden) {
  auto m = CostMatrix::sparse(2, 3, {{0, 2, 1.0}, {0, 0, 4.0}, {1, 1, 2.0}});
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->facilities_of(0)[0], 2);
  EXPECT_EQ(m->facilities_of(0)[1], 0);
  EXPECT_DOUBLE_EQ(m->cost(0, 0), 4.0);
  EXPECT_TRUE(std::isinf(m->cost(0, 1)));
  EXPECT_TRUE(std::isinf(m->cost(1, 2)));
  EXPECT_FALSE(m->is_dense());
  EXPECT_FALSE(CostMatrix::sparse(2, 3, {{0, 2, 1.0}, {0, 2, 3.0}}));
  EXPECT_FALSE(CostMatrix::sparse(2, 3, {{0, 3, 1.0}}));
  EXPECT_FALSE(CostMatrix::sparse(2, 3, {{0, 1, -1.0}}));
  EXPECT_FALSE(CostMatrix::dense(2, 2, {1.0, 2.0, 3.0}));
}

}  // namespace
}  // namespace jiuyou::plan
