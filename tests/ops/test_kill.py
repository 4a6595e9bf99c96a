"""KILL [CONNECTION | QUERY] <id> and COM_PROCESS_KILL name the proxy's connection ids (SHOW
PROCESSLIST's Id, CONNECTION_ID()), on any worker: QUERY stops the session's running statement on
every data source it runs on (MySQL's ERR 1317, the session goes on), CONNECTION closes the
session; 1094 for an unknown id and 1095 for another user's session, as MySQL answers a user
without the PROCESS privilege. Through the sharded path and the passthrough path."""
import threading
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy

SLEEPY_SCATTER = "SELECT user_id, SLEEP(5) FROM t_user"  # 10 rows x 5 s on each shard


def passthrough_config(cluster, port):
    instance = cluster.instances[0]
    return "\n".join([
        f"listen: 127.0.0.1:{port}",
        "workers: 2",
        "users:",
        "  - { name: app, password: app_pw }",
        "  - { name: other, password: other_pw }",
        "data_sources:",
        f"  ds0: {{ host: 127.0.0.1, port: {instance.port}, user: root, password: \"\", "
        "database: shop_0 }",
    ]) + "\n"


class KillTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = start_shards()
        cls.sharded = ShardProxy(sharded_config(
            cls.cluster, port=free_port(), workers=2,
            more_users=["name: other, password: other_pw"])).start()
        cls.passthrough = ShardProxy(passthrough_config(cls.cluster, free_port())).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.sharded, cls.passthrough)

    def run_in_background(self, conn, sql):
        outcome = {}

        def run():
            started = time.monotonic()
            try:
                with conn.cursor() as cursor:
                    cursor.execute(sql)
                    outcome["rows"] = cursor.fetchall()
            except pymysql.err.MySQLError as e:
                outcome["error"] = e.args
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(0.7)  # the statement is running on the data sources
        return thread, outcome

    def check_kill_query(self, port, sql, database="shop"):
        victim = connect(port, database=database)
        killer = connect(port, database=database)
        thread, outcome = self.run_in_background(victim, sql)
        with killer.cursor() as cursor:
            cursor.execute(f"KILL QUERY {victim.thread_id()}")
        thread.join(15)
        self.assertEqual(outcome.get("error", (None,))[0], 1317, outcome)
        self.assertLess(outcome["seconds"], 4, outcome)
        with victim.cursor() as cursor:  # the session goes on
            cursor.execute("SELECT 1")
            self.assertEqual(cursor.fetchall(), ((1,),))
        # An idle session's KILL QUERY changes nothing, as in MySQL.
        with killer.cursor() as cursor:
            cursor.execute(f"KILL QUERY {victim.thread_id()}")
        with victim.cursor() as cursor:
            cursor.execute("SELECT 2")
            self.assertEqual(cursor.fetchall(), ((2,),))

    def test_kill_query_stops_a_scatter_select_on_every_shard(self):
        self.check_kill_query(self.sharded.port, SLEEPY_SCATTER)

    def test_kill_query_through_the_passthrough_path(self):
        self.check_kill_query(self.passthrough.port, "SELECT SLEEP(5)", database="shop_0")

    def test_kill_connection_and_com_process_kill(self):
        for port, database in ((self.sharded.port, "shop"), (self.passthrough.port, "shop_0")):
            with self.subTest(port=port):
                for use_command in (False, True):
                    victim = connect(port, database=database)
                    killer = connect(port, database=database)
                    if use_command:
                        killer.kill(victim.thread_id())  # COM_PROCESS_KILL, as PyMySQL sends it
                    else:
                        killer.cursor().execute(f"KILL CONNECTION {victim.thread_id()}")
                    with self.assertRaises(pymysql.err.OperationalError):
                        for _ in range(50):  # the close reaches the client
                            victim.cursor().execute("SELECT 1")
                            time.sleep(0.1)
                    with killer.cursor() as cursor:
                        cursor.execute("SHOW PROCESSLIST")
                        ids = [row[0] for row in cursor.fetchall()]
                    self.assertNotIn(victim.thread_id(), ids)
                    self.assertIn(killer.thread_id(), ids)

    def test_unknown_ids_and_other_users_sessions(self):
        for port, database in ((self.sharded.port, "shop"), (self.passthrough.port, "shop_0")):
            with self.subTest(port=port):
                mine = connect(port, database=database)
                theirs = connect(port, database=database, user="other", password="other_pw")
                for sql, code in ((f"KILL 4000000000", 1094),
                                  (f"KILL {theirs.thread_id()}", 1095),
                                  (f"KILL QUERY {theirs.thread_id()}", 1095),
                                  ("KILL USER app", 1235)):
                    with self.assertRaises(pymysql.err.MySQLError) as caught:
                        mine.cursor().execute(sql)
                    self.assertEqual(caught.exception.args[0], code, (sql, caught.exception.args))
                with theirs.cursor() as cursor:
                    cursor.execute("SELECT 3")
                    self.assertEqual(cursor.fetchall(), ((3,),))


if __name__ == "__main__":
    unittest.main()
