"""Statement timeout: SET max_execution_time = N (milliseconds, as MySQL) and timeouts.statement_ms
cancel a scatter SELECT on every shard it runs on (KILL QUERY over a side connection) and answer
MySQL's ERR 3024 (HY000); the session goes on serving afterwards."""
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy

SLEEPY_SCATTER = "SELECT user_id, SLEEP(5) FROM t_user"  # 10 rows x 5 s on each shard


def running_sleeps(instance):
    conn = pymysql.connect(host="127.0.0.1", port=instance.port, user="root", autocommit=True)
    with conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                       "WHERE INFO LIKE 'SELECT%SLEEP(5)%' AND ID <> CONNECTION_ID()")
        count = cursor.fetchone()[0]
    conn.close()
    return count


class StatementTimeoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = start_shards()
        cls.proxy = ShardProxy(sharded_config(cls.cluster, port=free_port())).start()
        cls.default_proxy = ShardProxy(sharded_config(
            cls.cluster, port=free_port(), extra="timeouts: { statement_ms: 700 }\n")).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.proxy, cls.default_proxy)

    def wait_no_sleeps(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            counts = [running_sleeps(i) for i in self.cluster.instances]
            if counts == [0, 0]:
                return
            time.sleep(0.1)
        self.fail(f"statements still running on the shards: {counts}")

    def assert_times_out(self, conn):
        started = time.monotonic()
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            with conn.cursor() as cursor:
                cursor.execute(SLEEPY_SCATTER)
                cursor.fetchall()
        elapsed = time.monotonic() - started
        self.assertEqual(caught.exception.args[0], 3024, caught.exception)
        self.assertIn("maximum statement execution time exceeded", caught.exception.args[1])
        # Well before the 50 s each shard would need.
        self.assertLess(elapsed, 20)

    def test_session_max_execution_time_kills_the_query_on_every_shard(self):
        conn = connect(self.proxy.port)
        with conn.cursor() as cursor:
            cursor.execute("SELECT @@max_execution_time")
            self.assertEqual(cursor.fetchone()[0], 0)
            cursor.execute("SET max_execution_time = 500")
            cursor.execute("SELECT @@max_execution_time")
            self.assertEqual(cursor.fetchone()[0], 500)
        # While the statement runs, both shards run their part of it.
        seen = []

        def watch():
            for _ in range(20):
                seen.append([running_sleeps(i) for i in self.cluster.instances])
                time.sleep(0.02)
        import threading
        watcher = threading.Thread(target=watch)
        watcher.start()
        self.assert_times_out(conn)
        watcher.join()
        self.assertIn([1, 1], seen)
        # Cancelled on every shard, not merely abandoned.
        self.wait_no_sleeps()
        # The session goes on: a quick statement over both shards answers in full.
        with conn.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM t_user")
            self.assertEqual(cursor.fetchone()[0], 20)
            cursor.execute("SET SESSION max_execution_time = 0")
            cursor.execute("SELECT COUNT(*), SUM(SLEEP(0.05)) FROM t_user WHERE user_id < 4")
            self.assertEqual(cursor.fetchone()[0], 4)
            with self.assertRaises(pymysql.err.MySQLError) as caught:
                cursor.execute("SET max_execution_time = 'soon'")
            self.assertEqual(caught.exception.args[0], 1210)
        conn.close()

    def test_configured_statement_timeout(self):
        conn = connect(self.default_proxy.port)
        with conn.cursor() as cursor:
            cursor.execute("SELECT @@max_execution_time")
            self.assertEqual(cursor.fetchone()[0], 700)
        self.assert_times_out(conn)
        self.wait_no_sleeps()
        with conn.cursor() as cursor:
            cursor.execute("SELECT name FROM t_user WHERE user_id = 3")
            self.assertEqual(cursor.fetchone()[0], "user3")
        conn.close()


if __name__ == "__main__":
    unittest.main()
