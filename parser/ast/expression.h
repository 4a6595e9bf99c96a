// Expression nodes. An expression is a tree of these; `kind` says which subclass a node is
// (use `As<T>()`). Literal values are never stored in the tree: a literal or `?` refers to a slot
// of the bound statement (parser/bound_statement.h), so one cached tree serves every statement
// with the same digest.
#ifndef SHARDPROXY_PARSER_AST_EXPRESSION_H_
#define SHARDPROXY_PARSER_AST_EXPRESSION_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parser/ast/node.h"

namespace shardproxy::sql {

struct QueryNode;

enum class ExprKind : uint8_t {
  kLiteral,     // LiteralExpr: a literal slot, NULL, TRUE, FALSE
  kParam,       // ParamExpr: `?`
  kColumnRef,   // ColumnRefExpr: [[schema.]table.]column
  kVariable,    // VariableExpr: @x, @@x, @@global.x
  kUnary,       // UnaryExpr: - + ~ ! NOT BINARY
  kBinary,      // BinaryExpr: arithmetic, bit, comparison, AND/OR/XOR
  kIs,          // IsExpr: IS [NOT] NULL/TRUE/FALSE/UNKNOWN
  kIn,          // InExpr: [NOT] IN (list | collapsed literal list | subquery)
  kBetween,     // BetweenExpr
  kLike,        // LikeExpr: [NOT] LIKE … [ESCAPE …], [NOT] REGEXP/RLIKE, SOUNDS LIKE
  kCase,        // CaseExpr
  kCast,        // CastExpr: CAST(x AS t), CONVERT(x, t), CONVERT(x USING cs)
  kFunction,    // FunctionExpr: calls, aggregates, window functions, special forms
  kSubquery,    // SubqueryExpr: (SELECT …)
  kExists,      // ExistsExpr
  kQuantified,  // QuantifiedComparisonExpr: x = ANY (SELECT …)
  kAssign,      // AssignExpr: @x := expr
  kInterval,    // IntervalExpr: INTERVAL expr unit
  kRow,         // RowExpr: (a, b) / ROW(a, b)
  kCollate,     // CollateExpr
  kDefault,     // DefaultExpr: DEFAULT / DEFAULT(col)
  kMatch,       // MatchExpr: MATCH (cols) AGAINST (expr [modifier])
};

struct Expr {
  explicit Expr(ExprKind k) : kind(k) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    return static_cast<T&>(*this);
  }

  const ExprKind kind;
  TokenSpan span;  // tokens covered by the expression
};
using ExprPtr = std::unique_ptr<Expr>;

struct LiteralExpr : Expr {
  enum class Type : uint8_t { kSlot, kNull, kTrue, kFalse };
  LiteralExpr() : Expr(ExprKind::kLiteral) {}
  Type type = Type::kSlot;
  SlotRef slot;            // Type::kSlot: the value (number, string, hex, bit)
  std::string introducer;  // "_utf8mb4" in _utf8mb4'x'
  std::string temporal;    // "DATE", "TIME" or "TIMESTAMP" in DATE '2024-01-01'
};

struct ParamExpr : Expr {
  ParamExpr() : Expr(ExprKind::kParam) {}
  SlotRef slot;
  int param_index = -1;  // 0-based position among the statement's `?` markers
};

struct ColumnRefExpr : Expr {
  ColumnRefExpr() : Expr(ExprKind::kColumnRef) {}
  Identifier schema;  // empty unless schema.table.column
  Identifier table;   // empty unless qualified
  Identifier column;
};

struct VariableExpr : Expr {
  VariableExpr() : Expr(ExprKind::kVariable) {}
  bool system = false;  // @@x (true) or @x (false)
  std::string scope;    // "GLOBAL", "SESSION", "LOCAL" for @@global.x …, else empty
  std::string name;     // unquoted name without @ / @@ / scope
  std::string text;     // as written, e.g. "@@session.sql_mode"
};

enum class UnaryOp : uint8_t { kMinus, kPlus, kBitNot, kNot /* NOT */, kBang /* ! */, kBinary };

