#include "common/sql_quote.h"

namespace shardproxy {

void AppendQuotedSqlString(absl::string_view bytes, bool no_backslash_escapes, std::string* out) {
  out->reserve(out->size() + bytes.size() + 2);
  out->push_back('\'');
  for (char c : bytes) {
    if (no_backslash_escapes) {
      if (c == '\'') out->push_back('\'');
      out->push_back(c);
      continue;
    }
    switch (c) {
      case '\0':
        out->append("\\0");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\x1a':
        out->append("\\Z");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\'':
        out->append("\\'");
        break;
      case '"':
        out->append("\\\"");
        break;
      default:
        out->push_back(c);
        break;
    }
  }
  out->push_back('\'');
}

void AppendHexSqlString(absl::string_view bytes, std::string* out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out->reserve(out->size() + 2 * bytes.size() + 3);
  out->append("X'");
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out->push_back(kDigits[b >> 4]);
    out->push_back(kDigits[b & 0x0f]);
  }
  out->push_back('\'');
}

}  // namespace shardproxy
