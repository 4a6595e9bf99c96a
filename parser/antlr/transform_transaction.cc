// Transaction control and XA.
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {
namespace {

std::string ChainText(P::ChainOptionContext* ctx) {
  if (ctx == nullptr) return "";
  return ctx->NO() != nullptr ? "AND NO CHAIN" : "AND CHAIN";
}
std::string ReleaseText(P::ReleaseOptionContext* ctx) {
  if (ctx == nullptr) return "";
  return ctx->NO() != nullptr ? "NO RELEASE" : "RELEASE";
}

}  // namespace

StatementPtr Transformer::TransformBegin(P::BeginStatementContext* ctx) {
  auto begin = std::make_unique<BeginStatement>();
  begin->start_transaction = ctx->START() != nullptr;
  begin->work = ctx->WORK() != nullptr;
  for (auto* c : ctx->transactionCharacteristic()) begin->characteristics.push_back(UpperText(c));
  return begin;
}

StatementPtr Transformer::TransformCommit(P::CommitStatementContext* ctx) {
  auto commit = std::make_unique<CommitStatement>();
  commit->work = ctx->WORK() != nullptr;
  commit->chain = ChainText(ctx->chainOption());
  commit->release = ReleaseText(ctx->releaseOption());
  return commit;
}

StatementPtr Transformer::TransformRollback(P::RollbackStatementContext* ctx) {
  if (auto* to = dynamic_cast<P::RollbackToSavepointContext*>(ctx)) {
    auto rollback = std::make_unique<RollbackToSavepointStatement>();
    rollback->work = to->WORK() != nullptr;
    rollback->savepoint_keyword = to->SAVEPOINT() != nullptr;
    rollback->name = MakeIdentifier(to->identifier());
    return rollback;
  }
  auto* plain = dynamic_cast<P::PlainRollbackContext*>(ctx);
  auto rollback = std::make_unique<RollbackStatement>();
  rollback->work = plain->WORK() != nullptr;
  rollback->chain = ChainText(plain->chainOption());
  rollback->release = ReleaseText(plain->releaseOption());
  return rollback;
}

StatementPtr Transformer::TransformSavepoint(P::SavepointStatementContext* ctx) {
  auto savepoint = std::make_unique<SavepointStatement>();
  savepoint->name = MakeIdentifier(ctx->identifier());
  return savepoint;
}

StatementPtr Transformer::TransformReleaseSavepoint(P::ReleaseSavepointStatementContext* ctx) {
  auto release = std::make_unique<ReleaseSavepointStatement>();
  release->name = MakeIdentifier(ctx->identifier());
  return release;
}

StatementPtr Transformer::TransformXa(P::XaStatementContext* ctx) {
  auto xa = std::make_unique<XaStatement>();
  P::XidContext* xid = nullptr;
  using Action = XaStatement::Action;
  if (auto* c = dynamic_cast<P::XaStartContext*>(ctx)) {
    xa->action = Action::kStart;
    xa->verb = c->START() != nullptr ? "START" : "BEGIN";
    if (c->JOIN() != nullptr) xa->suffix = "JOIN";
    if (c->RESUME() != nullptr) xa->suffix = "RESUME";
    xid = c->xid();
  } else if (auto* c = dynamic_cast<P::XaEndContext*>(ctx)) {
    xa->action = Action::kEnd;
    if (c->SUSPEND() != nullptr)
      xa->suffix = c->MIGRATE() != nullptr ? "SUSPEND FOR MIGRATE" : "SUSPEND";
    xid = c->xid();
  } else if (auto* c = dynamic_cast<P::XaPrepareContext*>(ctx)) {
    xa->action = Action::kPrepare;
    xid = c->xid();
  } else if (auto* c = dynamic_cast<P::XaCommitContext*>(ctx)) {
    xa->action = Action::kCommit;
    if (c->ONE() != nullptr) xa->suffix = "ONE PHASE";
    xid = c->xid();
  } else if (auto* c = dynamic_cast<P::XaRollbackContext*>(ctx)) {
    xa->action = Action::kRollback;
    xid = c->xid();
  } else {
    auto* recover = dynamic_cast<P::XaRecoverContext*>(ctx);
    xa->action = Action::kRecover;
    if (recover->TK_STRING() != nullptr) xa->recover_format = MakeSlot(recover->TK_STRING());
  }
  if (xid != nullptr) {
    for (auto* part : xid->xidPart()) {
      XaStatement::XidPart xid_part;
      if (part->identifier() != nullptr) {
        xid_part.identifier = MakeIdentifier(part->identifier());
      } else {
        xid_part.slot = MakeSlot(dynamic_cast<antlr4::tree::TerminalNode*>(part->children[0]));
      }
      xa->xid.push_back(std::move(xid_part));
    }
    if (xid->TK_INT() != nullptr) {
      XaStatement::XidPart format;
      format.slot = MakeSlot(xid->TK_INT());
      xa->xid.push_back(std::move(format));
    }
  }
  return xa;
}

}  // namespace shardproxy::sql
