// XA transaction ids: what the proxy puts in XA START and how it recognises its own branches in
// XA RECOVER.
//
// An xid has three parts (X/Open): gtrid (global transaction id, <= 64 bytes), bqual (branch
// qualifier, <= 64 bytes) and formatID. Ours are
//
//   formatID = kXidFormatId (0x53505831, "SPX1")
//   gtrid    = "sp-<instance>-<epoch>-<sequence>"   e.g. "sp-7fq2k9xm3b1z-12-40917"
//   bqual    = the data source's name                e.g. "ds0"
//
// <instance> names the proxy instance (configured, or generated once and kept in the decision
// log's directory); <epoch> goes up by one every time the decision log is opened, and is durable
// before the first XA START that uses it; <sequence> counts transactions within an epoch. So a
// gtrid is unique across instances sharing data sources and across restarts, and a DBA reading
// XA RECOVER can tell which proxy owns a branch. Every branch of one transaction shares the gtrid;
// the bqual keeps branches apart when two data sources live on one MariaDB server.
//
// In SQL the xid is always written as hex literals, X'..',X'..',formatID, which needs no escaping
// whatever the bytes and does not depend on the connection's character set or sql_mode.
#ifndef SHARDPROXY_XA_XID_H_
#define SHARDPROXY_XA_XID_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace shardproxy {

// MariaDB's grammar takes formatID as a number below 2^31 (4294967295 and negatives are a syntax
// error on 10.11), so the constant stays in that range.
inline constexpr int64_t kXidFormatId = 0x53505831;
inline constexpr size_t kMaxGtridBytes = 64;
inline constexpr size_t kMaxBqualBytes = 64;
// "sp-" + instance + "-" + 10-digit epoch + "-" + 20-digit sequence must fit in 64 bytes.
inline constexpr size_t kMaxInstanceIdBytes = 24;

struct Xid {
  int64_t format_id = kXidFormatId;
  std::string gtrid;
  std::string bqual;

  friend bool operator==(const Xid& a, const Xid& b) {
    return a.format_id == b.format_id && a.gtrid == b.gtrid && a.bqual == b.bqual;
  }
};

// What a shardproxy gtrid says about its origin.
struct GtridParts {
  std::string instance_id;
  uint64_t epoch = 0;
  uint64_t sequence = 0;
};

// An instance id is 1..24 characters of [A-Za-z0-9_] (no '-': it separates the gtrid's parts).
absl::Status ValidateInstanceId(absl::string_view instance_id);
// A data source name becomes a bqual: 1..64 bytes.
absl::Status ValidateBranchQualifier(absl::string_view data_source);

std::string FormatGtrid(const GtridParts& parts);
// nullopt for anything this proxy did not mint (another application's or another format).
absl::optional<GtridParts> ParseGtrid(absl::string_view gtrid);

// True when `xid` was minted by the proxy instance `instance_id`.
bool IsOwnXid(const Xid& xid, absl::string_view instance_id);

// The xid as XA statements take it: X'<gtrid hex>',X'<bqual hex>',<formatID>.
std::string XidSqlLiteral(const Xid& xid);

enum class XaVerb { kStart, kEnd, kPrepare, kCommit, kCommitOnePhase, kRollback };
// "XA START X'..',X'..',1397774385", "XA COMMIT ... ONE PHASE", ...
std::string XaStatementSql(XaVerb verb, const Xid& xid);

// One row of XA RECOVER: formatID, gtrid_length, bqual_length, data — cells as the text protocol
// delivers them. `data` is either the raw gtrid+bqual bytes (plain XA RECOVER) or the SQL form of
// XA RECOVER FORMAT='SQL' ('gtrid','bqual',formatID with X'..' for bytes that need it); both are
// accepted. A row that does not fit its own lengths is an error naming the row.
absl::StatusOr<Xid> ParseXaRecoverRow(absl::string_view format_id, absl::string_view gtrid_length,
                                      absl::string_view bqual_length, absl::string_view data);

// Mints gtrids for one instance and epoch. Thread-safe (workers share one generator).
class GtridGenerator {
 public:
  GtridGenerator(std::string instance_id, uint64_t epoch)
      : instance_id_(std::move(instance_id)), epoch_(epoch) {}

  std::string Next() {
    uint64_t sequence = next_sequence_.fetch_add(1, std::memory_order_relaxed);
    return FormatGtrid({instance_id_, epoch_, sequence});
  }
  const std::string& instance_id() const { return instance_id_; }
  uint64_t epoch() const { return epoch_; }

 private:
  const std::string instance_id_;
  const uint64_t epoch_;
  std::atomic<uint64_t> next_sequence_{1};
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_XID_H_
