#!/usr/bin/python3
"""Flash sale: sysbench/flash_sale.lua (buyers racing for a few hot products) on a target, then
a checker that reads every shard directly:

- no oversell: every product's stock >= 0;
- stock + sold = initial stock for every product (sold = sum of its order items' quantities);
- every order has exactly item_count items, its total matches them, no item without its order,
  and (sharded) every order, item and user lives on the shard its user_id says;
- `XA RECOVER` is empty on every shard (no in-doubt branch left behind);
- something was actually sold (a run that sells nothing proves nothing).

Layout (flash_sale_config()): fs_user, fs_order, fs_order_item sharded by user_id mod N
(fs_order and fs_order_item bound), fs_product broadcast, fs_stock unsharded on ds0, so every
purchase through the proxy is a transaction over the stock shard and the buyer's shard (XA).

usage: sysbench/flash_sale.py [--target direct|passthrough|shards2|shards4] [--time 10]
           [--threads 4] [--print-config N]
       sysbench/flash_sale.py check --port P [--port P2 ...] [--database DB ...]
"""

import argparse
import os
import sys
from collections import defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pymysql  # noqa: E402

from sysbench_runner import RunResult, SysbenchError, sysbench  # noqa: E402
from targets import (PROXY_PASSWORD, PROXY_USER, Endpoint, Target,  # noqa: E402
                     TargetError, free_port)

LUA = os.path.join(HERE, "flash_sale.lua")
FLASH_SALE_TARGETS = {"direct": 1, "passthrough": 1, "shards2": 2, "shards4": 4}


def flash_sale_config(ports, listen_port, xa_dir, workers=0):
    """The shardproxy config for N = len(ports) data sources (see the module docstring)."""
    n = len(ports)
    sources = "".join(
        f"  ds{i}: {{ host: 127.0.0.1, port: {port}, user: root, password: \"\", "
        f"database: flash_{i}, max_connections: 128 }}\n" for i, port in enumerate(ports))
    by_user = "{ column: user_id, algorithm: user_mod }"
    tables = "".join(f"    {t}:\n      data_nodes: ds${{0..{n - 1}}}.{t}\n"
                     f"      database_strategy: {by_user}\n"
                     for t in ("fs_user", "fs_order", "fs_order_item"))
    return (f"# Flash sale over {n} data sources (sysbench/flash_sale.py). Users, orders and\n"
            "# order items by user_id mod N; products broadcast; fs_stock (not listed) lives\n"
            "# on the default data source ds0, so all hot stock rows are on one shard.\n"
            f"listen: 127.0.0.1:{listen_port}\nworkers: {workers}\ndatabase: flash\n"
            f"users:\n  - {{ name: {PROXY_USER}, password: {PROXY_PASSWORD} }}\n"
            f"data_sources:\n{sources}default_data_source: ds0\n"
            f"sharding:\n  tables:\n{tables}"
            "  binding_tables:\n    - [fs_order, fs_order_item]\n"
            "  broadcast_tables: [fs_product]\n"
            f"  algorithms:\n    user_mod: {{ type: mod, count: {n} }}\n"
            f"transaction:\n  type: xa\n  log_dir: {xa_dir}\n")


class Shard:
    def __init__(self, port, database, index, count):
        self.port, self.database, self.index, self.count = port, database, index, count

    def connect(self):
        return pymysql.connect(host="127.0.0.1", port=self.port, user="root", password="",
                               database=self.database, autocommit=True)


def _rows(conn, sql):
    with conn.cursor() as cursor:
        try:
            cursor.execute(sql)
        except pymysql.err.ProgrammingError as e:
            # fs_stock exists only on the default data source through the proxy.
            if e.args[0] == 1146 and "fs_stock" in sql:
                return ()
            raise
        return cursor.fetchall()


