// Merges without GROUP BY checked against a real MariaDB: k-way ORDER BY merges, LIMIT and
// pagination, hidden sort columns, DISTINCT under three collations, scalar aggregates (partial
// and raw, DISTINCT, over temporals, over nothing). See testing/sharded_data.h for the method.
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

class PlainMergeTest : public testing::DiffCaseTest {};

TEST_P(PlainMergeTest, MatchesTheReferenceServer) { CheckParam(); }

std::vector<DiffCase> PlainCases() {
  std::vector<DiffCase> v;
  // -- plain ORDER BY / LIMIT: k-way merge of sorted shards ---------------------------------
  v.push_back({"order_by_id_limit", "SELECT id, city, amount FROM {t} ORDER BY id LIMIT 20",
               "SELECT id, city, amount FROM {t} ORDER BY id LIMIT 20",
               [] { return Sorted({Asc(0)}, {.offset = 0, .count = 20}); }});
  v.push_back({"order_by_decimal_desc_nulls_last",
               "SELECT id, amount FROM {t} ORDER BY amount DESC, id",
               "SELECT id, amount FROM {t} ORDER BY amount DESC, id", [] {
                 return Sorted({Desc(1), Asc(0)});
               }});
  v.push_back({"order_by_decimal_asc_nulls_first", "SELECT id, amount FROM {t} ORDER BY amount, id",
               "SELECT id, amount FROM {t} ORDER BY amount, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"order_by_general_ci", "SELECT id, city FROM {t} ORDER BY city, id",
               "SELECT id, city FROM {t} ORDER BY city, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"order_by_bin_column", "SELECT id, code FROM {t} ORDER BY code DESC, id",
               "SELECT id, code FROM {t} ORDER BY code DESC, id", [] {
                 return Sorted({Desc(1), Asc(0)});
               }});
  v.push_back({"order_by_unicode_ci_override", "SELECT id, note FROM {t} ORDER BY note, id",
               "SELECT id, note FROM {t} ORDER BY note, id", [] {
                 return Sorted({{.column = 1, .collation = 224}, Asc(0)});
               }});
  v.push_back({"order_by_date_desc_offset",
               "SELECT id, created FROM {t} ORDER BY created DESC, id LIMIT 5, 10",
               "SELECT id, created FROM {t} ORDER BY created DESC, id LIMIT 15", [] {
                 return Sorted({Desc(1), Asc(0)}, {.offset = 5, .count = 10});
               }});
  v.push_back({"order_by_negative_time", "SELECT id, dur FROM {t} ORDER BY dur, id",
               "SELECT id, dur FROM {t} ORDER BY dur, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"order_by_datetime3", "SELECT id, ts FROM {t} ORDER BY ts DESC, id LIMIT 50",
               "SELECT id, ts FROM {t} ORDER BY ts DESC, id LIMIT 50", [] {
                 return Sorted({Desc(1), Asc(0)}, {.count = 50});
               }});
  v.push_back({"order_by_bigint_unsigned", "SELECT id, big FROM {t} ORDER BY big DESC, id",
               "SELECT id, big FROM {t} ORDER BY big DESC, id", [] {
                 return Sorted({Desc(1), Asc(0)});
               }});
  v.push_back({"order_by_double", "SELECT id, ratio FROM {t} ORDER BY ratio, id",
               "SELECT id, ratio FROM {t} ORDER BY ratio, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"pagination_large_offset",
               "SELECT id, qty, amount FROM {t} ORDER BY qty DESC, amount, id LIMIT 400, 7",
               "SELECT id, qty, amount FROM {t} ORDER BY qty DESC, amount, id LIMIT 407", [] {
                 return Sorted({Desc(1), Asc(2), Asc(0)}, {.offset = 400, .count = 7});
               }});
  v.push_back({"no_order_multiset", "SELECT id, city FROM {t} WHERE qty > 20",
               "SELECT id, city FROM {t} WHERE qty > 20", [] { return MergeSpec(); }, false});
  v.push_back({"order_by_hidden_column", "SELECT id, city FROM {t} ORDER BY amount, id",
               "SELECT id, city, amount FROM {t} ORDER BY amount, id", [] {
                 MergeSpec s = Sorted({Asc(2), Asc(0)});
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Shard(1),
                              OutputColumn::Shard(2, "", true)};
                 return s;
               }});
  v.push_back({"unsorted_shards_sorted_by_merger",
               "SELECT id, amount FROM {t} ORDER BY amount DESC, id LIMIT 10",
               "SELECT id, amount FROM {t}", [] {
                 MergeSpec s;
                 s.order_by = {Desc(1), Asc(0)};
                 s.limit = {.count = 10};
                 return s;
               }});
  v.push_back({"having_without_group_by", "SELECT id, qty FROM {t} HAVING qty > 45 ORDER BY id",
               "SELECT id, qty FROM {t} ORDER BY id", [] {
                 MergeSpec s = Sorted({Asc(0)});
                 s.having =
                     MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(1), MergeExpr::Int(45));
                 return s;
               }});
  v.push_back({"empty_limit_zero", "SELECT id FROM {t} ORDER BY id LIMIT 0",
               "SELECT id FROM {t} ORDER BY id LIMIT 0",
               [] { return Sorted({Asc(0)}, {.count = 0}); }});
  // -- DISTINCT -----------------------------------------------------------------------------
  v.push_back({"distinct_ci",
               "SELECT DISTINCT city FROM {t}",
               "SELECT DISTINCT city FROM {t}",
               [] {
                 MergeSpec s;
                 s.distinct = true;
                 return s;
               },
               false,
               {{0, 45}}});
  v.push_back({"distinct_sorted_decimal", "SELECT DISTINCT amount FROM {t} ORDER BY amount",
               "SELECT DISTINCT amount FROM {t} ORDER BY amount", [] {
                 MergeSpec s = Sorted({Asc(0)});
                 s.distinct = true;
                 return s;
               }});
  v.push_back({"distinct_bin", "SELECT DISTINCT code FROM {t} ORDER BY code",
               "SELECT DISTINCT code FROM {t} ORDER BY code", [] {
                 MergeSpec s = Sorted({Asc(0)});
                 s.distinct = true;
                 return s;
               }});
  v.push_back({"distinct_unicode_ci_expansions",
               "SELECT DISTINCT note FROM {t}",
               "SELECT DISTINCT note FROM {t}",
               [] {
                 MergeSpec s;
                 s.distinct = true;
                 s.columns = {OutputColumn::Shard(0)};
                 s.columns[0].collation = 224;  // straße = strasse, ﬁne = fine
                 return s;
               },
               false,
               {{0, 224}}});
  // -- scalar aggregates --------------------------------------------------------------------
  v.push_back(
      {"scalar_count_sum_avg_min_max",
       "SELECT COUNT(*), COUNT(amount), SUM(amount), AVG(amount), MIN(amount), MAX(amount) "
       "FROM {t}",
       "SELECT COUNT(*), COUNT(amount), SUM(amount), SUM(amount), COUNT(amount), MIN(amount), "
       "MAX(amount) FROM {t}",
       [] {
         MergeSpec s;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 0),
                         AggregateSpec::Partial(AggregateFunction::kCount, 1),
                         AggregateSpec::Partial(AggregateFunction::kSum, 2),
                         AggregateSpec::PartialAvg(3, 4),
                         AggregateSpec::Partial(AggregateFunction::kMin, 5),
                         AggregateSpec::Partial(AggregateFunction::kMax, 6)};
         s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                      OutputColumn::Aggregate(2), OutputColumn::Aggregate(3, "AVG(amount)"),
                      OutputColumn::Aggregate(4), OutputColumn::Aggregate(5)};
         return s;
       }});
  v.push_back({"scalar_over_empty_selection",
               "SELECT COUNT(*), SUM(amount), AVG(qty), MIN(city), BIT_AND(qty), BIT_OR(qty) "
               "FROM {t} WHERE id < 0",
               "SELECT COUNT(*), SUM(amount), SUM(qty), COUNT(qty), MIN(city), BIT_AND(qty), "
               "BIT_OR(qty) FROM {t} WHERE id < 0",
               [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 0),
                                 AggregateSpec::Partial(AggregateFunction::kSum, 1),
                                 AggregateSpec::PartialAvg(2, 3),
                                 AggregateSpec::Partial(AggregateFunction::kMin, 4),
                                 AggregateSpec::Partial(AggregateFunction::kBitAnd, 5),
                                 AggregateSpec::Partial(AggregateFunction::kBitOr, 6)};
                 s.columns = {OutputColumn::Aggregate(0),
                              OutputColumn::Aggregate(1),
                              OutputColumn::Aggregate(2, "AVG(qty)"),
                              OutputColumn::Aggregate(3),
                              OutputColumn::Aggregate(4),
                              OutputColumn::Aggregate(5)};
                 return s;
               }});
  v.push_back(
      {"scalar_int_and_unsigned_sums", "SELECT SUM(qty), AVG(qty), SUM(big), AVG(big) FROM {t}",
       "SELECT SUM(qty), SUM(qty), COUNT(qty), SUM(big), SUM(big), COUNT(big) FROM {t}", [] {
         MergeSpec s;
         s.aggregates = {
             AggregateSpec::Partial(AggregateFunction::kSum, 0), AggregateSpec::PartialAvg(1, 2),
             AggregateSpec::Partial(AggregateFunction::kSum, 3), AggregateSpec::PartialAvg(4, 5)};
         s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1, "AVG(qty)"),
                      OutputColumn::Aggregate(2), OutputColumn::Aggregate(3, "AVG(big)")};
         return s;
       }});
  v.push_back({"scalar_double_sum_avg_with_type_column", "SELECT SUM(ratio), AVG(ratio) FROM {t}",
               "SELECT SUM(ratio), SUM(ratio), COUNT(ratio), AVG(ratio) FROM {t}", [] {
                 MergeSpec s;
                 AggregateSpec avg = AggregateSpec::PartialAvg(1, 2);
                 avg.type_column = 3;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 0), avg};
                 s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1, "AVG(ratio)")};
                 return s;
               }});
  v.push_back(
      {"scalar_min_max_temporal_and_strings",
       "SELECT MIN(created), MAX(ts), MIN(dur), MAX(dur), MIN(city), MAX(code), MIN(note) FROM {t}",
       "SELECT MIN(created), MAX(ts), MIN(dur), MAX(dur), MIN(city), MAX(code), MIN(note) FROM {t}",
       [] {
         MergeSpec s;
         for (auto [f, c] :
              std::vector<std::pair<AggregateFunction, int>>{{AggregateFunction::kMin, 0},
                                                             {AggregateFunction::kMax, 1},
                                                             {AggregateFunction::kMin, 2},
                                                             {AggregateFunction::kMax, 3},
                                                             {AggregateFunction::kMin, 4},
                                                             {AggregateFunction::kMax, 5},
                                                             {AggregateFunction::kMin, 6}}) {
           s.aggregates.push_back(AggregateSpec::Partial(f, c));
           s.columns.push_back(OutputColumn::Aggregate(static_cast<int>(s.aggregates.size()) - 1));
         }
         s.aggregates[6].collation = 224;
         return s;
       },
       true,
       {{4, 45}, {6, 224}}});
  v.push_back({"scalar_bit_aggregates", "SELECT BIT_AND(qty), BIT_OR(qty), BIT_XOR(qty) FROM {t}",
               "SELECT BIT_AND(qty), BIT_OR(qty), BIT_XOR(qty) FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kBitAnd, 0),
                                 AggregateSpec::Partial(AggregateFunction::kBitOr, 1),
                                 AggregateSpec::Partial(AggregateFunction::kBitXor, 2)};
                 s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                              OutputColumn::Aggregate(2)};
                 return s;
               }});
  v.push_back({"scalar_count_distinct_ci",
               "SELECT COUNT(DISTINCT city), COUNT(DISTINCT user_id) FROM {t}",
               "SELECT city, user_id FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kCount, {0}, true),
                                 AggregateSpec::Raw(AggregateFunction::kCount, {1}, true)};
                 s.columns = {OutputColumn::Aggregate(0, "COUNT(DISTINCT city)"),
                              OutputColumn::Aggregate(1, "COUNT(DISTINCT user_id)")};
                 return s;
               }});
  v.push_back({"scalar_sum_avg_distinct_raw",
               "SELECT SUM(DISTINCT qty), AVG(DISTINCT amount), SUM(amount), AVG(ratio) FROM {t}",
               "SELECT qty, amount, ratio FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kSum, {0}, true),
                                 AggregateSpec::Raw(AggregateFunction::kAvg, {1}, true),
                                 AggregateSpec::Raw(AggregateFunction::kSum, {1}),
                                 AggregateSpec::Raw(AggregateFunction::kAvg, {2})};
                 s.columns = {OutputColumn::Aggregate(0, "SUM(DISTINCT qty)"),
                              OutputColumn::Aggregate(1, "AVG(DISTINCT amount)"),
                              OutputColumn::Aggregate(2, "SUM(amount)"),
                              OutputColumn::Aggregate(3, "AVG(ratio)")};
                 return s;
               }});
  v.push_back({"scalar_raw_sums_of_temporals", "SELECT SUM(created), AVG(dur), SUM(ts) FROM {t}",
               "SELECT created, dur, ts FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kSum, {0}),
                                 AggregateSpec::Raw(AggregateFunction::kAvg, {1}),
                                 AggregateSpec::Raw(AggregateFunction::kSum, {2})};
                 s.columns = {OutputColumn::Aggregate(0, "SUM(created)"),
                              OutputColumn::Aggregate(1, "AVG(dur)"),
                              OutputColumn::Aggregate(2, "SUM(ts)")};
                 return s;
               }});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Merges, PlainMergeTest, ::testing::ValuesIn(PlainCases()),
                         testing::DiffCaseName);

}  // namespace
}  // namespace shardproxy
