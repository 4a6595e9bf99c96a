#include "xa/xid.h"

#include <set>
#include <thread>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(GtridTest, FormatsAndParsesBack) {
  GtridParts parts{"proxy_a1", 12, 40917};
  std::string gtrid = FormatGtrid(parts);
  EXPECT_EQ(gtrid, "sp-proxy_a1-12-40917");
  absl::optional<GtridParts> parsed = ParseGtrid(gtrid);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->instance_id, "proxy_a1");
  EXPECT_EQ(parsed->epoch, 12u);
  EXPECT_EQ(parsed->sequence, 40917u);
}

TEST(GtridTest, LongestGtridFitsXaLimit) {
  std::string instance(kMaxInstanceIdBytes, 'z');
  std::string gtrid = FormatGtrid({instance, UINT32_MAX, UINT64_MAX});
  EXPECT_LE(gtrid.size(), kMaxGtridBytes);
  EXPECT_TRUE(ParseGtrid(gtrid).has_value());
}

TEST(GtridTest, RejectsWhatWeDidNotMint) {
  for (absl::string_view other :
       {"", "sp-", "sp-a-1", "sp-a-1-2-3", "sp--1-2", "sp-a-x-2", "sp-a-1-", "sp-a-01-2",
        "sp-a b-1-2", "xa-a-1-2", "SP-a-1-2", "sp-a-1-99999999999999999999999",
        "sp-aaaaaaaaaaaaaaaaaaaaaaaaa-1-2" /* 25-char instance */}) {
    EXPECT_FALSE(ParseGtrid(other).has_value()) << other;
  }
}

TEST(InstanceIdTest, Validation) {
  EXPECT_TRUE(ValidateInstanceId("a").ok());
  EXPECT_TRUE(ValidateInstanceId("Proxy_01").ok());
  EXPECT_FALSE(ValidateInstanceId("").ok());
  EXPECT_FALSE(ValidateInstanceId("a-b").ok());
  EXPECT_FALSE(ValidateInstanceId("a.b").ok());
  EXPECT_FALSE(ValidateInstanceId(std::string(25, 'a')).ok());
  EXPECT_TRUE(ValidateBranchQualifier("ds0").ok());
  EXPECT_TRUE(ValidateBranchQualifier(std::string(64, 'd')).ok());
  EXPECT_FALSE(ValidateBranchQualifier(std::string(65, 'd')).ok());
  EXPECT_FALSE(ValidateBranchQualifier("").ok());
}

TEST(XidTest, OwnershipNeedsFormatAndInstance) {
  Xid ours{kXidFormatId, "sp-p1-3-7", "ds0"};
  EXPECT_TRUE(IsOwnXid(ours, "p1"));
  EXPECT_FALSE(IsOwnXid(ours, "p2"));
  EXPECT_FALSE(IsOwnXid(ours, "p"));
  Xid other_format = ours;
  other_format.format_id = 1;
  EXPECT_FALSE(IsOwnXid(other_format, "p1"));
  Xid foreign{kXidFormatId, "app-transaction-7", "ds0"};
  EXPECT_FALSE(IsOwnXid(foreign, "p1"));
}

TEST(XidTest, SqlUsesHexLiterals) {
  Xid xid{kXidFormatId, "sp-p1-3-7", "ds0"};
  EXPECT_EQ(XidSqlLiteral(xid), "X'73702d70312d332d37',X'647330',1397774385");
  EXPECT_EQ(XaStatementSql(XaVerb::kStart, xid),
            "XA START X'73702d70312d332d37',X'647330',1397774385");
  EXPECT_EQ(XaStatementSql(XaVerb::kEnd, xid), "XA END " + XidSqlLiteral(xid));
  EXPECT_EQ(XaStatementSql(XaVerb::kPrepare, xid), "XA PREPARE " + XidSqlLiteral(xid));
  EXPECT_EQ(XaStatementSql(XaVerb::kCommit, xid), "XA COMMIT " + XidSqlLiteral(xid));
  EXPECT_EQ(XaStatementSql(XaVerb::kCommitOnePhase, xid),
            "XA COMMIT " + XidSqlLiteral(xid) + " ONE PHASE");
  EXPECT_EQ(XaStatementSql(XaVerb::kRollback, xid), "XA ROLLBACK " + XidSqlLiteral(xid));
}

TEST(XidTest, SqlOfBytesThatNeedQuotingIsStillPlainHex) {
  Xid xid{7, std::string("a'b\\\0c", 6), ""};
  EXPECT_EQ(XidSqlLiteral(xid), "X'6127625c0063',X'',7");
}

