// Query expressions (SELECT, set operations, parenthesised queries) and table references.
#ifndef SHARDPROXY_PARSER_AST_QUERY_H_
#define SHARDPROXY_PARSER_AST_QUERY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/ast/expression.h"
#include "parser/ast/node.h"

namespace shardproxy::sql {

// LIMIT [offset,] count / LIMIT count OFFSET offset. Each value is a slot holding either an
// integer literal or a `?` marker; its token position lets the router replace it in place.
struct LockingClause {
  enum class Kind : uint8_t { kNone, kForUpdate, kForShare, kLockInShareMode };
  Kind kind = Kind::kNone;
  std::string wait;  // "NOWAIT", "SKIP LOCKED", "WAIT <n>" or empty
};

// ---------------------------------------------------------------------------------------------
// Table references (FROM, JOIN, UPDATE targets, DELETE … USING).

enum class TableRefKind : uint8_t { kBase, kDerived, kJoin, kNested };

struct TableRef {
  explicit TableRef(TableRefKind k) : kind(k) {}
  virtual ~TableRef() = default;
  TableRef(const TableRef&) = delete;
  TableRef& operator=(const TableRef&) = delete;
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
  const TableRefKind kind;
  TokenSpan span;
};
using TableRefPtr = std::unique_ptr<TableRef>;

struct IndexHint {
  std::string action;               // USE, FORCE, IGNORE
  std::string key;                  // INDEX or KEY
  std::string scope;                // "", "JOIN", "ORDER BY", "GROUP BY"
  std::vector<Identifier> indexes;  // PRIMARY appears as an Identifier named PRIMARY
};

struct BaseTableRef : TableRef {
  BaseTableRef() : TableRef(TableRefKind::kBase) {}
  TableName name;
  std::vector<Identifier> partitions;
  Identifier alias;
  bool alias_as = false;
  std::vector<IndexHint> hints;
};

struct DerivedTableRef : TableRef {
  DerivedTableRef() : TableRef(TableRefKind::kDerived) {}
  std::unique_ptr<QueryNode> query;
  Identifier alias;
  bool alias_as = false;
  std::vector<Identifier> columns;
};

enum class JoinKind : uint8_t {
  kInner,         // JOIN / INNER JOIN
  kCross,         // CROSS JOIN
  kStraight,      // STRAIGHT_JOIN
  kLeft,          // LEFT [OUTER] JOIN
  kRight,         // RIGHT [OUTER] JOIN
  kNatural,       // NATURAL [INNER] JOIN
  kNaturalLeft,   // NATURAL LEFT [OUTER] JOIN
  kNaturalRight,  // NATURAL RIGHT [OUTER] JOIN
};

// A join; joins chain left-deep: `a JOIN b ON … JOIN c ON …` is Join(Join(a, b), c).
struct JoinTableRef : TableRef {
  JoinTableRef() : TableRef(TableRefKind::kJoin) {}
  JoinKind join = JoinKind::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;                             // ON …
  std::vector<Identifier> using_columns;  // USING (…)
};

// `( t1, t2 )` or `( t1 JOIN t2 … )`.
struct NestedTableRef : TableRef {
  NestedTableRef() : TableRef(TableRefKind::kNested) {}
  std::vector<TableRefPtr> items;
};

// ---------------------------------------------------------------------------------------------
// Query nodes.

enum class QueryKind : uint8_t { kSelect, kSetOperation, kParenthesized };

struct CommonTableExpr {
  Identifier name;
  std::vector<Identifier> columns;
  std::unique_ptr<QueryNode> query;
};
struct WithClause {
  bool recursive = false;
  std::vector<CommonTableExpr> ctes;
};

// Base of SELECT blocks, set operations and parenthesised queries. ORDER BY / LIMIT / locking
// written after a query apply to it: for `SELECT … UNION SELECT … ORDER BY x LIMIT 5` they sit
// on the SetOperationNode; for `(SELECT … LIMIT 1)` on the SelectNode inside the parentheses.
struct QueryNode {
  explicit QueryNode(QueryKind k) : kind(k) {}
  virtual ~QueryNode() = default;
  QueryNode(const QueryNode&) = delete;
  QueryNode& operator=(const QueryNode&) = delete;
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

  const QueryKind kind;
  std::unique_ptr<WithClause> with;
  std::vector<OrderItem> order_by;
  std::optional<LimitClause> limit;
  LockingClause locking;
  TokenSpan span;
};
using QueryPtr = std::unique_ptr<QueryNode>;

struct SelectItem {
  enum class Kind : uint8_t { kStar, kQualifiedStar, kExpr };
  Kind kind = Kind::kExpr;
  Identifier star_schema;  // kQualifiedStar: schema.table.*
  Identifier star_table;   // kQualifiedStar: table.*
  ExprPtr expr;            // kExpr
  Identifier alias;        // empty when none; name decoded also when written as a string
  bool alias_as = false;
  bool alias_is_string = false;  // SELECT 1 'one'
  TokenSpan span;
};

struct WindowDefinition {
  Identifier name;
  WindowSpec spec;
};

struct SelectNode : QueryNode {
  SelectNode() : QueryNode(QueryKind::kSelect) {}
  // Select options in upper case and written order: DISTINCT, SQL_CALC_FOUND_ROWS, …
  std::vector<std::string> options;
  bool distinct = false;  // DISTINCT or DISTINCTROW among options
  std::vector<SelectItem> items;
  std::vector<std::string> into;  // SELECT … INTO @a, @b: variables as written
  bool from_dual = false;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<OrderItem> group_by;
  bool with_rollup = false;
  ExprPtr having;
  std::vector<WindowDefinition> windows;
};

struct SetOperationNode : QueryNode {
  enum class Op : uint8_t { kUnion, kExcept, kIntersect };
  enum class Quantifier : uint8_t { kNone, kAll, kDistinct };
  SetOperationNode() : QueryNode(QueryKind::kSetOperation) {}
  Op op = Op::kUnion;
  Quantifier quantifier = Quantifier::kNone;
  QueryPtr left;
  QueryPtr right;
};

// `( query )` used as a query: its own ORDER BY/LIMIT apply outside the parentheses.
struct ParenthesizedQueryNode : QueryNode {
  ParenthesizedQueryNode() : QueryNode(QueryKind::kParenthesized) {}
  QueryPtr inner;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_QUERY_H_
