"""Runs sysbench and reads the figures we report from its output.

`sysbench()` raises `SysbenchError` when sysbench exits non-zero (a FATAL error, e.g. an ERR
packet with --mysql-ignore-errors=none); the message carries the server's error line so a
target that cannot run a workload fails with what the server (or the proxy) said.
"""

import re
import subprocess

SYSBENCH = "/usr/bin/sysbench"


class SysbenchError(RuntimeError):
    def __init__(self, cmd, output):
        self.cmd = cmd
        self.output = output
        super().__init__(f"{' '.join(cmd)} failed: {first_error_line(output)}")


def first_error_line(output):
    """The lines that say why sysbench failed (its FATAL lines), else the output's tail."""
    fatal = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("FATAL") and line not in fatal:
            fatal.append(line)
    if fatal:
        return " / ".join(fatal[:4])
    for line in output.splitlines():
        if "error" in line.lower() and "ignored errors" not in line:
            return line.strip()
    tail = output.strip().splitlines()[-3:]
    return " / ".join(tail) if tail else "(no output)"


class RunResult:
    def __init__(self, name, target, output, cpu_seconds=None):
        self.name = name
        self.target = target
        self.output = output
        self.qps = float(re.search(r"queries:\s+\d+\s+\((\S+) per sec", output).group(1))
        self.tps = float(re.search(r"transactions:\s+\d+\s+\((\S+) per sec", output).group(1))
        self.queries = int(re.search(r"queries:\s+(\d+)", output).group(1))
        self.p95_ms = float(re.search(r"95th percentile:\s+(\S+)", output).group(1))
        self.errors = int(re.search(r"ignored errors:\s+(\d+)", output).group(1))
        self.reconnects = int(re.search(r"reconnects:\s+(\d+)", output).group(1))
        self.cpu_seconds = cpu_seconds

    def problems(self):
        """Why this run does not meet the zero-errors bar (empty list: it does)."""
        found = []
        if self.errors:
            found.append(f"{self.errors} ignored errors")
        if self.reconnects:
            found.append(f"{self.reconnects} reconnects")
        for line in self.output.splitlines():
            if "FATAL" in line or "ALERT" in line or "WARNING" in line and "error" in line:
                found.append(line.strip())
        if self.queries == 0:
            found.append("no queries ran")
        return found

    def cpu_per_1000_queries(self):
        if self.cpu_seconds is None or self.queries == 0:
            return None
        return self.cpu_seconds / (self.queries / 1000.0)


def sysbench_command(workload, command, host, port, user, password, database, tables,
                     table_size, extra=()):
    return [SYSBENCH, workload, "--db-driver=mysql", f"--mysql-host={host}",
            f"--mysql-port={port}", f"--mysql-user={user}", f"--mysql-password={password}",
            f"--mysql-db={database}",
            *([f"--tables={tables}"] if tables is not None else []),
            *([f"--table-size={table_size}"] if table_size is not None else []),
            *extra, command]


def sysbench(workload, command, host, port, user, password, database, tables=None,
             table_size=None, extra=(), timeout=900, env=None):
    cmd = sysbench_command(workload, command, host, port, user, password, database, tables,
                           table_size, extra)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        raise SysbenchError(cmd, out + f"\nFATAL: sysbench did not finish in {timeout} s (hang?)")
    if result.returncode != 0:
        raise SysbenchError(cmd, result.stdout + "\n" + result.stderr)
    return result.stdout


def markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines)
