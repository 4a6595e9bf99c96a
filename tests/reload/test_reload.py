"""Hot reload of the config through the real binary, PyMySQL and two MariaDB shards in the
quickstart layout:

- 100 reloads (SIGHUP, RELOAD CONFIG, and rewrites of the file seen by inotify) while client
  threads run reads, writes, cross-shard counts, broadcast writes and XA transactions on the
  sharded and broadcast tables: not one statement may fail, every read must find what its thread
  wrote, and the rules must really change each time (a marker table in SHOW SHARDING TABLES);
  each reload also adds or removes a data source, or resizes one the load uses (its pool is
  replaced under the load);
- an invalid file is rejected with its file:line:column reason over RELOAD CONFIG (and in the
  log after SIGHUP), and the old rules keep answering;
- a data source added by a reload is used by a table routed to it, and once removed it is no
  longer used and its pool's connections are closed; a transaction open across that reload
  finishes on the rules it began with;
- a passthrough proxy follows its data source to another server and learns a new user, and
  refuses a reload that would add sharding rules;
- SHOW SHARDING TABLES / SHOW SHARDING TABLE <name> answer as ordinary result sets.

SHARDPROXY_RELOADS=N changes the number of reloads under load (default 100, about 12 s).
"""
import os
import re
import signal
import tempfile
import threading
import time
import traceback
import unittest

import pymysql

from cluster import MariaDBCluster, free_port
from proxy import ShardProxy, passthrough_config

