// GROUP BY merges checked against a real MariaDB: streaming and hashing aggregation under
// general_ci, _bin and unicode_ci keys, HAVING (with AVG), ORDER BY an aggregate with LIMIT,
// COUNT(DISTINCT), GROUP_CONCAT (ordered, distinct, truncated, partial), BIT_*, two keys,
// NULL groups, div_precision_increment. See testing/sharded_data.h for the method.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "merger/testing/sharded_data.h"
#include "merger/testing/sharded_data_test.h"

namespace shardproxy {
namespace {

using testing::Asc;
using testing::Desc;
using testing::DiffCase;
using testing::Sorted;

class GroupByMergeTest : public testing::DiffCaseTest {};

TEST_P(GroupByMergeTest, MatchesTheReferenceServer) { CheckParam(); }

std::vector<DiffCase> GroupByCases() {
  std::vector<DiffCase> v;
  // -- GROUP BY -----------------------------------------------------------------------------
  auto user_totals = [](bool sorted) {
    return [sorted] {
      MergeSpec s;
      s.group_by = {Asc(0)};
      s.shards_sorted_by_group = sorted;
      s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                      AggregateSpec::Partial(AggregateFunction::kSum, 2),
                      AggregateSpec::PartialAvg(3, 4)};
      s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                   OutputColumn::Aggregate(2, "AVG(amount)")};
      s.order_by = {Asc(0)};
      return s;
    };
  };
  std::string user_totals_ref =
      "SELECT user_id, COUNT(*), SUM(amount), AVG(amount) FROM {t} GROUP BY user_id "
      "ORDER BY user_id";
  std::string user_totals_shard =
      "SELECT user_id, COUNT(*), SUM(amount), SUM(amount), COUNT(amount) FROM {t} "
      "GROUP BY user_id ORDER BY user_id";
  v.push_back({"group_by_stream", user_totals_ref, user_totals_shard, user_totals(true)});
  v.push_back({"group_by_hash", user_totals_ref, user_totals_shard, user_totals(false)});
  auto city_groups = [](bool sorted, absl::optional<uint16_t> collation) {
    return [=] {
      MergeSpec s;
      s.group_by = {{.column = 0, .collation = collation}};
      s.shards_sorted_by_group = sorted;
      s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                      AggregateSpec::Partial(AggregateFunction::kSum, 2)};
      s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1)};
      return s;
    };
  };
  v.push_back({"group_by_ci_stream",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city ORDER BY city",
               city_groups(true, absl::nullopt),
               true,
               {{0, 45}}});
  v.push_back({"group_by_ci_hash",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city",
               city_groups(false, absl::nullopt),
               true,
               {{0, 45}}});
  v.push_back({"group_by_bin", "SELECT code, COUNT(*), SUM(amount) FROM {t} GROUP BY code",
               "SELECT code, COUNT(*), SUM(amount) FROM {t} GROUP BY code ORDER BY code",
               city_groups(true, absl::nullopt)});
  v.push_back({"group_by_unicode_ci_stream",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note ORDER BY note",
               city_groups(true, 224),
               true,
               {{0, 224}}});
  v.push_back({"group_by_unicode_ci_hash",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note",
               city_groups(false, 224),
               true,
               {{0, 224}}});
  v.push_back(
      {"group_by_date_desc",
       "SELECT created, SUM(qty), MAX(amount) FROM {t} GROUP BY created ORDER BY created DESC",
       "SELECT created, SUM(qty), MAX(amount) FROM {t} GROUP BY created ORDER BY created DESC", [] {
         MergeSpec s;
         s.group_by = {Desc(0)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1),
                         AggregateSpec::Partial(AggregateFunction::kMax, 2)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                      OutputColumn::Aggregate(1)};
         s.order_by = {Desc(0)};
         return s;
       }});
  v.push_back(
      {"group_by_having_order_by_aggregate_top_n",
       "SELECT user_id, SUM(amount) FROM {t} GROUP BY user_id HAVING COUNT(*) > 14 "
       "ORDER BY SUM(amount) DESC, user_id LIMIT 5",
       "SELECT user_id, SUM(amount), COUNT(*) FROM {t} GROUP BY user_id ORDER BY user_id", [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1),
                         AggregateSpec::Partial(AggregateFunction::kCount, 2)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                      OutputColumn::Aggregate(1, "", true)};
         s.having = MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(2), MergeExpr::Int(14));
         s.order_by = {Desc(1), Asc(0)};
         s.limit = {.count = 5};
         return s;
       }});
  v.push_back(
      {"group_by_having_avg",
       "SELECT user_id, AVG(amount) FROM {t} GROUP BY user_id "
       "HAVING AVG(amount) > 200 AND AVG(amount) < 300.5 ORDER BY user_id",
       "SELECT user_id, SUM(amount), COUNT(amount) FROM {t} GROUP BY user_id "
       "ORDER BY user_id",
       [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::PartialAvg(1, 2)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0, "AVG(amount)")};
         s.having = MergeExpr::And(
             MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(1), MergeExpr::Int(200)),
             MergeExpr::Compare(CompareOp::kLt, MergeExpr::Column(1), MergeExpr::Decimal("300.5")));
         return s;
       }});
  v.push_back(
      {"group_concat_ordered_raw",
       "SELECT flag, GROUP_CONCAT(id ORDER BY id DESC SEPARATOR ';') FROM {t} GROUP BY flag",
       "SELECT flag, id FROM {t}", [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1});
         gc.order_by = {Desc(1)};
         gc.separator = ";";
         s.aggregates = {gc};
         s.columns = {
             OutputColumn::Shard(0),
             OutputColumn::Aggregate(0, "GROUP_CONCAT(id ORDER BY id DESC SEPARATOR ';')")};
         return s;
       }});
  v.push_back(
      {"group_concat_distinct_truncated",
       "SELECT flag, GROUP_CONCAT(DISTINCT user_id ORDER BY user_id) FROM {t} GROUP BY flag",
       "SELECT flag, user_id FROM {t} ORDER BY flag",
       [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         s.shards_sorted_by_group = true;
         s.group_concat_max_len = 20;
         AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1}, true);
         gc.order_by = {Asc(1)};
         s.aggregates = {gc};
         s.columns = {
             OutputColumn::Shard(0),
             OutputColumn::Aggregate(0, "GROUP_CONCAT(DISTINCT user_id ORDER BY user_id)")};
         return s;
       },
       true,
       {},
       {},
       "SET SESSION group_concat_max_len = 20"});
  v.push_back({"group_concat_bin_column_metadata",
               "SELECT flag, GROUP_CONCAT(code ORDER BY id) FROM {t} GROUP BY flag",
               "SELECT flag, code, id FROM {t}", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1});
                 gc.order_by = {Asc(2)};
                 s.aggregates = {gc};
                 s.columns = {OutputColumn::Shard(0),
                              OutputColumn::Aggregate(0, "GROUP_CONCAT(code ORDER BY id)")};
                 return s;
               }});
  v.push_back({"group_concat_partial",
               "SELECT flag, GROUP_CONCAT(id) FROM {t} GROUP BY flag",
               "SELECT flag, GROUP_CONCAT(id) FROM {t} GROUP BY flag",
               [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kGroupConcat, 1)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
                 return s;
               },
               true,
               {},
               {1}});
  v.push_back({"count_distinct_per_group",
               "SELECT flag, COUNT(DISTINCT user_id), COUNT(*) FROM {t} GROUP BY flag",
               "SELECT flag, user_id, COUNT(*) FROM {t} GROUP BY flag, user_id ORDER BY flag", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.shards_sorted_by_group = true;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kCount, {1}, true),
                                 AggregateSpec::Partial(AggregateFunction::kCount, 2)};
                 s.columns = {OutputColumn::Shard(0),
                              OutputColumn::Aggregate(0, "COUNT(DISTINCT user_id)"),
                              OutputColumn::Aggregate(1, "COUNT(*)")};
                 return s;
               }});
  v.push_back({"group_by_expression_with_null_group",
               "SELECT qty % 3 AS m, COUNT(*), MIN(ratio) FROM {t} GROUP BY m",
               "SELECT qty % 3 AS m, COUNT(*), MIN(ratio) FROM {t} GROUP BY m", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                                 AggregateSpec::Partial(AggregateFunction::kMin, 2)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                              OutputColumn::Aggregate(1)};
                 return s;
               }});
  v.push_back(
      {"group_by_two_keys",
       "SELECT user_id, flag, SUM(amount), BIT_XOR(qty) FROM {t} GROUP BY user_id DESC, flag",
       "SELECT user_id, flag, SUM(amount), BIT_XOR(qty) FROM {t} "
       "GROUP BY user_id, flag ORDER BY user_id DESC, flag",
       [] {
         MergeSpec s;
         s.group_by = {Desc(0), Asc(1)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 2),
                         AggregateSpec::Partial(AggregateFunction::kBitXor, 3)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Shard(1), OutputColumn::Aggregate(0),
                      OutputColumn::Aggregate(1)};
         return s;
       }});
  v.push_back({"avg_with_div_precision_increment_7",
               "SELECT flag, AVG(qty), AVG(amount) FROM {t} GROUP BY flag",
               "SELECT flag, SUM(qty), COUNT(qty), SUM(amount), COUNT(amount) FROM {t} "
               "GROUP BY flag",
               [] {
                 MergeSpec s;
                 s.div_precision_increment = 7;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::PartialAvg(1, 2), AggregateSpec::PartialAvg(3, 4)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0, "AVG(qty)"),
                              OutputColumn::Aggregate(1, "AVG(amount)")};
                 return s;
               },
               true,
               {},
               {},
               "SET SESSION div_precision_increment = 7"});
  v.push_back({"distinct_over_aggregates",
               "SELECT DISTINCT COUNT(*) AS n FROM {t} GROUP BY user_id ORDER BY n",
               "SELECT user_id, COUNT(*) FROM {t} GROUP BY user_id ORDER BY user_id", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.shards_sorted_by_group = true;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1)};
                 s.columns = {OutputColumn::Aggregate(0, "n"), OutputColumn::Shard(0, "", true)};
                 s.distinct = true;
                 s.order_by = {Asc(0)};
                 return s;
               }});
  v.push_back({"group_order_irrelevant",
               "SELECT user_id, SUM(big) FROM {t} GROUP BY user_id ORDER BY NULL",
               "SELECT user_id, SUM(big) FROM {t} GROUP BY user_id ORDER BY NULL",
               [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.sort_groups = false;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
                 return s;
               },
               false});
  v.push_back({"min_max_strings_per_group",
               "SELECT flag, MIN(city), MAX(city), MIN(code), MAX(note) FROM {t} GROUP BY flag",
               "SELECT flag, MIN(city), MAX(city), MIN(code), MAX(note) FROM {t} GROUP BY flag",
               [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kMin, 1),
                                 AggregateSpec::Partial(AggregateFunction::kMax, 2),
                                 AggregateSpec::Partial(AggregateFunction::kMin, 3),
                                 AggregateSpec::Partial(AggregateFunction::kMax, 4)};
                 s.aggregates[3].collation = 224;
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                              OutputColumn::Aggregate(1), OutputColumn::Aggregate(2),
                              OutputColumn::Aggregate(3)};
                 return s;
               },
               true,
               {{1, 45}, {2, 45}, {4, 224}}});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Merges, GroupByMergeTest, ::testing::ValuesIn(GroupByCases()),
                         testing::DiffCaseName);

}  // namespace
}  // namespace shardproxy