// Rows as MariaDB 10.11 returns them (captured from a real server; see tests/xa for the live
// check): plain XA RECOVER gives the raw bytes, FORMAT='SQL' quotes plain ids and hex-encodes
// anything else.
TEST(XaRecoverRowTest, PlainForm) {
  absl::StatusOr<Xid> xid = ParseXaRecoverRow("1397774385", "10", "3", "sp-abc-1-2ds0");
  ASSERT_TRUE(xid.ok()) << xid.status();
  EXPECT_EQ(*xid, (Xid{kXidFormatId, "sp-abc-1-2", "ds0"}));
  absl::StatusOr<Xid> binary = ParseXaRecoverRow("7", "3", "1", absl::string_view("\0\xff'\\", 4));
  ASSERT_TRUE(binary.ok()) << binary.status();
  EXPECT_EQ(*binary, (Xid{7, std::string("\0\xff'", 3), "\\"}));
  absl::StatusOr<Xid> empty_bqual = ParseXaRecoverRow("1", "3", "0", "a'b");
  ASSERT_TRUE(empty_bqual.ok());
  EXPECT_EQ(*empty_bqual, (Xid{1, "a'b", ""}));
}

TEST(XaRecoverRowTest, SqlForm) {
  absl::StatusOr<Xid> quoted =
      ParseXaRecoverRow("1397774385", "10", "3", "'sp-abc-1-2','ds0',1397774385");
  ASSERT_TRUE(quoted.ok()) << quoted.status();
  EXPECT_EQ(*quoted, (Xid{kXidFormatId, "sp-abc-1-2", "ds0"}));
  absl::StatusOr<Xid> hex = ParseXaRecoverRow("7", "3", "1", "X'00ff27',X'5c',7");
  ASSERT_TRUE(hex.ok()) << hex.status();
  EXPECT_EQ(*hex, (Xid{7, std::string("\0\xff'", 3), "\\"}));
  absl::StatusOr<Xid> empty = ParseXaRecoverRow("7", "3", "0", "X'612762',X'',7");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*empty, (Xid{7, "a'b", ""}));
  absl::StatusOr<Xid> doubled = ParseXaRecoverRow("7", "3", "0", "'a''b','',7");
  ASSERT_TRUE(doubled.ok()) << doubled.status();
  EXPECT_EQ(doubled->gtrid, "a'b");
}

TEST(XaRecoverRowTest, RejectsRowsThatContradictThemselves) {
  EXPECT_FALSE(ParseXaRecoverRow("x", "1", "1", "ab").ok());
  EXPECT_FALSE(ParseXaRecoverRow("1", "65", "0", std::string(65, 'a')).ok());
  EXPECT_FALSE(ParseXaRecoverRow("1", "2", "2", "abc").ok());
  EXPECT_FALSE(ParseXaRecoverRow("7", "3", "1", "X'00ff27',X'5c',8").ok());  // formatID
  EXPECT_FALSE(ParseXaRecoverRow("7", "2", "1", "X'00ff27',X'5c',7").ok());  // length
  EXPECT_FALSE(ParseXaRecoverRow("7", "3", "1", "X'00ff2',X'5c',7").ok());   // odd hex
  EXPECT_FALSE(ParseXaRecoverRow("7", "3", "1", "'abc,X'5c',7").ok());       // open quote
  absl::StatusOr<Xid> bad = ParseXaRecoverRow("1", "2", "2", "abc");
  EXPECT_NE(bad.status().message().find("gtrid_length=2"), std::string::npos) << bad.status();
}

TEST(GtridGeneratorTest, UniqueAcrossThreadsAndEpochs) {
  GtridGenerator first_boot("p1", 1);
  GtridGenerator second_boot("p1", 2);
  std::set<std::string> seen;
  std::vector<std::string> a, b;
  std::thread t1([&] {
    for (int i = 0; i < 1000; ++i) a.push_back(first_boot.Next());
  });
  std::thread t2([&] {
    for (int i = 0; i < 1000; ++i) b.push_back(first_boot.Next());
  });
  t1.join();
  t2.join();
  for (const auto& g : a) seen.insert(g);
  for (const auto& g : b) seen.insert(g);
  for (int i = 0; i < 1000; ++i) seen.insert(second_boot.Next());
  EXPECT_EQ(seen.size(), 3000u);
  for (const auto& g : seen) ASSERT_TRUE(ParseGtrid(g).has_value()) << g;
}

}  // namespace
}  // namespace shardproxy