struct UnaryExpr : Expr {
  UnaryExpr() : Expr(ExprKind::kUnary) {}
  UnaryOp op = UnaryOp::kMinus;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kOr,
  kXor,
  kAnd,
  kEq,
  kNullSafeEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kBitOr,
  kBitAnd,
  kShl,
  kShr,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kIntDiv,
  kMod,
  kBitXor,
};
bool IsComparison(BinaryOp op);
const char* BinaryOpSql(BinaryOp op);  // "=", "AND", "DIV", …

struct BinaryExpr : Expr {
  BinaryExpr() : Expr(ExprKind::kBinary) {}
  BinaryOp op = BinaryOp::kEq;
  ExprPtr left;
  ExprPtr right;
};

struct IsExpr : Expr {
  enum class What : uint8_t { kNull, kTrue, kFalse, kUnknown };
  IsExpr() : Expr(ExprKind::kIs) {}
  ExprPtr operand;
  bool negated = false;
  What what = What::kNull;
};

struct InExpr : Expr {
  InExpr() : Expr(ExprKind::kIn) {}
  ~InExpr() override;  // out of line: QueryNode is incomplete here
  ExprPtr operand;
  bool negated = false;
  // Exactly one of: a collapsed literal list (list_slot: its values are
  // BoundStatement::SlotValues(list_slot.slot); a row list when the operand is a row), an
  // explicit list of expressions, or a subquery.
  SlotRef list_slot;
  std::vector<ExprPtr> list;
  std::unique_ptr<QueryNode> subquery;
};

struct BetweenExpr : Expr {
  BetweenExpr() : Expr(ExprKind::kBetween) {}
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
};

struct LikeExpr : Expr {
  enum class Op : uint8_t { kLike, kRegexp, kRlike, kSoundsLike };
  LikeExpr() : Expr(ExprKind::kLike) {}
  Op op = Op::kLike;
  bool negated = false;
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;  // LIKE … ESCAPE …, else null
};

struct CaseExpr : Expr {
  CaseExpr() : Expr(ExprKind::kCase) {}
  ExprPtr operand;  // CASE x WHEN …; null for searched CASE
  std::vector<std::pair<ExprPtr, ExprPtr>> whens;
  ExprPtr else_expr;
};

struct OrderItem {
  enum class Direction : uint8_t { kNone, kAsc, kDesc };
  ExprPtr expr;
  Direction direction = Direction::kNone;
};

struct LimitClause {
  SlotRef count;
  SlotRef offset;  // !valid() when absent
  bool offset_keyword = false;
  // Written as [OFFSET o ROWS] FETCH FIRST n ROWS ONLY (the same rows as LIMIT n OFFSET o).
  bool fetch = false;
  TokenSpan span;  // the whole clause
};

// A data type as in CAST targets and column definitions.
struct DataType {
  std::string name;               // upper case, words joined by one space: "DOUBLE PRECISION"
  std::vector<std::string> args;  // as written: "255", "10", "'a'" (ENUM/SET members)
  bool is_unsigned = false;
  bool is_signed = false;
  bool zerofill = false;
  bool binary = false;    // CHAR(10) BINARY
  std::string charset;    // CHARACTER SET x
  std::string collation;  // COLLATE x
};

struct CastExpr : Expr {
  enum class Form : uint8_t { kCast, kConvert, kConvertUsing };
  CastExpr() : Expr(ExprKind::kCast) {}
  Form form = Form::kCast;
  ExprPtr operand;
  DataType type;        // kCast / kConvert
  std::string charset;  // kConvertUsing
};

// OVER ( … ) of a window function, or a WINDOW clause definition.
struct WindowSpec {
  std::string base_name;  // OVER (w ORDER BY …)
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  TokenSpan frame;  // ROWS/RANGE … kept as tokens
};

