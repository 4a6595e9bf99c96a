#include "parser/parser.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parser/ast/ddl.h"
#include "parser/ast/session.h"
#include "parser/literal.h"
#include "parser/printer.h"

namespace shardproxy::sql {
namespace {

using ::testing::HasSubstr;

class ParserTest : public ::testing::Test {
 protected:
  const Statement& Parse(absl::string_view sql) {
    sql_ = std::string(sql);
    absl::Status status = parser_.Parse(sql_, &stmt_);
    EXPECT_TRUE(status.ok()) << sql << ": " << status;
    return stmt_.statement();
  }
  std::string Text(ByteRange r) const {
    return std::string(stmt_.sql().substr(r.begin, r.end - r.begin));
  }
  std::string Value(SlotRef slot) const { return std::string(stmt_.Value(slot).text); }

  Parser parser_;
  BoundStatement stmt_;
  std::string sql_;
};

TEST_F(ParserTest, PointSelectShape) {
  const auto& s = Parse("SELECT c FROM sbtest1 WHERE id=42").As<SelectStatement>();
  ASSERT_EQ(s.kind, StatementKind::kSelect);
  const auto& q = s.query->As<SelectNode>();
  ASSERT_EQ(q.items.size(), 1u);
  EXPECT_EQ(q.items[0].expr->As<ColumnRefExpr>().column.name, "c");
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].name.name.name, "sbtest1");
  EXPECT_EQ(Text(stmt_.TokenRange(s.tables[0].name.name.token)), "sbtest1");
  const auto& where = q.where->As<BinaryExpr>();
  EXPECT_EQ(where.op, BinaryOp::kEq);
  EXPECT_EQ(where.left->As<ColumnRefExpr>().column.name, "id");
  EXPECT_EQ(Value(where.right->As<LiteralExpr>().slot), "42");
  int64_t id = 0;
  EXPECT_TRUE(LiteralToInt64(stmt_.Value(where.right->As<LiteralExpr>().slot), &id));
  EXPECT_EQ(id, 42);
}

TEST_F(ParserTest, TablesWithSchemaAliasAndPosition) {
  const Statement& s = Parse(
      "SELECT o.id FROM shop.t_order AS o JOIN `t_order_item` i ON i.order_id = o.order_id "
      "WHERE o.user_id IN (SELECT user_id FROM users)");
  ASSERT_EQ(s.tables.size(), 3u);
  EXPECT_EQ(s.tables[0].name.schema.name, "shop");
  EXPECT_EQ(s.tables[0].name.name.name, "t_order");
  EXPECT_EQ(s.tables[0].alias.name, "o");
  EXPECT_EQ(Text(stmt_.TokenRange(s.tables[0].name.name.token)), "t_order");
  EXPECT_EQ(s.tables[1].name.name.name, "t_order_item");
  EXPECT_TRUE(s.tables[1].name.name.quoted);
  EXPECT_EQ(Text(stmt_.TokenRange(s.tables[1].name.name.token)), "`t_order_item`");
  EXPECT_EQ(s.tables[1].alias.name, "i");
  EXPECT_EQ(s.tables[2].name.name.name, "users");
  const auto& q = s.As<SelectStatement>().query->As<SelectNode>();
  ASSERT_EQ(q.from.size(), 1u);
  const auto& join = q.from[0]->As<JoinTableRef>();
  EXPECT_EQ(join.join, JoinKind::kInner);
  EXPECT_EQ(join.left->As<BaseTableRef>().alias.name, "o");
  EXPECT_EQ(join.on->As<BinaryExpr>().op, BinaryOp::kEq);
  const auto& in = q.where->As<InExpr>();
  ASSERT_NE(in.subquery, nullptr);
}

