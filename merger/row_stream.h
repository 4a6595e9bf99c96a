// The row-stream interface every stage of result handling speaks: a backend's result set, a merge
// operator over several of them, and what the session finally writes to the client.
//
// Streams are pulled. Next() either yields a row, says none is available yet (kBlocked: a leaf
// stream waiting on its backend socket), or says the stream is over. Pulling only as fast as the
// client's socket drains is what keeps a cross-shard `ORDER BY ... LIMIT` over millions of rows
// in bounded memory: nothing is fetched that nobody asked for.
//
// Leaf streams (backend results) are built by the executor with a wake-up callback they call
// when a Next() that returned kBlocked may now make progress; operators have no callbacks of
// their own — the session simply pulls the top of the pipeline again.
#ifndef SHARDPROXY_MERGER_ROW_STREAM_H_
#define SHARDPROXY_MERGER_ROW_STREAM_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"

namespace shardproxy {

// One value as the text protocol carries it; nullopt is SQL NULL.
using Cell = absl::optional<absl::string_view>;
// One row, cells in column order.
using RowView = absl::Span<const Cell>;

enum class StreamState {
  kHaveRow,   // *row is set; valid until the next call to Next() on this stream
  kBlocked,   // no row available now; the leaf that blocked will signal its waker
  kFinished,  // no more rows; status() says whether the stream ended cleanly
};

class RowStream {
 public:
  virtual ~RowStream() = default;

  // The result's columns. Known before the stream is handed to anyone and fixed for its life.
  virtual absl::Span<const ColumnDefinition> columns() const = 0;

  virtual StreamState Next(RowView* row) = 0;

  // OK while rows flow; after kFinished, the error that ended the stream, if any. An operator
  // whose input fails finishes with that input's status.
  virtual absl::Status status() const = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_ROW_STREAM_H_
