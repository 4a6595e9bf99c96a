// The printer's internals, shared by printer*.cc (one file per statement family). Private to
// parser/: use parser/printer.h.
#ifndef SHARDPROXY_PARSER_PRINTER_INTERNAL_H_
#define SHARDPROXY_PARSER_PRINTER_INTERNAL_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parser/ast/ddl.h"
#include "parser/ast/session.h"
#include "parser/literal.h"
#include "parser/printer.h"

namespace shardproxy::sql::printer_internal {

inline bool IsAtomic(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral:
    case ExprKind::kParam:
    case ExprKind::kColumnRef:
    case ExprKind::kVariable:
    case ExprKind::kFunction:
    case ExprKind::kCast:
    case ExprKind::kSubquery:
    case ExprKind::kExists:
    case ExprKind::kRow:
    case ExprKind::kDefault:
    case ExprKind::kMatch:
    case ExprKind::kCase:
    case ExprKind::kInterval:
      return true;
    default:
      return false;
  }
}

// The arithmetic operators sharing a precedence level (0: none of them). They associate to the
// left, so a left operand on the same level needs no parentheses: `a - b + c` is
// `(a - b) + c`. Printing them anyway would nest a long chain as deep as it is long.
inline int ArithmeticLevel(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      return 1;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kIntDiv:
    case BinaryOp::kMod:
      return 2;
    case BinaryOp::kShl:
    case BinaryOp::kShr:
      return 3;
    default:
      return 0;
  }
}

inline const char* ScopeSql(VariableScope scope) {
  switch (scope) {
    case VariableScope::kGlobal:
      return "GLOBAL ";
    case VariableScope::kSession:
      return "SESSION ";
    case VariableScope::kLocal:
      return "LOCAL ";
    case VariableScope::kNone:
      break;
  }
  return "";
}

class Printer {
 public:
  Printer(const StatementText& text, const PrintOptions& options)
      : text_(text), options_(options) {}

  std::string Finish() { return std::move(out_); }

  void SetStatementTables(const Statement& statement) {
    if (options_.table_renames == nullptr) return;
    for (const TableOccurrence& t : statement.tables) {
      if (t.cte || t.names_alias) {
        kept_tokens_.insert(t.name.name.token);
        continue;
      }
      auto it = options_.table_renames->find(t.name.name.name);
      if (it != options_.table_renames->end()) renamed_tokens_[t.name.name.token] = &it->second;
    }
    for (const ColumnQualifier& q : statement.qualifiers) {
      if (q.names_alias) continue;
      auto it = options_.table_renames->find(q.table.name);
      if (it != options_.table_renames->end()) renamed_tokens_[q.table.token] = &it->second;
    }
  }

  void Statement_(const Statement& s);
  void Expression(const Expr& e);
  void Query(const QueryNode& q);