TEST_F(ParserTest, SelectClausesForTheMerger) {
  const auto& q = Parse(
                      "SELECT user_id, COUNT(*) AS n, SUM(DISTINCT total) s, AVG(x) FROM t_order "
                      "GROUP BY user_id HAVING n > 1 ORDER BY n DESC, user_id LIMIT 10, 20")
                      .As<SelectStatement>()
                      .query->As<SelectNode>();
  ASSERT_EQ(q.items.size(), 4u);
  const auto& count = q.items[1].expr->As<FunctionExpr>();
  EXPECT_TRUE(count.is_aggregate);
  EXPECT_TRUE(count.star);
  EXPECT_EQ(q.items[1].alias.name, "n");
  EXPECT_TRUE(q.items[1].alias_as);
  const auto& sum = q.items[2].expr->As<FunctionExpr>();
  EXPECT_TRUE(sum.distinct);
  EXPECT_EQ(sum.upper_name, "SUM");
  EXPECT_EQ(q.items[2].alias.name, "s");
  ASSERT_EQ(q.group_by.size(), 1u);
  ASSERT_NE(q.having, nullptr);
  ASSERT_EQ(q.order_by.size(), 2u);
  EXPECT_EQ(q.order_by[0].direction, OrderItem::Direction::kDesc);
  ASSERT_TRUE(q.limit.has_value());
  EXPECT_EQ(Value(q.limit->offset), "10");
  EXPECT_EQ(Value(q.limit->count), "20");
  EXPECT_EQ(Text(stmt_.TokenRange(q.limit->count.token)), "20");
}

TEST_F(ParserTest, LimitOffsetFormAndParameters) {
  auto prepared = parser_.Prepare("SELECT * FROM t LIMIT ? OFFSET ?");
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  const auto& q = (*prepared)->statement().As<SelectStatement>().query->As<SelectNode>();
  ASSERT_TRUE(q.limit.has_value());
  EXPECT_TRUE(q.limit->offset_keyword);
  EXPECT_EQ((*prepared)->param_count(), 2);
  LiteralValue params[] = {{TokenKind::kInteger, "5"}, {TokenKind::kInteger, "100"}};
  ASSERT_TRUE((*prepared)->Bind(params, &stmt_).ok());
  EXPECT_EQ(std::string(stmt_.Value(q.limit->count).text), "5");
  EXPECT_EQ(std::string(stmt_.Value(q.limit->offset).text), "100");
  EXPECT_EQ(PrintSql(stmt_.statement(), stmt_), "SELECT * FROM t LIMIT 5 OFFSET 100");
  EXPECT_EQ(ToMysqlError((*prepared)->Bind(absl::MakeConstSpan(params, 1), &stmt_)).code, 1210);
}

TEST_F(ParserTest, InListValuesAreExposed) {
  const auto& q = Parse("SELECT * FROM t_order WHERE user_id IN (10, 11, 12) AND status = 'x'")
                      .As<SelectStatement>()
                      .query->As<SelectNode>();
  const auto& in = q.where->As<BinaryExpr>().left->As<InExpr>();
  ASSERT_TRUE(in.list_slot.valid());
  auto values = stmt_.Values(in.list_slot);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[2].text, "12");
  // Same shape, other length: served from the cache, values of the new statement.
  const auto& q2 = Parse("SELECT * FROM t_order WHERE user_id IN (7) AND status = 'y'")
                       .As<SelectStatement>()
                       .query->As<SelectNode>();
  EXPECT_EQ(&q2, &q);  // the very same template
  EXPECT_EQ(stmt_.Values(in.list_slot).size(), 1u);
  EXPECT_EQ(stmt_.Values(in.list_slot)[0].text, "7");
  EXPECT_EQ(parser_.cache_stats().hits, 1u);
}

TEST_F(ParserTest, InsertColumnsAndRows) {
  const auto& ins = Parse(
                        "INSERT INTO t_order (order_id, user_id, status) VALUES (1, 10, 'a'), "
                        "(2, 11, 'b')")
                        .As<InsertStatement>();
  ASSERT_EQ(ins.columns.size(), 3u);
  EXPECT_EQ(ins.columns[1]->column.name, "user_id");
  ASSERT_TRUE(ins.rows_slot.valid());
  EXPECT_EQ(stmt_.RowCount(ins.rows_slot), 2u);
  EXPECT_EQ(stmt_.Row(ins.rows_slot, 1)[1].text, "11");
  EXPECT_EQ(Text(stmt_.RowRange(ins.rows_slot, 1)), "(2, 11, 'b')");
  const auto& ins2 =
      Parse("INSERT INTO t (a, b) VALUES (1, NOW()), (2, DEFAULT)").As<InsertStatement>();
  EXPECT_FALSE(ins2.rows_slot.valid());
  ASSERT_EQ(ins2.rows.size(), 2u);
  EXPECT_EQ(ins2.rows[1][1]->kind, ExprKind::kDefault);
  const auto& ins3 = Parse("INSERT INTO t SET a = 1, b = 'x' ON DUPLICATE KEY UPDATE b = VALUES(b)")
                         .As<InsertStatement>();
  EXPECT_EQ(ins3.source, InsertStatement::Source::kSet);
  ASSERT_EQ(ins3.on_duplicate_key_update.size(), 1u);
  EXPECT_EQ(ins3.on_duplicate_key_update[0].value->As<FunctionExpr>().upper_name, "VALUES");
  EXPECT_TRUE(Parse("REPLACE INTO t VALUES (1)").As<InsertStatement>().replace);
}

