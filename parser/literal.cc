#include "parser/literal.h"

#include "common/sql_quote.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace shardproxy::sql {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string HexToBytes(absl::string_view digits) {
  std::string out;
  size_t i = 0;
  if (digits.size() % 2 == 1) {  // 0x123 = 0x0123
    out.push_back(static_cast<char>(HexValue(digits[0])));
    i = 1;
  }
  for (; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<char>(HexValue(digits[i]) * 16 + HexValue(digits[i + 1])));
  }
  return out;
}

std::string BitsToBytes(absl::string_view bits) {
  std::string out;
  size_t lead = bits.size() % 8;
  size_t i = 0;
  auto take = [&](size_t count) {
    unsigned value = 0;
    for (size_t k = 0; k < count; ++k) value = value * 2 + (bits[i + k] == '1');
    out.push_back(static_cast<char>(value));
    i += count;
  };
  if (lead != 0) take(lead);
  while (i < bits.size()) take(8);
  return out;
}

}  // namespace

std::string DecodeStringLiteral(absl::string_view raw) {
  std::string out;
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c != '\'' && c != '"') {  // N prefix, whitespace and comments between parts
      if (c == '/' && i + 1 < raw.size() && raw[i + 1] == '*') {
        size_t close = raw.find("*/", i + 2);
        i = close == absl::string_view::npos ? raw.size() : close + 2;
      } else if (c == '#' || (c == '-' && i + 1 < raw.size() && raw[i + 1] == '-')) {
        while (i < raw.size() && raw[i] != '\n') ++i;
      } else {
        ++i;
      }
      continue;
    }
    const char quote = c;
    ++i;
    while (i < raw.size()) {
      char d = raw[i];
      if (d == '\\' && i + 1 < raw.size()) {
        char e = raw[i + 1];
        switch (e) {
          case '0':
            out.push_back('\0');
            break;
          case 'b':
            out.push_back('\b');
            break;
          case 'n':
            out.push_back('\n');
            break;
          case 'r':
            out.push_back('\r');
            break;
          case 't':
            out.push_back('\t');
            break;
          case 'Z':
            out.push_back('\x1a');
            break;
          case '%':
            out.append("\\%");
            break;
          case '_':
            out.append("\\_");
            break;
          default:
            out.push_back(e);
            break;
        }
        i += 2;
        continue;
      }
      if (d == quote) {
        if (i + 1 < raw.size() && raw[i + 1] == quote) {
          out.push_back(quote);
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      out.push_back(d);
      ++i;
    }
  }
  return out;
}

std::string DecodeLiteralBytes(const LiteralValue& value) {
  absl::string_view t = value.text;
  switch (value.kind) {
    case TokenKind::kString:
      return DecodeStringLiteral(t);
    case TokenKind::kHexString:
      if (t.size() >= 2 && (t[0] == '0')) return HexToBytes(t.substr(2));
      if (t.size() >= 3) return HexToBytes(t.substr(2, t.size() - 3));
      return {};
    case TokenKind::kBitString:
      if (t.size() >= 2 && (t[0] == '0')) return BitsToBytes(t.substr(2));
      if (t.size() >= 3) return BitsToBytes(t.substr(2, t.size() - 3));
      return {};
    default:
      return std::string(t);
  }
}

bool LiteralToInt64(const LiteralValue& value, int64_t* out) {
  if (value.kind != TokenKind::kInteger) return false;
  absl::string_view t = value.text;
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  return absl::SimpleAtoi(t, out);
}

bool LiteralToUint64(const LiteralValue& value, uint64_t* out) {
  if (value.kind != TokenKind::kInteger) return false;
  absl::string_view t = value.text;
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  if (!t.empty() && t[0] == '-') return false;
  return absl::SimpleAtoi(t, out);
}

std::string UnquoteIdentifier(absl::string_view raw) {
  if (raw.size() < 2 || raw.front() != '`') return std::string(raw);
  std::string out;
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    out.push_back(raw[i]);
    if (raw[i] == '`' && i + 2 < raw.size() && raw[i + 1] == '`') ++i;
  }
  return out;
}

void AppendSqlStringLiteral(absl::string_view bytes, std::string* out) {
  AppendQuotedSqlString(bytes, /*no_backslash_escapes=*/false, out);
}

void AppendQuotedIdentifier(absl::string_view name, std::string* out) {
  out->push_back('`');
  for (char c : name) {
    out->push_back(c);
    if (c == '`') out->push_back('`');
  }
  out->push_back('`');
}

}  // namespace shardproxy::sql