 private:
  void Ident(const Identifier& id) { AppendIdentifier(id, &out_); }
  // The table part of a qualified column or star: renamed when it names a renamed table.
  void Qualifier(const Identifier& id) {
    auto it = renamed_tokens_.find(id.token);
    if (id.token >= 0 && it != renamed_tokens_.end()) {
      Identifier renamed;
      renamed.name = *it->second;
      Ident(renamed);
    } else {
      Ident(id);
    }
  }
  void Table(const TableName& name) {
    if (!name.schema.empty()) {
      Ident(name.schema);
      out_.push_back('.');
    }
    const std::string* renamed =
        kept_tokens_.contains(name.name.token) ? nullptr : RenamedTable(name.name.name);
    if (renamed != nullptr) {
      Identifier id;
      id.name = *renamed;
      Ident(id);
    } else {
      Ident(name.name);
    }
  }
  const std::string* RenamedTable(const std::string& name) const {
    if (options_.table_renames == nullptr) return nullptr;
    auto it = options_.table_renames->find(name);
    return it == options_.table_renames->end() ? nullptr : &it->second;
  }
  void Slot(SlotRef slot) {
    absl::string_view sql = text_.SlotSql(slot.slot);
    out_.append(sql.data(), sql.size());
  }
  void Span(TokenSpan span);
  // `parent`: the binary expression `e` is the left operand of, if any.
  void Operand(const Expr& e, const Expr* parent = nullptr) {
    bool wrap = !IsAtomic(e);
    if (wrap && parent != nullptr && parent->kind == ExprKind::kBinary &&
        e.kind == ExprKind::kBinary) {
      BinaryOp op = e.As<BinaryExpr>().op;
      BinaryOp parent_op = parent->As<BinaryExpr>().op;
      // Every binary operator associates to the left, so the same operator on the left needs
      // no parentheses either (`a = b = c` is `(a = b) = c`).
      if (op == parent_op ||
          (ArithmeticLevel(op) != 0 && ArithmeticLevel(op) == ArithmeticLevel(parent_op))) {
        wrap = false;
      }
    }
    if (wrap) out_.push_back('(');
    Expression(e);
    if (wrap) out_.push_back(')');
  }
  void ExprList(const std::vector<ExprPtr>& list) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out_.append(", ");
      Expression(*list[i]);
    }
  }
  void OrderItems(const std::vector<OrderItem>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_.append(", ");
      Expression(*items[i].expr);
      if (items[i].direction == OrderItem::Direction::kAsc) out_.append(" ASC");
      if (items[i].direction == OrderItem::Direction::kDesc) out_.append(" DESC");
    }
  }
  void Limit(const LimitClause& limit) {
    if (limit.fetch) {
      if (limit.offset.valid()) {
        out_.append(" OFFSET ");
        Slot(limit.offset);
        out_.append(" ROWS");
      }
      out_.append(" FETCH FIRST ");
      Slot(limit.count);
      out_.append(" ROWS ONLY");
      return;
    }
    out_.append(" LIMIT ");
    if (limit.offset.valid() && !limit.offset_keyword) {
      Slot(limit.offset);
      out_.append(", ");
    }
    Slot(limit.count);
    if (limit.offset.valid() && limit.offset_keyword) {
      out_.append(" OFFSET ");
      Slot(limit.offset);
    }
  }
  void Window(const WindowSpec& w) {
    out_.push_back('(');
    bool space = false;
    auto sep = [&] {
      if (space) out_.push_back(' ');
      space = true;
    };
    if (!w.base_name.empty()) {
      sep();
      Identifier id;
      id.name = w.base_name;
      Ident(id);
    }
    if (!w.partition_by.empty()) {
      sep();
      out_.append("PARTITION BY ");
      ExprList(w.partition_by);
    }
    if (!w.order_by.empty()) {
      sep();
      out_.append("ORDER BY ");
      OrderItems(w.order_by);
    }
    if (!w.frame.empty()) {
      sep();
      Span(w.frame);
    }
    out_.push_back(')');
  }
  void SelectItems(const std::vector<SelectItem>& items);
  void TableRef_(const TableRef& ref);
  void TableRefs(const std::vector<TableRefPtr>& refs) {
    for (size_t i = 0; i < refs.size(); ++i) {
      if (i > 0) out_.append(", ");
      TableRef_(*refs[i]);
    }
  }
  void Assignments(const std::vector<Assignment>& list) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out_.append(", ");
      Expression(*list[i].column);
      out_.append(" = ");
      Expression(*list[i].value);
    }
  }
  void Type(const DataType& type) {
    out_.append(type.name);
    if (!type.args.empty()) out_.append(absl::StrCat("(", absl::StrJoin(type.args, ","), ")"));
    if (type.is_signed) out_.append(" SIGNED");
    if (type.is_unsigned) out_.append(" UNSIGNED");
    if (type.zerofill) out_.append(" ZEROFILL");
    if (type.binary) out_.append(" BINARY");
    if (!type.charset.empty()) {
      out_.append(" CHARACTER SET ");
      Name(type.charset);
    }
    if (!type.collation.empty()) {
      out_.append(" COLLATE ");
      Name(type.collation);
    }
  }
  void Name(const std::string& name) {
    Identifier id;
    id.name = name;
    if (name == "BINARY" || name == "DEFAULT") {
      out_.append(name);
    } else {
      Ident(id);
    }
  }
  void Insert(const InsertStatement& s);
  void Update(const UpdateStatement& s);
  void Delete(const DeleteStatement& s);
  void Ddl(const Statement& s);
  void Session(const Statement& s);

  const StatementText& text_;
  const PrintOptions& options_;
  absl::flat_hash_map<int32_t, const std::string*> renamed_tokens_;
  absl::flat_hash_set<int32_t> kept_tokens_;  // CTE names and DELETE targets naming aliases
  std::string out_;
};

}  // namespace shardproxy::sql::printer_internal

#endif  // SHARDPROXY_PARSER_PRINTER_INTERNAL_H_