TEST_F(ParserTest, UpdateAndDelete) {
  const auto& up = Parse(
                       "UPDATE t_order SET status = 'done', user_id = user_id + 1 WHERE order_id "
                       "= 5 ORDER BY order_id LIMIT 1")
                       .As<UpdateStatement>();
  ASSERT_EQ(up.set.size(), 2u);
  EXPECT_EQ(up.set[1].column->column.name, "user_id");
  EXPECT_EQ(up.tables[0]->As<BaseTableRef>().name.name.name, "t_order");
  ASSERT_NE(up.where, nullptr);
  ASSERT_TRUE(up.limit.has_value());
  const auto& del =
      Parse("DELETE FROM t_order WHERE order_id IN (1, 2) LIMIT 5").As<DeleteStatement>();
  EXPECT_EQ(del.form, DeleteStatement::Form::kSingle);
  EXPECT_EQ(del.table.name.name, "t_order");
  EXPECT_EQ(del.tables[0].usage, TableUsage::kWrite);
  const auto& multi =
      Parse(
          "DELETE a, b FROM t_order a JOIN t_order_item b ON a.order_id = b.order_id "
          "WHERE a.user_id = 3")
          .As<DeleteStatement>();
  EXPECT_EQ(multi.form, DeleteStatement::Form::kMulti);
  EXPECT_EQ(multi.targets.size(), 2u);
  const auto& joined =
      Parse("UPDATE t_order o JOIN t_order_item i USING (order_id) SET o.status = i.status")
          .As<UpdateStatement>();
  EXPECT_EQ(joined.tables[0]->As<JoinTableRef>().using_columns[0].name, "order_id");
}

TEST_F(ParserTest, DdlAndSessionStatementKinds) {
  struct Case {
    const char* sql;
    StatementKind kind;
  } cases[] = {
      {"CREATE TABLE t (id INT)", StatementKind::kCreateTable},
      {"ALTER TABLE t ADD COLUMN x INT", StatementKind::kAlterTable},
      {"DROP TABLE t", StatementKind::kDropTable},
      {"TRUNCATE t", StatementKind::kTruncateTable},
      {"RENAME TABLE a TO b", StatementKind::kRenameTable},
      {"CREATE INDEX i ON t (a)", StatementKind::kCreateIndex},
      {"DROP INDEX i ON t", StatementKind::kDropIndex},
      {"CREATE DATABASE d", StatementKind::kCreateDatabase},
      {"DROP DATABASE d", StatementKind::kDropDatabase},
      {"BEGIN", StatementKind::kBegin},
      {"START TRANSACTION", StatementKind::kBegin},
      {"COMMIT", StatementKind::kCommit},
      {"ROLLBACK", StatementKind::kRollback},
      {"SAVEPOINT s", StatementKind::kSavepoint},
      {"RELEASE SAVEPOINT s", StatementKind::kReleaseSavepoint},
      {"ROLLBACK TO s", StatementKind::kRollbackToSavepoint},
      {"XA START 'x'", StatementKind::kXa},
      {"SET autocommit = 0", StatementKind::kSet},
      {"USE d", StatementKind::kUse},
      {"SHOW TABLES", StatementKind::kShow},
      {"EXPLAIN SELECT 1", StatementKind::kExplain},
      {"DESCRIBE t", StatementKind::kDescribe},
      {"KILL 1", StatementKind::kKill},
      {"LOCK TABLES t READ", StatementKind::kLockTables},
      {"UNLOCK TABLES", StatementKind::kUnlockTables},
      {"FLUSH PRIVILEGES", StatementKind::kOther},
      {"DELETE FROM t", StatementKind::kDelete},
  };
  for (const Case& c : cases) EXPECT_EQ(Parse(c.sql).kind, c.kind) << c.sql;
}

