#include "merger/merge_spec.h"

#include <utility>

namespace shardproxy {

AggregateSpec AggregateSpec::Partial(AggregateFunction function, int column) {
  AggregateSpec a;
  a.function = function;
  a.input = AggregateInput::kPartial;
  a.arguments = {column};
  return a;
}

AggregateSpec AggregateSpec::PartialAvg(int sum_column, int count_column) {
  AggregateSpec a = Partial(AggregateFunction::kAvg, sum_column);
  a.avg_count_column = count_column;
  return a;
}

AggregateSpec AggregateSpec::Raw(AggregateFunction function, std::vector<int> arguments,
                                 bool distinct) {
  AggregateSpec a;
  a.function = function;
  a.input = AggregateInput::kRaw;
  a.arguments = std::move(arguments);
  a.distinct = distinct;
  return a;
}

OutputColumn OutputColumn::Shard(int column, std::string name, bool hidden) {
  OutputColumn c;
  c.source = Source::kShardColumn;
  c.index = column;
  c.name = std::move(name);
  c.hidden = hidden;
  return c;
}

OutputColumn OutputColumn::Aggregate(int aggregate, std::string name, bool hidden) {
  OutputColumn c;
  c.source = Source::kAggregate;
  c.index = aggregate;
  c.name = std::move(name);
  c.hidden = hidden;
  return c;
}

}  // namespace shardproxy
