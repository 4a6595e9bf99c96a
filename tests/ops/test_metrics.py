"""The Prometheus endpoint (metrics: { listen: HOST:PORT }): scraped with urllib after a known
mix of statements, errors and XA transactions over two shards."""
import re
import time
import unittest
import urllib.request

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        self_type = response.headers.get("Content-Type", "")
        text = response.read().decode()
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        samples[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return self_type, text, samples


class MetricsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = start_shards()
        cls.metrics_port = free_port()
        config = sharded_config(cls.cluster, port=free_port(), max_connections=6,
                                extra=f"metrics: {{ listen: 127.0.0.1:{cls.metrics_port} }}\n"
                                "timeouts: { slow_statement_ms: 250 }\n")
        cls.proxy = ShardProxy(config).start()
        cls.plain = ShardProxy(sharded_config(cls.cluster, port=free_port())).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.proxy, cls.plain)

    def test_scrape(self):
        _, _, before = scrape(self.metrics_port)
        conn = connect(self.proxy.port)
        with conn.cursor() as cursor:
            for user_id in range(10):
                cursor.execute("SELECT name FROM t_user WHERE user_id = %s", (user_id,))
            cursor.execute("INSERT INTO t_user (user_id, name) VALUES (500, 'm'), (501, 'm')")
            cursor.execute("UPDATE t_user SET name = 'n' WHERE user_id IN (500, 501)")
            cursor.execute("DELETE FROM t_user WHERE user_id IN (500, 501)")
            for _ in range(2):
                with self.assertRaises(pymysql.err.ProgrammingError):
                    cursor.execute("SELEC 1")
            # One two-shard transaction committed, one rolled back.
            cursor.execute("BEGIN")
            cursor.execute("INSERT INTO t_user (user_id, name) VALUES (600, 'x'), (601, 'x')")
            cursor.execute("COMMIT")
            cursor.execute("BEGIN")
            cursor.execute("INSERT INTO t_user (user_id, name) VALUES (602, 'x'), (603, 'x')")
            cursor.execute("ROLLBACK")
        conn.close()

        content_type, text, after = scrape(self.metrics_port)
        self.assertIn("text/plain", content_type)

        def grew(name):
            return after.get(name, 0) - before.get(name, 0)

        self.assertEqual(grew('shardproxy_statements_total{type="select"}'), 10)
        self.assertEqual(grew('shardproxy_statements_total{type="insert"}'), 3)
        self.assertEqual(grew('shardproxy_statements_total{type="update"}'), 1)
        self.assertEqual(grew('shardproxy_statements_total{type="delete"}'), 1)
        # SELEC x2, BEGIN x2, COMMIT, ROLLBACK
        self.assertEqual(grew('shardproxy_statements_total{type="other"}'), 6)
        total = sum(grew(f'shardproxy_statements_total{{type="{t}"}}')
                    for t in ("select", "insert", "update", "delete", "other"))
        self.assertEqual(grew("shardproxy_statement_duration_seconds_count"), total)
        self.assertEqual(grew('shardproxy_statement_duration_seconds_bucket{le="+Inf"}'), total)
        self.assertGreater(grew("shardproxy_statement_duration_seconds_sum"), 0)
        self.assertEqual(grew('shardproxy_errors_total{code="1064"}'), 2)
        # The two-shard INSERT, UPDATE and DELETE under autocommit each ran as an implicit XA
        # transaction, then the explicit one.
        self.assertEqual(grew('shardproxy_xa_transactions_total{outcome="commit"}'), 4)
        self.assertEqual(grew('shardproxy_xa_transactions_total{outcome="rollback"}'), 1)
        for ds in ("ds0", "ds1"):
            self.assertEqual(after[f'shardproxy_circuit_breaker_state{{data_source="{ds}"}}'], 0)
            self.assertEqual(after[f'shardproxy_pool_connections_max{{data_source="{ds}"}}'], 6)
            self.assertIn(f'shardproxy_pool_connections_idle{{data_source="{ds}"}}', after)
            self.assertIn(f'shardproxy_pool_connections_in_use{{data_source="{ds}"}}', after)
        # Pool figures are published on each worker's 200 ms tick: once the load is over, nobody
        # waits for a connection any more (a scrape right after the last statement may still
        # show a side connection of the deadlock scan or recovery being acquired).
        deadline = time.monotonic() + 5
        while True:
            _, _, now = scrape(self.metrics_port)
            waiting = [now[f'shardproxy_pool_waiting{{data_source="{ds}"}}']
                       for ds in ("ds0", "ds1")]
            if waiting == [0, 0] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(waiting, [0, 0])
        self.assertIn("shardproxy_client_connections", after)
        self.assertIn("# TYPE shardproxy_statement_duration_seconds histogram", text)
        # Without a metrics section there is no endpoint.
        self.assertNotIn("metrics on http", self.plain.log_text())

    def test_slow_statement_log(self):
        conn = connect(self.proxy.port)
        with conn.cursor() as cursor:
            cursor.execute("SELECT name, SLEEP(0.4) FROM t_user WHERE user_id = 'slowpoke1'")
            cursor.execute("SELECT name FROM t_user WHERE user_id = 3")
            # One row on each shard: both data sources are named, each with its time.
            cursor.execute("SELECT SLEEP(0.3) FROM t_user WHERE user_id IN (2, 3)")
        conn.close()
        slow = [line for line in self.proxy.log_text().splitlines() if "slow statement" in line]
        self.assertEqual(len(slow), 2, slow)
        self.assertIn("SLEEP", slow[0])
        self.assertIn("user app", slow[0])
        self.assertNotIn("slowpoke1", slow[0])  # literal values stay out of the log
        self.assertRegex(slow[0], r"nodes: ds\d \d+ ms")
        self.assertRegex(slow[1], r"nodes: ds\d \d+ ms, ds\d \d+ ms")
        self.assertIn("ds0", slow[1])
        self.assertIn("ds1", slow[1])


if __name__ == "__main__":
    unittest.main()
