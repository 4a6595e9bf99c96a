#include "parser/ast_dump.h"

#include "absl/strings/str_cat.h"
#include "parser/ast/ddl.h"
#include "parser/bound_statement.h"
#include "parser/ast/session.h"

namespace shardproxy::sql {
namespace {

class Dumper {
 public:
  explicit Dumper(const StatementText& text) : text_(text) {}
  std::string Finish() { return std::move(out_); }

  void Statement_(const Statement& s);

 private:
  void Open(absl::string_view name) { absl::StrAppend(&out_, name, "{"); }
  void Close() { out_.append("}"); }
  void Field(absl::string_view name, absl::string_view value) {
    if (!value.empty()) absl::StrAppend(&out_, name, "=", value, ";");
  }
  void Flag(absl::string_view name, bool value) {
    if (value) absl::StrAppend(&out_, name, ";");
  }
  void Int(absl::string_view name, int value) { absl::StrAppend(&out_, name, "=", value, ";"); }
  void Id(absl::string_view name, const Identifier& id) {
    if (!id.empty()) absl::StrAppend(&out_, name, "=`", id.name, "`;");
  }
  void Table(absl::string_view name, const TableName& t) {
    absl::StrAppend(&out_, name, "=", t.schema.name, ".", t.name.name, ";");
  }
  void Slot(absl::string_view name, SlotRef slot) {
    if (slot.valid()) absl::StrAppend(&out_, name, "=<", text_.SlotSql(slot.slot), ">;");
  }
  void Span(absl::string_view name, TokenSpan span) {
    if (span.empty()) return;
    absl::StrAppend(&out_, name, "=[");
    for (int32_t i = span.begin; i < span.end; ++i) absl::StrAppend(&out_, text_.TokenSql(i), " ");
    out_.append("];");
  }
  // VALUES rows of plain literals are one slot, other rows expressions: the same rows may take
  // either form (`(1, (2))` is expressions, `(1, 2)` a slot), so a slot of a statement's own
  // text is dumped as the expression rows it stands for.
  void CollapsedRows(SlotRef slot) {
    const auto* bound = dynamic_cast<const BoundStatement*>(&text_);
    if (!slot.valid() || bound == nullptr) return Slot("rows_slot", slot);
    for (size_t r = 0; r < bound->RowCount(slot); ++r) LiteralList("row", bound->Row(slot, r));
  }
  // The same for an IN list of plain literals: `IN (2, (3))` is an expression list, `IN (2, 3)`
  // one slot.
  void CollapsedList(SlotRef slot) {
    const auto* bound = dynamic_cast<const BoundStatement*>(&text_);
    if (!slot.valid() || bound == nullptr) return Slot("list_slot", slot);
    LiteralList("list", bound->Values(slot));
  }
  void LiteralList(absl::string_view name, absl::Span<const LiteralValue> values) {
    absl::StrAppend(&out_, name, "=[");
    for (const LiteralValue& value : values) {
      Open("Lit");
      if (value.kind == TokenKind::kNull) {
        Int("type", static_cast<int>(LiteralExpr::Type::kNull));
      } else {
        Int("type", static_cast<int>(LiteralExpr::Type::kSlot));
        absl::StrAppend(&out_, "v=<", value.text, ">;");
      }
      Close();
      out_.append(",");
    }
    out_.append("];");
  }
  void E(absl::string_view name, const Expr* e) {
    if (e == nullptr) return;
    absl::StrAppend(&out_, name, "=");
    Expression(*e);
    out_.append(";");
  }
  void Exprs(absl::string_view name, const std::vector<ExprPtr>& list) {
    if (list.empty()) return;
    absl::StrAppend(&out_, name, "=[");
    for (const auto& e : list) {
      Expression(*e);
      out_.append(",");
    }
    out_.append("];");
  }
  void Order(absl::string_view name, const std::vector<OrderItem>& items) {
    if (items.empty()) return;
    absl::StrAppend(&out_, name, "=[");
    for (const auto& item : items) {
      Expression(*item.expr);
      absl::StrAppend(&out_, ":", static_cast<int>(item.direction), ",");
    }
    out_.append("];");
  }
  void Limit(const std::optional<LimitClause>& limit) {
    if (!limit.has_value()) return;
    Open("Limit");
    Slot("count", limit->count);
    Slot("offset", limit->offset);
    Close();
  }
  void Query(absl::string_view name, const QueryNode* q) {
    if (q == nullptr) return;
    absl::StrAppend(&out_, name, "=");
    QueryNode_(*q);
    out_.append(";");
  }
  void Window(const WindowSpec& w) {
    Open("Window");
    Field("base", w.base_name);
    Exprs("partition", w.partition_by);
    Order("order", w.order_by);
    Span("frame", w.frame);
    Close();
  }
  void Items(absl::string_view name, const std::vector<SelectItem>& items) {
    if (items.empty()) return;
    absl::StrAppend(&out_, name, "=[");
    for (const auto& item : items) {
      Open("Item");
      Int("kind", static_cast<int>(item.kind));
      Id("star_schema", item.star_schema);
      Id("star_table", item.star_table);
      E("expr", item.expr.get());
      Id("alias", item.alias);
      Close();
      out_.append(",");
    }
    out_.append("];");
  }
  void Refs(absl::string_view name, const std::vector<TableRefPtr>& refs) {
    if (refs.empty()) return;
    absl::StrAppend(&out_, name, "=[");
    for (const auto& r : refs) {
      Ref(*r);
      out_.append(",");
    }
    out_.append("];");
  }
  void Assignments(absl::string_view name, const std::vector<Assignment>& list) {
    if (list.empty()) return;
    absl::StrAppend(&out_, name, "=[");
    for (const auto& a : list) {
      Expression(*a.column);
      out_.append(":=");
      Expression(*a.value);
      out_.append(",");
    }
    out_.append("];");
  }
  void Type(const DataType& t) {
    Open("Type");
    Field("name", t.name);
    for (const auto& arg : t.args) Field("arg", arg);
    Flag("unsigned", t.is_unsigned);
    Flag("signed", t.is_signed);
    Flag("zerofill", t.zerofill);
    Flag("binary", t.binary);
    Field("charset", t.charset);
    Field("collation", t.collation);
    Close();
  }
  void Expression(const Expr& e);
  void Ref(const TableRef& r);
  void QueryNode_(const QueryNode& q);

