// libFuzzer target over every decoder and the framer (built with SHARDPROXY_FUZZ=ON; run by
// scripts/fuzz.sh with the seeds in tests/fuzz/protocol/).
//
// Input: selector(1) capabilities(4, little-endian) bytes... The selector picks the codec (see
// kTargets below; testdata/make_fuzz_seeds.py writes seeds in this layout). Beyond "no crash, no
// sanitizer report", each target checks what must hold for any input:
//   - a decoder that accepts bytes produces a struct whose encoding decodes again, and encoding
//     that second struct gives the same bytes (encoding is a fixed point after one round);
//   - the framer returns only what it was given, in order;
//   - every SQL literal for a decoded parameter reads back (by the lexer's rules) to its bytes.
#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "proxy/protocol/auth_switch.h"
#include "proxy/protocol/binary_row.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/column_definition.h"
#include "proxy/protocol/com_change_user.h"
#include "proxy/protocol/com_field_list.h"
#include "proxy/protocol/com_init_db.h"
#include "proxy/protocol/com_process_kill.h"
#include "proxy/protocol/com_query.h"
#include "proxy/protocol/com_set_option.h"
#include "proxy/protocol/com_stmt_close.h"
#include "proxy/protocol/com_stmt_execute.h"
#include "proxy/protocol/com_stmt_fetch.h"
#include "proxy/protocol/com_stmt_prepare.h"
#include "proxy/protocol/com_stmt_reset.h"
#include "proxy/protocol/com_stmt_send_long_data.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/eof_packet.h"
#include "proxy/protocol/err_packet.h"
#include "proxy/protocol/handshake_response.h"
#include "proxy/protocol/initial_handshake.h"
#include "proxy/protocol/mysql_time.h"
#include "proxy/protocol/ok_packet.h"
#include "proxy/protocol/packet.h"
#include "proxy/protocol/session_state.h"
#include "proxy/protocol/sql_literal.h"
#include "proxy/protocol/stmt_prepare_ok.h"
#include "proxy/protocol/stmt_response.h"
#include "proxy/protocol/text_row.h"

