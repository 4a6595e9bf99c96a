// COM_STMT_EXECUTE: run a prepared statement with bound parameter values.
//
//   0x17, statement id(4), flags(1), iteration count(4, always 1),
//   if the statement has parameters: NULL bitmap ((n + 7) / 8), new-params-bound(1),
//     if new-params-bound: n x (type(1), flags(1): 0x80 = unsigned),
//     each value that is neither NULL nor sent earlier by COM_STMT_SEND_LONG_DATA, in its type's
//     binary form.
//
// The packet cannot be read alone: the decoder needs the statement's parameter count, the types
// bound by its previous execute (clients send them only when they change) and the long data
// collected since then. The session looks those up by StatementIdOf(payload) first. Statement id
// 0xffffffff (kLastPreparedStatementId) means "the statement prepared last on this connection"
// for MariaDB clients; resolving it is the session's job, as is remembering `param_types` for the
// next execute.
//
// The proxy does not advertise CLIENT_QUERY_ATTRIBUTES, so no parameter count or attribute names
// precede the values. Values are converted to SQL literals by sql_literal.h.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_STMT_EXECUTE_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_STMT_EXECUTE_H_

#include <cstdint>
#include <string>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "proxy/protocol/mysql_time.h"

namespace shardproxy {

inline constexpr uint32_t kLastPreparedStatementId = 0xffffffff;

// The flags byte: the cursor the client asks for. The proxy may answer any cursor with an error
// (then COM_STMT_FETCH never comes) or run the statement to completion.
namespace cursor_type {
inline constexpr uint8_t kNoCursor = 0x00;
inline constexpr uint8_t kReadOnly = 0x01;
inline constexpr uint8_t kForUpdate = 0x02;
inline constexpr uint8_t kScrollable = 0x04;
}  // namespace cursor_type

// A parameter's type as the client bound it.
struct ParamType {
  FieldType type = FieldType::kNull;
  bool is_unsigned = false;

  friend bool operator==(const ParamType&, const ParamType&) = default;
};

// One bound value, decoded. `kind` says which member holds it.
struct ParamValue {
  enum class Kind : uint8_t {
    kNull,
    kSigned,        // signed_value (TINY, SHORT, YEAR, LONG, INT24, LONGLONG)
    kUnsigned,      // unsigned_value (the same types, flagged unsigned)
    kFloat,         // double_value, widened from the 4-byte FLOAT sent
    kDouble,        // double_value
    kDecimal,       // bytes: the decimal's text as the client sent it (DECIMAL, NEWDECIMAL)
    kString,        // bytes in the connection character set (CHAR, VARCHAR, ENUM, SET, JSON...)
    kBinaryString,  // bytes of a binary string (the BLOB types, BIT, GEOMETRY)
    kDate,          // time (DATE)
    kDateTime,      // time (DATETIME, TIMESTAMP)
    kTime,          // time (TIME)
  };

  Kind kind = Kind::kNull;
  int64_t signed_value = 0;
  uint64_t unsigned_value = 0;
  double double_value = 0;
  MysqlTime time;
  absl::string_view bytes;  // points into the payload or into the long data

  friend bool operator==(const ParamValue&, const ParamValue&) = default;
};

// What the session knows about the statement before decoding the packet.
struct StmtExecuteContext {
  uint16_t num_params = 0;
  // Types in effect from the previous execute; empty if the statement never ran. Used when the
  // packet's new-params-bound flag is 0.
  absl::Span<const ParamType> previous_types;
  // Per parameter, the data accumulated by COM_STMT_SEND_LONG_DATA since the last execute, or
  // nullopt; an empty span when there is none. Such a parameter's value is not in the packet.
  absl::Span<const absl::optional<absl::string_view>> long_data;
};

struct ComStmtExecute {
  uint32_t statement_id = 0;
  uint8_t flags = cursor_type::kNoCursor;
  uint32_t iteration_count = 1;
  bool new_params_bound = false;
  absl::InlinedVector<ParamType, 16> param_types;  // in effect for this execute
  absl::InlinedVector<ParamValue, 16> params;

  friend bool operator==(const ComStmtExecute&, const ComStmtExecute&) = default;
};

// Fails with 1210 (HY000) "Incorrect arguments to mysqld_stmt_execute", as MariaDB does, naming
// what is wrong: truncation, an unknown parameter type, no types ever bound.
absl::StatusOr<ComStmtExecute> DecodeComStmtExecute(absl::string_view payload,
                                                    const StmtExecuteContext& context);

// The client's execute `payload` (decoded once already, so well-formed) as it goes to a backend's
// own prepared statement: `backend_id` in place of the client's id, no cursor (the proxy reads
// every result to its end), and, when the packet has no types but `types_to_add` is not empty,
// those types written in with new-params-bound set (the backend statement has not seen the
// types the client bound on an earlier execute).
void RewriteStmtExecute(absl::string_view payload, uint32_t backend_id, uint16_t num_params,
                        absl::Span<const ParamType> types_to_add, std::string* out);

// A client's encoding (for tests and tools): writes the types when new_params_bound, every value
// whose kind is not kNull in the form of its param_types entry.
void EncodeComStmtExecute(const ComStmtExecute& command, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_STMT_EXECUTE_H_
