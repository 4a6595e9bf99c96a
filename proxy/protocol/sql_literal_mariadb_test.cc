// The literals of sql_literal.h against a real MariaDB: for each value, the server must see the
// same thing whether it arrives as a bound parameter of a server-side prepared statement (what
// the client asked for) or as the literal the proxy writes into the SQL (what the backend gets).
// Checked on the server itself: the value's bytes (HEX(CAST(x AS BINARY))), its collation, the
// column type CREATE TABLE ... AS SELECT gives it, and `param <=> literal` in one statement.
#include <mysql.h>

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "proxy/protocol/sql_literal.h"
#include "tests/harness/mariadb_cluster.h"

namespace shardproxy {
namespace {

using Kind = ParamValue::Kind;

// One value in both forms: a Connector/C binding and the ParamValue the decoder yields for it.
struct Case {
  std::string name;
  enum_field_types type = MYSQL_TYPE_NULL;
  bool is_unsigned = false;
  std::string buffer;  // the bytes MYSQL_BIND::buffer points to
  ParamValue value;
};

template <typename T>
std::string Raw(T v) {
  return std::string(reinterpret_cast<const char*>(&v), sizeof(v));
}

Case Integer(const char* name, enum_field_types type, int64_t v, int bytes) {
  Case c{name, type, false, Raw(v).substr(0, bytes), {}};
  c.value.kind = Kind::kSigned;
  c.value.signed_value = v;
  return c;
}
Case UnsignedInteger(const char* name, enum_field_types type, uint64_t v, int bytes) {
  Case c{name, type, true, Raw(v).substr(0, bytes), {}};
  c.value.kind = Kind::kUnsigned;
  c.value.unsigned_value = v;
  return c;
}
Case Float(const char* name, float v) {
  Case c{name, MYSQL_TYPE_FLOAT, false, Raw(v), {}};
  c.value.kind = Kind::kFloat;
  c.value.double_value = v;
  return c;
}
Case Double(const char* name, double v) {
  Case c{name, MYSQL_TYPE_DOUBLE, false, Raw(v), {}};
  c.value.kind = Kind::kDouble;
  c.value.double_value = v;
  return c;
}
Case Bytes(const char* name, enum_field_types type, Kind kind, std::string bytes) {
  Case c{name, type, false, std::move(bytes), {}};
  c.value.kind = kind;
  return c;  // value.bytes is set when the case runs (it must point at the case's buffer)
}
Case Temporal(const char* name, enum_field_types type, Kind kind, MysqlTime t) {
  MYSQL_TIME mt;
  std::memset(&mt, 0, sizeof(mt));
  mt.year = t.year;
  mt.month = t.month;
  mt.day = t.day;
  mt.hour = t.hour;  // Connector/C sends TIME's day and hour as they are
  mt.minute = t.minute;
  mt.second = t.second;
  mt.second_part = t.microsecond;
  mt.neg = t.negative;
  mt.time_type = kind == Kind::kDate       ? MYSQL_TIMESTAMP_DATE
                 : kind == Kind::kDateTime ? MYSQL_TIMESTAMP_DATETIME
                                           : MYSQL_TIMESTAMP_TIME;
  Case c{name, type, false, Raw(mt), {}};
  c.value.kind = kind;
  c.value.time = t;
  return c;
}

std::vector<Case> Cases() {
  std::vector<Case> cases = {
      Integer("tiny", MYSQL_TYPE_TINY, -128, 1),
      UnsignedInteger("utiny", MYSQL_TYPE_TINY, 255, 1),
      Integer("short", MYSQL_TYPE_SHORT, -32768, 2),
      Integer("long", MYSQL_TYPE_LONG, -2147483648LL, 4),
      Integer("longlong min", MYSQL_TYPE_LONGLONG, INT64_MIN, 8),
      UnsignedInteger("ulonglong max", MYSQL_TYPE_LONGLONG, UINT64_MAX, 8),
      Float("float 0.1", 0.1f),
      Float("float max", 3.4028235e38f),
      Float("float denormal", 1e-45f),
      Double("double 0.1", 0.1),
      Double("double tiny", -2.5e-300),
      Double("double max", 1.7976931348623157e308),
      Double("double min denormal", 5e-324),
      Double("double big integer", 123456789012345678.0),
      Double("double third", 1.0 / 3),
      Bytes("decimal", MYSQL_TYPE_NEWDECIMAL, Kind::kDecimal, "-123.450"),
      Bytes("decimal tiny", MYSQL_TYPE_NEWDECIMAL, Kind::kDecimal,
            "0.000000000000000000000000000001"),
      Bytes("decimal 65 digits", MYSQL_TYPE_NEWDECIMAL, Kind::kDecimal,
            "12345678901234567890123456789012345678901234567890123456789012345"),
      Bytes("decimal leading point", MYSQL_TYPE_NEWDECIMAL, Kind::kDecimal, ".5"),
      Bytes("string quotes", MYSQL_TYPE_STRING, Kind::kString, "it's \"q\" \\ \x1a\n\r end"),
      Bytes("string empty", MYSQL_TYPE_STRING, Kind::kString, ""),
      Bytes("string nul", MYSQL_TYPE_VAR_STRING, Kind::kString, std::string("a\0b", 3)),
      Bytes("string unicode", MYSQL_TYPE_STRING, Kind::kString, "ü€😀"),
      Bytes("string backslash at end", MYSQL_TYPE_STRING, Kind::kString, "x\\"),
      Bytes("string invalid utf8", MYSQL_TYPE_STRING, Kind::kString, "\xc3'\xff\xfe\xe2\x82"),
      Bytes("string injection", MYSQL_TYPE_STRING, Kind::kString, "\\'; DROP TABLE t; -- "),
      Bytes("blob", MYSQL_TYPE_BLOB, Kind::kBinaryString,
            std::string("a\0b'\\\xff\x1a\"", 8)),
      Bytes("blob empty", MYSQL_TYPE_BLOB, Kind::kBinaryString, ""),
      Bytes("blob digits", MYSQL_TYPE_BLOB, Kind::kBinaryString, "42"),
      Temporal("date", MYSQL_TYPE_DATE, Kind::kDate, {2024, 2, 29}),
      Temporal("date zero", MYSQL_TYPE_DATE, Kind::kDate, {}),
      Temporal("datetime micro", MYSQL_TYPE_DATETIME, Kind::kDateTime,
               {1999, 12, 31, 23, 59, 58, 123456}),
      Temporal("datetime", MYSQL_TYPE_DATETIME, Kind::kDateTime, {2024, 1, 2, 3, 4, 5}),
      Temporal("timestamp zero", MYSQL_TYPE_TIMESTAMP, Kind::kDateTime, {}),
      Temporal("time negative", MYSQL_TYPE_TIME, Kind::kTime, {0, 0, 2, 2, 6, 7, 8, true}),
      Temporal("time max", MYSQL_TYPE_TIME, Kind::kTime, {0, 0, 34, 22, 59, 59}),
      Temporal("time zero", MYSQL_TYPE_TIME, Kind::kTime, {}),
  };
  cases.push_back(Case{"null", MYSQL_TYPE_NULL, false, "", {}});
  return cases;
}

// The family of a SHOW COLUMNS type. A literal cannot say everything a bound type says: integer
// literals are INT or BIGINT by their digits (a TINYINT parameter is tinyint), there is no FLOAT
// literal (a FLOAT parameter's value is exact as DOUBLE), _binary'..' is VARBINARY where a BLOB
// parameter is TINYBLOB, and TIMESTAMP'..' is DATETIME. Values are identical; only these widths
// differ, which a client sees only in the metadata of `SELECT ?`.
std::string TypeFamily(absl::string_view type) {
  for (auto [prefix, family] : std::initializer_list<std::pair<const char*, const char*>>{
           {"tinyint", "integer"}, {"smallint", "integer"}, {"mediumint", "integer"},
           {"int", "integer"}, {"bigint", "integer"}, {"float", "real"}, {"double", "real"},
           {"decimal", "decimal"}, {"varchar", "text"}, {"char", "text"}, {"text", "text"},
           {"mediumtext", "text"}, {"longtext", "text"}, {"tinytext", "text"},
           {"varbinary", "binary"}, {"binary", "binary"}, {"tinyblob", "binary"},
           {"blob", "binary"}, {"mediumblob", "binary"}, {"longblob", "binary"},
           {"datetime", "datetime"}, {"timestamp", "datetime"}, {"date", "date"},
           {"time", "time"}, {"null", "null"}, {"binary(0)", "binary"}}) {
    const std::string p = prefix;
    if (type.substr(0, p.size()) == p &&
        (type.size() == p.size() || type[p.size()] == '(' || type[p.size()] == ' ')) {
      return family;
    }
  }
  return std::string(type);
}

class Connection {
 public:
  explicit Connection(int port) : mysql_(mysql_init(nullptr)) {
    if (!mysql_real_connect(mysql_, "127.0.0.1", "root", "", nullptr, port, nullptr, 0)) {
      ADD_FAILURE() << mysql_error(mysql_);
    }
  }
  ~Connection() { mysql_close(mysql_); }