struct FunctionExpr : Expr {
  enum class Form : uint8_t {
    kGeneric,        // name(args), COUNT(*), SUM(DISTINCT x), f(x) OVER (…)
    kGroupConcat,    // GROUP_CONCAT([DISTINCT] args [ORDER BY …] [SEPARATOR s])
    kExtract,        // EXTRACT(unit FROM arg0)
    kTrim,           // TRIM([side] [arg0] FROM arg1)
    kSubstringFrom,  // SUBSTRING(arg0 FROM arg1 [FOR arg2])
    kPosition,       // POSITION(arg0 IN arg1)
    kChar,           // CHAR(args [USING charset])
    kTimestampFn,    // TIMESTAMPADD/TIMESTAMPDIFF(unit, arg0, arg1)
    kNiladic,        // CURRENT_TIMESTAMP, CURRENT_DATE[()], UTC_TIME(3), …
  };
  FunctionExpr() : Expr(ExprKind::kFunction) {}
  Form form = Form::kGeneric;
  Identifier schema;       // db.func(…)
  Identifier name;         // as written
  std::string upper_name;  // name in upper case, for recognition
  bool distinct = false;
  bool all = false;
  bool star = false;  // COUNT(*)
  std::vector<ExprPtr> args;
  bool is_aggregate = false;  // COUNT, SUM, AVG, MIN, MAX, GROUP_CONCAT, STD…, BIT_…, VAR…
  // Window: over_name for OVER w, over for OVER (…).
  std::string over_name;
  std::unique_ptr<WindowSpec> over;
  // GROUP_CONCAT, and JSON_ARRAYAGG's ORDER BY and LIMIT (MariaDB's own syntax)
  std::vector<OrderItem> order_by;
  SlotRef separator;
  std::optional<LimitClause> limit;
  // Special forms
  std::string unit;        // kExtract, kTimestampFn
  std::string trim_side;   // BOTH / LEADING / TRAILING
  std::string charset;     // kChar USING
  bool has_parens = true;  // kNiladic: CURRENT_TIMESTAMP vs CURRENT_TIMESTAMP()
  SlotRef precision;       // kNiladic: CURRENT_TIMESTAMP(6)
};
bool IsAggregateFunctionName(const std::string& upper_name);

struct SubqueryExpr : Expr {
  SubqueryExpr() : Expr(ExprKind::kSubquery) {}
  ~SubqueryExpr() override;  // out of line: QueryNode is incomplete here
  std::unique_ptr<QueryNode> query;
};

struct ExistsExpr : Expr {
  ExistsExpr() : Expr(ExprKind::kExists) {}
  ~ExistsExpr() override;  // out of line: QueryNode is incomplete here
  std::unique_ptr<QueryNode> query;
};

struct QuantifiedComparisonExpr : Expr {
  QuantifiedComparisonExpr() : Expr(ExprKind::kQuantified) {}
  ~QuantifiedComparisonExpr() override;  // out of line: QueryNode is incomplete here
  BinaryOp op = BinaryOp::kEq;
  std::string quantifier;  // ALL, ANY, SOME
  ExprPtr left;
  std::unique_ptr<QueryNode> query;
};

struct AssignExpr : Expr {
  AssignExpr() : Expr(ExprKind::kAssign) {}
  std::string variable;  // as written: @x
  ExprPtr value;
};

struct IntervalExpr : Expr {
  IntervalExpr() : Expr(ExprKind::kInterval) {}
  ExprPtr value;
  std::string unit;  // DAY, HOUR_MINUTE, …
};

struct RowExpr : Expr {
  RowExpr() : Expr(ExprKind::kRow) {}
  bool row_keyword = false;
  std::vector<ExprPtr> items;
};

struct CollateExpr : Expr {
  CollateExpr() : Expr(ExprKind::kCollate) {}
  ExprPtr operand;
  std::string collation;
};

struct DefaultExpr : Expr {
  DefaultExpr() : Expr(ExprKind::kDefault) {}
  std::unique_ptr<Expr> column;  // DEFAULT(col): a ColumnRefExpr; else null
};

struct MatchExpr : Expr {
  MatchExpr() : Expr(ExprKind::kMatch) {}
  std::vector<ExprPtr> columns;
  ExprPtr against;
  std::string modifier;  // "IN BOOLEAN MODE", … (upper case)
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_EXPRESSION_H_
