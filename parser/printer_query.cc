// Query expressions, select lists and table references to SQL.
#include "parser/printer_internal.h"

namespace shardproxy::sql::printer_internal {

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
        Qualifier(item.star_table);
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

}  // namespace shardproxy::sql::printer_internal
