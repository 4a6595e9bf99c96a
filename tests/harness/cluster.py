#!/usr/bin/python3
"""Throwaway MariaDB instances on loopback for tests, the quickstart and benchmarks.

As a module:
    with MariaDBCluster(2) as cluster:
        cluster.instances[0].port ...

As a command:
    cluster.py start --count 2 --dir var/mariadb      # detached; survives this process
    cluster.py stop --dir var/mariadb
    cluster.py serve --count 2                        # prints JSON, then holds the instances
                                                      # until stdin closes (C++ tests use this);
                                                      # stdin lines "kill N" / "start N" crash
                                                      # and restart instance N

Every instance gets its own data directory copied from a template made once by
mariadb-install-db, a free loopback port, root without a password, utf8mb4 by default.
Instances started by `serve` or by the context manager die with the process that started them
(PR_SET_PDEATHSIG), so a crashed test leaves no server behind; their directories are removed.
"""

import argparse
import ctypes
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db") or "/usr/bin/mariadb-install-db"
MARIADB_CLI = shutil.which("mariadb") or "/usr/bin/mariadb"

_PR_SET_PDEATHSIG = 1


def free_port():
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=30.0, process=None):
    """Waits until something accepts TCP connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _die_with_parent():
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    os.setpgrp()  # a Ctrl-C in the terminal goes to the test, which then stops us in order


def _template_dir():
    version = subprocess.run([MARIADBD, "--version"], capture_output=True, text=True).stdout
    tag = hashlib.sha1(version.encode()).hexdigest()[:12]
    return os.path.join(tempfile.gettempdir(), f"shardproxy-mariadb-template-{tag}-uid{os.getuid()}")


def _ensure_template():
    """A pristine data directory made once by mariadb-install-db; instances copy it."""
    template = _template_dir()
    if os.path.isfile(os.path.join(template, ".complete")):
        return template
    staging = tempfile.mkdtemp(prefix="shardproxy-template-")
    datadir = os.path.join(staging, "data")
    # --force: no host-name lookup (a fresh root or container may have no /etc/hosts entry for
    # its name); the servers run with --skip-name-resolve anyway.
    cmd = [INSTALL_DB, "--no-defaults", f"--datadir={datadir}", "--skip-test-db",
           "--auth-root-authentication-method=normal", "--force"]
    if os.getuid() == 0:
        cmd.append("--user=root")
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise RuntimeError(f"mariadb-install-db failed:\n{result.stdout}\n{result.stderr}")
    open(os.path.join(datadir, ".complete"), "w").close()
    try:
        os.rename(datadir, template)
    except OSError:
        pass  # another process made it first; theirs is as good as ours
    shutil.rmtree(staging, ignore_errors=True)
    return template


class MariaDBInstance:
    """One mariadbd process with its own directory."""

    def __init__(self, directory, port=None, extra_args=(), die_with_parent=True):
        self.directory = directory
        self.datadir = os.path.join(directory, "data")
        self.socket = os.path.join(directory, "mariadb.sock")
        self.log = os.path.join(directory, "error.log")
        self.pid_file = os.path.join(directory, "mariadbd.pid")
        self.port = port or free_port()
        self.extra_args = list(extra_args)
        self.die_with_parent = die_with_parent
        self.process = None
        self.user = "root"
        self.password = ""

    def args(self):
        args = [MARIADBD, "--no-defaults", f"--datadir={self.datadir}", f"--port={self.port}",
                "--bind-address=127.0.0.1", f"--socket={self.socket}", f"--pid-file={self.pid_file}",
                f"--log-error={self.log}", "--skip-name-resolve", "--skip-log-bin",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=32M",
                "--innodb-flush-log-at-trx-commit=2", "--max-connections=2000",
                "--max-prepared-stmt-count=100000", "--innodb-lock-wait-timeout=50"]
        if os.getuid() == 0:
            args.append("--user=root")
        return args + self.extra_args

    def start(self, timeout=60.0):
        if not os.path.isdir(self.datadir):
            os.makedirs(self.directory, exist_ok=True)
            shutil.copytree(_ensure_template(), self.datadir, symlinks=True)
        for attempt in range(3):
            with open(os.path.join(self.directory, "stdout.log"), "ab") as out:
                self.process = subprocess.Popen(
                    self.args(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    preexec_fn=_die_with_parent if self.die_with_parent else os.setpgrp)
            if wait_for_port(self.port, timeout, self.process) and self.process.poll() is None:
                return self
            self.stop()
            # The port may have been taken between free_port() and bind(): pick another.
            self.port = free_port()
        raise RuntimeError(f"mariadbd did not start; see {self.log}:\n{self._log_tail()}")

    def _log_tail(self):
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return "(no log)"

    def pid(self):
        if self.process is not None:
            return self.process.pid
        try:
            with open(self.pid_file) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def stop(self, timeout=30.0):
        """Clean shutdown (SIGTERM), escalating to SIGKILL."""
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            self.process = None
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid, self.process):
                break
            time.sleep(0.05)
        else:
            self.kill()
        self.process = None

    def kill(self):
        """kill -9, as a crash test wants it. The data directory stays, so start() resumes it."""
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.process is not None:
            self.process.wait()
        self.process = None

    def sql(self, statement, database=None):
        """Runs SQL with the mariadb CLI; returns stdout (batch format). Raises on error."""
        cmd = [MARIADB_CLI, "--no-defaults", "-h127.0.0.1", f"-P{self.port}", "-uroot", "-B", "-N"]
        if database:
            cmd.append(database)
        result = subprocess.run(cmd, input=statement, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"SQL failed on port {self.port}: {result.stderr.strip()}")
        return result.stdout

    def describe(self):
        return {"host": "127.0.0.1", "port": self.port, "user": self.user,
                "password": self.password, "socket": self.socket, "pid": self.pid(),
                "directory": self.directory}


def _alive(pid, process):
    if process is not None:
        return process.poll() is None
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class MariaDBCluster:
    """N instances in one directory. A context manager: stops and removes everything on exit."""

    def __init__(self, count, directory=None, keep=False, extra_args=(), die_with_parent=True):
        self.owns_directory = directory is None
        self.directory = directory or tempfile.mkdtemp(prefix="shardproxy-test-")
        self.keep = keep
        self.instances = [
            MariaDBInstance(os.path.join(self.directory, f"ds{i}"), extra_args=extra_args,
                            die_with_parent=die_with_parent)
            for i in range(count)
        ]

    def start(self):
        try:
            for instance in self.instances:
                instance.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        for instance in self.instances:
            try:
                instance.stop()
            except Exception:  # keep stopping the others
                instance.kill()
        if not self.keep:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def describe(self):
        return {"directory": self.directory,
                "instances": [instance.describe() for instance in self.instances]}


def _state_file(directory):
    return os.path.join(directory, "cluster.json")


def _serve_command(cluster, words):
    if len(words) != 2 or words[0] not in ("kill", "start") or not words[1].isdigit():
        return {"ok": False, "error": f"unknown command {' '.join(words)!r}"}
    index = int(words[1])
    if index >= len(cluster.instances):
        return {"ok": False, "error": f"no instance {index}"}
    instance = cluster.instances[index]
    try:
        if words[0] == "kill":
            instance.kill()
        else:
            instance.start()
    except Exception as e:  # report, keep serving
        return {"ok": False, "error": str(e)}
    return {"ok": True, "pid": instance.pid() or 0, "port": instance.port}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start detached instances that outlive this command")
    start.add_argument("--count", type=int, default=2)
    start.add_argument("--dir", required=True)
    start.add_argument("--base-port", type=int, default=0,
                       help="first port; later instances take the next ones (0: any free ports)")
    stop = sub.add_parser("stop", help="stop instances started with start")
    stop.add_argument("--dir", required=True)
    stop.add_argument("--remove", action="store_true", help="also delete the directory")
    serve = sub.add_parser("serve", help="start, print JSON, hold until stdin closes, clean up")
    serve.add_argument("--count", type=int, default=2)
    serve.add_argument("--dir", default=None)
    args = parser.parse_args(argv)

    if args.command == "start":
        directory = os.path.abspath(args.dir)
        state = _state_file(directory)
        if os.path.exists(state):
            with open(state) as f:
                previous = json.load(f)
            if all(inst["pid"] and _alive(inst["pid"], None) for inst in previous["instances"]):
                print(json.dumps(previous))
                return 0
        cluster = MariaDBCluster(args.count, directory, keep=True, die_with_parent=False)
        for i, instance in enumerate(cluster.instances):
            if args.base_port:
                instance.port = args.base_port + i
        cluster.start()
        with open(state, "w") as f:
            json.dump(cluster.describe(), f, indent=2)
        print(json.dumps(cluster.describe()))
        return 0

    if args.command == "stop":
        directory = os.path.abspath(args.dir)
        state = _state_file(directory)
        if not os.path.exists(state):
            return 0
        with open(state) as f:
            described = json.load(f)
        for inst in described["instances"]:
            instance = MariaDBInstance(inst["directory"], inst["port"])
            instance.stop()
        os.unlink(state)
        if args.remove:
            shutil.rmtree(directory, ignore_errors=True)
        return 0

    if args.command == "serve":
        with MariaDBCluster(args.count, args.dir) as cluster:
            sys.stdout.write(json.dumps(cluster.describe()) + "\n")
            sys.stdout.flush()
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            try:
                # Until the parent closes the pipe or dies: "kill N" / "start N" (crash tests)
                # are answered with one JSON line each.
                for line in sys.stdin:
                    sys.stdout.write(json.dumps(_serve_command(cluster, line.split())) + "\n")
                    sys.stdout.flush()
            except KeyboardInterrupt:
                pass
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
