#include "router/plan_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace shardproxy::router {
namespace {

const char* FunctionName(AggregateFunction f) {
  switch (f) {
    case AggregateFunction::kCount:
      return "COUNT";
    case AggregateFunction::kSum:
      return "SUM";
    case AggregateFunction::kAvg:
      return "AVG";
    case AggregateFunction::kMin:
      return "MIN";
    case AggregateFunction::kMax:
      return "MAX";
    case AggregateFunction::kBitAnd:
      return "BIT_AND";
    case AggregateFunction::kBitOr:
      return "BIT_OR";
    case AggregateFunction::kBitXor:
      return "BIT_XOR";
    case AggregateFunction::kGroupConcat:
      return "GROUP_CONCAT";
  }
  return "?";
}

std::string Keys(const std::vector<SortKey>& keys) {
  std::string out;
  for (const SortKey& k : keys) {
    absl::StrAppend(&out, out.empty() ? "" : ",", k.column, k.order == SortOrder::kDesc ? "d" : "");
  }
  return out;
}

}  // namespace

std::string MergeSpecToText(const MergeSpec& spec) {
  std::string out;
  if (!spec.columns.empty()) {
    absl::StrAppend(&out, " columns=[");
    for (size_t i = 0; i < spec.columns.size(); ++i) {
      const OutputColumn& c = spec.columns[i];
      absl::StrAppend(&out, i ? " " : "",
                      c.expression.has_value()                         ? "computed:s"
                      : c.source == OutputColumn::Source::kShardColumn ? "s"
                                                                       : "a",
                      c.index, c.hidden ? "h" : "",
                      c.name.empty() ? "" : absl::StrCat("'", c.name, "'"));
    }
    absl::StrAppend(&out, "]");
  }
  if (!spec.group_by.empty()) {
    absl::StrAppend(&out, " group_by=", Keys(spec.group_by),
                    spec.shards_sorted_by_group ? "(sorted)" : "");
  }
  if (!spec.sort_groups) absl::StrAppend(&out, " unsorted_groups");
  if (spec.rollup) {
    absl::StrAppend(&out, " rollup shard_rollup=[", absl::StrJoin(spec.shard_rollup_keys, " "),
                    "]");
  }
  if (!spec.aggregates.empty()) {
    absl::StrAppend(&out, " aggregates=[");
    for (size_t i = 0; i < spec.aggregates.size(); ++i) {
      const AggregateSpec& a = spec.aggregates[i];
      absl::StrAppend(
          &out, i ? " " : "", FunctionName(a.function),
          a.input == AggregateInput::kRaw ? (a.distinct ? "(distinct " : "(raw ") : "(");
      for (size_t j = 0; j < a.arguments.size(); ++j) {
        absl::StrAppend(&out, j ? "," : "", a.arguments[j]);
      }
      if (a.avg_count_column >= 0) absl::StrAppend(&out, "/", a.avg_count_column);
      if (a.type_column >= 0) absl::StrAppend(&out, " type ", a.type_column);
      absl::StrAppend(&out, ")");
    }
    absl::StrAppend(&out, "]");
  }
  if (spec.having.has_value()) absl::StrAppend(&out, " having=", spec.having->ToString());
  if (!spec.order_by.empty()) {
    absl::StrAppend(&out, " order_by=", Keys(spec.order_by),
                    spec.shards_sorted_by_order ? "(sorted)" : "");
  }
  if (spec.distinct) absl::StrAppend(&out, " distinct");
  if (spec.limit.count.has_value() || spec.limit.offset > 0) {
    absl::StrAppend(&out, " limit=", spec.limit.offset, ",",
                    spec.limit.count ? absl::StrCat(*spec.limit.count) : "-");
  }
  return out;
}

std::string PlanToText(const RoutePlan& plan) {
  std::string out;
  for (const NodeStatement& s : plan.statements) {
    absl::StrAppend(&out, s.data_source, ": ", s.sql, "\n");
  }
  const char* kind = plan.kind == PlanKind::kRead    ? "read"
                     : plan.kind == PlanKind::kWrite ? "write"
                                                     : "ddl";
  absl::StrAppend(&out, "= ", kind);
  if (plan.locking_read) absl::StrAppend(&out, " locking");
  if (plan.replicated) absl::StrAppend(&out, " replicated");
  if (plan.may_write) absl::StrAppend(&out, " may_write");
  if (plan.generated_insert_id) absl::StrAppend(&out, " generated_id");
  if (plan.write_limit) {
    absl::StrAppend(&out, " limit ", *plan.write_limit, " shared by ", plan.write_limit_count);
  }
  if (plan.merge_hidden_tail > 0) absl::StrAppend(&out, " hidden_tail=", plan.merge_hidden_tail);
  if (plan.merge != nullptr) absl::StrAppend(&out, " merge", MergeSpecToText(*plan.merge));
  absl::StrAppend(&out, "\n");
  return out;
}

}  // namespace shardproxy::router
