#include "xa/xid.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace shardproxy {
namespace {

constexpr absl::string_view kGtridPrefix = "sp-";

bool IsInstanceChar(char c) { return absl::ascii_isalnum(c) || c == '_'; }

bool ParseDecimal(absl::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > 20) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  if (text.size() > 1 && text[0] == '0') return false;  // one spelling per number
  return absl::SimpleAtoi(text, value);
}

// One element of XA RECOVER FORMAT='SQL' data: X'hex' or 'text' (a doubled quote is a quote).
// Advances `in` past the element.
bool ParseSqlXidPart(absl::string_view* in, std::string* out) {
  absl::string_view s = *in;
  out->clear();
  if (s.size() >= 3 && (s[0] == 'X' || s[0] == 'x') && s[1] == '\'') {
    size_t end = s.find('\'', 2);
    if (end == absl::string_view::npos) return false;
    absl::string_view hex = s.substr(2, end - 2);
    if (hex.size() % 2 != 0) return false;
    for (char c : hex) {
      if (!absl::ascii_isxdigit(c)) return false;
    }
    *out = absl::HexStringToBytes(hex);
    in->remove_prefix(end + 1);
    return true;
  }
  if (s.empty() || s[0] != '\'') return false;
  size_t i = 1;
  while (i < s.size()) {
    if (s[i] == '\'') {
      if (i + 1 < s.size() && s[i + 1] == '\'') {
        out->push_back('\'');
        i += 2;
        continue;
      }
      in->remove_prefix(i + 1);
      return true;
    }
    out->push_back(s[i++]);
  }
  return false;
}

}  // namespace

absl::Status ValidateInstanceId(absl::string_view instance_id) {
  if (instance_id.empty() || instance_id.size() > kMaxInstanceIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat("proxy instance id '", instance_id,
                                                   "' must have 1 to ", kMaxInstanceIdBytes,
                                                   " characters"));
  }
  for (char c : instance_id) {
    if (!IsInstanceChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat("proxy instance id '", instance_id,
                                                     "' may contain only letters, digits and '_'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateBranchQualifier(absl::string_view data_source) {
  if (data_source.empty() || data_source.size() > kMaxBqualBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("data source name '", data_source,
                     "' cannot name an XA branch: it must have 1 to 64 bytes"));
  }
  return absl::OkStatus();
}

std::string FormatGtrid(const GtridParts& parts) {
  return absl::StrCat(kGtridPrefix, parts.instance_id, "-", parts.epoch, "-", parts.sequence);
}

absl::optional<GtridParts> ParseGtrid(absl::string_view gtrid) {
  if (gtrid.size() > kMaxGtridBytes || !absl::StartsWith(gtrid, kGtridPrefix)) {
    return absl::nullopt;
  }
  gtrid.remove_prefix(kGtridPrefix.size());
  std::vector<absl::string_view> fields = absl::StrSplit(gtrid, '-');
  if (fields.size() != 3) return absl::nullopt;
  GtridParts parts;
  if (!ValidateInstanceId(fields[0]).ok()) return absl::nullopt;
  if (!ParseDecimal(fields[1], &parts.epoch) || !ParseDecimal(fields[2], &parts.sequence)) {
    return absl::nullopt;
  }
  parts.instance_id = std::string(fields[0]);
  return parts;
}

bool IsOwnXid(const Xid& xid, absl::string_view instance_id) {
  if (xid.format_id != kXidFormatId) return false;
  absl::optional<GtridParts> parts = ParseGtrid(xid.gtrid);
  return parts.has_value() && parts->instance_id == instance_id;
}

std::string XidSqlLiteral(const Xid& xid) {
  return absl::StrCat("X'", absl::BytesToHexString(xid.gtrid), "',X'",
                      absl::BytesToHexString(xid.bqual), "',", xid.format_id);
}

std::string XaStatementSql(XaVerb verb, const Xid& xid) {
  switch (verb) {
    case XaVerb::kStart:
      return absl::StrCat("XA START ", XidSqlLiteral(xid));
    case XaVerb::kEnd:
      return absl::StrCat("XA END ", XidSqlLiteral(xid));
    case XaVerb::kPrepare:
      return absl::StrCat("XA PREPARE ", XidSqlLiteral(xid));
    case XaVerb::kCommit:
      return absl::StrCat("XA COMMIT ", XidSqlLiteral(xid));
    case XaVerb::kCommitOnePhase:
      return absl::StrCat("XA COMMIT ", XidSqlLiteral(xid), " ONE PHASE");
    case XaVerb::kRollback:
      return absl::StrCat("XA ROLLBACK ", XidSqlLiteral(xid));
  }
  return "";
}

absl::StatusOr<Xid> ParseXaRecoverRow(absl::string_view format_id, absl::string_view gtrid_length,
                                      absl::string_view bqual_length, absl::string_view data) {
  auto bad = [&](absl::string_view why) {
    return absl::DataLossError(absl::StrCat("unreadable XA RECOVER row (formatID=", format_id,
                                            ", gtrid_length=", gtrid_length,
                                            ", bqual_length=", bqual_length, "): ", why));
  };
  Xid xid;
  uint64_t gtrid_size = 0;
  uint64_t bqual_size = 0;
  if (!absl::SimpleAtoi(format_id, &xid.format_id)) return bad("formatID is not a number");
  if (!absl::SimpleAtoi(gtrid_length, &gtrid_size) || gtrid_size > kMaxGtridBytes ||
      !absl::SimpleAtoi(bqual_length, &bqual_size) || bqual_size > kMaxBqualBytes) {
    return bad("lengths out of range");
  }
  if (data.size() == gtrid_size + bqual_size) {
    // Plain XA RECOVER: the bytes themselves. (The SQL form is always longer than the bytes it
    // spells, so the length tells the two apart.)
    xid.gtrid = std::string(data.substr(0, gtrid_size));
    xid.bqual = std::string(data.substr(gtrid_size));
    return xid;
  }
  absl::string_view rest = data;
  if (!ParseSqlXidPart(&rest, &xid.gtrid) || !absl::ConsumePrefix(&rest, ",") ||
      !ParseSqlXidPart(&rest, &xid.bqual) || !absl::ConsumePrefix(&rest, ",")) {
    return bad("data is neither the raw xid nor its SQL form");
  }
  int64_t sql_format_id = 0;
  if (!absl::SimpleAtoi(rest, &sql_format_id) || sql_format_id != xid.format_id ||
      xid.gtrid.size() != gtrid_size || xid.bqual.size() != bqual_size) {
    return bad("SQL form disagrees with the row's lengths or formatID");
  }
  return xid;
}

}  // namespace shardproxy
