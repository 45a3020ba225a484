#pragma once
// A test suite over one throwaway PostgreSQL/PostGIS cluster (tests/oracle's
// PostgisServer), started once for the suite and removed after it; every test
// is skipped with the reason where PostgreSQL/PostGIS is absent or the cluster
// cannot start. Derive as `class PgThing : public test::PostgisSuite<PgThing>`:
// each suite has its own cluster.
#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <string>

#include "oracle/postgis_server.hpp"

namespace jiuyou::test {

template <class Suite>
class PostgisSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string missing = oracle::missing_postgis_tools();
    if (!missing.empty()) {
      s_skip = "PostgreSQL/PostGIS not installed:" + missing;
      return;
    }
    s_server = std::make_unique<oracle::PostgisServer>();
    try {
      s_server->start();
    } catch (const std::exception& e) {
      s_skip = std::string("cannot start a throwaway PostgreSQL cluster: ") + e.what();
      s_server.reset();
    }
  }
  static void TearDownTestSuite() { s_server.reset(); }
  void SetUp() override {
    if (!s_skip.empty()) GTEST_SKIP() << s_skip;
  }

  static inline std::unique_ptr<oracle::PostgisServer> s_server;
  static inline std::string s_skip;
};

}  // namespace jiuyou::test
