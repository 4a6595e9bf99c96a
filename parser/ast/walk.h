// Walking the AST without a switch over every node kind: the router finds sharding conditions,
// subqueries, aggregates and column references with these instead of its own traversal, so a
// node kind added here is seen everywhere.
//
//   WalkStatement(stmt, [&](const QueryNode& q) { … }, [&](const Expr& e) { … });
//
// Traversal is in source order and never allocates. Recursion depth is bounded by the parser's
// nesting limit (kMaxParenDepth), so walking any parsed statement is safe.
#ifndef SHARDPROXY_PARSER_AST_WALK_H_
#define SHARDPROXY_PARSER_AST_WALK_H_

#include "absl/functional/function_ref.h"
#include "parser/ast/expression.h"
#include "parser/ast/query.h"
#include "parser/ast/statement.h"

namespace shardproxy::sql {

// Calls on_expr for each direct child expression of `expr` (operands, arguments, CASE arms,
// OVER (PARTITION BY … ORDER BY …), GROUP_CONCAT's ORDER BY, …) and
// on_query for the query an expression holds (scalar subquery, EXISTS, IN (SELECT …),
// x = ANY (SELECT …)). Does not descend further.
void ForEachChild(const Expr& expr, absl::FunctionRef<void(const Expr&)> on_expr,
                  absl::FunctionRef<void(const QueryNode&)> on_query);

// Visits `expr` and all its subexpressions in pre-order, not entering subqueries.
void ForEachExpr(const Expr& expr, absl::FunctionRef<void(const Expr&)> fn);

// Visits every query node and every expression of the statement, recursively and in source order:
// on_query for each QueryNode (SELECT blocks, set operations, parenthesised queries, WITH
// queries, derived tables, subqueries in expressions, INSERT … SELECT, CREATE TABLE … SELECT,
// EXPLAIN's statement), on_expr for every expression node (select items, WHERE, JOIN … ON,
// GROUP BY, HAVING, ORDER BY, SET values, VALUES rows, ON DUPLICATE KEY UPDATE, …), subqueries'
// expressions included. DDL bodies and other parts kept as token spans are not expressions.
void WalkStatement(const Statement& statement, absl::FunctionRef<void(const QueryNode&)> on_query,
                   absl::FunctionRef<void(const Expr&)> on_expr);

// Like WalkStatement, from one query node (itself included).
void WalkQuery(const QueryNode& query, absl::FunctionRef<void(const QueryNode&)> on_query,
               absl::FunctionRef<void(const Expr&)> on_expr);

// The SELECT blocks of a query expression: the query itself, or each operand of its set
// operations (UNION, INTERSECT, EXCEPT) through parentheses, in source order. Does not enter
// subqueries or derived tables.
void ForEachSelectBlock(const QueryNode& query, absl::FunctionRef<void(const SelectNode&)> fn);

// The base tables of a FROM item, through joins and parenthesised lists, in source order.
// Derived tables are not entered.
void ForEachBaseTable(const TableRef& ref, absl::FunctionRef<void(const BaseTableRef&)> fn);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_WALK_H_
