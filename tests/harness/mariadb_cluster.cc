#include "tests/harness/mariadb_cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace shardproxy::testing {
namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::string ShellQuote(absl::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

// The JSON the script prints is flat and machine-made; a regex over each instance object is
// enough and keeps a JSON library out of the test harness.
std::vector<MariaDbInstance> ParseInstances(const std::string& json) {
  std::vector<MariaDbInstance> out;
  std::regex object(R"re(\{"host": "([^"]*)", "port": (\d+), "user": "([^"]*)", "password": "([^"]*)", "socket": "[^"]*", "pid": (\d+), "directory": "([^"]*)"\})re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), object);
       it != std::sregex_iterator(); ++it) {
    MariaDbInstance instance;
    instance.host = (*it)[1];
    instance.port = std::stoi((*it)[2]);
    instance.user = (*it)[3];
    instance.password = (*it)[4];
    instance.pid = static_cast<pid_t>(std::stol((*it)[5]));
    instance.directory = (*it)[6];
    out.push_back(std::move(instance));
  }
  return out;
}

}  // namespace

std::string SourceDir() { return EnvOr("SHARDPROXY_SOURCE_DIR", "."); }
std::string BinaryDir() { return EnvOr("SHARDPROXY_BINARY_DIR", "."); }

absl::StatusOr<std::unique_ptr<MariaDbCluster>> MariaDbCluster::Start(int count) {
  int to_child[2];
  int from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) {
    return absl::InternalError("pipe failed");
  }
  std::string script = SourceDir() + "/tests/harness/cluster.py";
  std::string count_arg = absl::StrCat(count);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    dup2(to_child[0], STDIN_FILENO);
    dup2(from_child[1], STDOUT_FILENO);
    execl("/usr/bin/python3", "python3", script.c_str(), "serve", "--count", count_arg.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  auto cluster = std::unique_ptr<MariaDbCluster>(new MariaDbCluster());
  cluster->server_pid_ = pid;
  cluster->stdin_fd_ = to_child[1];

  std::string line;
  char c;
  while (read(from_child[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  cluster->stdout_fd_ = from_child[0];
  cluster->instances_ = ParseInstances(line);
  if (static_cast<int>(cluster->instances_.size()) != count) {
    return absl::InternalError(absl::StrCat("cluster.py serve did not start ", count,
                                            " instances; it printed: ", line));
  }
  return cluster;
}

MariaDbCluster::~MariaDbCluster() {
  if (stdin_fd_ >= 0) close(stdin_fd_);  // the script stops the servers when its stdin closes
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (server_pid_ > 0) {
    int status = 0;
    waitpid(server_pid_, &status, 0);
  }
}

absl::Status MariaDbCluster::Kill(int i) { return Command("kill", i); }
absl::Status MariaDbCluster::Restart(int i) { return Command("start", i); }

absl::Status MariaDbCluster::Command(absl::string_view command, int i) {
  std::string request = absl::StrCat(command, " ", i, "\n");
  if (write(stdin_fd_, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    return absl::InternalError("cluster.py serve is gone");
  }
  std::string reply;
  char c;
  while (read(stdout_fd_, &c, 1) == 1 && c != '\n') reply.push_back(c);
  std::smatch match;
  static const std::regex kOk(R"re(\{"ok": true, "pid": (\d+), "port": (\d+)\})re");
  if (!std::regex_match(reply, match, kOk)) {
    return absl::InternalError(absl::StrCat(command, " ", i, " failed: ", reply));
  }
  instances_[i].pid = static_cast<pid_t>(std::stol(match[1]));
  instances_[i].port = std::stoi(match[2]);
  return absl::OkStatus();
}

absl::StatusOr<std::string> MariaDbCluster::Sql(int i, absl::string_view statement) const {
  const MariaDbInstance& inst = instances_.at(i);
  std::string command = absl::StrCat("/usr/bin/mariadb --no-defaults -h127.0.0.1 -P", inst.port,
                                     " -u", inst.user, " -B -N -e ", ShellQuote(statement),
                                     " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return absl::InternalError("popen failed");
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  int status = pclose(pipe);
  if (status != 0) return absl::InternalError(absl::StrCat("mariadb CLI failed: ", output));
  return output;
}

}  // namespace shardproxy::testing
