#!/usr/bin/python3
"""Issue 7's benchmark: bank transfers per second on 2 shards through shardproxy, with

  xa, cross-shard     every transfer spans both shards: XA START/END, PREPARE on both, the
                      commit decision fsynced to the decision log, XA COMMIT on both;
  local, cross-shard  the same transfers with transaction type local: a plain COMMIT per shard
                      (not atomic);
  xa, one shard       both accounts on shard 0: one branch, committed in one phase;
  direct, one shard   sysbench straight to shard 0's MariaDB, plain BEGIN/COMMIT (no proxy);

and the latency two-phase commit adds (p95 and mean, xa cross-shard vs local cross-shard).
After every run the balances are read from the shards directly: the total must not have
changed and no XA branch may be left prepared, or the script fails.

usage: sysbench/transfer_bench.py [--time 20] [--threads 8] [--accounts 10000]
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pymysql  # noqa: E402

from sysbench_runner import sysbench, markdown_table  # noqa: E402
from targets import SERVER_ARGS, PROXY_PASSWORD, PROXY_USER  # noqa: E402
from cluster import MariaDBCluster, free_port  # noqa: E402
from proxy import ShardProxy  # noqa: E402

LUA = os.path.join(HERE, "transfer.lua")
INITIAL = 1000


def bank_config(ports, listen_port, xa_dir, transaction_type):
    sources = "".join(
        f"  ds{i}: {{ host: 127.0.0.1, port: {port}, user: root, password: \"\", "
        f"database: bank_{i}, max_connections: 128 }}\n" for i, port in enumerate(ports))
    return (f"listen: 127.0.0.1:{listen_port}\nworkers: 0\ndatabase: bank\n"
            f"users:\n  - {{ name: {PROXY_USER}, password: {PROXY_PASSWORD} }}\n"
            f"data_sources:\n{sources}default_data_source: ds0\n"
            "sharding:\n  tables:\n    account:\n      data_nodes: ds${0..1}.account\n"
            "      database_strategy: { column: id, algorithm: by_id }\n"
            "  algorithms:\n    by_id: { type: mod, count: 2 }\n"
            f"transaction:\n  type: {transaction_type}\n  log_dir: {xa_dir}\n")


def check_shards(cluster, accounts):
    """The invariant, read from the shards themselves."""
    total, rows = 0, 0
    for i, instance in enumerate(cluster.instances):
        conn = pymysql.connect(host="127.0.0.1", port=instance.port, user="root",
                               database=f"bank_{i}", autocommit=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), COALESCE(SUM(balance), 0) FROM account")
            count, balance = cursor.fetchone()
            cursor.execute("XA RECOVER")
            prepared = cursor.fetchall()
        conn.close()
        if prepared:
            raise SystemExit(f"FAIL: shard {i} has prepared XA branches left: {prepared}")
        rows += count
        total += int(balance)
    if rows != accounts or total != accounts * INITIAL:
        raise SystemExit(f"FAIL: {rows} accounts holding {total}, expected {accounts} holding "
                         f"{accounts * INITIAL}")


def parse(output):
    def number(pattern):
        return float(re.search(pattern, output).group(1))
    return {"tps": number(r"transactions:\s+\d+\s+\((\S+) per sec"),
            "p95": number(r"95th percentile:\s+(\S+)"),
            "avg": number(r"avg:\s+(\S+)"),
            "retries": int(number(r"ignored errors:\s+(\d+)"))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time", type=int, default=20)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--accounts", type=int, default=10000)
    args = parser.parse_args()
    accounts = args.accounts - args.accounts % 2
    common = [f"--accounts={accounts}"]
    run_args = [f"--threads={args.threads}", f"--time={args.time}", "--report-interval=0",
                "--mysql-ignore-errors=1213,1205", "--histogram=off"]
    xa_dir = tempfile.mkdtemp(prefix="shardproxy-transfer-xa-")
    results = []
    with MariaDBCluster(2, extra_args=SERVER_ARGS) as cluster:
        ports = [instance.port for instance in cluster.instances]
        for i, instance in enumerate(cluster.instances):
            instance.sql(f"CREATE DATABASE bank_{i}")
        listen = free_port()
        proxy_args = dict(host="127.0.0.1", port=listen, user=PROXY_USER,
                          password=PROXY_PASSWORD, database="bank")

        def with_proxy(transaction_type, fn):
            proxy = ShardProxy(bank_config(ports, listen, xa_dir, transaction_type),
                               user=PROXY_USER, password=PROXY_PASSWORD).start()
            try:
                return fn()
            finally:
                proxy.stop()

        with_proxy("xa", lambda: sysbench(LUA, "prepare", **proxy_args, extra=common))
        check_shards(cluster, accounts)
        runs = [("xa, cross-shard (2PC)", "xa", "cross"),
                ("local, cross-shard (not atomic)", "local", "cross"),
                ("xa, one shard (one phase)", "xa", "same")]
        for label, transaction_type, mode in runs:
            out = with_proxy(transaction_type, lambda: sysbench(
                LUA, "run", **proxy_args, extra=common + run_args + [f"--mode={mode}"]))
            check_shards(cluster, accounts)
            results.append((label, parse(out)))
            print(f"{label}: {results[-1][1]}", flush=True)
        out = sysbench(LUA, "run", host="127.0.0.1", port=ports[0], user="root", password="",
                       database="bank_0", extra=common + run_args + ["--mode=same"])
        check_shards(cluster, accounts)
        results.append(("direct MariaDB, one shard (no proxy)", parse(out)))
        print(f"{results[-1][0]}: {results[-1][1]}", flush=True)
    shutil.rmtree(xa_dir, ignore_errors=True)

    rows = [(label, f"{r['tps']:.0f}", f"{r['avg']:.2f}", f"{r['p95']:.2f}", r["retries"])
            for label, r in results]
    print()
    print(f"{time.strftime('%Y-%m-%d %H:%M')} UTC, {os.cpu_count()} cores, {args.threads} threads, "
          f"{args.time} s per run, {accounts} accounts; the total balance was checked after "
          "each run and no branch was left prepared.")
    print()
    print(markdown_table(["run", "transfers/s", "avg ms", "p95 ms", "deadlock/timeout retries"],
                         rows))
    xa, local = results[0][1], results[1][1]
    print()
    print(f"2PC adds {xa['avg'] - local['avg']:.2f} ms mean and {xa['p95'] - local['p95']:.2f} ms "
          f"p95 per cross-shard transfer over local commits "
          f"({xa['tps'] / local['tps']:.2f}x the throughput).")


if __name__ == "__main__":
    main()