ROOT = os.environ.get("SHARDPROXY_SOURCE_DIR",
                      os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

RELOADS = int(os.environ.get("SHARDPROXY_RELOADS", "100"))


class ReloadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = MariaDBCluster(2).start()
        for i, instance in enumerate(cls.cluster.instances):
            instance.sql(f"CREATE DATABASE shop_{i}")
        # The data source that reloads add: a third schema on the first server.
        cls.cluster.instances[0].sql(
            "CREATE DATABASE shop_2; CREATE TABLE shop_2.t_log (id BIGINT PRIMARY KEY, "
            "note VARCHAR(64) NOT NULL)")
        cls.port = free_port()
        cls.xa_dir = tempfile.mkdtemp(prefix="shardproxy-xa-")
        cls.proxy = ShardProxy(cls.config_text()).start()
        conn = cls.connect(client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
        with conn.cursor() as cursor:
            with open(os.path.join(ROOT, "scripts/demo/shop.sql")) as f:
                cursor.execute(f.read())
            while cursor.nextset():
                pass
        conn.close()
        # Broadcast tables have a copy in every data source, so ds2 needs one before a reload
        # adds it (as a DBA would prepare a new data source).
        cls.cluster.instances[0].sql(
            "CREATE TABLE shop_2.t_product LIKE shop_0.t_product; "
            "INSERT INTO shop_2.t_product SELECT * FROM shop_0.t_product; "
            "CREATE TABLE shop_2.t_region LIKE shop_0.t_region; "
            "INSERT INTO shop_2.t_region SELECT * FROM shop_0.t_region")

    @classmethod
    def tearDownClass(cls):
        code = cls.proxy.stop()
        cls.cluster.stop()
        assert code == 0, f"proxy exit {code}:\n{cls.proxy.log_tail()}"

    @classmethod
    def config_text(cls, marker=0, with_ds2=False, t_log=False, ds1_max=64, broken=False,
                    user_options="", extra=""):
        ds = cls.cluster.instances
        text = (f"listen: 127.0.0.1:{cls.port}\n"
                "workers: 2\n"
                "database: shop\n"
                f"users:\n  - {{ name: app, password: app_pw{user_options} }}\n"
                "data_sources:\n"
                f"  ds0: {{ host: 127.0.0.1, port: {ds[0].port}, user: root, password: \"\", "
                "database: shop_0, max_connections: 64 }\n"
                f"  ds1: {{ host: 127.0.0.1, port: {ds[1].port}, user: root, password: \"\", "
                f"database: shop_1, max_connections: {ds1_max} }}\n")
        if with_ds2:
            text += (f"  ds2: {{ host: 127.0.0.1, port: {ds[0].port}, user: root, password: \"\", "
                     "database: shop_2, max_connections: 8 }\n")
        # `broken` names a data source that does not exist, on a known line and column.
        order_nodes = "ds${0..2}.t_order_${0..1}" if broken else "ds${0..1}.t_order_${0..1}"
        text += ("default_data_source: ds0\n"
                 "sharding:\n"
                 "  tables:\n"
                 "    t_order:\n"
                 f"      data_nodes: {order_nodes}\n"
                 "      database_strategy: { column: user_id, algorithm: db_mod }\n"
                 "      table_strategy: { column: order_id, algorithm: t_order_inline }\n"
                 "    t_order_item:\n"
                 "      data_nodes: ds${0..1}.t_order_item_${0..1}\n"
                 "      database_strategy: { column: user_id, algorithm: db_mod }\n"
                 "      table_strategy: { column: order_id, algorithm: t_item_inline }\n"
                 "      key_generator: { column: item_id, type: snowflake }\n"
                 "    t_user:\n"
                 "      data_nodes: ds${0..1}.t_user\n"
                 "      database_strategy: { column: user_id, algorithm: db_mod }\n")
        if t_log:
            text += "    t_log:\n      data_nodes: ds2.t_log\n"
        text += ("  binding_tables:\n"
                 "    - [t_order, t_order_item]\n"
                 f"  broadcast_tables: [t_product, t_region, t_marker_{marker}]\n"
                 "  algorithms:\n"
                 "    db_mod: { type: mod, count: 2 }\n"
                 "    t_order_inline: { type: inline, expression: \"t_order_${order_id % 2}\" }\n"
                 "    t_item_inline: { type: inline, expression: \"t_order_item_${order_id % 2}\" }\n"
                 "transaction:\n"
                 "  type: xa\n"
                 f"  log_dir: {cls.xa_dir}\n")
        return text + extra

    @classmethod
    def connect(cls, **kwargs):
        return pymysql.connect(host="127.0.0.1", port=cls.port, user="app", password="app_pw",
                               database="shop", autocommit=True, **kwargs)

    def query(self, sql, conn=None):
        conn = conn or self.connect()
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall(), cursor.description

    def write_config(self, text):
        """Replaces the file by rename, as editors and ConfigMaps do: a reader never sees half."""
        temp = self.proxy.config_path + ".tmp"
        with open(temp, "w") as f:
            f.write(text)
        os.rename(temp, self.proxy.config_path)

    def reload_config(self, conn=None):
        """RELOAD CONFIG; returns the OK's message. The file was replaced just before, so inotify
        may have reloaded it first: then the message says it is unchanged — either way every
        worker runs the file's rules once the OK arrives."""
        conn = conn or self.connect()
        with conn.cursor() as cursor:
            cursor.execute("RELOAD CONFIG")
        # PyMySQL keeps the info's length byte (it does not parse session tracking).
        message = conn._result.message.decode(errors="replace") if conn._result.message else ""
        self.assertRegex(message, r"configuration (reloaded|unchanged) \(generation \d+\)")
        return message

    def sharding_tables(self, conn=None):
        rows, _ = self.query("SHOW SHARDING TABLES", conn)
        return {row[0] for row in rows}

    def wait_for_marker(self, marker, conn, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if f"t_marker_{marker}" in self.sharding_tables(conn):
                return
            time.sleep(0.01)
        self.fail(f"marker {marker} never showed up in SHOW SHARDING TABLES:\n"
                  f"{self.proxy.log_tail()}")

    def restore_base_config(self):
        self.write_config(self.config_text())
        self.reload_config()

    # --- the tests -------------------------------------------------------------------------

    def test_limits_apply_without_restart_and_restart_only_settings_are_named(self):
        self.addCleanup(self.restore_base_config)
        conn = self.connect()
        self.write_config(self.config_text(
            user_options=", rate_limit: { statements_per_second: 1, burst: 1 }"))
        self.reload_config(conn)
        codes = []
        for _ in range(5):
            try:
                self.query("SELECT 1", conn)
            except pymysql.MySQLError as e:
                codes.append(e.args[0])
        self.assertIn(1226, codes)  # the session logged in before the reload is limited too
        time.sleep(1.2)  # a token for the RELOAD CONFIG below
        self.write_config(self.config_text(
            extra="limits: { max_in_flight_statements: 100 }\n"
                  "timeouts: { drain_ms: 5 }\n"
                  f"metrics: {{ listen: 127.0.0.1:{free_port()} }}\n"))
        self.reload_config(conn)
        for _ in range(20):  # the rate limit is gone
            self.query("SELECT 1", conn)
        rows, _ = self.query("SHOW SHARDING TABLES", conn)  # the rest of the file applied
        self.assertTrue(rows)
        deadline = time.monotonic() + 5
        while "needs a restart to apply: metrics, timeouts.drain_ms" not in self.proxy.log_text():
            self.assertLess(time.monotonic(), deadline, self.proxy.log_tail())
            time.sleep(0.05)

    def test_admin_statements_answer_result_sets(self):
        rows, description = self.query("SHOW SHARDING TABLES")
        self.assertEqual([d[0] for d in description][:3], ["table", "type", "data_nodes"])
        by_name = {row[0]: row for row in rows}
        self.assertEqual(by_name["t_order"][1], "sharded")
        self.assertEqual(by_name["t_order"][2], "4")
        self.assertEqual(by_name["t_product"][1], "broadcast")
        rows, description = self.query("show sharding table `t_order`;")
        self.assertEqual(len(rows), 1)
        row = dict(zip([d[0] for d in description], rows[0]))
        self.assertEqual(row["table"], "t_order")
        self.assertIn("ds0.t_order_0", row["actual_data_nodes"])
        self.assertEqual(row["database_algorithm"], "db_mod")
        self.assertEqual(row["database_algorithm_type"], "mod")
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SHOW SHARDING TABLE t_nothing")
        self.assertEqual(caught.exception.args[0], 1146)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SHOW SHARDING TABLEZ")
        self.assertEqual(caught.exception.args[0], 1064)
        # Inside a multi-statement text, as one statement among others.
        conn = self.connect(client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1; SHOW SHARDING TABLE t_user; SELECT 2")
            self.assertEqual(cursor.fetchall(), ((1,),))
            self.assertTrue(cursor.nextset())
            self.assertEqual(cursor.fetchall()[0][0], "t_user")
            self.assertTrue(cursor.nextset())
            self.assertEqual(cursor.fetchall(), ((2,),))

    def test_invalid_file_is_rejected_and_old_rules_stay(self):
        conn = self.connect()
        before = self.query("SHOW SHARDING TABLE t_order", conn)[0]
        broken = self.config_text(broken=True)
        line = next(i for i, text in enumerate(broken.splitlines(), 1) if "ds${0..2}" in text)
        self.write_config(broken)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.reload_config(conn)
        code, message = caught.exception.args
        self.assertEqual(code, 1105)
        self.assertIn("ds2", message)
        self.assertRegex(message, re.escape(self.proxy.config_path) + f":{line}:\\d+")
        # The old rules still answer, on this session and on new ones.
        self.assertEqual(self.query("SHOW SHARDING TABLE t_order", conn)[0], before)
        rows, _ = self.query("SELECT COUNT(*) FROM t_order WHERE user_id = 1", self.connect())
        self.assertGreaterEqual(rows[0][0], 2)
        # SIGHUP with the same bad file: logged, still the old rules.
        self.proxy.signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while self.proxy.log_text().count("rejected, keeping the current config") < 2:
            self.assertLess(time.monotonic(), deadline, self.proxy.log_tail())
            time.sleep(0.05)
        self.assertIn(f"{self.proxy.config_path}:{line}:", self.proxy.log_text())
        self.assertEqual(self.query("SHOW SHARDING TABLE t_order", conn)[0], before)
        self.restore_base_config()

    def test_added_data_source_is_used_and_removed_one_is_not(self):
        direct = pymysql.connect(host="127.0.0.1", port=self.cluster.instances[0].port,
                                 user="root", database="shop_2", autocommit=True)
        conn = self.connect()
        self.write_config(self.config_text(with_ds2=True, t_log=True))
        self.reload_config(conn)
        self.assertIn("t_log", self.sharding_tables(conn))
        self.query("INSERT INTO t_log (id, note) VALUES (1, 'through the proxy')", conn)
        rows, _ = self.query("SELECT note FROM t_log WHERE id = 1", self.connect())
        self.assertEqual(rows, (("through the proxy",),))
        rows, _ = self.query("SELECT note FROM t_log", direct)
        self.assertEqual(rows, (("through the proxy",),))
        self.assertGreater(self.proxy_connections(direct), 0)
        # SHOW DATA SOURCES follows the config in force.
        rows, _ = self.query("SHOW DATA SOURCES", conn)
        self.assertEqual([r[0] for r in rows], ["ds0", "ds1", "ds2"])
        self.assertEqual(rows[2][2], "shop_2")
        self.assertEqual(rows[2][7], "closed")

        # Removed while a transaction that wrote to ds2 is open: the transaction keeps the rules
        # it began with until COMMIT; every statement after it, and new ones elsewhere, find
        # t_log an ordinary table again (the default data source has none), and the pool of
        # ds2 is closed once idle.
        tx = self.connect()
        self.query("BEGIN", tx)
        self.query("INSERT INTO t_log (id, note) VALUES (2, 'in a transaction')", tx)
        self.write_config(self.config_text())
        self.reload_config(conn)
        self.assertNotIn("t_log", self.sharding_tables(conn))
        self.query("INSERT INTO t_log (id, note) VALUES (3, 'same transaction')", tx)
        rows, _ = self.query("SELECT COUNT(*) FROM t_log", tx)
        self.assertEqual(rows, ((3,),))
        self.assertGreater(self.proxy_connections(direct), 0)
        self.query("COMMIT", tx)
        rows, _ = self.query("SELECT id FROM t_log ORDER BY id", direct)
        self.assertEqual(rows, ((1,), (2,), (3,)))
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SELECT note FROM t_log", tx)
        self.assertEqual(caught.exception.args[0], 1146)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SELECT note FROM t_log", conn)
        self.assertEqual(caught.exception.args[0], 1146)
        self.assertNotIn("t_log", self.sharding_tables(conn))
        rows, _ = self.query("SHOW DATA SOURCES", conn)
        self.assertEqual([r[0] for r in rows], ["ds0", "ds1"])
        deadline = time.monotonic() + 10
        while self.proxy_connections(direct) > 0:
            self.assertLess(time.monotonic(), deadline,
                            "the proxy still has connections to the removed data source")
            time.sleep(0.1)
        self.query("DELETE FROM t_log", direct)

    def test_passthrough_proxy_follows_its_data_source_and_users(self):
        first, second = self.cluster.instances
        port = free_port()
        with ShardProxy(passthrough_config(first, database="shop_0", port=port)) as proxy:
            def connect(user="app", password="app_pw"):
                return pymysql.connect(host="127.0.0.1", port=port, user=user, password=password,
                                       autocommit=True)

            def write(text):
                with open(proxy.config_path + ".tmp", "w") as f:
                    f.write(text)
                os.rename(proxy.config_path + ".tmp", proxy.config_path)

            session = connect()
            self.assertEqual(self.query("SELECT @@port", session)[0], ((first.port,),))
            rows, description = self.query("SHOW SHARDING TABLES", session)
            self.assertEqual(rows, ())
            self.assertEqual(description[0][0], "table")
            # ds0 moves to the other server and a user is added: the open session follows at
            # its next statement, the new user can log in.
            write(passthrough_config(second, database="shop_1", port=port).replace(
                "users:\n", "users:\n  - { name: ops, password: ops_pw }\n"))
            self.reload_config(session)
            self.assertEqual(self.query("SELECT @@port", session)[0], ((second.port,),))
            self.assertEqual(self.query("SELECT @@port", connect("ops", "ops_pw"))[0],
                             ((second.port,),))
            # Sharding rules cannot be added to a running passthrough proxy.
            write(passthrough_config(second, database="shop_1", port=port) +
                  "sharding:\n  broadcast_tables: [t_region]\n")
            with self.assertRaises(pymysql.err.MySQLError) as caught:
                self.reload_config(session)
            self.assertEqual(caught.exception.args[0], 1105)
            self.assertIn("needs a restart", caught.exception.args[1])
            self.assertEqual(self.query("SELECT @@port", session)[0], ((second.port,),))

    def proxy_connections(self, direct):
        rows, _ = self.query("SELECT COUNT(*) FROM information_schema.processlist "
                             "WHERE db = 'shop_2' AND id <> CONNECTION_ID()", direct)
        return rows[0][0]

    def test_reloads_under_load_fail_no_statement(self):
        stop = threading.Event()
        failures = []
        counts = [0] * 4
        transactions = [0] * 4

        def load(thread):
            try:
                conn = self.connect()
            except Exception as e:  # noqa: BLE001 - report whatever it is
                failures.append(f"thread {thread} connect: {e!r}")
                return
            k = 0
            while not stop.is_set():
                k += 1
                order_id = 5_000_000 + thread * 1_000_000 + k * 2
                user_id = 100 + thread * 10 + k % 10
                step = "?"
                try:
                    with conn.cursor() as cursor:
                        step = "insert"
                        cursor.execute(
                            "INSERT INTO t_order (order_id, user_id, status, total, created_at) "
                            f"VALUES ({order_id}, {user_id}, 'new', 1.00, NOW())")
                        step = "point read"
                        cursor.execute(f"SELECT status FROM t_order WHERE user_id = {user_id} "
                                       f"AND order_id = {order_id}")
                        if cursor.fetchall() != (("new",),):
                            failures.append(f"thread {thread}: order {order_id} not found")
                        step = "cross-shard count"
                        cursor.execute(f"SELECT COUNT(*) FROM t_order WHERE order_id = {order_id}")
                        if cursor.fetchall() != ((1,),):
                            failures.append(f"thread {thread}: count of {order_id} is not 1")
                        step = "broadcast write"
                        cursor.execute("UPDATE t_product SET stock = stock + 1 "
                                       f"WHERE product_id = {thread + 1}")
                        step = "broadcast read"
                        cursor.execute("SELECT name FROM t_product WHERE product_id = 1")
                        if len(cursor.fetchall()) != 1:
                            failures.append(f"thread {thread}: product 1 missing")
                        if k % 4 == 0:
                            step = "transaction"
                            cursor.execute("BEGIN")
                            for user in (user_id, user_id + 1):  # both shards
                                cursor.execute(
                                    "INSERT INTO t_order (order_id, user_id, status, total, "
                                    f"created_at) VALUES ({order_id + 1 + (user - user_id) * 500000}"
                                    f", {user}, 'tx', 2.00, NOW())")
                            cursor.execute(f"SELECT COUNT(*) FROM t_order WHERE user_id IN "
                                           f"({user_id}, {user_id + 1}) AND status = 'tx' "
                                           f"AND order_id IN ({order_id + 1}, {order_id + 500001})")
                            if cursor.fetchall() != ((2,),):
                                failures.append(f"thread {thread}: transaction lost a row")
                            cursor.execute("COMMIT")
                            transactions[thread] += 1
                        if k % 7 == 0:
                            step = "admin"
                            cursor.execute("SHOW SHARDING TABLES")
                            cursor.fetchall()
                    counts[thread] += 1
                except Exception as e:  # noqa: BLE001 - every failure counts
                    failures.append(f"thread {thread} step {step} k={k}: {e!r}")
                    try:
                        conn.close()
                    except Exception:  # noqa: BLE001
                        pass
                    try:
                        conn = self.connect()
                    except Exception as again:  # noqa: BLE001
                        failures.append(f"thread {thread} reconnect: {again!r}")
                        return

        swap_pattern = r"reloaded \S+ \(generation \d+\)"
        swaps_before = len(re.findall(swap_pattern, self.proxy.log_text()))
        threads = [threading.Thread(target=load, args=(t,), daemon=True) for t in range(4)]
        for t in threads:
            t.start()
        admin = self.connect()
        kinds = {"SIGHUP": 0, "RELOAD CONFIG": 0, "inotify": 0}
        try:
            time.sleep(0.5)
            for i in range(1, RELOADS + 1):
                # Every reload changes the rules (the marker); most also add or remove ds2, or
                # resize ds1 (a new pool for ds1 while statements run on the old one).
                self.write_config(self.config_text(marker=i, with_ds2=(i % 4 in (1, 2)),
                                                   ds1_max=64 if i % 3 else 32 + i % 5))
                kind = ("SIGHUP", "RELOAD CONFIG", "inotify")[i % 3]
                kinds[kind] += 1
                if kind == "SIGHUP":
                    self.proxy.signal(signal.SIGHUP)
                elif kind == "RELOAD CONFIG":
                    self.reload_config(admin)
                self.wait_for_marker(i, admin)
                time.sleep(0.1)
                if failures:
                    break
            time.sleep(0.5)
        finally:
            stop.set()
            for t in threads:
                t.join(30)
        self.assertEqual(failures, [], f"{len(failures)} failed statements:\n" +
                         "\n".join(failures[:20]) + "\n" + self.proxy.log_tail())
        self.assertTrue(all(c > 0 for c in counts), counts)
        self.assertTrue(all(c > 0 for c in transactions), transactions)
        # Every one of the reloads swapped a new config in (inotify and RELOAD CONFIG may both
        # see one file; the second finds it unchanged and swaps nothing).
        swaps = len(re.findall(swap_pattern, self.proxy.log_text())) - swaps_before
        self.assertGreaterEqual(swaps, RELOADS)
        print(f"\n{RELOADS} reloads {kinds}: {sum(counts)} statement groups "
              f"({sum(transactions)} XA transactions) by 4 threads, 0 failed")
        self.assertTrue(self.proxy.alive())
        self.restore_base_config()


if __name__ == "__main__":
    unittest.main()