  // All rows' cells of a text query, NULL as "NULL"; a failure as the error's text.
  std::vector<std::string> Query(const std::string& sql) {
    std::vector<std::string> cells;
    if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
      return {absl::StrCat("ERROR ", mysql_errno(mysql_), ": ", mysql_error(mysql_))};
    }
    MYSQL_RES* result = mysql_store_result(mysql_);
    if (result == nullptr) return cells;
    const unsigned n = mysql_num_fields(result);
    while (MYSQL_ROW row = mysql_fetch_row(result)) {
      unsigned long* lengths = mysql_fetch_lengths(result);
      for (unsigned i = 0; i < n; ++i) {
        cells.push_back(row[i] ? std::string(row[i], lengths[i]) : "NULL");
      }
    }
    mysql_free_result(result);
    return cells;
  }

  // A prepared statement whose every '?' is bound to `c`; the first row as strings.
  std::vector<std::string> Prepared(const std::string& sql, const Case& c) {
    std::vector<std::string> cells;
    MYSQL_STMT* stmt = mysql_stmt_init(mysql_);
    if (mysql_stmt_prepare(stmt, sql.data(), sql.size()) != 0) {
      ADD_FAILURE() << sql << ": " << mysql_stmt_error(stmt);
      mysql_stmt_close(stmt);
      return cells;
    }
    const unsigned long params = mysql_stmt_param_count(stmt);
    std::vector<MYSQL_BIND> binds(params);
    std::string buffer = c.buffer;
    unsigned long length = buffer.size();
    for (MYSQL_BIND& b : binds) {
      std::memset(&b, 0, sizeof(b));
      b.buffer_type = c.type;
      b.buffer = buffer.data();
      b.buffer_length = buffer.size();
      b.length = &length;
      b.is_unsigned = c.is_unsigned;
    }
    if ((params > 0 && mysql_stmt_bind_param(stmt, binds.data()) != 0) ||
        mysql_stmt_execute(stmt) != 0) {
      cells = {absl::StrCat("ERROR ", mysql_stmt_errno(stmt), ": ", mysql_stmt_error(stmt))};
      mysql_stmt_close(stmt);
      return cells;
    }
    MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
    if (meta != nullptr) {
      const unsigned n = mysql_num_fields(meta);
      mysql_free_result(meta);
      std::vector<MYSQL_BIND> out(n);
      std::vector<std::string> data(n, std::string(4096, '\0'));
      std::vector<unsigned long> lengths(n);
      std::vector<my_bool> nulls(n);
      for (unsigned i = 0; i < n; ++i) {
        std::memset(&out[i], 0, sizeof(out[i]));
        out[i].buffer_type = MYSQL_TYPE_STRING;
        out[i].buffer = data[i].data();
        out[i].buffer_length = data[i].size();
        out[i].length = &lengths[i];
        out[i].is_null = &nulls[i];
      }
      mysql_stmt_bind_result(stmt, out.data());
      if (mysql_stmt_fetch(stmt) == 0) {
        for (unsigned i = 0; i < n; ++i) {
          cells.push_back(nulls[i] ? "NULL" : data[i].substr(0, lengths[i]));
        }
      }
    }
    mysql_stmt_close(stmt);
    return cells;
  }

