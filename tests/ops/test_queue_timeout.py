"""The per-data-source wait queue: with every connection of ds0 busy, a statement for ds0 waits
(SHOW DATA SOURCES shows it waiting), then after queue_timeout_ms gets ERR 1040 naming ds0;
statements for ds1 are served meanwhile."""
import threading
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy

HOLD = "SELECT name, SLEEP(2) FROM t_user WHERE user_id = 2"  # ds0


class QueueTimeoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = start_shards()
        cls.proxy = ShardProxy(sharded_config(
            cls.cluster, port=free_port(), workers=1, max_connections=2,
            data_source_extra="queue_timeout_ms: 1000")).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.proxy)

    def test_waits_then_fails_naming_the_data_source(self):
        holders = [connect(self.proxy.port) for _ in range(2)]
        threads = [threading.Thread(target=lambda c=c: c.cursor().execute(HOLD)) for c in holders]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        waiter = connect(self.proxy.port)
        outcome = {}

        def wait():
            started = time.monotonic()
            try:
                waiter.cursor().execute("SELECT name FROM t_user WHERE user_id = 4")
                outcome["result"] = "served"
            except pymysql.err.OperationalError as error:
                outcome["result"] = error.args
            outcome["seconds"] = time.monotonic() - started

        waiting = threading.Thread(target=wait)
        waiting.start()
        try:
            time.sleep(0.3)
            admin = connect(self.proxy.port)
            with admin.cursor() as cursor:
                cursor.execute("SHOW DATA SOURCES")
                rows = {r[0]: r for r in cursor.fetchall()}
                # name, address, database, pool_size, in_use, idle, waiting, breaker
                self.assertEqual(rows["ds0"][3:5], (2, 2))
                self.assertEqual(rows["ds0"][6], 1)
                self.assertEqual(rows["ds1"][6], 0)
                # The other shard is not held up.
                cursor.execute("SELECT name FROM t_user WHERE user_id = 5")
                self.assertEqual(cursor.fetchone()[0], "user5")
            admin.close()
        finally:
            waiting.join()
            for thread in threads:
                thread.join()
        code, message = outcome["result"]
        self.assertEqual(code, 1040)
        self.assertIn("'ds0'", message)
        self.assertIn("became free within 1s", message)
        self.assertLess(outcome["seconds"], 1.9)  # answered by the queue timeout, not the holders
        # Once the holders are done the statement is served.
        with waiter.cursor() as cursor:
            cursor.execute("SELECT name FROM t_user WHERE user_id = 4")
            self.assertEqual(cursor.fetchone()[0], "user4")
        for conn in holders + [waiter]:
            conn.close()


if __name__ == "__main__":
    unittest.main()
