#include "proxy/ops/metrics_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy::ops {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string HttpGet(uint16_t port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return "connect failed";
  }
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
  close(fd);
  return response;
}

TEST(MetricsHttpServerTest, ServesTheRegistryAtSlashMetrics) {
  MetricsRegistry registry(1);
  registry.AddCounter("sp_statements_total", "Statements", {{"type", "select"}})->Add(0, 42);
  auto server = MetricsHttpServer::Start("127.0.0.1", 0, &registry);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_NE((*server)->port(), 0);

  std::string ok = HttpGet((*server)->port(), "GET /metrics HTTP/1.0\r\n\r\n");
  EXPECT_THAT(ok, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(ok, HasSubstr("Content-Type: text/plain; version=0.0.4"));
  EXPECT_THAT(ok, HasSubstr("sp_statements_total{type=\"select\"} 42\n"));

  EXPECT_THAT(HttpGet((*server)->port(), "GET /other HTTP/1.0\r\n\r\n"),
              StartsWith("HTTP/1.1 404"));
  EXPECT_THAT(HttpGet((*server)->port(), "DELETE /metrics HTTP/1.0\r\n\r\n"),
              StartsWith("HTTP/1.1 405"));
}

TEST(MetricsHttpServerTest, ABusyPortIsAClearError) {
  MetricsRegistry registry(1);
  auto first = MetricsHttpServer::Start("127.0.0.1", 0, &registry);
  ASSERT_TRUE(first.ok());
  auto second = MetricsHttpServer::Start("127.0.0.1", (*first)->port(), &registry);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("cannot serve metrics on"));
  EXPECT_FALSE(MetricsHttpServer::Start("not-an-ip", 0, &registry).ok());
}

}  // namespace
}  // namespace shardproxy::ops
