#include "parser/printer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parser/keywords.h"
#include "parser/literal.h"

namespace shardproxy::sql {

void AppendIdentifier(const Identifier& id, std::string* out) {
  bool plain = !id.quoted && !id.name.empty() && !IsReservedWord(id.name);
  bool all_digits = true;
  for (char c : id.name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(absl::ascii_isalnum(u) || c == '_' || c == '$' || u >= 0x80)) plain = false;
    if (!absl::ascii_isdigit(u)) all_digits = false;
  }
  if (plain && !all_digits) {
    out->append(id.name);
  } else {
    AppendQuotedIdentifier(id.name, out);
  }
}

namespace {

bool IsAtomic(const Expr& e) {
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

bool IsAssociative(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kXor ||
         op == BinaryOp::kAdd || op == BinaryOp::kMul || op == BinaryOp::kBitOr ||
         op == BinaryOp::kBitAnd;
}

const char* ScopeSql(VariableScope scope) {
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
      auto it = options_.table_renames->find(t.name.name.name);
      if (it != options_.table_renames->end()) renamed_tokens_[t.name.name.token] = &it->second;
    }
  }

  void Statement_(const Statement& s);
  void Expression(const Expr& e);
  void Query(const QueryNode& q);

 private:
  void Ident(const Identifier& id) { AppendIdentifier(id, &out_); }
  void Table(const TableName& name) {
    if (!name.schema.empty()) {
      Ident(name.schema);
      out_.push_back('.');
    }
    const std::string* renamed = RenamedTable(name.name.name);
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
  void Operand(const Expr& e, const Expr* parent = nullptr) {
    bool wrap = !IsAtomic(e);
    if (wrap && parent != nullptr && parent->kind == ExprKind::kBinary &&
        e.kind == ExprKind::kBinary && e.As<BinaryExpr>().op == parent->As<BinaryExpr>().op &&
        IsAssociative(e.As<BinaryExpr>().op)) {
      wrap = false;
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
  std::string out_;
};

void Printer::Span(TokenSpan span) {
  if (span.empty()) return;
  absl::string_view prev;
  for (int32_t i = span.begin; i < span.end; ++i) {
    absl::string_view token = text_.TokenSql(i);
    auto renamed = renamed_tokens_.find(i);
    std::string replacement;
    if (renamed != renamed_tokens_.end()) {
      Identifier id;
      id.name = *renamed->second;
      AppendIdentifier(id, &replacement);
      token = replacement;
    }
    if (i > span.begin) {
      bool space = true;
      if (token == ")" || token == "," || token == "." || prev == "(" || prev == ".") space = false;
      if (token == "(" && !prev.empty() &&
          (absl::ascii_isalnum(static_cast<unsigned char>(prev.back())) || prev.back() == '_' ||
           prev.back() == '`')) {
        space = false;
      }
      if (space) out_.push_back(' ');
    }
    out_.append(token.data(), token.size());
    prev = text_.TokenSql(i);
  }
}

void Printer::Expression(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: {
      const auto& l = e.As<LiteralExpr>();
      switch (l.type) {
        case LiteralExpr::Type::kNull:
          out_.append("NULL");
          return;
        case LiteralExpr::Type::kTrue:
          out_.append("TRUE");
          return;
        case LiteralExpr::Type::kFalse:
          out_.append("FALSE");
          return;
        case LiteralExpr::Type::kSlot:
          break;
      }
      if (!l.introducer.empty()) out_.append(l.introducer).push_back(' ');
      if (!l.temporal.empty()) out_.append(l.temporal).push_back(' ');
      Slot(l.slot);
      return;
    }
    case ExprKind::kParam:
      Slot(e.As<ParamExpr>().slot);
      return;
    case ExprKind::kColumnRef: {
      const auto& c = e.As<ColumnRefExpr>();
      if (!c.schema.empty()) {
        Ident(c.schema);
        out_.push_back('.');
      }
      if (!c.table.empty()) {
        const std::string* renamed = RenamedTable(c.table.name);
        if (renamed != nullptr && c.schema.empty() && false) {
          out_.append(*renamed);
        } else {
          Ident(c.table);
        }
        out_.push_back('.');
      }
      Ident(c.column);
      return;
    }
    case ExprKind::kVariable:
      out_.append(e.As<VariableExpr>().text);
      return;
    case ExprKind::kUnary: {
      const auto& u = e.As<UnaryExpr>();
      switch (u.op) {
        case UnaryOp::kMinus:
          out_.append("-");
          break;
        case UnaryOp::kPlus:
          out_.append("+");
          break;
        case UnaryOp::kBitNot:
          out_.append("~");
          break;
        case UnaryOp::kNot:
          out_.append("NOT ");
          break;
        case UnaryOp::kBang:
          out_.append("!");
          break;
        case UnaryOp::kBinary:
          out_.append("BINARY ");
          break;
      }
      bool wrap =
          !(u.operand->kind == ExprKind::kColumnRef || u.operand->kind == ExprKind::kFunction ||
            u.operand->kind == ExprKind::kVariable || u.operand->kind == ExprKind::kParam);
      if (wrap) out_.push_back('(');
      Expression(*u.operand);
      if (wrap) out_.push_back(')');
      return;
    }
    case ExprKind::kBinary: {
      const auto& b = e.As<BinaryExpr>();
      Operand(*b.left, &e);
      out_.push_back(' ');
      out_.append(BinaryOpSql(b.op));
      out_.push_back(' ');
      bool wrap = !IsAtomic(*b.right);
      if (wrap) out_.push_back('(');
      Expression(*b.right);
      if (wrap) out_.push_back(')');
      return;
    }
    case ExprKind::kIs: {
      const auto& i = e.As<IsExpr>();
      Operand(*i.operand);
      out_.append(i.negated ? " IS NOT " : " IS ");
      switch (i.what) {
        case IsExpr::What::kNull:
          out_.append("NULL");
          break;
        case IsExpr::What::kTrue:
          out_.append("TRUE");
          break;
        case IsExpr::What::kFalse:
          out_.append("FALSE");
          break;
        case IsExpr::What::kUnknown:
          out_.append("UNKNOWN");
          break;
      }
      return;
    }
    case ExprKind::kIn: {
      const auto& i = e.As<InExpr>();
      Operand(*i.operand);
      out_.append(i.negated ? " NOT IN (" : " IN (");
      if (i.list_slot.valid()) {
        Slot(i.list_slot);
      } else if (i.subquery != nullptr) {
        Query(*i.subquery);
      } else {
        ExprList(i.list);
      }
      out_.push_back(')');
      return;
    }
    case ExprKind::kBetween: {
      const auto& b = e.As<BetweenExpr>();
      Operand(*b.operand);
      out_.append(b.negated ? " NOT BETWEEN " : " BETWEEN ");
      Operand(*b.low);
      out_.append(" AND ");
      Operand(*b.high);
      return;
    }
    case ExprKind::kLike: {
      const auto& l = e.As<LikeExpr>();
      Operand(*l.operand);
      if (l.negated) out_.append(" NOT");
      switch (l.op) {
        case LikeExpr::Op::kLike:
          out_.append(" LIKE ");
          break;
        case LikeExpr::Op::kRegexp:
          out_.append(" REGEXP ");
          break;
        case LikeExpr::Op::kRlike:
          out_.append(" RLIKE ");
          break;
        case LikeExpr::Op::kSoundsLike:
          out_.append(" SOUNDS LIKE ");
          break;
      }
      Operand(*l.pattern);
      if (l.escape != nullptr) {
        out_.append(" ESCAPE ");
        Operand(*l.escape);
      }
      return;
    }
    case ExprKind::kCase: {
      const auto& c = e.As<CaseExpr>();
      out_.append("CASE");
      if (c.operand != nullptr) {
        out_.push_back(' ');
        Expression(*c.operand);
      }
      for (const auto& [when, then] : c.whens) {
        out_.append(" WHEN ");
        Expression(*when);
        out_.append(" THEN ");
        Expression(*then);
      }
      if (c.else_expr != nullptr) {
        out_.append(" ELSE ");
        Expression(*c.else_expr);
      }
      out_.append(" END");
      return;
    }
    case ExprKind::kCast: {
      const auto& c = e.As<CastExpr>();
      out_.append(c.form == CastExpr::Form::kCast ? "CAST(" : "CONVERT(");
      Expression(*c.operand);
      if (c.form == CastExpr::Form::kCast) {
        out_.append(" AS ");
        Type(c.type);
      } else if (c.form == CastExpr::Form::kConvert) {
        out_.append(", ");
        Type(c.type);
      } else {
        out_.append(" USING ");
        Name(c.charset);
      }
      out_.push_back(')');
      return;
    }
    case ExprKind::kFunction: {
      const auto& f = e.As<FunctionExpr>();
      if (!f.schema.empty()) {
        Ident(f.schema);
        out_.push_back('.');
      }
      if (f.name.quoted) {
        AppendQuotedIdentifier(f.name.name, &out_);
      } else {
        out_.append(f.name.name);
      }
      using Form = FunctionExpr::Form;
      if (f.form == Form::kNiladic) {
        if (f.has_parens) {
          out_.push_back('(');
          if (f.precision.valid()) Slot(f.precision);
          out_.push_back(')');
        }
        return;
      }
      out_.push_back('(');
      switch (f.form) {
        case Form::kGeneric:
          if (f.star) out_.push_back('*');
          if (f.distinct) out_.append("DISTINCT ");
          if (f.all) out_.append("ALL ");
          ExprList(f.args);
          break;
        case Form::kGroupConcat:
          if (f.distinct) out_.append("DISTINCT ");
          ExprList(f.args);
          if (!f.order_by.empty()) {
            out_.append(" ORDER BY ");
            OrderItems(f.order_by);
          }
          if (f.separator.valid()) {
            out_.append(" SEPARATOR ");
            Slot(f.separator);
          }
          break;
        case Form::kExtract:
          out_.append(f.unit).append(" FROM ");
          Expression(*f.args[0]);
          break;
        case Form::kTrim:
          if (!f.trim_side.empty()) out_.append(f.trim_side).push_back(' ');
          if (f.args.size() == 2) {
            Expression(*f.args[0]);
            out_.push_back(' ');
          }
          out_.append("FROM ");
          Expression(*f.args.back());
          break;
        case Form::kSubstringFrom:
          Expression(*f.args[0]);
          out_.append(" FROM ");
          Expression(*f.args[1]);
          if (f.args.size() > 2) {
            out_.append(" FOR ");
            Expression(*f.args[2]);
          }
          break;
        case Form::kPosition:
          Operand(*f.args[0]);
          out_.append(" IN ");
          Expression(*f.args[1]);
          break;
        case Form::kChar:
          ExprList(f.args);
          if (!f.charset.empty()) {
            out_.append(" USING ");
            Name(f.charset);
          }
          break;
        case Form::kTimestampFn:
          out_.append(f.unit).append(", ");
          ExprList(f.args);
          break;
        case Form::kNiladic:
          break;
      }
      out_.push_back(')');
      if (!f.over_name.empty()) {
        out_.append(" OVER ");
        Name(f.over_name);
      } else if (f.over != nullptr) {
        out_.append(" OVER ");
        Window(*f.over);
      }
      return;
    }
    case ExprKind::kSubquery:
      out_.push_back('(');
      Query(*e.As<SubqueryExpr>().query);
      out_.push_back(')');
      return;
    case ExprKind::kExists:
      out_.append("EXISTS (");
      Query(*e.As<ExistsExpr>().query);
      out_.push_back(')');
      return;
    case ExprKind::kQuantified: {
      const auto& q = e.As<QuantifiedComparisonExpr>();
      Operand(*q.left);
      out_.append(" ").append(BinaryOpSql(q.op)).append(" ").append(q.quantifier).append(" (");
      Query(*q.query);
      out_.push_back(')');
      return;
    }
    case ExprKind::kAssign: {
      const auto& a = e.As<AssignExpr>();
      out_.append(a.variable).append(" := ");
      Operand(*a.value);
      return;
    }
    case ExprKind::kInterval: {
      const auto& i = e.As<IntervalExpr>();
      out_.append("INTERVAL ");
      Operand(*i.value);
      out_.push_back(' ');
      out_.append(i.unit);
      return;
    }
    case ExprKind::kRow: {
      const auto& r = e.As<RowExpr>();
      if (r.row_keyword) out_.append("ROW");
      out_.push_back('(');
      ExprList(r.items);
      out_.push_back(')');
      return;
    }
    case ExprKind::kCollate: {
      const auto& c = e.As<CollateExpr>();
      Operand(*c.operand);
      out_.append(" COLLATE ");
      Name(c.collation);
      return;
    }
    case ExprKind::kDefault: {
      const auto& d = e.As<DefaultExpr>();
      out_.append("DEFAULT");
      if (d.column != nullptr) {
        out_.push_back('(');
        Expression(*d.column);
        out_.push_back(')');
      }
      return;
    }
    case ExprKind::kMatch: {
      const auto& m = e.As<MatchExpr>();
      out_.append("MATCH (");
      ExprList(m.columns);
      out_.append(") AGAINST (");
      Operand(*m.against);
      if (!m.modifier.empty()) out_.append(" ").append(m.modifier);
      out_.push_back(')');
      return;
    }
  }
}

void Printer::SelectItems(const std::vector<SelectItem>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out_.append(", ");
    const SelectItem& item = items[i];
    switch (item.kind) {
      case SelectItem::Kind::kStar:
        out_.push_back('*');
        break;
      case SelectItem::Kind::kQualifiedStar:
        if (!item.star_schema.empty()) {
          Ident(item.star_schema);
          out_.push_back('.');
        }
        Ident(item.star_table);
        out_.append(".*");
        break;
      case SelectItem::Kind::kExpr:
        Expression(*item.expr);
        if (!item.alias.empty()) {
          out_.append(item.alias_as ? " AS " : " ");
          if (item.alias_is_string) {
            AppendSqlStringLiteral(item.alias.name, &out_);
          } else {
            Ident(item.alias);
          }
        }
        break;
    }
  }
}

void Printer::TableRef_(const TableRef& ref) {
  switch (ref.kind) {
    case TableRefKind::kBase: {
      const auto& b = ref.As<BaseTableRef>();
      Table(b.name);
      if (!b.partitions.empty()) {
        out_.append(" PARTITION (");
        for (size_t i = 0; i < b.partitions.size(); ++i) {
          if (i > 0) out_.append(", ");
          Ident(b.partitions[i]);
        }
        out_.push_back(')');
      }
      if (!b.alias.empty()) {
        out_.append(b.alias_as ? " AS " : " ");
        Ident(b.alias);
      }
      for (const IndexHint& hint : b.hints) {
        out_.append(" ").append(hint.action).append(" ").append(hint.key);
        if (!hint.scope.empty()) out_.append(" FOR ").append(hint.scope);
        out_.append(" (");
        for (size_t i = 0; i < hint.indexes.size(); ++i) {
          if (i > 0) out_.append(", ");
          if (!hint.indexes[i].quoted && absl::AsciiStrToUpper(hint.indexes[i].name) == "PRIMARY") {
            out_.append(hint.indexes[i].name);
          } else {
            Ident(hint.indexes[i]);
          }
        }
        out_.push_back(')');
      }
      return;
    }
    case TableRefKind::kDerived: {
      const auto& d = ref.As<DerivedTableRef>();
      out_.push_back('(');
      Query(*d.query);
      out_.push_back(')');
      out_.append(d.alias_as ? " AS " : " ");
      Ident(d.alias);
      if (!d.columns.empty()) {
        out_.append(" (");
        for (size_t i = 0; i < d.columns.size(); ++i) {
          if (i > 0) out_.append(", ");
          Ident(d.columns[i]);
        }
        out_.push_back(')');
      }
      return;
    }
    case TableRefKind::kJoin: {
      const auto& j = ref.As<JoinTableRef>();
      TableRef_(*j.left);
      switch (j.join) {
        case JoinKind::kInner:
          out_.append(" JOIN ");
          break;
        case JoinKind::kCross:
          out_.append(" CROSS JOIN ");
          break;
        case JoinKind::kStraight:
          out_.append(" STRAIGHT_JOIN ");
          break;
        case JoinKind::kLeft:
          out_.append(" LEFT JOIN ");
          break;
        case JoinKind::kRight:
          out_.append(" RIGHT JOIN ");
          break;
        case JoinKind::kNatural:
          out_.append(" NATURAL JOIN ");
          break;
        case JoinKind::kNaturalLeft:
          out_.append(" NATURAL LEFT JOIN ");
          break;
        case JoinKind::kNaturalRight:
          out_.append(" NATURAL RIGHT JOIN ");
          break;
      }
      bool wrap = j.right->kind == TableRefKind::kJoin;
      if (wrap) out_.push_back('(');
      TableRef_(*j.right);
      if (wrap) out_.push_back(')');
      if (j.on != nullptr) {
        out_.append(" ON ");
        Expression(*j.on);
      } else if (!j.using_columns.empty()) {
        out_.append(" USING (");
        for (size_t i = 0; i < j.using_columns.size(); ++i) {
          if (i > 0) out_.append(", ");
          Ident(j.using_columns[i]);
        }
        out_.push_back(')');
      }
      return;
    }
    case TableRefKind::kNested: {
      out_.push_back('(');
      TableRefs(ref.As<NestedTableRef>().items);
      out_.push_back(')');
      return;
    }
  }
}

void Printer::Query(const QueryNode& q) {
  if (q.with != nullptr) {
    out_.append(q.with->recursive ? "WITH RECURSIVE " : "WITH ");
    for (size_t i = 0; i < q.with->ctes.size(); ++i) {
      const CommonTableExpr& cte = q.with->ctes[i];
      if (i > 0) out_.append(", ");
      Ident(cte.name);
      if (!cte.columns.empty()) {
        out_.append(" (");
        for (size_t k = 0; k < cte.columns.size(); ++k) {
          if (k > 0) out_.append(", ");
          Ident(cte.columns[k]);
        }
        out_.push_back(')');
      }
      out_.append(" AS (");
      Query(*cte.query);
      out_.push_back(')');
    }
    out_.push_back(' ');
  }
  switch (q.kind) {
    case QueryKind::kSelect: {
      const auto& s = q.As<SelectNode>();
      out_.append("SELECT ");
      for (const std::string& option : s.options) out_.append(option).push_back(' ');
      SelectItems(s.items);
      if (!s.into.empty()) out_.append(" INTO ").append(absl::StrJoin(s.into, ", "));
      if (s.from_dual) out_.append(" FROM DUAL");
      if (!s.from.empty()) {
        out_.append(" FROM ");
        TableRefs(s.from);
      }
      if (s.where != nullptr) {
        out_.append(" WHERE ");
        Expression(*s.where);
      }
      if (!s.group_by.empty()) {
        out_.append(" GROUP BY ");
        OrderItems(s.group_by);
        if (s.with_rollup) out_.append(" WITH ROLLUP");
      }
      if (s.having != nullptr) {
        out_.append(" HAVING ");
        Expression(*s.having);
      }
      if (!s.windows.empty()) {
        out_.append(" WINDOW ");
        for (size_t i = 0; i < s.windows.size(); ++i) {
          if (i > 0) out_.append(", ");
          Ident(s.windows[i].name);
          out_.append(" AS ");
          Window(s.windows[i].spec);
        }
      }
      break;
    }
    case QueryKind::kSetOperation: {
      const auto& s = q.As<SetOperationNode>();
      Query(*s.left);
      switch (s.op) {
        case SetOperationNode::Op::kUnion:
          out_.append(" UNION");
          break;
        case SetOperationNode::Op::kExcept:
          out_.append(" EXCEPT");
          break;
        case SetOperationNode::Op::kIntersect:
          out_.append(" INTERSECT");
          break;
      }
      if (s.quantifier == SetOperationNode::Quantifier::kAll) out_.append(" ALL");
      if (s.quantifier == SetOperationNode::Quantifier::kDistinct) out_.append(" DISTINCT");
      out_.push_back(' ');
      Query(*s.right);
      break;
    }
    case QueryKind::kParenthesized:
      out_.push_back('(');
      Query(*q.As<ParenthesizedQueryNode>().inner);
      out_.push_back(')');
      break;
  }
  if (!q.order_by.empty()) {
    out_.append(" ORDER BY ");
    OrderItems(q.order_by);
  }
  if (q.limit.has_value()) Limit(*q.limit);
  switch (q.locking.kind) {
    case LockingClause::Kind::kNone:
      break;
    case LockingClause::Kind::kForUpdate:
      out_.append(" FOR UPDATE");
      break;
    case LockingClause::Kind::kForShare:
      out_.append(" FOR SHARE");
      break;
    case LockingClause::Kind::kLockInShareMode:
      out_.append(" LOCK IN SHARE MODE");
      break;
  }
  if (!q.locking.wait.empty()) out_.append(" ").append(q.locking.wait);
}

void Printer::Insert(const InsertStatement& s) {
  out_.append(s.replace ? "REPLACE" : "INSERT");
  if (!s.priority.empty()) out_.append(" ").append(s.priority);
  if (s.ignore) out_.append(" IGNORE");
  if (s.into) out_.append(" INTO");
  out_.push_back(' ');
  Table(s.table);
  if (!s.partitions.empty()) {
    out_.append(" PARTITION (");
    for (size_t i = 0; i < s.partitions.size(); ++i) {
      if (i > 0) out_.append(", ");
      Ident(s.partitions[i]);
    }
    out_.push_back(')');
  }
  if (s.has_column_list) {
    out_.append(" (");
    for (size_t i = 0; i < s.columns.size(); ++i) {
      if (i > 0) out_.append(", ");
      Expression(*s.columns[i]);
    }
    out_.push_back(')');
  }
  switch (s.source) {
    case InsertStatement::Source::kValues:
      out_.append(s.value_keyword ? " VALUE " : " VALUES ");
      if (s.rows_slot.valid()) {
        Slot(s.rows_slot);
      } else {
        for (size_t r = 0; r < s.rows.size(); ++r) {
          if (r > 0) out_.append(", ");
          out_.push_back('(');
          ExprList(s.rows[r]);
          out_.push_back(')');
        }
      }
      break;
    case InsertStatement::Source::kSet:
      out_.append(" SET ");
      Assignments(s.set);
      break;
    case InsertStatement::Source::kSelect:
      out_.push_back(' ');
      Query(*s.select);
      break;
  }
  if (!s.on_duplicate_key_update.empty()) {
    out_.append(" ON DUPLICATE KEY UPDATE ");
    Assignments(s.on_duplicate_key_update);
  }
  if (!s.returning.empty()) {
    out_.append(" RETURNING ");
    SelectItems(s.returning);
  }
}

void Printer::Update(const UpdateStatement& s) {
  out_.append("UPDATE ");
  if (s.low_priority) out_.append("LOW_PRIORITY ");
  if (s.ignore) out_.append("IGNORE ");
  TableRefs(s.tables);
  out_.append(" SET ");
  Assignments(s.set);
  if (s.where != nullptr) {
    out_.append(" WHERE ");
    Expression(*s.where);
  }
  if (!s.order_by.empty()) {
    out_.append(" ORDER BY ");
    OrderItems(s.order_by);
  }
  if (s.limit.has_value()) Limit(*s.limit);
}

void Printer::Delete(const DeleteStatement& s) {
  out_.append("DELETE ");
  for (const std::string& option : s.options) out_.append(option).push_back(' ');
  auto targets = [&] {
    for (size_t i = 0; i < s.targets.size(); ++i) {
      if (i > 0) out_.append(", ");
      Table(s.targets[i].name);
      if (s.targets[i].star) out_.append(".*");
    }
  };
  switch (s.form) {
    case DeleteStatement::Form::kSingle:
      out_.append("FROM ");
      Table(s.table);
      if (!s.partitions.empty()) {
        out_.append(" PARTITION (");
        for (size_t i = 0; i < s.partitions.size(); ++i) {
          if (i > 0) out_.append(", ");
          Ident(s.partitions[i]);
        }
        out_.push_back(')');
      }
      if (!s.alias.empty()) {
        out_.append(s.alias_as ? " AS " : " ");
        Ident(s.alias);
      }
      break;
    case DeleteStatement::Form::kMulti:
      targets();
      out_.append(" FROM ");
      TableRefs(s.from);
      break;
    case DeleteStatement::Form::kMultiUsing:
      out_.append("FROM ");
      targets();
      out_.append(" USING ");
      TableRefs(s.from);
      break;
  }
  if (s.where != nullptr) {
    out_.append(" WHERE ");
    Expression(*s.where);
  }
  if (!s.order_by.empty()) {
    out_.append(" ORDER BY ");
    OrderItems(s.order_by);
  }
  if (s.limit.has_value()) Limit(*s.limit);
  if (!s.returning.empty()) {
    out_.append(" RETURNING ");
    SelectItems(s.returning);
  }
}

void Printer::Ddl(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kCreateTable: {
      const auto& s = statement.As<CreateTableStatement>();
      out_.append("CREATE ");
      if (s.or_replace) out_.append("OR REPLACE ");
      if (s.temporary) out_.append("TEMPORARY ");
      out_.append("TABLE ");
      if (s.if_not_exists) out_.append("IF NOT EXISTS ");
      Table(s.table);
      if (s.like.has_value()) {
        out_.append(s.like_parenthesized ? " (LIKE " : " LIKE ");
        Table(*s.like);
        if (s.like_parenthesized) out_.push_back(')');
        return;
      }
      if (!s.elements.empty()) {
        out_.push_back(' ');
        Span(s.elements);
      }
      if (!s.options.empty()) {
        out_.push_back(' ');
        Span(s.options);
      }
      if (!s.partition.empty()) {
        out_.push_back(' ');
        Span(s.partition);
      }
      if (s.select != nullptr) {
        out_.append(s.select_as ? " AS " : " ");
        Query(*s.select);
      }
      return;
    }
    case StatementKind::kAlterTable: {
      const auto& s = statement.As<AlterTableStatement>();
      out_.append("ALTER ");
      if (!s.modifier.empty()) out_.append(s.modifier).push_back(' ');
      out_.append("TABLE ");
      Table(s.table);
      for (size_t i = 0; i < s.specifications.size(); ++i) {
        out_.append(i > 0 ? ", " : " ");
        Span(s.specifications[i].span);
      }
      return;
    }
    case StatementKind::kDropTable: {
      const auto& s = statement.As<DropTableStatement>();
      out_.append("DROP ");
      if (s.temporary) out_.append("TEMPORARY ");
      out_.append("TABLE ");
      if (s.if_exists) out_.append("IF EXISTS ");
      for (size_t i = 0; i < s.tables.size(); ++i) {
        if (i > 0) out_.append(", ");
        Table(s.tables[i]);
      }
      if (!s.behavior.empty()) out_.append(" ").append(s.behavior);
      return;
    }
    case StatementKind::kTruncateTable: {
      const auto& s = statement.As<TruncateTableStatement>();
      out_.append(s.table_keyword ? "TRUNCATE TABLE " : "TRUNCATE ");
      Table(s.table);
      return;
    }
    case StatementKind::kRenameTable: {
      const auto& s = statement.As<RenameTableStatement>();
      out_.append("RENAME TABLE ");
      for (size_t i = 0; i < s.pairs.size(); ++i) {
        if (i > 0) out_.append(", ");
        Table(s.pairs[i].from);
        out_.append(" TO ");
        Table(s.pairs[i].to);
      }
      return;
    }
    case StatementKind::kCreateIndex: {
      const auto& s = statement.As<CreateIndexStatement>();
      out_.append("CREATE ");
      if (s.or_replace) out_.append("OR REPLACE ");
      if (!s.index_kind.empty()) out_.append(s.index_kind).push_back(' ');
      out_.append("INDEX ");
      if (s.if_not_exists) out_.append("IF NOT EXISTS ");
      Ident(s.name);
      if (!s.index_type.empty()) {
        out_.push_back(' ');
        Span(s.index_type);
      }
      out_.append(" ON ");
      Table(s.table);
      out_.push_back(' ');
      Span(s.rest);
      return;
    }
    case StatementKind::kDropIndex: {
      const auto& s = statement.As<DropIndexStatement>();
      out_.append(s.if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
      Ident(s.name);
      out_.append(" ON ");
      Table(s.table);
      return;
    }
    case StatementKind::kCreateDatabase: {
      const auto& s = statement.As<CreateDatabaseStatement>();
      out_.append("CREATE ");
      if (s.or_replace) out_.append("OR REPLACE ");
      out_.append("DATABASE ");
      if (s.if_not_exists) out_.append("IF NOT EXISTS ");
      Ident(s.name);
      if (!s.options.empty()) {
        out_.push_back(' ');
        Span(s.options);
      }
      return;
    }
    case StatementKind::kDropDatabase: {
      const auto& s = statement.As<DropDatabaseStatement>();
      out_.append(s.if_exists ? "DROP DATABASE IF EXISTS " : "DROP DATABASE ");
      Ident(s.name);
      return;
    }
    default:
      return;
  }
}

void Printer::Session(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kBegin: {
      const auto& s = statement.As<BeginStatement>();
      if (!s.start_transaction) {
        out_.append(s.work ? "BEGIN WORK" : "BEGIN");
        return;
      }
      out_.append("START TRANSACTION");
      for (size_t i = 0; i < s.characteristics.size(); ++i) {
        out_.append(i > 0 ? ", " : " ").append(s.characteristics[i]);
      }
      return;
    }
    case StatementKind::kCommit:
    case StatementKind::kRollback: {
      bool commit = statement.kind == StatementKind::kCommit;
      bool work =
          commit ? statement.As<CommitStatement>().work : statement.As<RollbackStatement>().work;
      const std::string& chain =
          commit ? statement.As<CommitStatement>().chain : statement.As<RollbackStatement>().chain;
      const std::string& release = commit ? statement.As<CommitStatement>().release
                                          : statement.As<RollbackStatement>().release;
      out_.append(commit ? "COMMIT" : "ROLLBACK");
      if (work) out_.append(" WORK");
      if (!chain.empty()) out_.append(" ").append(chain);
      if (!release.empty()) out_.append(" ").append(release);
      return;
    }
    case StatementKind::kSavepoint:
      out_.append("SAVEPOINT ");
      Ident(statement.As<SavepointStatement>().name);
      return;
    case StatementKind::kReleaseSavepoint:
      out_.append("RELEASE SAVEPOINT ");
      Ident(statement.As<ReleaseSavepointStatement>().name);
      return;
    case StatementKind::kRollbackToSavepoint: {
      const auto& s = statement.As<RollbackToSavepointStatement>();
      out_.append(s.work ? "ROLLBACK WORK TO " : "ROLLBACK TO ");
      if (s.savepoint_keyword) out_.append("SAVEPOINT ");
      Ident(s.name);
      return;
    }
    case StatementKind::kXa: {
      const auto& s = statement.As<XaStatement>();
      static constexpr const char* kActions[] = {"START",  "END",      "PREPARE",
                                                 "COMMIT", "ROLLBACK", "RECOVER"};
      out_.append("XA ");
      out_.append(s.action == XaStatement::Action::kStart ? s.verb
                                                          : kActions[static_cast<int>(s.action)]);
      for (size_t i = 0; i < s.xid.size(); ++i) {
        out_.append(i > 0 ? ", " : " ");
        if (s.xid[i].slot.valid()) {
          Slot(s.xid[i].slot);
        } else {
          Ident(s.xid[i].identifier);
        }
      }
      if (!s.suffix.empty()) out_.append(" ").append(s.suffix);
      if (s.recover_format.valid()) {
        out_.append(" FORMAT=");
        Slot(s.recover_format);
      }
      return;
    }
    case StatementKind::kSet: {
      const auto& s = statement.As<SetStatement>();
      out_.append("SET ");
      if (!s.transaction_settings.empty()) {
        out_.append(ScopeSql(s.transaction_scope)).append("TRANSACTION ");
        out_.append(absl::StrJoin(s.transaction_settings, ", "));
        return;
      }
      for (size_t i = 0; i < s.assignments.size(); ++i) {
        const SetAssignment& a = s.assignments[i];
        if (i > 0) out_.append(", ");
        switch (a.kind) {
          case SetAssignment::Kind::kNames:
            out_.append("NAMES ").append(a.charset_text);
            if (!a.collation_text.empty()) out_.append(" COLLATE ").append(a.collation_text);
            continue;
          case SetAssignment::Kind::kCharset:
            out_.append("CHARACTER SET ").append(a.charset_text);
            continue;
          case SetAssignment::Kind::kUserVariable:
            out_.append(a.written);
            break;
          case SetAssignment::Kind::kSystemVariable:
            if (a.written.rfind("@@", 0) != 0) out_.append(ScopeSql(a.scope));
            out_.append(a.written);
            break;
        }
        out_.append(a.assign_operator ? " := " : " = ");
        if (a.value != nullptr) {
          Expression(*a.value);
        } else {
          out_.append(a.keyword_value);
        }
      }
      return;
    }
    case StatementKind::kUse:
      out_.append("USE ");
      Ident(statement.As<UseStatement>().database);
      return;
    case StatementKind::kExplain: {
      const auto& s = statement.As<ExplainStatement>();
      out_.append(s.keyword).push_back(' ');
      if (!s.option.empty()) out_.append(s.option).push_back(' ');
      Statement_(*s.statement);
      return;
    }
    case StatementKind::kDescribe: {
      const auto& s = statement.As<DescribeStatement>();
      out_.append(s.keyword).push_back(' ');
      Table(s.table);
      if (!s.column.empty()) {
        out_.push_back(' ');
        if (s.column[0] == '\'' || s.column[0] == '"') {
          out_.append(s.column);
        } else {
          Name(s.column);
        }
      }
      return;
    }
    case StatementKind::kKill: {
      const auto& s = statement.As<KillStatement>();
      out_.append("KILL ");
      if (!s.modifier.empty()) out_.append(s.modifier).push_back(' ');
      if (!s.target.empty()) out_.append(s.target).push_back(' ');
      Operand(*s.id);
      return;
    }
    case StatementKind::kLockTables: {
      const auto& s = statement.As<LockTablesStatement>();
      out_.append(s.table_keyword ? "LOCK TABLE " : "LOCK TABLES ");
      for (size_t i = 0; i < s.items.size(); ++i) {
        if (i > 0) out_.append(", ");
        Table(s.items[i].name);
        if (!s.items[i].alias.empty()) {
          out_.append(s.items[i].alias_as ? " AS " : " ");
          Ident(s.items[i].alias);
        }
        out_.append(" ").append(s.items[i].lock);
      }
      return;
    }
    case StatementKind::kUnlockTables:
      out_.append(statement.As<UnlockTablesStatement>().table_keyword ? "UNLOCK TABLE"
                                                                      : "UNLOCK TABLES");
      return;
    case StatementKind::kShow:
    case StatementKind::kOther:
      Span(statement.span);
      return;
    default:
      return;
  }
}

