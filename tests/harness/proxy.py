"""Starts a shardproxy binary in front of harness MariaDB instances, for client tests.

    with MariaDBCluster(2) as cluster, ShardProxy(passthrough_config(cluster.instances[0])) as proxy:
        conn = pymysql.connect(host="127.0.0.1", port=proxy.port, user=proxy.user, ...)

The proxy runs with its log in its own directory; on exit it gets SIGTERM (then SIGKILL), and the
log tail is printed when a test fails to start it.
"""

import os
import signal
import subprocess
import tempfile
import time

from cluster import _die_with_parent, free_port, wait_for_port


def proxy_binary():
    path = os.environ.get("SHARDPROXY_BIN")
    if path:
        return path
    root = os.environ.get("SHARDPROXY_SOURCE_DIR", os.getcwd())
    return os.path.join(root, "build", "release", "proxy", "shardproxy")


def _yaml_quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def data_source_yaml(name, instance, database, unix_socket=False):
    """One data source line; with unix_socket the proxy reaches the instance over its socket file."""
    address = (f"socket: {_yaml_quote(instance.socket)}" if unix_socket else
               f"host: 127.0.0.1, port: {instance.port}")
    return (f"  {name}: {{ {address}, user: {instance.user}, "
            f"password: {_yaml_quote(instance.password)}, database: {database}, "
            f"max_connections: 64 }}\n")


def passthrough_config(instance, database="shop", user="app", password="app_pw", port=None,
                       workers=2, extra="", unix_socket=False):
    """A config with one data source and no sharding rules: every statement passes through."""
    return (f"listen: 127.0.0.1:{port or free_port()}\n"
            f"workers: {workers}\n"
            f"database: {database}\n"
            f"users:\n  - {{ name: {user}, password: {_yaml_quote(password)} }}\n"
            f"data_sources:\n" + data_source_yaml("ds0", instance, database, unix_socket) +
            "default_data_source: ds0\n" + extra)


def _listen_port(config_text):
    for line in config_text.splitlines():
        if line.startswith("listen:"):
            return int(line.rsplit(":", 1)[1])
    raise ValueError("config has no listen: line")


class ShardProxy:
    def __init__(self, config_text, user="app", password="app_pw", binary=None, log_level="info",
                 args=()):
        self.config_text = config_text
        self.binary = binary or proxy_binary()
        self.directory = tempfile.mkdtemp(prefix="shardproxy-proxy-")
        self.config_path = os.path.join(self.directory, "shardproxy.yaml")
        self.log_path = os.path.join(self.directory, "shardproxy.log")
        self.port = _listen_port(config_text)
        self.user = user
        self.password = password
        self.log_level = log_level
        self.args = list(args)
        self.process = None

    def start(self, timeout=30.0):
        with open(self.config_path, "w") as f:
            f.write(self.config_text)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "--config", self.config_path, "--log-level", self.log_level] + self.args,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)
        log.close()
        if not wait_for_port(self.port, timeout, self.process):
            self.stop()
            raise RuntimeError(f"shardproxy did not start listening on {self.port}:\n{self.log_tail()}")
        return self

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def log_text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_for_log(self, text, timeout=10.0):
        """The log once it holds `text` (the proxy may accept connections before it has logged
        that it listens), or as it is after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.log_text()
            if text in log or time.monotonic() >= deadline:
                return log
            time.sleep(0.05)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, sig):
        self.process.send_signal(sig)

    def stop(self, timeout=20.0):
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        code = self.process.returncode
        self.process = None
        return code

    def kill(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def cpu_seconds(self):
        """User + system CPU seconds the proxy process has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def descriptor_count(self):
        """Open descriptors of the proxy process (sockets, log, epoll and event fds)."""
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def settled_descriptor_count(self, limit, timeout=5.0):
        """descriptor_count() once it is at most `limit`, or after `timeout` seconds.

        A client that goes away is noticed by the worker owning its session, possibly after
        the test's next query was answered by another worker; a leak never settles."""
        deadline = time.monotonic() + timeout
        count = self.descriptor_count()
        while count > limit and time.monotonic() < deadline:
            time.sleep(0.05)
            count = self.descriptor_count()
        return count

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False
