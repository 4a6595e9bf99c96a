"""Runs sysbench workloads and reads the figures we report from its output."""

import re
import subprocess


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

    def cpu_per_1000_queries(self):
        if self.cpu_seconds is None or self.queries == 0:
            return None
        return self.cpu_seconds / (self.queries / 1000.0)


def sysbench(workload, command, host, port, user, password, database, tables, table_size,
             extra=(), timeout=900):
    cmd = ["/usr/bin/sysbench", workload, "--db-driver=mysql", f"--mysql-host={host}",
           f"--mysql-port={port}", f"--mysql-user={user}", f"--mysql-password={password}",
           f"--mysql-db={database}", f"--tables={tables}", f"--table-size={table_size}",
           *extra, command]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines)