void Printer::Statement_(const Statement& s) {
  switch (s.kind) {
    case StatementKind::kSelect:
      Query(*s.As<SelectStatement>().query);
      return;
    case StatementKind::kInsert:
      Insert(s.As<InsertStatement>());
      return;
    case StatementKind::kUpdate:
      Update(s.As<UpdateStatement>());
      return;
    case StatementKind::kDelete:
      Delete(s.As<DeleteStatement>());
      return;
    case StatementKind::kCreateTable:
    case StatementKind::kAlterTable:
    case StatementKind::kDropTable:
    case StatementKind::kTruncateTable:
    case StatementKind::kRenameTable:
    case StatementKind::kCreateIndex:
    case StatementKind::kDropIndex:
    case StatementKind::kCreateDatabase:
    case StatementKind::kDropDatabase:
      Ddl(s);
      return;
    default:
      Session(s);
      return;
  }
}

}  // namespace

std::string PrintSql(const Statement& statement, const StatementText& text,
                     const PrintOptions& options) {
  Printer printer(text, options);
  printer.SetStatementTables(statement);
  printer.Statement_(statement);
  return printer.Finish();
}

std::string PrintExpr(const Expr& expr, const StatementText& text) {
  PrintOptions options;
  Printer printer(text, options);
  printer.Expression(expr);
  return printer.Finish();
}

std::string PrintQuery(const QueryNode& query, const StatementText& text) {
  PrintOptions options;
  Printer printer(text, options);
  printer.Query(query);
  return printer.Finish();
}

}  // namespace shardproxy::sql
