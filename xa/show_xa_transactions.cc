#include "xa/show_xa_transactions.h"

#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace shardproxy {
namespace {

absl::optional<std::string> TimeCell(absl::Time t) {
  if (t == absl::InfinitePast()) return absl::nullopt;
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

std::vector<absl::optional<std::string>> Row(const XaTransactionRecord& r) {
  return {r.gtrid,
          r.state,
          absl::StrJoin(r.data_sources, ","),
          TimeCell(r.started),
          TimeCell(r.finished),
          r.note};
}

}  // namespace

const std::vector<std::string>& ShowXaTransactionsColumns() {
  static const auto* columns =
      new std::vector<std::string>{"gtrid", "state", "data_sources", "started", "finished", "note"};
  return *columns;
}

std::vector<std::vector<absl::optional<std::string>>> ShowXaTransactionsRows(
    const XaTransactionRegistry::View& view) {
  std::vector<std::vector<absl::optional<std::string>>> rows;
  for (const XaTransactionRecord& r : view.live) rows.push_back(Row(r));
  for (const InDoubtBranch& b : view.in_doubt) {
    rows.push_back({b.xid.gtrid, std::string("in doubt"), b.data_source, absl::nullopt,
                    absl::nullopt, b.reason});
  }
  for (const XaTransactionRecord& r : view.recent) rows.push_back(Row(r));
  return rows;
}

}  // namespace shardproxy
