// What every merge operator shares: it is a RowStream over other RowStreams that finishes with
// the first error it meets (its own or an input's) and then stays finished.
#ifndef SHARDPROXY_MERGER_MERGE_OPERATOR_H_
#define SHARDPROXY_MERGER_MERGE_OPERATOR_H_

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/optional.h"
#include "merger/row_stream.h"

namespace shardproxy {

class MergeOperator : public RowStream {
 public:
  absl::Span<const ColumnDefinition> columns() const override { return columns_; }
  absl::Status status() const override { return status_; }

 protected:
  explicit MergeOperator(std::vector<ColumnDefinition> columns) : columns_(std::move(columns)) {}

  StreamState Finish(absl::Status status = absl::OkStatus()) {
    if (status_.ok()) status_ = std::move(status);
    finished_ = true;
    return StreamState::kFinished;
  }
  bool finished() const { return finished_; }

  // For operators that must see all of an input before their first row (sorting, hash
  // aggregation, a join's build side): pulls `input` to its end, handing each row to `take`, a
  // callable `absl::Status(RowView)`. Returns nullopt once the input has ended cleanly; otherwise
  // the state Next() must return now: kBlocked (the input waits; call again later, every row
  // taken so far stays taken) or kFinished (the input's or take's error, recorded by Finish()).
  // A template rather than a std::function so the per-row call inlines and allocates nothing.
  template <typename TakeRow>
  absl::optional<StreamState> DrainInput(RowStream& input, TakeRow&& take) {
    while (true) {
      RowView row;
      switch (input.Next(&row)) {
        case StreamState::kBlocked:
          return StreamState::kBlocked;
        case StreamState::kFinished:
          if (!input.status().ok()) return Finish(input.status());
          return absl::nullopt;
        case StreamState::kHaveRow: {
          absl::Status s = take(row);
          if (!s.ok()) return Finish(std::move(s));
          break;
        }
      }
    }
  }

 private:
  std::vector<ColumnDefinition> columns_;
  absl::Status status_;
  bool finished_ = false;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MERGE_OPERATOR_H_