namespace shardproxy {
namespace {

#define FUZZ_CHECK(condition)                                                            \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

// decode(x) ok => decode(encode(decode(x))) ok and encode is then a fixed point.
template <typename Decode, typename Encode>
void CheckRoundTrip(absl::string_view input, Decode decode, Encode encode) {
  auto first = decode(input);
  if (!first.ok()) return;
  std::string once;
  encode(*first, &once);
  auto second = decode(once);
  FUZZ_CHECK(second.ok());
  std::string twice;
  encode(*second, &twice);
  FUZZ_CHECK(once == twice);
}

void FuzzFramer(absl::string_view input, uint32_t seed) {
  PacketFramer framer(1 + seed % 8192);
  std::string payloads;
  size_t fed = 0;
  size_t chunk = 1 + (seed >> 16) % 97;
  Packet packet;
  while (fed < input.size()) {
    absl::string_view piece = input.substr(fed, chunk);
    if (seed & 1) {
      framer.Append(piece);
    } else {
      char* dst = framer.PrepareAppend(piece.size() + 7);
      std::memcpy(dst, piece.data(), piece.size());
      framer.CommitAppend(piece.size());
    }
    fed += piece.size();
    while (true) {
      absl::StatusOr<bool> next = framer.Next(&packet);
      if (!next.ok()) return;
      if (!*next) break;
      FUZZ_CHECK(packet.payload.size() <= framer.max_payload_size());
      payloads.append(packet.payload.data(), packet.payload.size());
      // Framing what we got yields a stream that frames back to the same payload.
      std::string wire;
      uint8_t seq = packet.sequence_id;
      AppendPacket(packet.payload, &seq, &wire);
      PacketFramer again(framer.max_payload_size());
      again.Append(wire);
      Packet copy;
      absl::StatusOr<bool> got = again.Next(&copy);
      FUZZ_CHECK(got.ok() && *got && copy.payload == packet.payload);
    }
    chunk = 1 + (chunk * 31 + 7) % 97;
  }
  FUZZ_CHECK(payloads.size() + framer.buffered_bytes() <= input.size());
}

// Reads a quoted literal back by the server lexer's rules; false if it is not one.
bool Unquote(absl::string_view literal, bool no_backslash_escapes, std::string* bytes) {
  if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return false;
  literal = literal.substr(1, literal.size() - 2);
  bytes->clear();
  for (size_t i = 0; i < literal.size(); ++i) {
    char c = literal[i];
    if (c == '\'') {
      if (i + 1 >= literal.size() || literal[i + 1] != '\'') return false;  // unescaped quote
      bytes->push_back('\'');
      ++i;
    } else if (c == '\\' && !no_backslash_escapes) {
      if (i + 1 >= literal.size()) return false;
      char e = literal[++i];
      switch (e) {
        case '0':
          bytes->push_back('\0');
          break;
        case 'n':
          bytes->push_back('\n');
          break;
        case 'r':
          bytes->push_back('\r');
          break;
        case 'Z':
          bytes->push_back('\x1a');
          break;
        default:
          bytes->push_back(e);
          break;  // \\ \' \" and unknown escapes
      }
    } else {
      bytes->push_back(c);
    }
  }
  return true;
}

void CheckLiteral(const ParamValue& value, bool no_backslash_escapes) {
  SqlLiteralOptions options;
  options.no_backslash_escapes = no_backslash_escapes;
  std::string literal;
  absl::Status status = AppendSqlLiteral(value, options, &literal);
  if (!status.ok()) {
    FUZZ_CHECK(literal.empty());
    return;
  }
  absl::string_view quoted = literal;
  if (value.kind == ParamValue::Kind::kBinaryString) {
    FUZZ_CHECK(quoted.substr(0, 7) == "_binary");
    quoted.remove_prefix(7);
  }
  if (value.kind == ParamValue::Kind::kString || value.kind == ParamValue::Kind::kBinaryString) {
    std::string bytes;
    FUZZ_CHECK(Unquote(quoted, no_backslash_escapes, &bytes));
    FUZZ_CHECK(bytes == value.bytes);
  }
}

void FuzzStmtExecute(absl::string_view input, uint32_t seed) {
  // The context comes from the seed and the front of the input: parameter count, previous
  // types, which parameters got long data.
  const uint16_t num_params = seed % 40;
  std::vector<ParamType> previous;
  if (seed & 0x100) {
    for (uint16_t i = 0; i < num_params && !input.empty(); ++i) {
      previous.push_back({static_cast<FieldType>(input[0]), (seed & 0x200) != 0});
      input.remove_prefix(1);
    }
    if (previous.size() != num_params) previous.clear();
  }
  std::vector<absl::optional<absl::string_view>> long_data;
  if (seed & 0x400) {
    long_data.resize(num_params);
    for (uint16_t i = 0; i < num_params; ++i) {
      if ((seed >> (i % 16)) & 0x10000) long_data[i] = absl::string_view("long\\'\0", 7);
    }
  }
  StmtExecuteContext context;
  context.num_params = num_params;
  context.previous_types = previous;
  context.long_data = long_data;
  absl::StatusOr<ComStmtExecute> execute = DecodeComStmtExecute(input, context);
  if (!execute.ok()) return;
  FUZZ_CHECK(execute->params.size() == (num_params == 0 ? 0 : num_params));
  for (const ParamValue& value : execute->params) {
    CheckLiteral(value, false);
    CheckLiteral(value, true);
  }
  // Round trip without long data (its bytes are not in the packet).
  if (long_data.empty()) {
    CheckRoundTrip(
        input, [&](absl::string_view p) { return DecodeComStmtExecute(p, context); },
        [](const ComStmtExecute& e, std::string* out) { EncodeComStmtExecute(e, out); });
  }
  // As sent to a backend statement: another id, no cursor, the same parameters, now with
  // their types (the backend statement may not have seen them).
  std::string forwarded;
  RewriteStmtExecute(input, seed, num_params, execute->param_types, &forwarded);
  StmtExecuteContext fresh = context;
  fresh.previous_types = {};
  absl::StatusOr<ComStmtExecute> again = DecodeComStmtExecute(forwarded, fresh);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->statement_id == seed && again->flags == cursor_type::kNoCursor);
  FUZZ_CHECK(again->param_types == execute->param_types);
  // The values, compared as encoded (a NaN double is not equal to itself).
  again->statement_id = execute->statement_id;
  again->flags = execute->flags;
  again->new_params_bound = execute->new_params_bound;
  std::string before, after;
  EncodeComStmtExecute(*execute, &before);
  EncodeComStmtExecute(*again, &after);
  FUZZ_CHECK(before == after);
}

// A backend's reply as packets (each: a length byte, then that many bytes, cut at the end) fed
// to both readers: no crash, and a reader that finished takes no further packet.
void FuzzBackendReplies(absl::string_view input, uint32_t seed) {
  const BackendProtocol protocol{.capabilities = seed, .mariadb_capabilities = seed >> 27};
  PrepareResponseReader prepare(protocol);
  std::vector<ColumnDefinition> columns(seed % 3);
  ExecuteResponseReader execute(protocol, &columns);
  bool prepare_complete = false, prepare_failed = false, execute_failed = false;
  while (!input.empty()) {
    size_t length = std::min<size_t>(static_cast<uint8_t>(input[0]), input.size() - 1);
    absl::string_view packet = input.substr(1, length);
    input.remove_prefix(1 + length);
    if (prepare_complete) {
      FUZZ_CHECK(!prepare.Feed(packet).ok());
    } else if (!prepare_failed) {
      absl::StatusOr<bool> done = prepare.Feed(packet);
      prepare_failed = !done.ok();
      prepare_complete = done.ok() && *done;
    }
    if (execute_failed) continue;
    const bool was_done = execute.done();
    absl::StatusOr<ExecuteResponseReader::Event> event = execute.Feed(packet);
    FUZZ_CHECK(!was_done || !event.ok());
    execute_failed = !event.ok();
  }
}

std::vector<ColumnDefinition> ColumnsFrom(absl::string_view* input) {
  std::vector<ColumnDefinition> columns;
  if (input->empty()) return columns;
  const size_t count = static_cast<uint8_t>((*input)[0]) % 48;
  input->remove_prefix(1);
  for (size_t i = 0; i < count && input->size() >= 2; ++i) {
    ColumnDefinition column;
    column.type = static_cast<FieldType>((*input)[0]);
    column.flags = static_cast<uint8_t>((*input)[1]) & 1 ? column_flag::kUnsigned : 0;
    input->remove_prefix(2);
    columns.push_back(column);
  }
  return columns;
}

void FuzzRows(absl::string_view input) {
  std::vector<ColumnDefinition> columns = ColumnsFrom(&input);
  // Text cells -> binary row: must fail cleanly or produce a row that decodes with the same
  // NULLs.
  absl::StatusOr<std::vector<Cell>> cells = DecodeTextRow(input, columns.size());
  if (cells.ok()) {
    std::string text;
    EncodeTextRow(*cells, &text);
    // Not byte-equal: a length may arrive in a longer form than needed, which is legal.
    absl::StatusOr<std::vector<Cell>> again = DecodeTextRow(text, columns.size());
    FUZZ_CHECK(again.ok() && *again == *cells);
    std::string binary = "xy";
    absl::Status status = EncodeBinaryRow(columns, *cells, &binary);
    if (!status.ok()) {
      FUZZ_CHECK(binary == "xy");
    } else {
      absl::StatusOr<std::vector<Cell>> decoded =
          DecodeBinaryRow(absl::string_view(binary).substr(2), columns);
      FUZZ_CHECK(decoded.ok());
      for (size_t i = 0; i < columns.size(); ++i) {
        FUZZ_CHECK((*decoded)[i].has_value() == (*cells)[i].has_value());
      }
    }
  }
  (void)DecodeBinaryRow(input, columns);
}

void FuzzTemporal(absl::string_view input) {
  MysqlTime t;
  absl::string_view in = input;
  if (GetBinaryDateTime(&in, &t)) {
    std::string text;
    AppendDateTimeText(t, &text);
  }
  in = input;
  if (GetBinaryTime(&in, &t)) {
    std::string text;
    AppendTimeText(t, &text);
    std::string binary;
    PutBinaryTime(&binary, t);
    MysqlTime back;
    absl::string_view b = binary;
    FUZZ_CHECK(GetBinaryTime(&b, &back));
  }
  if (ParseTextDateTime(input, &t)) {
    std::string text;
    AppendDateTimeText(t, &text);
  }
  if (ParseTextTime(input, &t)) {
    std::string binary;
    PutBinaryTime(&binary, t);
  }
  (void)ParseTextDate(input, &t);
}

}  // namespace
}  // namespace shardproxy

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardproxy;
  if (size < 5) return 0;
  const uint8_t selector = data[0];
  uint32_t caps;
  std::memcpy(&caps, data + 1, 4);
  const absl::string_view input(reinterpret_cast<const char*>(data) + 5, size - 5);
  switch (selector % 24) {
    case 0:
      FuzzFramer(input, caps);
      break;
    case 1:
      CheckRoundTrip(input, DecodeInitialHandshake, EncodeInitialHandshake);
      break;
    case 2: {
      auto decode = [caps](absl::string_view p) { return DecodeHandshakeResponse41(p, caps); };
      absl::StatusOr<HandshakeResponse41> r = decode(input);
      if (r.ok() && (r->capabilities & caps) == r->capabilities &&
          (r->capabilities & capability::kPluginAuthLenencClientData ||
           r->auth_response.size() < 256)) {
        CheckRoundTrip(input, decode, EncodeHandshakeResponse41);
      }
      (void)IsSslRequest(input);
      break;
    }
    case 3:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeOkPacket(p, caps); },
          [caps](const OkPacket& ok, std::string* out) { EncodeOkPacket(ok, caps, out); });
      break;
    case 4:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeErrPacket(p, caps); },
          [caps](const MysqlError& e, std::string* out) { EncodeErrPacket(e, caps, out); });
      break;
    case 5:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeEofPacket(p, caps); },
          [caps](const EofPacket& e, std::string* out) { EncodeEofPacket(e, caps, out); });
      break;
    case 6:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeColumnDefinition(p, caps); },
          [](const ColumnDefinition& c, std::string* out) { EncodeColumnDefinition(c, out); });
      (void)DecodeColumnCount(input, caps);
      break;
    case 7:
      FuzzRows(input);
      break;
    case 8:
      FuzzStmtExecute(input, caps);
      break;
    case 9:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComChangeUser(p, caps); },
          [caps](const ComChangeUser& c, std::string* out) { EncodeComChangeUser(c, caps, out); });
      break;
    case 10:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeAuthSwitchRequest(p, caps); },
          EncodeAuthSwitchRequest);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeAuthMoreData(p, caps); },
          EncodeAuthMoreData);
      break;
    case 11:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeStmtPrepareOk(p, caps); },
          EncodeStmtPrepareOk);
      break;
    case 12: {
      absl::StatusOr<std::vector<SessionStateItem>> items = DecodeSessionStateChanges(input);
      if (items.ok()) {
        for (const SessionStateItem& item : *items) {
          absl::string_view name, value;
          (void)DecodeSessionTrackSystemVariable(item.data, &name, &value);
          (void)DecodeSessionTrackString(item.data);
        }
      }
      break;
    }
    case 13:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComQuery(p, caps); }, EncodeComQuery);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComStmtPrepare(p, caps); },
          EncodeComStmtPrepare);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComInitDb(p, caps); }, EncodeComInitDb);
      break;
    case 14:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComFieldList(p, caps); },
          EncodeComFieldList);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComSetOption(p, caps); },
          EncodeComSetOption);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComProcessKill(p, caps); },
          EncodeComProcessKill);
      break;
    case 15:
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComStmtClose(p, caps); },
          EncodeComStmtClose);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComStmtReset(p, caps); },
          EncodeComStmtReset);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComStmtFetch(p, caps); },
          EncodeComStmtFetch);
      CheckRoundTrip(
          input, [caps](absl::string_view p) { return DecodeComStmtSendLongData(p, caps); },
          EncodeComStmtSendLongData);
      (void)StatementIdOf(input);
      (void)CommandOf(input);
      break;
    case 16:
      FuzzTemporal(input);
      break;
    case 18:
      FuzzBackendReplies(input, caps);
      break;
    case 17: {
      // Escaping alone, over arbitrary bytes in both modes.
      ParamValue value;
      value.kind = caps & 1 ? ParamValue::Kind::kBinaryString : ParamValue::Kind::kString;
      value.bytes = input;
      CheckLiteral(value, (caps & 2) != 0);
      value.kind = ParamValue::Kind::kDecimal;
      std::string literal;
      FUZZ_CHECK(AppendSqlLiteral(value, {}, &literal).ok());
      break;
    }
    default: {
      // Any decoder on any bytes: no crash.
      (void)DecodeInitialHandshake(input);
      (void)DecodeHandshakeResponse41(input, caps);
      (void)DecodeOkPacket(input, caps);
      (void)DecodeTextRow(input, selector % 7);
      (void)DecodeComChangeUser(input, caps);
      StmtExecuteContext context;
      context.num_params = selector;
      (void)DecodeComStmtExecute(input, context);
      break;
    }
  }
  return 0;
}
