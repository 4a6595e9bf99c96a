// The fixture every differential merger test starts from: the reference MariaDB started (once per
// process) and the shared data set loaded (testing/sharded_data.h) before a suite's first test.
// `Base` is the gtest fixture to extend: ::testing::Test for TEST_F suites, or
// ::testing::TestWithParam<DiffCase> for the table-driven suites (DiffCaseTest).
#ifndef SHARDPROXY_MERGER_TESTING_SHARDED_DATA_TEST_H_
#define SHARDPROXY_MERGER_TESTING_SHARDED_DATA_TEST_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "merger/testing/mariadb_oracle.h"
#include "merger/testing/sharded_data.h"

namespace shardproxy::testing {

template <typename Base = ::testing::Test>
class ShardedDataTest : public Base {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<MariaDbOracle*> oracle = MariaDbOracle::Get();
    ASSERT_TRUE(oracle.ok()) << oracle.status();
    db_ = *oracle;
    absl::Status s = LoadShardedData(*db_);
    ASSERT_TRUE(s.ok()) << s;
  }

  // Null when the set-up failed (its failure is reported once, for the suite).
  static inline MariaDbOracle* db_ = nullptr;
};

// A table of DiffCases: derive a suite per table, then
//   TEST_P(MySuite, MatchesTheReferenceServer) { CheckParam(); }
//   INSTANTIATE_TEST_SUITE_P(Merges, MySuite, ::testing::ValuesIn(MyCases()), DiffCaseName);
class DiffCaseTest : public ShardedDataTest<::testing::TestWithParam<DiffCase>> {
 protected:
  void CheckParam() {
    ASSERT_NE(db_, nullptr);
    CheckMergeCase(*db_, GetParam());
  }
};

// Names each instance of a DiffCase suite after its case.
inline std::string DiffCaseName(const ::testing::TestParamInfo<DiffCase>& info) {
  return info.param.name;
}

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_MERGER_TESTING_SHARDED_DATA_TEST_H_
