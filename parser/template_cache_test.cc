#include "parser/template_cache.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "parser/parser.h"
#include "parser/printer.h"

namespace shardproxy::sql {
namespace {

std::shared_ptr<const StatementTemplate> MakeTemplate(const SqlDigest& digest) {
  auto t = std::make_shared<StatementTemplate>();
  t->digest = std::string(digest.text());
  return t;
}

TEST(TemplateCacheTest, HitMissAndLruEviction) {
  TemplateCache cache(/*capacity=*/2, /*shards=*/1);
  SqlDigest a, b, c;
  ASSERT_TRUE(a.Compute("SELECT 1 FROM a").ok());
  ASSERT_TRUE(b.Compute("SELECT 1 FROM b").ok());
  ASSERT_TRUE(c.Compute("SELECT 1 FROM c").ok());
  EXPECT_EQ(cache.Lookup(a), nullptr);
  cache.Insert(a, MakeTemplate(a));
  cache.Insert(b, MakeTemplate(b));
  EXPECT_NE(cache.Lookup(a), nullptr);  // a is now the most recently used
  cache.Insert(c, MakeTemplate(c));     // evicts b
  EXPECT_NE(cache.Lookup(a), nullptr);
  EXPECT_EQ(cache.Lookup(b), nullptr);
  EXPECT_NE(cache.Lookup(c), nullptr);
  TemplateCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.size, 2u);
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(stats.hits, 3u);
  EXPECT_EQ(stats.misses, 2u);
}

TEST(TemplateCacheTest, EvictedTemplatesStayAliveWhileUsed) {
  TemplateCache cache(1, 1);
  SqlDigest a, b;
  ASSERT_TRUE(a.Compute("SELECT 1 FROM a").ok());
  ASSERT_TRUE(b.Compute("SELECT 1 FROM b").ok());
  cache.Insert(a, MakeTemplate(a));
  std::shared_ptr<const StatementTemplate> held = cache.Lookup(a);
  cache.Insert(b, MakeTemplate(b));
  EXPECT_EQ(cache.Lookup(a), nullptr);
  EXPECT_EQ(held->digest, "SELECT ?i FROM a");
}

TEST(TemplateCacheTest, BoundedUnderManyShapes) {
  ParserOptions options;
  options.cache_capacity = 64;
  options.cache_shards = 4;
  Parser parser(options);
  BoundStatement stmt;
  for (int i = 0; i < 1000; ++i) {
    std::string sql = absl::StrCat("SELECT c", i, " FROM t WHERE id = ", i);
    ASSERT_TRUE(parser.Parse(sql, &stmt).ok());
  }
  EXPECT_LE(parser.cache_stats().size, 64u);
  EXPECT_GE(parser.cache_stats().evictions, 1000u - 64u);
}

// Many threads parsing overlapping shapes: every result must be the statement it parsed
// (checked by printing), whatever template it got and whoever inserted it.
TEST(TemplateCacheTest, ConcurrentParsesAreCorrect) {
  ParserOptions options;
  options.cache_capacity = 32;  // small: forces concurrent eviction too
  Parser parser(options);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      BoundStatement stmt;
      for (int i = 0; i < 3000; ++i) {
        int shape = (i * 7 + t) % 50;
        std::string sql = absl::StrCat("SELECT c", shape, " FROM t WHERE id = ", i, " AND k IN (",
                                       t, ", ", i, ")");
        if (!parser.Parse(sql, &stmt).ok()) {
          ++failures;
          continue;
        }
        std::string expected = absl::StrCat("SELECT c", shape, " FROM t WHERE (id = ", i,
                                            ") AND (k IN (", t, ", ", i, "))");
        if (PrintSql(stmt.statement(), stmt) != expected) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(parser.cache_stats().hits, 0u);
}

}  // namespace
}  // namespace shardproxy::sql
