"""SHOW [FULL] PROCESSLIST lists the proxy's client sessions across workers with their running
statement; users[].rate_limit answers ERR 1226 over the user's statement rate;
limits.max_in_flight_statements answers ERR 1040 when that many statements already run; and
timeouts.client_idle_ms disconnects a client idle longer, never one that keeps working."""
import threading
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy


class ProcesslistAndLimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = start_shards()
        cls.proxy = ShardProxy(sharded_config(
            cls.cluster, port=free_port(), workers=2,
            more_users=["name: limited, password: lim_pw, "
                        "rate_limit: { statements_per_second: 5, burst: 5 }"])).start()
        cls.capped = ShardProxy(sharded_config(
            cls.cluster, port=free_port(),
            extra="limits: { max_in_flight_statements: 1 }\n")).start()
        cls.idling = ShardProxy(sharded_config(
            cls.cluster, port=free_port(),
            extra="timeouts: { client_idle_ms: 1000 }\n")).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.proxy, cls.capped, cls.idling)

    def test_show_processlist(self):
        sleeper = connect(self.proxy.port)
        idle = connect(self.proxy.port)
        asker = connect(self.proxy.port)
        sleep_sql = "SELECT user_id, SLEEP(1.5) FROM t_user WHERE user_id = 3"
        thread = threading.Thread(target=lambda: sleeper.cursor().execute(sleep_sql))
        thread.start()
        try:
            time.sleep(0.5)
            with asker.cursor() as cursor:
                cursor.execute("SHOW PROCESSLIST")
                columns = [d[0] for d in cursor.description]
                rows = {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}
                self.assertEqual(columns, ["Id", "User", "Host", "db", "Command", "Time",
                                           "State", "Info"])
        finally:
            thread.join()
        for conn in (sleeper, idle, asker):
            self.assertIn(conn.thread_id(), rows, rows)
        running = rows[sleeper.thread_id()]
        self.assertEqual((running["User"], running["db"], running["Command"]),
                         ("app", "shop", "Query"))
        self.assertEqual(running["Info"], sleep_sql)
        self.assertEqual(running["Host"], "127.0.0.1")
        self.assertEqual(rows[idle.thread_id()]["Command"], "Sleep")
        self.assertIsNone(rows[idle.thread_id()]["Info"])  # NULL when idle, as MySQL
        self.assertEqual(rows[asker.thread_id()]["Info"], "SHOW PROCESSLIST")
        # FULL shows long statements whole; without it, the first 100 characters.
        long_sql = "SELECT '" + "x" * 150 + "' AS padding"
        thread = threading.Thread(
            target=lambda: sleeper.cursor().execute(long_sql + ", SLEEP(1) FROM t_user "
                                                    "WHERE user_id = 3"))
        thread.start()
        try:
            time.sleep(0.4)
            with asker.cursor() as cursor:
                cursor.execute("SHOW PROCESSLIST")
                short = {r[0]: r[7] for r in cursor.fetchall()}[sleeper.thread_id()]
                cursor.execute("show full processlist")
                full = {r[0]: r[7] for r in cursor.fetchall()}[sleeper.thread_id()]
        finally:
            thread.join()
        self.assertEqual(len(short), 100)
        self.assertTrue(full.startswith(long_sql), full)
        for conn in (sleeper, idle, asker):
            conn.close()

    def test_rate_limit(self):
        limited = connect(self.proxy.port, user="limited", password="lim_pw")
        ok, refused = 0, []
        with limited.cursor() as cursor:
            for _ in range(20):
                try:
                    cursor.execute("SELECT name FROM t_user WHERE user_id = 1")
                    self.assertEqual(cursor.fetchone()[0], "user1")
                    ok += 1
                except pymysql.err.OperationalError as error:
                    refused.append(error.args)
        self.assertGreaterEqual(ok, 5)
        self.assertTrue(refused)
        self.assertEqual(refused[0][0], 1226)
        self.assertIn("'limited'", refused[0][1])
        # Other users are not limited.
        other = connect(self.proxy.port)
        with other.cursor() as cursor:
            for _ in range(20):
                cursor.execute("SELECT name FROM t_user WHERE user_id = 2")
        other.close()
        # The bucket refills.
        time.sleep(1.2)
        with limited.cursor() as cursor:
            cursor.execute("SELECT name FROM t_user WHERE user_id = 1")
            self.assertEqual(cursor.fetchone()[0], "user1")
        limited.close()

    def test_in_flight_cap(self):
        busy = connect(self.capped.port)
        other = connect(self.capped.port)
        thread = threading.Thread(target=lambda: busy.cursor().execute(
            "SELECT user_id, SLEEP(1) FROM t_user WHERE user_id = 4"))
        thread.start()
        try:
            time.sleep(0.4)
            with self.assertRaises(pymysql.err.OperationalError) as caught:
                other.cursor().execute("SELECT name FROM t_user WHERE user_id = 5")
            self.assertEqual(caught.exception.args[0], 1040)
            self.assertIn("max_in_flight_statements", caught.exception.args[1])
        finally:
            thread.join()
        with other.cursor() as cursor:
            cursor.execute("SELECT name FROM t_user WHERE user_id = 5")
            self.assertEqual(cursor.fetchone()[0], "user5")
        busy.close()
        other.close()

    def test_idle_client_timeout(self):
        idle = connect(self.idling.port)
        busy = connect(self.idling.port)
        pinging = connect(self.idling.port)
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            with busy.cursor() as cursor:
                cursor.execute("SELECT name FROM t_user WHERE user_id = 7")
            pinging.ping(reconnect=False)
            time.sleep(0.3)
        with self.assertRaises(pymysql.err.OperationalError) as caught:
            with idle.cursor() as cursor:
                cursor.execute("SELECT name FROM t_user WHERE user_id = 7")
        self.assertIn(caught.exception.args[0], (2006, 2013))
        with busy.cursor() as cursor:
            cursor.execute("SELECT name FROM t_user WHERE user_id = 7")
            self.assertEqual(cursor.fetchone()[0], "user7")
        pinging.ping(reconnect=False)
        busy.close()
        pinging.close()


if __name__ == "__main__":
    unittest.main()
