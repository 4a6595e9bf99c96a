// Expressions to SQL.
#include "parser/printer_internal.h"

namespace shardproxy::sql::printer_internal {

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
        Qualifier(c.table);
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
            u.operand->kind == ExprKind::kVariable || u.operand->kind == ExprKind::kParam ||
            u.operand->kind == ExprKind::kSubquery);  // prints its own parentheses
      if (u.operand->kind == ExprKind::kUnary) {
        // A chain of sign and bit operators needs no parentheses (`~~x`, `-~x`, `!-x`), and
        // adding them would nest the printed text deeper than what was parsed. `- -x` keeps
        // its space (`--` starts a comment); NOT and BINARY bind looser and keep parentheses.
        UnaryOp inner = u.operand->As<UnaryExpr>().op;
        wrap = inner == UnaryOp::kNot || inner == UnaryOp::kBinary;
        if (inner == UnaryOp::kMinus && u.op == UnaryOp::kMinus) out_.push_back(' ');
      }
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
          if (!f.order_by.empty()) {
            out_.append(" ORDER BY ");
            OrderItems(f.order_by);
          }
          if (f.limit.has_value()) Limit(*f.limit);
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
          if (f.limit.has_value()) Limit(*f.limit);
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

}  // namespace shardproxy::sql::printer_internal