def check(shards, expect_sales=True):
    """Returns (summary, problems) for the data on `shards` (every data source)."""
    problems = []
    stock = {}            # product_id -> (initial, stock)
    sold = defaultdict(int)
    orders = {}           # order_id -> (user_id, item_count, total, shard)
    items = defaultdict(list)
    for shard in shards:
        conn = shard.connect()
        try:
            for product, initial, left in _rows(conn, "SELECT product_id, initial_stock, stock "
                                                      "FROM fs_stock"):
                if product in stock:
                    problems.append(f"product {product} has stock rows on two shards")
                stock[product] = (initial, left)
            for order_id, user_id, count, total in _rows(
                    conn, "SELECT order_id, user_id, item_count, total FROM fs_order"):
                if order_id in orders:
                    problems.append(f"order {order_id} exists twice")
                orders[order_id] = (user_id, count, total, shard.index)
            for order_id, item_no, user_id, product, quantity, price in _rows(
                    conn, "SELECT order_id, item_no, user_id, product_id, quantity, price "
                          "FROM fs_order_item"):
                items[order_id].append((item_no, user_id, product, quantity, price, shard.index))
                sold[product] += quantity
            if shard.count > 1:
                for table in ("fs_user", "fs_order", "fs_order_item"):
                    (misplaced,), = _rows(conn, f"SELECT COUNT(*) FROM {table} WHERE "
                                                f"MOD(user_id, {shard.count}) <> {shard.index}")
                    if misplaced:
                        problems.append(f"{misplaced} rows of {table} on ds{shard.index} belong "
                                        "to another shard")
            in_doubt = _rows(conn, "XA RECOVER")
            if in_doubt:
                problems.append(f"XA RECOVER on ds{shard.index} (port {shard.port}) lists "
                                f"{len(in_doubt)} in-doubt branches: {list(in_doubt)[:3]}")
        finally:
            conn.close()

    if not stock:
        problems.append("no fs_stock rows found")
    for product, (initial, left) in sorted(stock.items()):
        if left < 0:
            problems.append(f"oversold: product {product} stock {left}")
        if left + sold[product] != initial:
            problems.append(f"product {product}: stock {left} + sold {sold[product]} != "
                            f"initial {initial}")
    for product in sold:
        if product not in stock:
            problems.append(f"items sell product {product}, which has no stock row")
    for order_id, (user_id, count, total, shard_index) in orders.items():
        lines = items.get(order_id, [])
        if len(lines) != count or sorted(l[0] for l in lines) != list(range(1, count + 1)):
            problems.append(f"order {order_id} should have items 1..{count}, has "
                            f"{sorted(l[0] for l in lines)}")
            continue
        if sum(Decimal(l[3]) * Decimal(l[4]) for l in lines) != Decimal(total):
            problems.append(f"order {order_id}: total {total} != sum of its items")
        for line in lines:
            if line[1] != user_id or line[5] != shard_index:
                problems.append(f"order {order_id}: item {line[0]} has user {line[1]} on "
                                f"ds{line[5]}, the order has user {user_id} on ds{shard_index}")
    for order_id in items:
        if order_id not in orders:
            problems.append(f"items of order {order_id} without the order")
    units = sum(sold.values())
    if expect_sales and not orders:
        problems.append("no order was placed: the run proves nothing")
    summary = (f"{len(orders)} orders, {units} units sold of "
               f"{sum(i for i, _ in stock.values())}, "
               f"{sum(1 for _, left in stock.values() if left == 0)}/{len(stock)} sold out")
    return summary, problems


def start(name, threads, workers=0, proxy_bin=None):
    """A Target (targets.py) set up for the flash sale: the databases on its servers and, for
    proxy targets, shardproxy with flash_sale_config()."""
    if name not in FLASH_SALE_TARGETS:
        raise TargetError(f"the flash sale is defined for {', '.join(FLASH_SALE_TARGETS)}, "
                          f"not {name}")
    count = FLASH_SALE_TARGETS[name]
    target = Target(name, tables=0, proxy_bin=proxy_bin, workers=workers)
    try:
        instances = target._start_cluster(count)
        if name == "direct":
            instances[0].sql("CREATE DATABASE flash")
            target.endpoint = Endpoint("127.0.0.1", instances[0].port, "root", "", "flash")
            shards = [Shard(instances[0].port, "flash", 0, 1)]
        else:
            for i, instance in enumerate(instances):
                instance.sql(f"CREATE DATABASE flash_{i}")
            xa_dir = os.path.join(target.workdir, "xa")
            os.makedirs(xa_dir, exist_ok=True)
            target._start_proxy(flash_sale_config([x.port for x in instances], free_port(),
                                                  xa_dir, workers))
            target.endpoint.database = "flash"
            shards = [Shard(x.port, f"flash_{i}", i, count) for i, x in enumerate(instances)]
    except BaseException:
        target.stop()
        raise
    return target, shards


def run(name, threads=4, seconds=10, workers=0, proxy_bin=None, options=()):
    """prepare, run, check, cleanup on a fresh target. Returns (summary, problems)."""
    target, shards = start(name, threads, workers, proxy_bin)
    try:
        args = target.endpoint.sysbench_args()
        extra = list(options)
        sysbench(LUA, "prepare", **args, extra=extra)
        out = sysbench(LUA, "run", **args, extra=extra + [
            f"--threads={threads}", f"--time={seconds}", "--percentile=95"])
        result = RunResult("flash_sale", name, out)
        summary, problems = check(shards)
        problems += result.problems()
        summary = (f"{result.tps:.0f} TPS, p95 {result.p95_ms} ms, {summary}")
        sysbench(LUA, "cleanup", **args)
    finally:
        target.stop()
    return summary, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="run", choices=["run", "check"])
    parser.add_argument("--target", default="direct", choices=sorted(FLASH_SALE_TARGETS))
    parser.add_argument("--time", type=int, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--proxy-bin", default=None)
    parser.add_argument("--print-config", type=int, metavar="N",
                        help="print the proxy config for N data sources and exit")
    parser.add_argument("--port", type=int, action="append", help="check: shard ports, in order")
    parser.add_argument("--database", action="append",
                        help="check: database per shard (default flash, or flash_I if sharded)")
    parser.add_argument("--lua-option", action="append", default=[],
                        help="passed to flash_sale.lua, e.g. --lua-option=--initial-stock=500")
    args = parser.parse_args()
    if args.print_config:
        print(flash_sale_config([13306 + i for i in range(args.print_config)], 3307, "var/xa"),
              end="")
        return 0
    if args.command == "check":
        if not args.port:
            parser.error("check needs --port for every shard")
        n = len(args.port)
        databases = args.database or (["flash"] if n == 1 else [f"flash_{i}" for i in range(n)])
        summary, problems = check([Shard(p, d, i, n)
                                   for i, (p, d) in enumerate(zip(args.port, databases))])
    else:
        try:
            summary, problems = run(args.target, args.threads, args.time, args.workers,
                                    args.proxy_bin, args.lua_option)
        except (SysbenchError, TargetError) as e:
            print(f"flash sale on {args.target} FAILED: {e}", file=sys.stderr)
            return 1
    print(f"flash sale: {summary}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
