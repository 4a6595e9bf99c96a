// Out-of-line pieces of the AST: operator spellings, aggregate recognition, destructors that
// need complete query types.
#include <string>

#include "absl/strings/string_view.h"
#include "parser/ast/expression.h"
#include "parser/ast/query.h"
#include "parser/ast/statement.h"

namespace shardproxy::sql {

InExpr::~InExpr() = default;
SubqueryExpr::~SubqueryExpr() = default;
ExistsExpr::~ExistsExpr() = default;
QuantifiedComparisonExpr::~QuantifiedComparisonExpr() = default;

bool IsComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNullSafeEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return true;
    default:
      return false;
  }
}

const char* BinaryOpSql(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "OR";
    case BinaryOp::kXor:
      return "XOR";
    case BinaryOp::kAnd:
      return "AND";
    case BinaryOp::kEq:
      return "=";
    case BinaryOp::kNullSafeEq:
      return "<=>";
    case BinaryOp::kNe:
      return "<>";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kBitOr:
      return "|";
    case BinaryOp::kBitAnd:
      return "&";
    case BinaryOp::kShl:
      return "<<";
    case BinaryOp::kShr:
      return ">>";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kIntDiv:
      return "DIV";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kBitXor:
      return "^";
  }
  return "?";
}

bool IsAggregateFunctionName(const std::string& upper_name) {
  static constexpr absl::string_view kAggregates[] = {
      "COUNT",    "SUM",     "AVG",        "MIN",         "MAX",           "GROUP_CONCAT",
      "STD",      "STDDEV",  "STDDEV_POP", "STDDEV_SAMP", "VARIANCE",      "VAR_POP",
      "VAR_SAMP", "BIT_AND", "BIT_OR",     "BIT_XOR",     "JSON_ARRAYAGG", "JSON_OBJECTAGG"};
  for (absl::string_view name : kAggregates) {
    if (upper_name == name) return true;
  }
  return false;
}

const char* StatementKindName(StatementKind kind) {
  static constexpr const char* kNames[] = {"Select",
                                           "Insert",
                                           "Update",
                                           "Delete",
                                           "CreateTable",
                                           "AlterTable",
                                           "DropTable",
                                           "TruncateTable",
                                           "RenameTable",
                                           "CreateIndex",
                                           "DropIndex",
                                           "CreateDatabase",
                                           "DropDatabase",
                                           "Begin",
                                           "Commit",
                                           "Rollback",
                                           "Savepoint",
                                           "ReleaseSavepoint",
                                           "RollbackToSavepoint",
                                           "Xa",
                                           "Set",
                                           "Use",
                                           "Show",
                                           "Explain",
                                           "Describe",
                                           "Kill",
                                           "LockTables",
                                           "UnlockTables",
                                           "Other"};
  return kNames[static_cast<int>(kind)];
}

}  // namespace shardproxy::sql