 private:
  MYSQL* mysql_;
};

class SqlLiteralMariaDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cluster = testing::MariaDbCluster::Start(1);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  // Checks every case on one connection whose session was set up by `setup`.
  void CheckAll(const std::string& setup, const SqlLiteralOptions& options) {
    Connection db(cluster_->instance(0).port);
    ASSERT_TRUE(db.Query("CREATE DATABASE IF NOT EXISTS literals").empty());
    ASSERT_TRUE(db.Query("USE literals").empty());
    ASSERT_TRUE(db.Query(setup).empty());
    for (Case c : Cases()) {
      SCOPED_TRACE(c.name);
      c.value.bytes = c.buffer;
      std::string literal;
      ASSERT_TRUE(AppendSqlLiteral(c.value, options, &literal).ok());
      SCOPED_TRACE(literal);

      const std::string probe = "SELECT HEX(CAST(%s AS BINARY)), COLLATION(%s), %s IS NULL";
      const std::vector<std::string> as_param =
          db.Prepared(absl::StrReplaceAll(probe, {{"%s", "?"}}), c);
      const std::vector<std::string> as_literal =
          db.Query(absl::StrReplaceAll(probe, {{"%s", literal}}));
      EXPECT_EQ(as_param, as_literal);

      const std::vector<std::string> same =
          db.Prepared(absl::StrCat("SELECT ? <=> ", literal), c);
      EXPECT_EQ(same, std::vector<std::string>{"1"});

      // CREATE TABLE ... AS SELECT: same column type, or the same error (invalid UTF-8 fails
      // to store either way).
      const std::vector<std::string> created_from_param =
          db.Prepared("CREATE OR REPLACE TEMPORARY TABLE from_param AS SELECT ? AS v", c);
      const std::vector<std::string> created_from_literal = db.Query(absl::StrCat(
          "CREATE OR REPLACE TEMPORARY TABLE from_literal AS SELECT ", literal, " AS v"));
      // An error names its own table; compare the rest of the message.
      std::vector<std::string> literal_errors = created_from_literal;
      for (std::string& e : literal_errors) {
        e = absl::StrReplaceAll(e, {{"`from_literal`", "`from_param`"}});
      }
      EXPECT_EQ(created_from_param, literal_errors);
      if (!created_from_param.empty()) continue;
      std::vector<std::string> param_type = db.Query("SHOW COLUMNS FROM from_param");
      std::vector<std::string> literal_type = db.Query("SHOW COLUMNS FROM from_literal");
      ASSERT_GE(param_type.size(), 2u);
      ASSERT_GE(literal_type.size(), 2u);
      EXPECT_EQ(TypeFamily(param_type[1]), TypeFamily(literal_type[1]))
          << param_type[1] << " vs " << literal_type[1];
      if (c.value.kind == Kind::kString || c.value.kind == Kind::kDecimal ||
          c.value.kind == Kind::kDate || c.value.kind == Kind::kTime) {
        EXPECT_EQ(param_type[1], literal_type[1]) << "same type, width included";
      }
    }
  }

