"""Benchmark (not a test): cross-shard reads the merger finishes (ORDER BY ... LIMIT, GROUP BY
with aggregates, COUNT(DISTINCT)) and queries the proxy runs in stages (cross-node joins,
subqueries), against the same query on one reference MariaDB holding all rows. Two shard servers
+ one reference from the harness; t_review is sharded by product_id, t_user by user_id.

    /usr/bin/python3 tests/sharded/bench_cross_node.py [--users 20000] [--reviews 100000]

Prints, per query, the median wall time of 5 runs through the proxy and on the reference, the
result rows per second through the proxy, and the proxy's peak RSS (VmHWM) after the runs."""
import argparse
import os
import statistics
import sys
import tempfile
import time

import pymysql

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, HERE)

from cluster import MariaDBCluster, free_port  # noqa: E402
from proxy import ShardProxy  # noqa: E402
from test_cross_node_queries import CONFIG  # noqa: E402

QUERIES = [
    ("full scan, every row streamed through the merger",
     "SELECT * FROM t_review"),
    ("cross-shard ORDER BY ... LIMIT (top-N)",
     "SELECT review_id, user_id, stars FROM t_review ORDER BY stars DESC, review_id LIMIT 100"),
    ("cross-shard ORDER BY ... LIMIT with a large offset",
     "SELECT review_id, stars FROM t_review ORDER BY user_id, review_id LIMIT 50000, 100"),
    ("GROUP BY, few groups, COUNT/SUM/AVG/MIN/MAX",
     "SELECT product_id, COUNT(*), SUM(stars), AVG(stars), MIN(user_id), MAX(user_id) "
     "FROM t_review GROUP BY product_id"),
    ("GROUP BY, one group per user, ORDER BY an aggregate LIMIT",
     "SELECT user_id, COUNT(*) AS n, SUM(stars) FROM t_review GROUP BY user_id "
     "ORDER BY n DESC, user_id LIMIT 20"),
    ("COUNT(DISTINCT) across shards",
     "SELECT COUNT(DISTINCT user_id), COUNT(DISTINCT product_id) FROM t_review"),
    ("INNER join, 2 unrelated sharded tables, all rows",
     "SELECT r.review_id, u.name FROM t_review r JOIN t_user u ON u.user_id = r.user_id"),
    ("LEFT join with a selective condition (batched lookup)",
     "SELECT u.user_id, r.stars FROM t_user u LEFT JOIN t_review r ON r.user_id = u.user_id "
     "WHERE u.city = 'Lyon'"),
    ("join + GROUP BY + ORDER BY LIMIT",
     "SELECT u.city, COUNT(*), AVG(r.stars) FROM t_user u JOIN t_review r ON r.user_id = u.user_id "
     "GROUP BY u.city ORDER BY u.city LIMIT 5"),
    ("IN (subquery) spanning nodes",
     "SELECT COUNT(*) FROM t_user WHERE user_id IN (SELECT user_id FROM t_review WHERE stars = 5)"),
]


def median_seconds(conn, sql, runs=5):
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        with conn.cursor() as cursor:
            cursor.execute(sql)
            rows = len(cursor.fetchall())
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--reviews", type=int, default=100000)
    args = parser.parse_args()
    with MariaDBCluster(3) as cluster:
        ports = [i.port for i in cluster.instances]
        for i in range(2):
            c = pymysql.connect(host="127.0.0.1", port=ports[i], user="root")
            c.cursor().execute(f"CREATE DATABASE shop_{i}")
            c.close()
        ref = pymysql.connect(host="127.0.0.1", port=ports[2], user="root", autocommit=True)
        ref.cursor().execute("CREATE DATABASE shop")
        ref.select_db("shop")
        port = free_port()
        config = CONFIG.format(port=port, p0=ports[0], p1=ports[1],
                               xa_dir=tempfile.mkdtemp(prefix="shardproxy-xa-"))
        with ShardProxy(config) as proxy:
            conn = pymysql.connect(host="127.0.0.1", port=port, user="app", password="app_pw",
                                   database="shop", autocommit=True)
            ddl = [
                "CREATE TABLE t_user (user_id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT "
                "NULL, city VARCHAR(64) NULL, score DECIMAL(8,2) NULL)",
                "CREATE TABLE t_review (review_id INT NOT NULL PRIMARY KEY, product_id INT NOT "
                "NULL, user_id BIGINT NULL, stars INT NULL, body VARCHAR(100) NULL, KEY (user_id))",
            ]
            cities = ["Lyon", "Porto", "Osaka", "Malmö", "Québec"] + [f"c{i}" for i in range(95)]
            with conn.cursor() as p, ref.cursor() as r:
                for d in ddl:
                    p.execute(d)
                    r.execute(d)
                for start in range(0, args.users, 2000):
                    sql = "INSERT INTO t_user (user_id, name, city, score) VALUES " + ", ".join(
                        f"({u}, 'n{u}', '{cities[u % len(cities)]}', {u % 100})"
                        for u in range(start, min(start + 2000, args.users)))
                    p.execute(sql)
                    r.execute(sql)
                for start in range(0, args.reviews, 2000):
                    sql = ("INSERT INTO t_review (review_id, product_id, user_id, stars, body) "
                           "VALUES " + ", ".join(
                               f"({i}, {i % 50}, {(i * 7919) % args.users}, {i % 5 + 1}, 'b')"
                               for i in range(start, min(start + 2000, args.reviews))))
                    p.execute(sql)
                    r.execute(sql)
            print(f"{args.users} users, {args.reviews} reviews; median of 5")
            print("| query | rows | proxy ms | reference ms | proxy rows/s | reviews read/s "
                  "(proxy) | proxy peak RSS |")
            print("|---|---|---|---|---|---|---|")
            for name, sql in QUERIES:
                proxy_s, rows = median_seconds(conn, sql)
                ref_s, ref_rows = median_seconds(ref, sql)
                assert rows == ref_rows, (name, rows, ref_rows)
                # Queries reading every review: input rows per second is the merger's rate.
                scans = "t_review" in sql and "WHERE" not in sql
                read = f"{args.reviews / proxy_s:,.0f}" if scans else "—"
                print(f"| {name} | {rows} | {proxy_s * 1000:.0f} | {ref_s * 1000:.0f} | "
                      f"{rows / proxy_s:,.0f} | {read} | "
                      f"{peak_rss_mib(proxy.process.pid):.0f} MiB |")
            print(f"proxy peak RSS: {peak_rss_mib(proxy.process.pid):.0f} MiB")


if __name__ == "__main__":
    main()
