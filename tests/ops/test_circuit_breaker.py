"""Per-data-source circuit breaker under a steady load over two shards: shard 1 is frozen
(kill -STOP), then killed (kill -9), then restarted. Statements for shard 0 keep succeeding
throughout; statements for shard 1 fail fast with the breaker's error naming ds1 while it is down
(SHOW DATA SOURCES shows the breaker open); once shard 1 is back the breaker's probe closes it and
its statements succeed again, without restarting the proxy."""
import os
import signal
import threading
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy


class Load:
    """One client looping point selects for the given user ids, recording every outcome."""

    def __init__(self, port, user_ids):
        self.port = port
        self.user_ids = user_ids
        self.outcomes = []  # (start time, seconds, None or (code, message))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        conn = None
        i = 0
        while not self.stop.is_set():
            user_id = self.user_ids[i % len(self.user_ids)]
            i += 1
            started = time.monotonic()
            try:
                if conn is None:
                    conn = connect(self.port, read_timeout=30)
                with conn.cursor() as cursor:
                    cursor.execute("SELECT name FROM t_user WHERE user_id = %s", (user_id,))
                    row = cursor.fetchone()
                    assert row == (f"user{user_id}",), row
                self.outcomes.append((started, time.monotonic() - started, None))
            except pymysql.err.MySQLError as error:
                self.outcomes.append((started, time.monotonic() - started,
                                      (error.args[0], str(error.args[1]) if len(error.args) > 1
                                       else "")))
                if isinstance(error, pymysql.err.OperationalError) and error.args[0] in (
                        2006, 2013, 2014):
                    conn = None  # the client's own connection to the proxy broke
                time.sleep(0.02)

    def successes(self, start, end):
        return sum(1 for t, _, e in self.outcomes if e is None and start <= t < end)

    def errors(self, start=0, end=float("inf")):
        return [(t, d, e) for t, d, e in self.outcomes if e is not None and start <= t < end]


class CircuitBreakerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = start_shards()
        config = sharded_config(
            cls.cluster, port=free_port(), workers=2, max_connections=8,
            data_source_extra="queue_timeout_ms: 2000, breaker: { failures: 3, open_ms: 1000 }",
            extra="timeouts: { backend_connect_ms: 1000 }\n")
        cls.proxy = ShardProxy(config).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.proxy)

    def data_sources(self):
        conn = connect(self.proxy.port)
        with conn.cursor() as cursor:
            cursor.execute("SHOW DATA SOURCES")
            columns = [d[0] for d in cursor.description]
            rows = {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}
        conn.close()
        return rows

    def test_dead_shard_fails_fast_and_recovers(self):
        shard1 = self.cluster.instances[1]
        sources = self.data_sources()
        self.assertEqual(sorted(sources), ["ds0", "ds1"])
        self.assertEqual(sources["ds1"]["address"], f"127.0.0.1:{shard1.port}")
        self.assertEqual(sources["ds1"]["database"], "shop_1")
        self.assertEqual(sources["ds1"]["pool_size"], 8)
        self.assertEqual(sources["ds1"]["breaker"], "closed")

        even = [u for u in range(20) if u % 2 == 0]
        odd = [u for u in range(20) if u % 2 == 1]
        healthy = [Load(self.proxy.port, even) for _ in range(2)]
        dying = [Load(self.proxy.port, odd) for _ in range(2)]
        t_begin = time.monotonic()
        for load in healthy + dying:
            load.thread.start()
        try:
            time.sleep(1.5)
            t_stop = time.monotonic()
            os.kill(shard1.pid(), signal.SIGSTOP)
            time.sleep(2)
            t_kill = time.monotonic()
            shard1.kill()
            # Let the connects fail and the breaker open.
            deadline = time.monotonic() + 20
            breaker = None
            while time.monotonic() < deadline:
                breaker = self.data_sources()["ds1"]["breaker"]
                if breaker != "closed":
                    break
                time.sleep(0.2)
            self.assertIn(breaker, ("open", "half_open"))
            self.assertEqual(self.data_sources()["ds0"]["breaker"], "closed")
            time.sleep(2)
            t_restart = time.monotonic()
            port = shard1.port
            shard1.start()
            self.assertEqual(shard1.port, port, "the restarted shard must keep its port")
            # Recovery: the breaker's probe closes it and statements for ds1 succeed again.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if any(l.successes(t_restart, float("inf")) for l in dying):
                    break
                time.sleep(0.2)
            time.sleep(1.5)
            t_end = time.monotonic()
        finally:
            for load in healthy + dying:
                load.stop.set()
            for load in healthy + dying:
                load.thread.join(60)

        # The issue's figure (reported, not asserted: timing on a shared 2-core machine): shard 0's
        # throughput while shard 1 was frozen / dead, relative to before.
        def rate(start, end):
            return sum(l.successes(start, end) for l in healthy) / max(end - start, 1e-9)
        before = rate(t_begin + 0.5, t_stop)  # after connecting
        print(f"\nshard 0 statements/s: before {before:.0f}, frozen "
              f"{rate(t_stop, t_kill) / before:.2f}x, dead {rate(t_kill, t_restart) / before:.2f}x, "
              f"restarted {rate(t_restart, t_end) / before:.2f}x")
        # Shard 0's statements were never touched: no error, and served in every phase.
        for load in healthy:
            self.assertEqual(load.errors(), [])
            for start, end in ((0, t_stop), (t_stop, t_kill), (t_kill, t_restart),
                               (t_restart, t_end)):
                self.assertGreater(load.successes(start, end), 0, (start, end))
        # Shard 1's statements failed while it was dead, fast and with the breaker's error.
        dead_errors = [e for l in dying for e in l.errors(t_kill, t_restart)]
        breaker_errors = [(d, e) for _, d, e in dead_errors if "circuit breaker open" in e[1]]
        self.assertTrue(breaker_errors, dead_errors[:5])
        for seconds, (code, message) in breaker_errors:
            self.assertEqual(code, 2003)
            self.assertIn("'ds1'", message)
            self.assertLess(seconds, 1.0, message)
        # Every error named the dead data source (never a wrong or partial answer).
        for _, _, (code, message) in dead_errors:
            self.assertIn("ds1", message, (code, message))
        # And it came back.
        self.assertGreater(sum(l.successes(t_restart, t_end) for l in dying), 0)
        self.assertEqual(self.data_sources()["ds1"]["breaker"], "closed")


if __name__ == "__main__":
    unittest.main()