TEST_F(ParserTest, SetAssignmentsWithScope) {
  const auto& s = Parse(
                      "SET @@session.sql_mode = 'ANSI', GLOBAL max_connections = 10, @u := 1, "
                      "NAMES utf8mb4 COLLATE utf8mb4_bin, autocommit = ON")
                      .As<SetStatement>();
  ASSERT_EQ(s.assignments.size(), 5u);
  EXPECT_EQ(s.assignments[0].scope, VariableScope::kSession);
  EXPECT_EQ(s.assignments[0].name, "sql_mode");
  EXPECT_EQ(s.assignments[1].scope, VariableScope::kGlobal);
  EXPECT_EQ(s.assignments[1].name, "max_connections");
  EXPECT_EQ(s.assignments[2].kind, SetAssignment::Kind::kUserVariable);
  EXPECT_EQ(s.assignments[2].name, "u");
  EXPECT_EQ(s.assignments[3].kind, SetAssignment::Kind::kNames);
  EXPECT_EQ(s.assignments[3].charset, "utf8mb4");
  EXPECT_EQ(s.assignments[3].collation, "utf8mb4_bin");
  EXPECT_EQ(s.assignments[4].keyword_value, "ON");
  const auto& tx =
      Parse("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED").As<SetStatement>();
  EXPECT_EQ(tx.transaction_scope, VariableScope::kSession);
  EXPECT_EQ(tx.transaction_settings[0], "ISOLATION LEVEL READ COMMITTED");
}

TEST_F(ParserTest, ShowKinds) {
  const auto& s = Parse("SHOW FULL COLUMNS FROM t_order FROM shop LIKE 'u%'").As<ShowStatement>();
  EXPECT_EQ(s.kind, ShowStatement::Kind::kColumns);
  EXPECT_TRUE(s.full);
  EXPECT_EQ(s.table->name.name, "t_order");
  EXPECT_EQ(s.database.name, "shop");
  EXPECT_EQ(Value(s.like), "'u%'");
  EXPECT_EQ(Parse("SHOW GLOBAL STATUS").As<ShowStatement>().kind, ShowStatement::Kind::kStatus);
  EXPECT_EQ(Parse("SHOW ENGINE INNODB STATUS").As<ShowStatement>().kind,
            ShowStatement::Kind::kOther);
}

TEST_F(ParserTest, ExpressionForms) {
  const auto& q = Parse(
                      "SELECT CASE WHEN a > 1 THEN 'x' END, CAST(b AS DECIMAL(10,2)), "
                      "d + INTERVAL 1 DAY, EXISTS (SELECT 1), @v, @@global.x, "
                      "ROW_NUMBER() OVER (PARTITION BY a ORDER BY b), e IS NOT NULL, "
                      "f BETWEEN 1 AND 2, g LIKE 'a%', h NOT IN (SELECT 1), i COLLATE utf8mb4_bin "
                      "FROM t")
                      .As<SelectStatement>()
                      .query->As<SelectNode>();
  std::vector<ExprKind> kinds;
  for (const auto& item : q.items) kinds.push_back(item.expr->kind);
  EXPECT_THAT(kinds,
              ::testing::ElementsAre(ExprKind::kCase, ExprKind::kCast, ExprKind::kBinary,
                                     ExprKind::kExists, ExprKind::kVariable, ExprKind::kVariable,
                                     ExprKind::kFunction, ExprKind::kIs, ExprKind::kBetween,
                                     ExprKind::kLike, ExprKind::kIn, ExprKind::kCollate));
  EXPECT_EQ(q.items[1].expr->As<CastExpr>().type.args.size(), 2u);
  EXPECT_EQ(q.items[2].expr->As<BinaryExpr>().right->As<IntervalExpr>().unit, "DAY");
  EXPECT_EQ(q.items[5].expr->As<VariableExpr>().scope, "GLOBAL");
  EXPECT_NE(q.items[6].expr->As<FunctionExpr>().over, nullptr);
}

TEST_F(ParserTest, UnionAndParenthesizedQueries) {
  const auto& s = Parse("(SELECT a FROM t1 LIMIT 1) UNION ALL SELECT a FROM t2 ORDER BY a LIMIT 5")
                      .As<SelectStatement>();
  ASSERT_EQ(s.query->kind, QueryKind::kSetOperation);
  const auto& set = s.query->As<SetOperationNode>();
  EXPECT_EQ(set.quantifier, SetOperationNode::Quantifier::kAll);
  ASSERT_EQ(set.left->kind, QueryKind::kParenthesized);
  EXPECT_TRUE(set.left->As<ParenthesizedQueryNode>().inner->limit.has_value());
  EXPECT_TRUE(set.limit.has_value());
  EXPECT_EQ(set.order_by.size(), 1u);
  EXPECT_EQ(s.tables.size(), 2u);
}

