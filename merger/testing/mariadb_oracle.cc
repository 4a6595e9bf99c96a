#include "merger/testing/mariadb_oracle.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/mysql_error.h"

namespace shardproxy::testing {
namespace {

std::string Unhex(absl::string_view s) {
  if (s == "-") return "";
  return absl::HexStringToBytes(s);
}

absl::Status WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n <= 0) return absl::InternalError("write to oracle helper failed");
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MariaDbOracle*> MariaDbOracle::Get() {
  static MariaDbOracle* oracle = nullptr;
  static absl::Status started = [] {
    auto* o = new MariaDbOracle();
    absl::Status s = o->Start();
    if (s.ok()) oracle = o;
    return s;
  }();
  if (!started.ok()) return started;
  return oracle;
}

absl::Status MariaDbOracle::Start() {
  absl::StatusOr<std::unique_ptr<MariaDbCluster>> cluster = MariaDbCluster::Start(1);
  if (!cluster.ok()) return cluster.status();
  cluster_ = *std::move(cluster);
  int to[2], from[2];
  if (pipe2(to, O_CLOEXEC) != 0 || pipe2(from, O_CLOEXEC) != 0) {
    return absl::InternalError("pipe failed");
  }
  std::string script = SourceDir() + "/merger/testing/mariadb_oracle.py";
  std::string port = absl::StrCat(cluster_->instance(0).port);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    dup2(to[0], STDIN_FILENO);
    dup2(from[1], STDOUT_FILENO);
    execl("/usr/bin/python3", "python3", script.c_str(), port.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to[0]);
  close(from[1]);
  helper_pid_ = pid;
  to_helper_ = to[1];
  from_helper_ = from[0];
  absl::StatusOr<OracleResult> ping = Query("SELECT 1");
  if (!ping.ok()) return ping.status();
  return absl::OkStatus();
}

MariaDbOracle::~MariaDbOracle() {
  if (to_helper_ >= 0) close(to_helper_);
  if (from_helper_ >= 0) close(from_helper_);
  if (helper_pid_ > 0) waitpid(helper_pid_, nullptr, 0);
}

absl::StatusOr<std::string> MariaDbOracle::ReadLine() {
  while (true) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    char chunk[65536];
    ssize_t n = read(from_helper_, chunk, sizeof(chunk));
    if (n <= 0) return absl::InternalError("oracle helper exited");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

absl::StatusOr<OracleResult> MariaDbOracle::Query(absl::string_view sql) {
  absl::Status w = WriteAll(to_helper_, absl::StrCat("Q ", absl::BytesToHexString(sql), "\n"));
  if (!w.ok()) return w;
  absl::StatusOr<std::string> line = ReadLine();
  if (!line.ok()) return line.status();
  OracleResult result;
  if (*line == "OK") return result;
  std::vector<std::string> parts = absl::StrSplit(*line, ' ');
  if (parts[0] == "X") {
    int code = 0;
    (void)absl::SimpleAtoi(parts[1], &code);
    return MysqlStatus(static_cast<uint16_t>(code), "HY000",
                       absl::StrCat(Unhex(parts.size() > 2 ? parts[2] : "-"), " [in: ", sql, "]"));
  }
  if (parts[0] != "R") return absl::InternalError(absl::StrCat("oracle said: ", *line));
  result.has_result_set = true;
  int n = 0;
  (void)absl::SimpleAtoi(parts[1], &n);
  for (int i = 0; i < n; ++i) {
    line = ReadLine();
    if (!line.ok()) return line.status();
    std::vector<std::string> f = absl::StrSplit(*line, ' ');
    if (f.size() != 11 || f[0] != "C") return absl::InternalError("bad column line");
    ColumnDefinition c;
    int type, charset, flags, decimals;
    int64_t length;
    c.name = Unhex(f[1]);
    (void)absl::SimpleAtoi(f[2], &type);
    (void)absl::SimpleAtoi(f[3], &charset);
    (void)absl::SimpleAtoi(f[4], &length);
    (void)absl::SimpleAtoi(f[5], &flags);
    (void)absl::SimpleAtoi(f[6], &decimals);
    c.type = static_cast<FieldType>(type);
    c.character_set = static_cast<uint16_t>(charset);
    c.column_length = static_cast<uint32_t>(length);
    c.flags = static_cast<uint16_t>(flags);
    c.decimals = static_cast<uint8_t>(decimals);
    c.table = Unhex(f[7]);
    c.org_table = Unhex(f[8]);
    c.schema = Unhex(f[9]);
    c.org_name = Unhex(f[10]);
    result.columns.push_back(std::move(c));
  }
  while (true) {
    line = ReadLine();
    if (!line.ok()) return line.status();
    if (*line == "E") break;
    std::vector<absl::string_view> cells = absl::StrSplit(*line, ' ');
    std::vector<OwnedCell> row;
    for (size_t i = 1; i < cells.size(); ++i) {
      if (cells[i] == "N") {
        row.push_back(absl::nullopt);
      } else {
        row.push_back(absl::HexStringToBytes(cells[i].substr(1)));
      }
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

absl::Status MariaDbOracle::Exec(absl::string_view statements) {
  for (absl::string_view s : absl::StrSplit(statements, ";\n", absl::SkipWhitespace())) {
    absl::StatusOr<OracleResult> r = Query(s);
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<MemoryRowStream>> MariaDbOracle::Stream(absl::string_view sql) {
  absl::StatusOr<OracleResult> r = Query(sql);
  if (!r.ok()) return r.status();
  return std::make_unique<MemoryRowStream>(std::move(r->columns), std::move(r->rows));
}

}  // namespace shardproxy::testing
