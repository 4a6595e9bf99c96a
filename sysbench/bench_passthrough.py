#!/usr/bin/python3
"""Passthrough overhead: sysbench directly against one MariaDB and through shardproxy in front of
the same server, in one run on this machine (sysbench, proxy and MariaDB share the cores).

usage: sysbench/bench_passthrough.py [--time 30] [--threads 8] [--tables 4] [--table-size 100000]
Needs a release build (scripts/build.sh release). Prints a Markdown table.
"""

import argparse
import os
import platform
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tests", "harness"))

from cluster import MariaDBCluster  # noqa: E402
from proxy import ShardProxy, passthrough_config  # noqa: E402
from sysbench_runner import RunResult, markdown_table, sysbench  # noqa: E402

WORKLOADS = ["oltp_point_select", "oltp_read_only", "oltp_read_write"]


def machine_description():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem_gib:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--time", type=int, default=30, help="seconds per run")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--tables", type=int, default=4)
    parser.add_argument("--table-size", type=int, default=100000)
    parser.add_argument("--ps-mode", default="auto", choices=["auto", "disable"])
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--backend-transport", default="tcp", choices=["tcp", "socket"],
                        help="how the proxy reaches MariaDB (sysbench reaches both over TCP)")
    args = parser.parse_args()

    common = dict(database="shop", tables=args.tables, table_size=args.table_size)
    run_args = [f"--threads={args.threads}", f"--time={args.time}", "--percentile=95",
                f"--db-ps-mode={args.ps_mode}", "--mysql-ignore-errors=none"]
    with MariaDBCluster(1, extra_args=["--innodb-buffer-pool-size=1G"]) as cluster:
        server = cluster.instances[0]
        server.sql("CREATE DATABASE shop")
        direct = dict(host="127.0.0.1", port=server.port, user="root", password="")
        print(f"preparing {args.tables} x {args.table_size} rows ...", file=sys.stderr)
        sysbench("oltp_read_write", "prepare", **direct, **common)
        with ShardProxy(passthrough_config(
                server, database="shop", unix_socket=args.backend_transport == "socket")) as proxy:
            via_proxy = dict(host="127.0.0.1", port=proxy.port, user=proxy.user,
                             password=proxy.password)
            rows = []
            for workload in args.workloads.split(","):
                # Warm the buffer pool and the proxy's caches before measuring either side.
                sysbench(workload, "run", **direct, **common,
                         extra=[f"--threads={args.threads}", "--time=3"])
                out = sysbench(workload, "run", **direct, **common, extra=run_args)
                d = RunResult(workload, "direct", out)
                cpu_before = proxy.cpu_seconds()
                out = sysbench(workload, "run", **via_proxy, **common, extra=run_args)
                p = RunResult(workload, "proxy", out, proxy.cpu_seconds() - cpu_before)
                rows.append([workload, f"{d.qps:.0f}", f"{p.qps:.0f}", f"{p.qps / d.qps:.2f}",
                             f"{d.p95_ms:.2f}", f"{p.p95_ms:.2f}", f"{p.p95_ms - d.p95_ms:+.2f}",
                             f"{p.cpu_per_1000_queries():.3f}", d.errors + p.errors])
                print(f"{workload}: direct {d.qps:.0f} qps, proxy {p.qps:.0f} qps", file=sys.stderr)
    print(f"Measured {time.strftime('%Y-%m-%d')} on {machine_description()}; sysbench "
          f"{args.threads} threads, {args.time} s per run, {args.tables} tables x "
          f"{args.table_size} rows, --db-ps-mode={args.ps_mode}; proxy workers = cores; sysbench "
          f"reaches MariaDB and the proxy over TCP, the proxy reaches MariaDB over "
          f"{'its Unix socket' if args.backend_transport == 'socket' else 'TCP'}.\n")
    print(markdown_table(
        ["workload", "direct QPS", "proxy QPS", "proxy/direct", "direct p95 ms", "proxy p95 ms",
         "p95 added ms", "proxy CPU s / 1000 q", "errors"], rows))


if __name__ == "__main__":
    main()