TEST_F(ParserTest, PinnedLiteralsGetTheirOwnTemplates) {
  const auto& a = Parse("SELECT CAST(x AS CHAR(10)) FROM t");
  EXPECT_EQ(
      a.As<SelectStatement>().query->As<SelectNode>().items[0].expr->As<CastExpr>().type.args[0],
      "10");
  const auto& b = Parse("SELECT CAST(x AS CHAR(20)) FROM t");
  EXPECT_EQ(
      b.As<SelectStatement>().query->As<SelectNode>().items[0].expr->As<CastExpr>().type.args[0],
      "20");
  const auto& c = Parse("SELECT CAST(x AS CHAR(10)) FROM t");
  EXPECT_EQ(&c, &a);
  const auto& alias = Parse("SELECT 1 AS 'one'");
  EXPECT_EQ(alias.As<SelectStatement>().query->As<SelectNode>().items[0].alias.name, "one");
  const auto& alias2 = Parse("SELECT 1 AS 'two'");
  EXPECT_EQ(alias2.As<SelectStatement>().query->As<SelectNode>().items[0].alias.name, "two");
}

TEST_F(ParserTest, CacheHitSkipsGrammarAndRebindsValues) {
  Parse("SELECT c FROM sbtest1 WHERE id=1");
  auto before = parser_.cache_stats();
  for (int i = 0; i < 10; ++i) Parse(absl::StrCat("SELECT c FROM sbtest1 WHERE id=", i * 7));
  auto after = parser_.cache_stats();
  EXPECT_EQ(after.hits - before.hits, 10u);
  EXPECT_EQ(after.insertions, before.insertions);
  EXPECT_EQ(PrintSql(stmt_.statement(), stmt_), "SELECT c FROM sbtest1 WHERE id = 63");
}

TEST_F(ParserTest, SyntaxErrorsLookLikeMysql) {
  absl::Status status = parser_.Parse("SELECT * FROM t WHERE", &stmt_);
  MysqlError e = ToMysqlError(status);
  EXPECT_EQ(e.code, 1064);
  EXPECT_EQ(e.sqlstate, "42000");
  EXPECT_EQ(e.message,
            "You have an error in your SQL syntax; check the manual that corresponds to your "
            "MariaDB server version for the right syntax to use near '' at line 1");
  status = parser_.Parse("SELEC 1", &stmt_);
  EXPECT_THAT(std::string(status.message()), HasSubstr("near 'SELEC 1' at line 1"));
  status = parser_.Parse("SELECT 1,\n2 FROM\nWHERE x", &stmt_);
  EXPECT_THAT(std::string(status.message()), HasSubstr("near 'WHERE x' at line 3"));
  status = parser_.Parse("SELECT * FROM t WHERE id = ?", &stmt_);
  EXPECT_THAT(std::string(status.message()), HasSubstr("near '?' at line 1"));
  EXPECT_EQ(ToMysqlError(parser_.Parse("", &stmt_)).code, 1065);
}

TEST_F(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "SELECT ";
  for (int i = 0; i < 100000; ++i) deep += "- ";
  deep += "1";
  absl::Status status = parser_.Parse(deep, &stmt_);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(ToMysqlError(status).code, 1436);
  std::string chain = "SELECT 1";
  for (int i = 0; i < 20000; ++i) chain += "+1";
  status = parser_.Parse(chain, &stmt_);
  EXPECT_EQ(ToMysqlError(status).code, 1436);
  std::string moderate = "SELECT 1";
  for (int i = 0; i < 500; ++i) moderate += " OR a = 1";
  EXPECT_TRUE(parser_.Parse(moderate, &stmt_).ok());
}

TEST_F(ParserTest, ExplainCarriesInnerTables) {
  const auto& e = Parse("EXPLAIN SELECT * FROM t_order WHERE order_id = 1").As<ExplainStatement>();
  EXPECT_EQ(e.statement->kind, StatementKind::kSelect);
  ASSERT_EQ(e.tables.size(), 1u);
  EXPECT_EQ(e.tables[0].name.name.name, "t_order");
}

TEST_F(ParserTest, CteNamesAreMarked) {
  const Statement& s = Parse("WITH x AS (SELECT * FROM t_order) SELECT * FROM x");
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_FALSE(s.tables[0].cte);
  EXPECT_TRUE(s.tables[1].cte);
}

}  // namespace
}  // namespace shardproxy::sql