  static testing::MariaDbCluster* cluster_;
};

testing::MariaDbCluster* SqlLiteralMariaDbTest::cluster_ = nullptr;

TEST_F(SqlLiteralMariaDbTest, BackslashEscapes) {
  CheckAll("SET NAMES utf8mb4", SqlLiteralOptions{});
}

TEST_F(SqlLiteralMariaDbTest, NoBackslashEscapes) {
  SqlLiteralOptions options;
  options.no_backslash_escapes = true;
  CheckAll("SET NAMES utf8mb4, sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')", options);
}

TEST_F(SqlLiteralMariaDbTest, GbkConnection) {
  SqlLiteralOptions options;
  options.ascii_unsafe_charset = "gbk";
  Connection db(cluster_->instance(0).port);
  ASSERT_TRUE(db.Query("SET NAMES gbk").empty());
  // 0xbf5c is one GBK character ending in the byte of '\\'; the quote after it must stay data.
  Case c = Bytes("gbk trail backslash", MYSQL_TYPE_STRING, Kind::kString, "\xbf\x5c'");
  c.value.bytes = c.buffer;
  std::string literal;
  ASSERT_TRUE(AppendSqlLiteral(c.value, options, &literal).ok());
  EXPECT_EQ(literal, "_gbk X'BF5C27'");
  const std::string probe = "SELECT HEX(CAST(%s AS BINARY)), COLLATION(%s), %s IS NULL";
  EXPECT_EQ(db.Prepared(absl::StrReplaceAll(probe, {{"%s", "?"}}), c),
            db.Query(absl::StrReplaceAll(probe, {{"%s", literal}})));
  EXPECT_EQ(db.Prepared(absl::StrCat("SELECT ? <=> ", literal), c),
            std::vector<std::string>{"1"});
}

}  // namespace
}  // namespace shardproxy