  const StatementText& text_;
  std::string out_;
};

void Dumper::Expression(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: {
      const auto& l = e.As<LiteralExpr>();
      Open("Lit");
      Int("type", static_cast<int>(l.type));
      Slot("v", l.slot);
      Field("intro", l.introducer);
      Field("temporal", l.temporal);
      break;
    }
    case ExprKind::kParam:
      Open("Param");
      Int("index", e.As<ParamExpr>().param_index);
      break;
    case ExprKind::kColumnRef: {
      const auto& c = e.As<ColumnRefExpr>();
      Open("Col");
      Id("s", c.schema);
      Id("t", c.table);
      Id("c", c.column);
      break;
    }
    case ExprKind::kVariable:
      Open("Var");
      Field("text", e.As<VariableExpr>().text);
      break;
    case ExprKind::kUnary:
      Open("Unary");
      Int("op", static_cast<int>(e.As<UnaryExpr>().op));
      E("x", e.As<UnaryExpr>().operand.get());
      break;
    case ExprKind::kBinary: {
      const auto& b = e.As<BinaryExpr>();
      Open("Bin");
      Field("op", BinaryOpSql(b.op));
      E("l", b.left.get());
      E("r", b.right.get());
      break;
    }
    case ExprKind::kIs:
      Open("Is");
      Flag("not", e.As<IsExpr>().negated);
      Int("what", static_cast<int>(e.As<IsExpr>().what));
      E("x", e.As<IsExpr>().operand.get());
      break;
    case ExprKind::kIn: {
      const auto& i = e.As<InExpr>();
      Open("In");
      Flag("not", i.negated);
      E("x", i.operand.get());
      CollapsedList(i.list_slot);
      Exprs("list", i.list);
      Query("sub", i.subquery.get());
      break;
    }
    case ExprKind::kBetween: {
      const auto& b = e.As<BetweenExpr>();
      Open("Between");
      Flag("not", b.negated);
      E("x", b.operand.get());
      E("lo", b.low.get());
      E("hi", b.high.get());
      break;
    }
    case ExprKind::kLike: {
      const auto& l = e.As<LikeExpr>();
      Open("Like");
      Int("op", static_cast<int>(l.op));
      Flag("not", l.negated);
      E("x", l.operand.get());
      E("p", l.pattern.get());
      E("esc", l.escape.get());
      break;
    }
    case ExprKind::kCase: {
      const auto& c = e.As<CaseExpr>();
      Open("Case");
      E("x", c.operand.get());
      for (const auto& [when, then] : c.whens) {
        E("when", when.get());
        E("then", then.get());
      }
      E("else", c.else_expr.get());
      break;
    }
    case ExprKind::kCast: {
      const auto& c = e.As<CastExpr>();
      Open("Cast");
      Int("form", static_cast<int>(c.form));
      E("x", c.operand.get());
      if (c.form != CastExpr::Form::kConvertUsing) Type(c.type);
      Field("charset", c.charset);
      break;
    }
    case ExprKind::kFunction: {
      const auto& f = e.As<FunctionExpr>();
      Open("Fn");
      Int("form", static_cast<int>(f.form));
      Id("schema", f.schema);
      Field("name", f.upper_name);
      Flag("distinct", f.distinct);
      Flag("all", f.all);
      Flag("star", f.star);
      Flag("agg", f.is_aggregate);
      Exprs("args", f.args);
      Field("over_name", f.over_name);
      if (f.over != nullptr) Window(*f.over);
      Order("order", f.order_by);
      Slot("sep", f.separator);
      Limit(f.limit);
      Field("unit", f.unit);
      Field("side", f.trim_side);
      Field("charset", f.charset);
      Flag("parens", f.has_parens);
      Slot("precision", f.precision);
      break;
    }
    case ExprKind::kSubquery:
      Open("Sub");
      Query("q", e.As<SubqueryExpr>().query.get());
      break;
    case ExprKind::kExists:
      Open("Exists");
      Query("q", e.As<ExistsExpr>().query.get());
      break;
    case ExprKind::kQuantified: {
      const auto& q = e.As<QuantifiedComparisonExpr>();
      Open("Quant");
      Field("op", BinaryOpSql(q.op));
      Field("quantifier", q.quantifier);
      E("l", q.left.get());
      Query("q", q.query.get());
      break;
    }
    case ExprKind::kAssign:
      Open("Assign");
      Field("var", e.As<AssignExpr>().variable);
      E("v", e.As<AssignExpr>().value.get());
      break;
    case ExprKind::kInterval:
      Open("Interval");
      E("v", e.As<IntervalExpr>().value.get());
      Field("unit", e.As<IntervalExpr>().unit);
      break;
    case ExprKind::kRow:
      Open("Row");
      Flag("kw", e.As<RowExpr>().row_keyword);
      Exprs("items", e.As<RowExpr>().items);
      break;
    case ExprKind::kCollate:
      Open("Collate");
      E("x", e.As<CollateExpr>().operand.get());
      Field("c", e.As<CollateExpr>().collation);
      break;
    case ExprKind::kDefault:
      Open("Default");
      E("col", e.As<DefaultExpr>().column.get());
      break;
    case ExprKind::kMatch:
      Open("Match");
      Exprs("cols", e.As<MatchExpr>().columns);
      E("against", e.As<MatchExpr>().against.get());
      Field("mod", e.As<MatchExpr>().modifier);
      break;
  }
  Close();
}

void Dumper::Ref(const TableRef& r) {
  switch (r.kind) {
    case TableRefKind::kBase: {
      const auto& b = r.As<BaseTableRef>();
      Open("Base");
      Table("t", b.name);
      for (const auto& p : b.partitions) Id("part", p);
      Id("alias", b.alias);
      for (const auto& h : b.hints) {
        absl::StrAppend(&out_, "hint=", h.action, " ", h.key, " ", h.scope, ":");
        for (const auto& i : h.indexes) absl::StrAppend(&out_, i.name, ",");
        out_.append(";");
      }
      break;
    }
    case TableRefKind::kDerived: {
      const auto& d = r.As<DerivedTableRef>();
      Open("Derived");
      Query("q", d.query.get());
      Id("alias", d.alias);
      for (const auto& c : d.columns) Id("col", c);
      break;
    }
    case TableRefKind::kJoin: {
      const auto& j = r.As<JoinTableRef>();
      Open("Join");
      Int("kind", static_cast<int>(j.join));
      out_.append("l=");
      Ref(*j.left);
      out_.append(";r=");
      Ref(*j.right);
      out_.append(";");
      E("on", j.on.get());
      for (const auto& c : j.using_columns) Id("using", c);
      break;
    }
    case TableRefKind::kNested:
      Open("Nested");
      Refs("items", r.As<NestedTableRef>().items);
      break;
  }
  Close();
}

void Dumper::QueryNode_(const QueryNode& q) {
  switch (q.kind) {
    case QueryKind::kSelect: {
      const auto& s = q.As<SelectNode>();
      Open("Select");
      for (const auto& o : s.options) Field("opt", o);
      Items("items", s.items);
      for (const auto& v : s.into) Field("into", v);
      Flag("dual", s.from_dual);
      Refs("from", s.from);
      E("where", s.where.get());
      Order("group", s.group_by);
      Flag("rollup", s.with_rollup);
      E("having", s.having.get());
      for (const auto& w : s.windows) {
        Id("window", w.name);
        Window(w.spec);
      }
      break;
    }
    case QueryKind::kSetOperation: {
      const auto& s = q.As<SetOperationNode>();
      Open("SetOp");
      Int("op", static_cast<int>(s.op));
      Int("q", static_cast<int>(s.quantifier));
      Query("l", s.left.get());
      Query("r", s.right.get());
      break;
    }
    case QueryKind::kParenthesized:
      Open("Paren");
      Query("inner", q.As<ParenthesizedQueryNode>().inner.get());
      break;
  }
  if (q.with != nullptr) {
    Flag("recursive", q.with->recursive);
    for (const auto& cte : q.with->ctes) {
      Id("cte", cte.name);
      for (const auto& c : cte.columns) Id("col", c);
      Query("cte_q", cte.query.get());
    }
  }
  Order("order", q.order_by);
  Limit(q.limit);
  Int("lock", static_cast<int>(q.locking.kind));
  Field("wait", q.locking.wait);
  Close();
}

void Dumper::Statement_(const Statement& st) {
  Open(StatementKindName(st.kind));
  for (const TableOccurrence& t : st.tables) {
    Table("table", t.name);
    Id("alias", t.alias);
    Int("usage", static_cast<int>(t.usage));
    Flag("cte", t.cte);
    Flag("names_alias", t.names_alias);
  }
  for (const ColumnQualifier& q : st.qualifiers) {
    Id("qualifier_schema", q.schema);
    Id("qualifier", q.table);
    Flag("names_alias", q.names_alias);
  }
  switch (st.kind) {
    case StatementKind::kSelect:
      Query("q", st.As<SelectStatement>().query.get());
      break;
    case StatementKind::kInsert: {
      const auto& s = st.As<InsertStatement>();
      Flag("replace", s.replace);
      Field("prio", s.priority);
      Flag("ignore", s.ignore);
      Table("into", s.table);
      for (const auto& p : s.partitions) Id("part", p);
      Flag("cols", s.has_column_list);
      for (const auto& c : s.columns) E("col", c.get());
      Int("source", static_cast<int>(s.source));
      CollapsedRows(s.rows_slot);
      for (const auto& row : s.rows) Exprs("row", row);
      Assignments("set", s.set);
      Query("select", s.select.get());
      Assignments("odku", s.on_duplicate_key_update);
      Items("returning", s.returning);
      break;
    }
    case StatementKind::kUpdate: {
      const auto& s = st.As<UpdateStatement>();
      Flag("low", s.low_priority);
      Flag("ignore", s.ignore);
      Refs("tables", s.tables);
      Assignments("set", s.set);
      E("where", s.where.get());
      Order("order", s.order_by);
      Limit(s.limit);
      break;
    }
    case StatementKind::kDelete: {
      const auto& s = st.As<DeleteStatement>();
      Int("form", static_cast<int>(s.form));
      for (const auto& o : s.options) Field("opt", o);
      Table("t", s.table);
      Id("alias", s.alias);
      for (const auto& t : s.targets) {
        Table("target", t.name);
        Flag("star", t.star);
      }
      Refs("from", s.from);
      E("where", s.where.get());
      Order("order", s.order_by);
      Limit(s.limit);
      Items("returning", s.returning);
      break;
    }
    case StatementKind::kCreateTable: {
      const auto& s = st.As<CreateTableStatement>();
      Flag("replace", s.or_replace);
      Flag("temp", s.temporary);
      Flag("ine", s.if_not_exists);
      for (const auto& c : s.columns) {
        Id("column", c.name);
        Type(c.type);
        Flag("nn", c.not_null);
        Flag("ai", c.auto_increment);
        Flag("pk", c.primary_key);
        Span("def", c.span);
      }
      for (const auto& i : s.indexes) {
        Int("index", static_cast<int>(i.kind));
        Id("name", i.index_name);
        Id("constraint", i.constraint_name);
        for (const auto& c : i.columns) Id("col", c);
      }
      Span("elements", s.elements);
      Span("options", s.options);
      Span("partition", s.partition);
      Query("select", s.select.get());
      break;
    }
    case StatementKind::kAlterTable: {
      const auto& s = st.As<AlterTableStatement>();
      Field("mod", s.modifier);
      for (const auto& spec : s.specifications) {
        Int("spec", static_cast<int>(spec.kind));
        Id("name", spec.name);
        Span("span", spec.span);
      }
      break;
    }
    case StatementKind::kDropTable: {
      const auto& s = st.As<DropTableStatement>();
      Flag("temp", s.temporary);
      Flag("ie", s.if_exists);
      Field("behavior", s.behavior);
      break;
    }
    case StatementKind::kTruncateTable:
    case StatementKind::kRenameTable:
      break;
    case StatementKind::kCreateIndex: {
      const auto& s = st.As<CreateIndexStatement>();
      Field("kind", s.index_kind);
      Id("name", s.name);
      for (const auto& c : s.columns) Id("col", c);
      Span("type", s.index_type);
      Span("rest", s.rest);
      break;
    }
    case StatementKind::kDropIndex:
      Id("name", st.As<DropIndexStatement>().name);
      Flag("ie", st.As<DropIndexStatement>().if_exists);
      break;
    case StatementKind::kCreateDatabase:
      Id("name", st.As<CreateDatabaseStatement>().name);
      Flag("ine", st.As<CreateDatabaseStatement>().if_not_exists);
      Span("options", st.As<CreateDatabaseStatement>().options);
      break;
    case StatementKind::kDropDatabase:
      Id("name", st.As<DropDatabaseStatement>().name);
      Flag("ie", st.As<DropDatabaseStatement>().if_exists);
      break;
    case StatementKind::kBegin: {
      const auto& s = st.As<BeginStatement>();
      Flag("start", s.start_transaction);
      for (const auto& c : s.characteristics) Field("c", c);
      break;
    }
    case StatementKind::kCommit:
      Field("chain", st.As<CommitStatement>().chain);
      Field("release", st.As<CommitStatement>().release);
      break;
    case StatementKind::kRollback:
      Field("chain", st.As<RollbackStatement>().chain);
      Field("release", st.As<RollbackStatement>().release);
      break;
    case StatementKind::kSavepoint:
      Id("name", st.As<SavepointStatement>().name);
      break;
    case StatementKind::kReleaseSavepoint:
      Id("name", st.As<ReleaseSavepointStatement>().name);
      break;
    case StatementKind::kRollbackToSavepoint:
      Id("name", st.As<RollbackToSavepointStatement>().name);
      break;
    case StatementKind::kXa: {
      const auto& s = st.As<XaStatement>();
      Int("action", static_cast<int>(s.action));
      for (const auto& part : s.xid) {
        Slot("xid", part.slot);
        Id("xid_id", part.identifier);
      }
      Field("suffix", s.suffix);
      Slot("format", s.recover_format);
      break;
    }
    case StatementKind::kSet: {
      const auto& s = st.As<SetStatement>();
      Int("tx_scope", static_cast<int>(s.transaction_scope));
      for (const auto& t : s.transaction_settings) Field("tx", t);
      for (const auto& a : s.assignments) {
        Open("Assign");
        Int("kind", static_cast<int>(a.kind));
        Int("scope", static_cast<int>(a.scope));
        Field("name", a.name);
        E("value", a.value.get());
        Field("kw", a.keyword_value);
        Field("charset", a.charset);
        Field("collation", a.collation);
        Close();
      }
      break;
    }
    case StatementKind::kUse:
      Id("db", st.As<UseStatement>().database);
      break;
    case StatementKind::kShow: {
      const auto& s = st.As<ShowStatement>();
      Int("kind", static_cast<int>(s.kind));
      Flag("full", s.full);
      Int("scope", static_cast<int>(s.scope));
      Id("db", s.database);
      Slot("like", s.like);
      E("where", s.where.get());
      Limit(s.limit);
      Span("text", s.span);
      break;
    }
    case StatementKind::kExplain: {
      const auto& s = st.As<ExplainStatement>();
      Field("option", s.option);
      Statement_(*s.statement);
      break;
    }
    case StatementKind::kDescribe:
      Table("t", st.As<DescribeStatement>().table);
      Field("col", st.As<DescribeStatement>().column);
      break;
    case StatementKind::kKill:
      Field("mod", st.As<KillStatement>().modifier);
      Field("target", st.As<KillStatement>().target);
      E("id", st.As<KillStatement>().id.get());
      break;
    case StatementKind::kLockTables:
      for (const auto& item : st.As<LockTablesStatement>().items) Field("lock", item.lock);
      break;
    case StatementKind::kUnlockTables:
      break;
    case StatementKind::kOther:
      Field("leading", st.As<OtherStatement>().leading);
      Span("text", st.span);
      break;
  }
  Close();
}

}  // namespace

std::string DumpAst(const Statement& statement, const StatementText& text) {
  Dumper dumper(text);
  dumper.Statement_(statement);
  return dumper.Finish();
}

bool AstEquals(const Statement& a, const StatementText& a_text, const Statement& b,
               const StatementText& b_text) {
  return DumpAst(a, a_text) == DumpAst(b, b_text);
}

}  // namespace shardproxy::sql
