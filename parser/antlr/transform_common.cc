// Helpers shared by the per-statement transformers, and the statement dispatch.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "parser/antlr/transformer.h"
#include "parser/literal.h"

namespace shardproxy::sql {

int32_t Transformer::TokenIndex(antlr4::Token* token) const {
  return static_cast<int32_t>(token->getTokenIndex());
}
int32_t Transformer::TokenIndex(antlr4::tree::TerminalNode* node) const {
  return TokenIndex(node->getSymbol());
}
absl::string_view Transformer::TokenText(int32_t index) const {
  return digest_.TokenText(static_cast<size_t>(index));
}

TokenSpan Transformer::SpanOf(antlr4::ParserRuleContext* ctx) const {
  TokenSpan span;
  if (ctx == nullptr || ctx->getStart() == nullptr) return span;
  span.begin = TokenIndex(ctx->getStart());
  span.end = span.begin;
  antlr4::Token* stop = ctx->getStop();
  if (stop != nullptr && static_cast<int32_t>(stop->getTokenIndex()) >= span.begin &&
      stop->getType() != antlr4::Token::EOF) {
    span.end = static_cast<int32_t>(stop->getTokenIndex()) + 1;
  }
  return span;
}

std::string Transformer::UpperText(antlr4::ParserRuleContext* ctx) const {
  std::string out;
  TokenSpan span = SpanOf(ctx);
  for (int32_t i = span.begin; i < span.end; ++i) {
    if (!out.empty()) out.push_back(' ');
    out.append(absl::AsciiStrToUpper(TokenText(i)));
  }
  return out;
}

std::string Transformer::UpperText(antlr4::tree::TerminalNode* node) const {
  return absl::AsciiStrToUpper(TokenText(TokenIndex(node)));
}

Identifier Transformer::MakeIdentifierFromToken(int32_t index) const {
  Identifier id;
  id.token = index;
  absl::string_view text = TokenText(index);
  if (digest_.tokens()[index].kind == TokenKind::kQuotedIdent) {
    id.quoted = true;
    id.name = UnquoteIdentifier(text);
  } else {
    id.name = std::string(text);
  }
  return id;
}

Identifier Transformer::MakeIdentifier(P::IdentifierContext* ctx) const {
  if (ctx == nullptr) return Identifier();
  return MakeIdentifierFromToken(TokenIndex(ctx->getStart()));
}

TableName Transformer::MakeTableName(P::TableNameContext* ctx) const {
  TableName name;
  std::vector<P::IdentifierContext*> parts = ctx->identifier();
  if (parts.size() == 2) {
    name.schema = MakeIdentifier(parts[0]);
    name.name = MakeIdentifier(parts[1]);
  } else {
    name.name = MakeIdentifier(parts[0]);
  }
  name.span = SpanOf(ctx);
  return name;
}

SlotRef Transformer::MakeSlot(antlr4::tree::TerminalNode* node) const {
  SlotRef ref;
  if (node == nullptr) return ref;
  ref.token = TokenIndex(node);
  ref.slot = digest_.tokens()[ref.token].slot;
  return ref;
}

std::string Transformer::Pin(antlr4::tree::TerminalNode* node) {
  int32_t index = TokenIndex(node);
  std::string text(TokenText(index));
  int32_t slot = digest_.tokens()[index].slot;
  if (slot >= 0) {
    bool known = std::any_of(tmpl_->pinned.begin(), tmpl_->pinned.end(),
                             [&](const PinnedSlot& p) { return p.slot == slot; });
    if (!known) tmpl_->pinned.push_back(PinnedSlot{slot, text});
  }
  return text;
}

std::string Transformer::PinnedStringValue(antlr4::tree::TerminalNode* node) {
  return DecodeStringLiteral(Pin(node));
}

std::string Transformer::CharsetName(P::CharsetOrCollationNameContext* ctx) {
  if (ctx->TK_STRING() != nullptr) return PinnedStringValue(ctx->TK_STRING());
  if (ctx->identifier() != nullptr) return MakeIdentifier(ctx->identifier()).name;
  return UpperText(ctx);  // BINARY / DEFAULT
}

void Transformer::AddTable(const TableName& name, const Identifier& alias, TableUsage usage) {
  TableOccurrence occurrence;
  occurrence.name = name;
  occurrence.alias = alias;
  occurrence.usage = usage;
  tables_.push_back(std::move(occurrence));
}

antlr4::tree::TerminalNode* Transformer::FindToken(antlr4::ParserRuleContext* ctx, size_t type) {
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal != nullptr && terminal->getSymbol()->getType() == type) return terminal;
  }
  return nullptr;
}

StatementPtr Transformer::Transform(P::RootContext* root) {
  StatementPtr statement = TransformStatement(root->statement());
  std::stable_sort(tables_.begin(), tables_.end(),
                   [](const TableOccurrence& a, const TableOccurrence& b) {
                     return a.name.span.begin < b.name.span.begin;
                   });
  for (TableOccurrence& t : tables_) {
    if (t.name.schema.empty() &&
        std::find(cte_names_.begin(), cte_names_.end(), t.name.name.name) != cte_names_.end()) {
      t.cte = true;
    }
  }
  statement->tables = std::move(tables_);
  statement->span = SpanOf(root->statement());
  return statement;
}

StatementPtr Transformer::TransformStatement(P::StatementContext* ctx) {
  if (auto* c = ctx->selectStatement()) return TransformSelectStatement(c);
  if (auto* c = ctx->insertStatement()) return TransformInsert(c);
  if (auto* c = ctx->updateStatement()) return TransformUpdate(c);
  if (auto* c = ctx->deleteStatement()) return TransformDelete(c);
  if (auto* c = ctx->createTableStatement()) return TransformCreateTable(c);
  if (auto* c = ctx->createIndexStatement()) return TransformCreateIndex(c);
  if (auto* c = ctx->createDatabaseStatement()) return TransformCreateDatabase(c);
  if (auto* c = ctx->alterTableStatement()) return TransformAlterTable(c);
  if (auto* c = ctx->dropTableStatement()) return TransformDropTable(c);
  if (auto* c = ctx->dropIndexStatement()) return TransformDropIndex(c);
  if (auto* c = ctx->dropDatabaseStatement()) return TransformDropDatabase(c);
  if (auto* c = ctx->truncateTableStatement()) return TransformTruncateTable(c);
  if (auto* c = ctx->renameTableStatement()) return TransformRenameTable(c);
  if (auto* c = ctx->beginStatement()) return TransformBegin(c);
  if (auto* c = ctx->commitStatement()) return TransformCommit(c);
  if (auto* c = ctx->rollbackStatement()) return TransformRollback(c);
  if (auto* c = ctx->savepointStatement()) return TransformSavepoint(c);
  if (auto* c = ctx->releaseSavepointStatement()) return TransformReleaseSavepoint(c);
  if (auto* c = ctx->xaStatement()) return TransformXa(c);
  if (auto* c = ctx->setStatement()) return TransformSet(c);
  if (auto* c = ctx->useStatement()) return TransformUse(c);
  if (auto* c = ctx->showStatement()) return TransformShow(c);
  if (auto* c = ctx->explainStatement()) return TransformExplain(c);
  if (auto* c = ctx->killStatement()) return TransformKill(c);
  if (auto* c = ctx->lockTablesStatement()) return TransformLockTables(c);
  if (auto* c = ctx->unlockTablesStatement()) return TransformUnlockTables(c);
  return TransformOther(ctx->otherStatement());
}

}  // namespace shardproxy::sql
