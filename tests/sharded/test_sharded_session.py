"""Session behaviour of the sharded path, through the real binary and PyMySQL over two shards in
the quickstart layout: logical names everywhere the client looks (SHOW TABLES, column metadata),
PREVIEW, USE, transactions across shards that commit or roll back as a whole, the
transaction-type switch, honest errors for what is not supported, and demo data loaded through
the proxy answering cross-shard queries exactly."""
import os
import re
import subprocess
import tempfile
import unittest
from decimal import Decimal

import pymysql
import pymysql.constants.CLIENT
import pymysql.cursors

from cluster import MariaDBCluster, free_port
from proxy import ShardProxy

ROOT = os.environ.get("SHARDPROXY_SOURCE_DIR",
                      os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


class ShardedSessionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = MariaDBCluster(2).start()
        for i, instance in enumerate(cls.cluster.instances):
            conn = pymysql.connect(host="127.0.0.1", port=instance.port, user="root")
            conn.cursor().execute(f"CREATE DATABASE shop_{i}")
            conn.close()
        config = open(os.path.join(ROOT, "config/examples/quickstart.yaml")).read()
        cls.port = free_port()
        cls.xa_dir = tempfile.mkdtemp(prefix="shardproxy-xa-")
        config = config.replace("127.0.0.1:3307", f"127.0.0.1:{cls.port}")
        config = config.replace("port: 13306", f"port: {cls.cluster.instances[0].port}")
        config = config.replace("port: 13307", f"port: {cls.cluster.instances[1].port}")
        config = re.sub(r"log_dir: .*", f"log_dir: {cls.xa_dir}", config)
        cls.proxy = ShardProxy(config).start()
        # The demo schema and data as one multi-statement text, as the quickstart loads them.
        conn = cls.connect(client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
        with conn.cursor() as cursor:
            cursor.execute(open(os.path.join(ROOT, "scripts/demo/shop.sql")).read())
            while cursor.nextset():
                pass
        conn.close()

    @classmethod
    def tearDownClass(cls):
        code = cls.proxy.stop()
        cls.cluster.stop()
        assert code == 0, f"proxy exit {code}:\n{cls.proxy.log_tail()}"

    @classmethod
    def connect(cls, **kwargs):
        return pymysql.connect(host="127.0.0.1", port=cls.port, user="app", password="app_pw",
                               database="shop", autocommit=True, **kwargs)

    def shard(self, i):
        return pymysql.connect(host="127.0.0.1", port=self.cluster.instances[i].port, user="root",
                               database=f"shop_{i}", autocommit=True)

    def query(self, sql, conn=None):
        conn = conn or self.connect()
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall(), cursor.description

    def test_last_insert_id_is_the_sessions_own(self):
        conn = self.connect()
        other = self.connect()
        with conn.cursor() as cursor, other.cursor() as other_cursor:
            cursor.execute("SELECT LAST_INSERT_ID()")
            self.assertEqual(cursor.fetchall(), ((0,),))
            self.assertEqual(cursor.description[0][0], "LAST_INSERT_ID()")
            cursor.execute("INSERT INTO t_order (user_id, status, total, created_at) "
                           "VALUES (7, 'NEW', 10.00, NOW())")
            order_id = cursor.lastrowid
            self.assertGreater(order_id, 0)
            # Another session's insert in between changes nothing for this one.
            other_cursor.execute("INSERT INTO t_order (user_id, status, total, created_at) "
                                 "VALUES (8, 'NEW', 1.00, NOW())")
            self.assertNotEqual(other_cursor.lastrowid, order_id)
            cursor.execute("SELECT LAST_INSERT_ID() AS id")
            self.assertEqual(cursor.fetchall(), ((order_id,),))
            self.assertEqual(cursor.description[0][0], "id")
            # Used inside a statement it is the value before that statement, and routes on it.
            cursor.execute("PREVIEW INSERT INTO t_order_item (order_id, user_id, product_id, "
                           "quantity, price) VALUES (LAST_INSERT_ID(), 7, 1, 2, 24.90)")
            nodes = cursor.fetchall()
            self.assertEqual(len(nodes), 1)
            self.assertIn(f"t_order_item_{order_id % 2}", nodes[0][1])
            cursor.execute("INSERT INTO t_order_item (order_id, user_id, product_id, quantity, "
                           "price) VALUES (LAST_INSERT_ID(), 7, 1, 2, 24.90)")
            item_id = cursor.lastrowid
            cursor.execute("SELECT @@last_insert_id")
            self.assertEqual(cursor.fetchall(), ((item_id,),))
            cursor.execute("SELECT order_id, quantity FROM t_order_item "
                           "WHERE item_id = LAST_INSERT_ID()")
            self.assertEqual(cursor.fetchall(), ((order_id, 2),))
            cursor.execute("SELECT 'LAST_INSERT_ID()' AS text")
            self.assertEqual(cursor.fetchall(), (("LAST_INSERT_ID()",),))
            # DATABASE() is the logical database, never a data source's physical one.
            cursor.execute("SELECT DATABASE()")
            self.assertEqual(cursor.fetchall(), (("shop",),))
            self.assertEqual(cursor.description[0][0], "DATABASE()")
            cursor.execute("SELECT COUNT(*) FROM t_order WHERE order_id = LAST_INSERT_ID() - 0 "
                           "OR DATABASE() <> 'shop'")
            self.assertEqual(cursor.fetchall(), ((0,),))
        conn.close()
        other.close()

    def test_row_count_and_found_rows_are_the_sessions_own(self):
        # The values MariaDB gives on one connection (checked against 10.11), though these
        # statements run on several pooled connections of two shards.
        conn = self.connect()
        other = self.connect()
        self.addCleanup(self.query, "DELETE FROM t_user WHERE user_id >= 901")

        def one(sql):
            rows, description = self.query(sql, conn)
            return rows[0][0], description[0][0]

        rows, _ = self.query("SELECT name FROM t_user WHERE user_id IN (1, 2, 3)", conn)
        self.assertEqual(len(rows), 3)
        self.assertEqual(one("SELECT FOUND_ROWS()"), (3, "FOUND_ROWS()"))
        self.assertEqual(one("SELECT ROW_COUNT()"), (-1, "ROW_COUNT()"))  # after a result set
        self.query("INSERT INTO t_user (user_id, name) VALUES (901, 'x'), (902, 'y'), (903, 'z')",
                   conn)
        self.assertEqual(one("SELECT ROW_COUNT() AS n"), (3, "n"))
        self.assertEqual(one("SELECT FOUND_ROWS()"), (1, "FOUND_ROWS()"))  # SELECT ROW_COUNT()'s
        self.query("UPDATE t_user SET city = 'Nowhere' WHERE user_id >= 901", conn)
        # Another session's statements change nothing for this one.
        self.assertGreaterEqual(len(self.query("SELECT user_id FROM t_user", other)[0]), 11)
        self.query("UPDATE t_user SET city = 'Elsewhere' WHERE user_id = 902", other)
        self.assertEqual(one("SELECT ROW_COUNT() + 0 AS n"), (3, "n"))  # in an expression
        self.query("UPDATE t_user SET city = 'Nowhere' WHERE user_id >= 901", conn)
        self.assertEqual(one("SELECT ROW_COUNT()")[0], 1)  # changed rows, not matched
        self.query("USE shop", conn)
        self.assertEqual(one("SELECT ROW_COUNT()")[0], 0)
        with self.assertRaises(pymysql.err.ProgrammingError):
            self.query("SELECT * FROM no_such_table", conn)
        self.assertEqual(one("SELECT ROW_COUNT()")[0], -1)  # after an error
        self.assertEqual(one("SELECT 10 - ROW_COUNT()")[0], 11)
        # SQL_CALC_FOUND_ROWS over both shards: the count runs first (router/found_rows.h).
        rows, _ = self.query("SELECT SQL_CALC_FOUND_ROWS name FROM t_user WHERE user_id IN (1, 2, 3) "
                             "ORDER BY user_id LIMIT 1, 1", conn)
        self.assertEqual(rows, (("Bob",),))
        self.assertEqual(one("SELECT FOUND_ROWS()"), (3, "FOUND_ROWS()"))
        # Where it is not split (a locking read), only the data source that ran it knows the
        # count: an honest error.
        rows, _ = self.query(
            "SELECT SQL_CALC_FOUND_ROWS name FROM t_user WHERE user_id = 1 LIMIT 1 FOR UPDATE", conn)
        self.assertEqual(len(rows), 1)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SELECT FOUND_ROWS()", conn)
        self.assertEqual(caught.exception.args[0], 1235)
        self.assertIn("SQL_CALC_FOUND_ROWS", caught.exception.args[1])

    def test_connection_id_is_the_handshakes(self):
        # The id the client was given (and SHOW PROCESSLIST shows), not a pooled connection's.
        conn = self.connect()
        for _ in range(3):
            self.query("SELECT name FROM t_user WHERE user_id IN (1, 2)", conn)
            self.assertEqual(self.query("SELECT CONNECTION_ID()", conn)[0], ((conn.thread_id(),),))
            self.assertEqual(self.query("SELECT CONNECTION_ID() + 0 AS id", conn)[0],
                             ((conn.thread_id(),),))

    def test_ddl_conditions_name_the_logical_table_once(self):
        # CREATE TABLE IF NOT EXISTS runs on each of t_order's four actual tables; one MariaDB
        # gives one note naming t_order.
        conn = self.connect()
        with conn.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS t_order (order_id BIGINT PRIMARY KEY)")
            self.assertEqual(cursor._result.warning_count, 1)  # the OK packet's count
        self.assertEqual(self.query("SHOW WARNINGS", conn)[0],
                         (("Note", 1050, "Table 't_order' already exists"),))

    def test_show_warnings_are_the_sessions_own(self):
        # What MariaDB 10.11 lists on one connection, though the statements ran on pooled
        # connections of two shards that other sessions use in between.
        conn = self.connect()
        other = self.connect()

        def warnings(sql="SHOW WARNINGS"):
            rows, description = self.query(sql, conn)
            return rows, [d[0] for d in description]

        def counts():
            rows, description = self.query("SELECT @@warning_count, @@session.error_count", conn)
            self.assertEqual([d[0] for d in description], ["@@warning_count", "@@session.error_count"])
            return rows[0]

        truncated = [("Warning", 1292, "Truncated incorrect CHAR(2) value: '1000'"),
                     ("Warning", 1292, "Truncated incorrect CHAR(2) value: '2000'")]
        rows, _ = self.query(
            "SELECT CAST(user_id * 1000 AS CHAR(2)) FROM t_user WHERE user_id IN (1, 2)", conn)
        self.assertEqual(sorted(r[0] for r in rows), ["10", "20"])
        # The other session's statements, with warnings of their own, on the same pools.
        self.query("SELECT CAST(123456 AS CHAR(1))", other)
        self.query("SELECT CAST(user_id * 7000 AS CHAR(1)) FROM t_user WHERE user_id IN (1, 2)",
                   other)
        rows, columns = warnings()
        self.assertEqual(columns, ["Level", "Code", "Message"])
        self.assertEqual(sorted(rows), truncated)  # one shard's, then the other's
        self.assertEqual(len(warnings("SHOW WARNINGS LIMIT 1")[0]), 1)
        self.assertEqual(warnings("SHOW WARNINGS LIMIT 1, 5")[0], rows[1:])
        self.assertEqual(warnings("SHOW ERRORS")[0], ())
        self.assertEqual(warnings("SHOW COUNT(*) WARNINGS"), (((2,),), ["@@session.warning_count"]))
        self.assertEqual(counts(), (2, 0))
        self.assertEqual(sorted(self.query("SHOW WARNINGS", other)[0]),
                         [("Warning", 1292, "Truncated incorrect CHAR(1) value: '14000'"),
                          ("Warning", 1292, "Truncated incorrect CHAR(1) value: '7000'")])
        # A statement without tables and without warnings leaves them; one with a table does not.
        self.query("SELECT 1", conn)
        self.query("BEGIN", conn)
        self.query("COMMIT", conn)
        self.assertEqual(sorted(warnings()[0]), truncated)
        self.query("SELECT name FROM t_user WHERE user_id = 1", conn)
        self.assertEqual(warnings()[0], ())
        self.assertEqual(counts(), (0, 0))
        # A write over both shards inside a transaction: each shard's duplicates.
        self.query("BEGIN", conn)
        self.query("INSERT IGNORE INTO t_user (user_id, name) VALUES (1, 'a'), (2, 'b')", conn)
        self.assertEqual(sorted(warnings()[0]),
                         [("Warning", 1062, "Duplicate entry '1' for key 'PRIMARY'"),
                          ("Warning", 1062, "Duplicate entry '2' for key 'PRIMARY'")])
        self.query("ROLLBACK", conn)
        # An error is the list, whether a shard or the proxy answered it.
        with self.assertRaises(pymysql.err.ProgrammingError):
            self.query("SELECT * FROM no_such_table", conn)
        rows, _ = warnings("SHOW ERRORS")
        self.assertEqual(rows, (("Error", 1146, "Table 'shop.no_such_table' doesn't exist"),))
        self.assertEqual(counts(), (1, 1))
        with self.assertRaises(pymysql.err.ProgrammingError):
            self.query("SELEC 1", conn)
        rows, _ = warnings()
        self.assertEqual([r[:2] for r in rows], [("Error", 1064)])
        self.assertIn("SELEC 1", rows[0][2])

    def test_user_variables_are_the_sessions_own(self):
        # Set on one connection of one shard they would be NULL on the others (and another
        # session's on a pooled connection): the proxy keeps them and writes their values in.
        conn = self.connect()
        other = self.connect()

        def rows(sql, c=conn):
            return self.query(sql, c)[0]

        def named(sql):
            result, description = self.query(sql, conn)
            return result, [d[0] for d in description]

        self.query("SET @uid = 3, @City = 'Lyon'", conn)  # user 3 lives on the other shard
        self.query("SET @uid = 1", other)
        self.assertEqual(rows("SELECT user_id, name FROM t_user WHERE user_id = @uid"),
                         ((3, "Chloé"),))
        self.assertEqual(rows("SELECT user_id FROM t_user WHERE user_id IN (1, 2, 3) AND @uid = 3 "
                              "ORDER BY user_id"), ((1,), (2,), (3,)))
        self.assertEqual(rows("SELECT name FROM t_user WHERE city = @city"), (("Alice",),))
        self.assertEqual(named("SELECT @uid, @uid + 1, @uid AS u, @nothing"),
                         (((3, 4, 3, None),), ["@uid", "@uid + 1", "u", "@nothing"]))
        self.assertEqual(rows("SELECT @uid", other), ((1,),))
        # SELECT … INTO: one row sets, none leaves (warning 1329), more is an error.
        self.query("SELECT name, city INTO @name, @home FROM t_user WHERE user_id = @uid", conn)
        self.assertEqual(rows("SELECT ROW_COUNT()"), ((1,),))
        self.assertEqual(rows("SELECT @name, @home"), (("Chloé", "Québec"),))
        self.query("SELECT name FROM t_user WHERE user_id = 99 INTO @name", conn)
        self.assertEqual(rows("SHOW WARNINGS"),
                         (("Warning", 1329, "No data - zero rows fetched, selected, or processed"),))
        self.assertEqual(rows("SELECT @name"), (("Chloé",),))
        for sql, code in [("SELECT name INTO @name FROM t_user WHERE user_id IN (1, 2)", 1172),
                          ("SELECT 1, 2 INTO @one", 1222),
                          ("SELECT @n := COUNT(*) FROM t_user", 1235),
                          ("DO @uid", 1235)]:
            with self.subTest(sql=sql), self.assertRaises(pymysql.err.MySQLError) as caught:
                self.query(sql, conn)
            self.assertEqual(caught.exception.args[0], code, caught.exception.args)
        # Values keep their type: a decimal from a shard, a float, bytes.
        self.query("SELECT total INTO @total FROM t_order WHERE user_id = 3 AND order_id = 1003",
                   conn)
        self.query("SET @f = 0.5e0, @bytes = X'00ff'", conn)
        self.assertEqual(rows("SELECT @total * 2, @f * 3, HEX(@bytes), LENGTH(@bytes)"),
                         ((Decimal("49.80"), 1.5, "00FF", 2),))
        # Values read over every shard: merged, or a subquery evaluated first.
        self.query("SELECT COUNT(*) INTO @users FROM t_user", conn)
        self.query("SET @orders = (SELECT COUNT(*) FROM t_order)", conn)
        self.assertEqual(rows("SELECT @users, @orders"),
                         ((rows("SELECT COUNT(*) FROM t_user")[0][0],
                           rows("SELECT COUNT(*) FROM t_order")[0][0]),))
        # mysqldump's header and footer: user and system variables in one SET.
        self.query("/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */", conn)
        self.assertEqual(rows("SELECT @@unique_checks, @old_unique_checks"), ((0, 1),))
        self.query("/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */", conn)
        self.assertEqual(rows("SELECT @@unique_checks"), ((1,),))
        self.query("UPDATE t_user SET city = @home WHERE user_id = 4", conn)
        self.addCleanup(self.query, "UPDATE t_user SET city = 'Tallinn' WHERE user_id = 4")
        self.assertEqual(rows("SELECT city FROM t_user WHERE user_id = 4", other), (("Québec",),))

    def test_errors_name_logical_databases_and_tables(self):
        # As one server holding the logical tables would name them, not as the shard that
        # answered (shop_0, t_order_1).
        # (MariaDB 10.11's later releases say 'SELECT' where earlier ones said 'field list'.)
        cases = [("SELECT * FROM no_such_table", 1146, "Table 'shop.no_such_table' doesn't exist"),
                 ("DROP TABLE no_such_table", 1051, "Unknown table 'shop.no_such_table'"),
                 ("SELECT t_order.no_col FROM t_order WHERE order_id = 1", 1054,
                  "Unknown column 't_order.no_col' in '")]
        for sql, code, message in cases:
            with self.subTest(sql=sql), self.assertRaises(pymysql.err.MySQLError) as caught:
                self.query(sql)
            self.assertEqual(caught.exception.args[0], code)
            self.assertTrue(caught.exception.args[1].startswith(message), caught.exception.args)

    def test_show_tables_lists_logical_tables(self):
        rows, description = self.query("SHOW TABLES")
        self.assertEqual(description[0][0], "Tables_in_shop")
        names = [r[0] for r in rows]
        self.assertEqual(names, sorted(names))
        for table in ("t_order", "t_order_item", "t_user", "t_product", "t_region"):
            self.assertIn(table, names)
        self.assertFalse([n for n in names if re.match(r"t_order(_item)?_\d$", n)], names)

    def test_show_create_database_of_the_logical_database(self):
        rows, description = self.query("SHOW CREATE DATABASE shop")
        self.assertEqual([d[0] for d in description], ["Database", "Create Database"])
        self.assertEqual(rows[0][0], "shop")
        self.assertTrue(rows[0][1].startswith("CREATE DATABASE `shop` /*!40100 DEFAULT CHARACTER SET"),
                        rows)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SHOW CREATE DATABASE nosuch")
        self.assertEqual(caught.exception.args[0], 1049)

    def test_show_databases_lists_the_logical_database(self):
        rows, description = self.query("SHOW DATABASES")
        names = [r[0] for r in rows]
        self.assertEqual(description[0][0], "Database")
        self.assertIn("shop", names)
        self.assertIn("information_schema", names)
        self.assertFalse([n for n in names if re.match(r"shop_\d$", n)], names)
        self.assertEqual(names, sorted(names))
        rows, description = self.query("SHOW SCHEMAS LIKE 'sh%'")
        self.assertEqual((rows, description[0][0]), ((("shop",),), "Database (sh%)"))

    def test_information_schema_answers_with_logical_names(self):
        # What ORMs and GUI tools ask: the logical database's tables and columns, each sharded
        # table once under its logical name, its one-node sizes left out (NULL).
        rows, _ = self.query("SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                             "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
        tables = dict(rows)
        for table in ("t_order", "t_order_item", "t_user", "t_product", "t_region"):
            self.assertIn(table, tables)
        self.assertFalse([n for n in tables if re.match(r"t_order(_item)?_\d$", n)], rows)
        self.assertIsNone(tables["t_order"])
        self.assertEqual(tables["t_product"], 5)  # broadcast: a full copy
        rows, description = self.query(
            "SELECT TABLE_SCHEMA AS s, COLUMN_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 't_order' ORDER BY ORDINAL_POSITION")
        self.assertEqual([d[0] for d in description], ["s", "COLUMN_NAME"])
        self.assertEqual(rows, tuple(("shop", c) for c in
                                     ("order_id", "user_id", "status", "total", "created_at")))
        rows, _ = self.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                             "WHERE SCHEMA_NAME LIKE 'shop%'")
        self.assertEqual(rows, (("shop",),))

    def test_show_tables_like_and_from_the_logical_database(self):
        # The pattern applies to the logical names (the shards hold t_order_0, t_order_1, …);
        # FROM names the logical database, which no data source has.
        rows, description = self.query("SHOW TABLES LIKE 't\\_order%'")
        self.assertEqual(description[0][0], "Tables_in_shop (t\\_order%)")
        self.assertEqual([r[0] for r in rows], ["t_order", "t_order_item"])
        rows, description = self.query("SHOW FULL TABLES FROM shop LIKE '%user'")
        self.assertEqual([d[0] for d in description], ["Tables_in_shop (%user)", "Table_type"])
        self.assertEqual(rows, (("t_user", "BASE TABLE"),))
        rows, _ = self.query("SHOW TABLES IN shop")
        self.assertIn("t_order", [r[0] for r in rows])
        self.assertEqual(self.query("SHOW TABLES LIKE 'T_ORDER'")[0], ())  # case-sensitive
        rows, _ = self.query("SHOW FULL COLUMNS FROM t_order FROM shop")
        self.assertEqual(rows[0][0], "order_id")
        rows, _ = self.query("SHOW INDEX FROM t_order_item IN shop")
        self.assertEqual({r[0] for r in rows}, {"t_order_item"})
        rows, _ = self.query("SHOW COLUMNS FROM t_product FROM shop")  # broadcast
        self.assertEqual(rows[0][0], "product_id")
        with self.assertRaises(pymysql.MySQLError) as caught:
            self.query("SHOW COLUMNS FROM t_order FROM no_such_db")
        self.assertEqual(caught.exception.args[0], 1146)  # as MariaDB: no such table there

    def test_show_table_status_lists_logical_tables(self):
        conn = self.connect(cursorclass=pymysql.cursors.DictCursor)
        rows, _ = self.query("SHOW TABLE STATUS", conn)
        by_name = {r["Name"]: r for r in rows}
        self.assertEqual([r["Name"] for r in rows], sorted(by_name))
        self.assertFalse([n for n in by_name if re.match(r"t_order(_item)?_\d$", n)], by_name)
        self.assertEqual(by_name["t_order"]["Engine"], "InnoDB")
        # One node's sizes are not the logical table's: NULL for a sharded table, the real ones
        # for a broadcast table (every node holds all of it).
        self.assertIsNone(by_name["t_order"]["Rows"])
        self.assertIsNone(by_name["t_order"]["Data_length"])
        self.assertIsNotNone(by_name["t_product"]["Data_length"])
        rows, _ = self.query("SHOW TABLE STATUS FROM shop LIKE 't_order%'", conn)
        self.assertEqual([r["Name"] for r in rows], ["t_order", "t_order_item"])

    def test_autocommit_off_as_python_drivers_default(self):
        # PyMySQL and MySQLdb connect with autocommit off (SET autocommit=0): every statement
        # then runs in a transaction that lasts until commit() or rollback().
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="app", password="app_pw",
                               database="shop")
        watcher = self.connect()
        count_sql = "SELECT COUNT(*) FROM t_user WHERE user_id IN (5001, 5002)"
        with conn.cursor() as cursor:
            cursor.execute("SELECT @@autocommit")
            self.assertEqual(cursor.fetchall(), ((0,),))
            cursor.execute("INSERT INTO t_user (user_id, name) VALUES (5001, 'a'), (5002, 'b')")
            self.assertTrue(conn.get_autocommit() is False)
            self.assertEqual(self.query(count_sql, watcher)[0], ((0,),))
            conn.commit()
            self.assertEqual(self.query(count_sql, watcher)[0], ((2,),))
            cursor.execute("UPDATE t_user SET name = 'z' WHERE user_id IN (5001, 5002)")
            conn.rollback()
            self.assertEqual(
                self.query("SELECT name FROM t_user WHERE user_id IN (5001, 5002) ORDER BY 1",
                           watcher)[0], (("a",), ("b",)))
            cursor.execute("DELETE FROM t_user WHERE user_id = 5001")
            conn.autocommit(True)  # SET autocommit=1 commits the open transaction
            self.assertEqual(self.query(count_sql, watcher)[0], ((1,),))
            cursor.execute("SELECT @@autocommit")
            self.assertEqual(cursor.fetchall(), ((1,),))
            with self.assertRaises(pymysql.MySQLError) as caught:
                cursor.execute("SET autocommit = 2")
            self.assertEqual(caught.exception.args[0], 1231)
        conn.close()
        import MySQLdb
        mconn = MySQLdb.connect(host="127.0.0.1", port=self.port, user="app", passwd="app_pw",
                                db="shop")
        mcursor = mconn.cursor()
        mcursor.execute("DELETE FROM t_user WHERE user_id = 5002")
        self.assertEqual(self.query(count_sql, watcher)[0], ((1,),))
        mconn.commit()
        self.assertEqual(self.query(count_sql, watcher)[0], ((0,),))
        mconn.close()
        watcher.close()

    def test_table_definitions_name_the_logical_table(self):
        rows, _ = self.query("SHOW CREATE TABLE t_order")
        self.assertEqual(rows[0][0], "t_order")
        self.assertTrue(rows[0][1].startswith("CREATE TABLE `t_order` (\n  `order_id` bigint"),
                        rows[0][1])
        rows, _ = self.query("SHOW INDEX FROM t_order_item")
        self.assertEqual({r[0] for r in rows}, {"t_order_item"})
        self.assertIn("idx_order", {r[2] for r in rows})
        rows, _ = self.query("SHOW CREATE TABLE t_product")  # broadcast: same name everywhere
        self.assertEqual(rows[0][0], "t_product")

    def test_merged_results_carry_logical_names(self):
        conn = self.connect()
        with conn.cursor() as cursor:
            cursor.execute("SELECT order_id, total FROM t_order ORDER BY order_id")
            self.assertGreater(len(cursor.fetchall()), 1)
        # PyMySQL keeps the raw column definitions: table and schema must be logical.
        fields = conn._result.fields
        self.assertEqual({f.table_name for f in fields}, {"t_order"})
        self.assertEqual({f.org_table for f in fields}, {"t_order"})
        self.assertEqual({f.db.decode() if isinstance(f.db, bytes) else f.db for f in fields},
                         {"shop"})

    def test_cross_shard_aggregates_match_the_shards(self):
        expected_count, expected_sum = 0, 0
        for i in range(2):
            for t in range(2):
                (count, total), = self.query(
                    f"SELECT COUNT(*), COALESCE(SUM(total), 0) FROM t_order_{t}", self.shard(i))[0]
                expected_count += count
                expected_sum += total
        (count, total), = self.query("SELECT COUNT(*), SUM(total) FROM t_order")[0]
        self.assertEqual((count, total), (expected_count, expected_sum))

    def test_preview_shows_nodes_and_rewritten_sql(self):
        rows, description = self.query(
            "PREVIEW SELECT * FROM t_order WHERE user_id = 1 AND order_id = 1001")
        self.assertEqual([d[0] for d in description], ["data_source", "actual_sql"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "ds1")
        self.assertIn("t_order_1", rows[0][1])

    def test_use_checks_the_logical_database(self):
        conn = self.connect()
        self.query("USE shop", conn)
        with self.assertRaises(pymysql.err.OperationalError) as caught:
            self.query("USE shop_0", conn)
        self.assertEqual(caught.exception.args[0], 1049)

    def test_transaction_across_shards_commits_or_rolls_back_whole(self):
        conn = self.connect()
        self.query("DELETE FROM t_user WHERE user_id IN (900, 901)", conn)
        for ending, expected in (("ROLLBACK", 0), ("COMMIT", 2)):
            self.query("BEGIN", conn)
            self.query("INSERT INTO t_user (user_id, name) VALUES (900, 'a')", conn)
            self.query("INSERT INTO t_user (user_id, name) VALUES (901, 'b')", conn)
            self.query(ending, conn)
            seen = sum(self.query("SELECT COUNT(*) FROM t_user WHERE user_id IN (900, 901)",
                                  self.shard(i))[0][0][0] for i in range(2))
            self.assertEqual(seen, expected, ending)
            for i in range(2):
                self.assertEqual(self.query("XA RECOVER", self.shard(i))[0], ())
        rows, description = self.query("SHOW XA TRANSACTIONS", conn)
        self.assertEqual(description[0][0], "gtrid")
        self.assertIn("committed", [r[1] for r in rows])
        self.assertIn("rolled back", [r[1] for r in rows])

    def test_savepoints_span_every_data_source(self):
        # Django's nested atomic blocks and SQLAlchemy's begin_nested() use savepoints; a data
        # source the transaction reaches after the savepoint must roll back to it as well.
        conn = self.connect()

        def cities(c=conn):
            return self.query("SELECT user_id, city FROM t_user WHERE user_id IN (910, 911) "
                              "ORDER BY user_id", c)[0]

        self.addCleanup(self.query, "DELETE FROM t_user WHERE user_id BETWEEN 910 AND 913")
        for transaction_type in ("xa", "local"):
            with self.subTest(transaction_type=transaction_type):
                self.query(f"SET shardproxy.transaction_type = '{transaction_type}'", conn)
                self.query("DELETE FROM t_user WHERE user_id IN (910, 911)", conn)
                self.query("INSERT INTO t_user (user_id, name, city) VALUES "
                           "(910, 'even', 'Lyon'), (911, 'odd', 'Porto')", conn)
                self.query("BEGIN", conn)
                self.query("UPDATE t_user SET city = 'Nice' WHERE user_id = 910", conn)  # ds0
                self.query("SAVEPOINT `s1_x1`", conn)
                self.query("UPDATE t_user SET city = 'Oslo' WHERE user_id = 910", conn)
                self.query("UPDATE t_user SET city = 'Riga' WHERE user_id = 911", conn)  # joins
                self.query("SAVEPOINT later", conn)
                self.assertEqual(cities(), ((910, "Oslo"), (911, "Riga")))
                self.query("ROLLBACK TO SAVEPOINT S1_X1", conn)  # names ignore case
                self.assertEqual(cities(), ((910, "Nice"), (911, "Porto")))
                for sql in ("ROLLBACK TO later", "RELEASE SAVEPOINT later"):
                    with self.assertRaises(pymysql.err.MySQLError) as caught:
                        self.query(sql, conn)
                    self.assertEqual(caught.exception.args[:2],
                                     (1305, "SAVEPOINT later does not exist"))
                self.query("RELEASE SAVEPOINT s1_x1", conn)
                self.query("SAVEPOINT kept_until_commit", conn)
                self.query("COMMIT", conn)
                # A savepoint ends with its transaction.
                self.query("BEGIN", conn)
                self.query("UPDATE t_user SET city = 'Nice' WHERE user_id = 910", conn)
                with self.assertRaises(pymysql.err.MySQLError) as caught:
                    self.query("ROLLBACK TO kept_until_commit", conn)
                self.assertEqual(caught.exception.args[0], 1305)
                self.query("COMMIT", conn)
                self.assertEqual(cities(self.shard(0)), ((910, "Nice"),))
                self.assertEqual(cities(self.shard(1)), ((911, "Porto"),))
                for i in range(2):
                    self.assertEqual(self.query("XA RECOVER", self.shard(i))[0], ())
        self.query("SET shardproxy.transaction_type = 'xa'", conn)
        # In autocommit mode a savepoint is kept by no transaction, as in MariaDB.
        self.query("SAVEPOINT alone", conn)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("ROLLBACK TO SAVEPOINT alone", conn)
        self.assertEqual(caught.exception.args[0], 1305)
        # With autocommit off (PyMySQL's default) SAVEPOINT opens the transaction.
        plain = pymysql.connect(host="127.0.0.1", port=self.port, user="app", password="app_pw",
                                database="shop")
        self.query("SAVEPOINT first", plain)
        self.query("INSERT INTO t_user (user_id, name) VALUES (912, 'a'), (913, 'b')", plain)
        self.query("ROLLBACK TO first", plain)
        plain.commit()
        self.assertEqual(self.query("SELECT COUNT(*) FROM t_user WHERE user_id IN (912, 913)",
                                    conn)[0], ((0,),))

    def test_transaction_type_switch(self):
        conn = self.connect()
        self.query("SET shardproxy.transaction_type = 'local'", conn)
        self.query("BEGIN", conn)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("SET shardproxy.transaction_type = 'xa'", conn)
        self.assertEqual(caught.exception.args[0], 1568)
        self.query("ROLLBACK", conn)
        self.query("SET shardproxy.transaction_type = 'xa'", conn)

    def test_sql_prepared_statements_are_the_sessions_and_routed(self):
        # Prepared on one pooled connection, a statement would be unknown to the next and read
        # only its data source's part of t_user; the session keeps the text and routes each
        # EXECUTE on its values.
        conn = self.connect()
        other = self.connect()

        def rows(sql, c=conn):
            return self.query(sql, c)[0]

        everyone = rows("SELECT COUNT(*) FROM t_user")
        self.query("PREPARE users FROM 'SELECT COUNT(*) FROM t_user'", conn)
        for _ in range(3):
            self.assertEqual(rows("EXECUTE USERS"), everyone)
        self.query("PREPARE name_of FROM 'SELECT name FROM t_user WHERE user_id = ?'", conn)
        self.query("SET @uid = 3", conn)
        self.assertEqual(rows("EXECUTE name_of USING @uid"), (("Chloé",),))
        self.assertEqual(rows("EXECUTE name_of USING 2"), (("Bob",),))
        self.query("SET @add = 'INSERT INTO t_user (user_id, name) VALUES (?, ?)'", conn)
        self.query("PREPARE add_user FROM @add", conn)
        self.query("SET @new_id = 41, @new_name = 'Quinn'", conn)
        self.query("EXECUTE add_user USING @new_id, @new_name", conn)
        self.assertEqual(self.query("SELECT name FROM t_user WHERE user_id = 41", self.shard(1))[0],
                         (("Quinn",),))
        self.assertEqual(rows("EXECUTE IMMEDIATE 'SELECT name FROM t_user WHERE user_id = ?' "
                              "USING 41"), (("Quinn",),))
        self.query("DEALLOCATE PREPARE users", conn)
        for sql, code, c in (("EXECUTE users", 1243, conn),
                             ("DROP PREPARE users", 1243, conn),
                             ("EXECUTE name_of", 1210, conn),
                             ("EXECUTE name_of USING @uid + 1", 1235, conn),
                             ("PREPARE bad FROM 'SELEC 1'", 1064, conn),
                             ("PREPARE bad FROM 'EXECUTE name_of'", 1295, conn),
                             ("EXECUTE name_of USING 1", 1243, other)):
            with self.subTest(sql=sql), self.assertRaises(pymysql.err.MySQLError) as caught:
                self.query(sql, c)
            self.assertEqual(caught.exception.args[0], code, caught.exception.args)

    def test_insert_select_whose_rows_live_elsewhere_runs_in_stages(self):
        # The SELECT runs first (routed and merged like any); its rows are inserted as VALUES,
        # each on the data node its sharding value names.
        conn = self.connect()
        self.addCleanup(self.query, "DELETE FROM t_user WHERE user_id BETWEEN 620 AND 699")
        self.query("DELETE FROM t_user WHERE user_id BETWEEN 620 AND 699", conn)
        self.query("INSERT INTO t_user (user_id, name, city) VALUES (620, 'Ida', NULL), "
                   "(621, 'Jon', 'Bergen'), (622, 'Kai', 'Turku')", conn)
        with conn.cursor() as cursor:
            copied = cursor.execute("INSERT INTO t_user (user_id, name, city) SELECT "
                                    "user_id + 50, CONCAT(name, '*'), city FROM t_user "
                                    "WHERE user_id BETWEEN 620 AND 622")
        self.assertEqual(copied, 3)
        for shard, expected in ((0, ((670, "Ida*", None), (672, "Kai*", "Turku"))),
                                (1, ((671, "Jon*", "Bergen"),))):
            self.assertEqual(self.query("SELECT user_id, name, city FROM t_user WHERE user_id "
                                        "BETWEEN 670 AND 672 ORDER BY user_id",
                                        self.shard(shard))[0], expected)
        # From a sharded table into an unsharded one (lives in ds0 only), decimals and datetimes
        # kept exactly.
        self.query("DROP TABLE IF EXISTS t_paid_archive", conn)
        self.query("CREATE TABLE t_paid_archive (order_id BIGINT PRIMARY KEY, total DECIMAL(12,2), "
                   "created_at DATETIME)", conn)
        self.query("INSERT INTO t_paid_archive SELECT order_id, total, created_at FROM t_order "
                   "WHERE status = 'paid'", conn)
        expected = self.query("SELECT order_id, total, created_at FROM t_order WHERE status = "
                              "'paid' ORDER BY order_id", conn)[0]
        self.assertGreater(len(expected), 1)
        self.assertEqual(self.query("SELECT * FROM t_paid_archive ORDER BY order_id",
                                    self.shard(0))[0], expected)
        with conn.cursor() as cursor:
            self.assertEqual(cursor.execute("INSERT INTO t_user (user_id, name) SELECT user_id, "
                                            "name FROM t_user WHERE user_id > 100000"), 0)
        # Inside a transaction both stages are the transaction's.
        self.query("BEGIN", conn)
        self.query("INSERT INTO t_user (user_id, name) SELECT user_id + 60, name FROM t_user "
                   "WHERE user_id BETWEEN 620 AND 622", conn)
        self.assertEqual(self.query("SELECT COUNT(*) FROM t_user WHERE user_id BETWEEN 680 AND "
                                    "682", conn)[0], ((3,),))
        self.query("ROLLBACK", conn)
        self.assertEqual(self.query("SELECT COUNT(*) FROM t_user WHERE user_id BETWEEN 680 AND "
                                    "682", conn)[0], ((0,),))
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("INSERT INTO t_user (user_id, name) SELECT user_id FROM t_user", conn)
        self.assertEqual(caught.exception.args[0], 1136)

    def test_table_maintenance_covers_every_actual_table(self):
        # CHECK / ANALYZE / OPTIMIZE / REPAIR run on each actual table (and each copy), answered
        # under the logical name; CHECKSUM adds the nodes' checksums up, as MariaDB adds its
        # rows', so it equals one server's over the same rows.
        conn = self.connect()
        self.query("CREATE TABLE IF NOT EXISTS t_note (id INT PRIMARY KEY, body TEXT)", conn)
        rows, description = self.query("CHECK TABLE t_user, t_region, t_note, nosuch", conn)
        self.assertEqual([d[0] for d in description], ["Table", "Op", "Msg_type", "Msg_text"])
        self.assertEqual(rows, (("shop.t_user", "check", "status", "OK"),
                                ("shop.t_region", "check", "status", "OK"),
                                ("shop.t_note", "check", "status", "OK"),
                                ("shop.nosuch", "check", "Error",
                                 "Table 'shop.nosuch' doesn't exist"),
                                ("shop.nosuch", "check", "status", "Operation failed")))
        self.assertEqual(self.query("ANALYZE TABLE t_order", conn)[0],
                         (("shop.t_order", "analyze", "status", "OK"),))
        self.query("DROP TABLE IF EXISTS t_user_copy", conn)
        self.query("CREATE TABLE t_user_copy (user_id BIGINT NOT NULL PRIMARY KEY, "
                   "name VARCHAR(64) NOT NULL, city VARCHAR(64), created_at DATETIME NOT NULL) "
                   "DEFAULT CHARSET=utf8mb4", conn)
        self.query("INSERT INTO t_user_copy SELECT user_id, name, city, created_at FROM t_user",
                   conn)
        (whole,), _ = self.query("CHECKSUM TABLE t_user_copy", self.shard(0))
        sharded = self.query("CHECKSUM TABLE t_user", conn)[0]
        self.assertEqual(sharded, (("shop.t_user", whole[1]),))
        self.assertIsNotNone(whole[1])
        # MariaDB commits first, and so does the proxy.
        self.query("DELETE FROM t_note WHERE id = 77", conn)
        self.query("BEGIN", conn)
        self.query("INSERT INTO t_note VALUES (77, 'kept')", conn)
        self.query("OPTIMIZE TABLE t_user", conn)
        self.query("ROLLBACK", conn)
        self.assertEqual(self.query("SELECT body FROM t_note WHERE id = 77", conn)[0],
                         (("kept",),))

    def test_merges_compare_strings_in_the_columns_declared_collation(self):
        # Result metadata labels a utf8mb4_unicode_ci column utf8mb4_general_ci; merging in that
        # collation ordered '_' after letters and told 'Straße' from 'STRASSE', unlike the nodes
        # and one server. The proxy reads the declared collation from the first node.
        conn = self.connect()
        self.addCleanup(self.query, "ALTER TABLE t_user MODIFY city VARCHAR(64)")
        self.addCleanup(self.query, "DELETE FROM t_user WHERE user_id BETWEEN 9001 AND 9008")
        self.query("ALTER TABLE t_user MODIFY city VARCHAR(64) COLLATE utf8mb4_unicode_ci", conn)
        self.query("INSERT INTO t_user (user_id, name, city) VALUES (9001, 'u', 'a_b'), "
                   "(9002, 'u', 'ab'), (9003, 'u', 'a-c'), (9004, 'u', 'Straße'), "
                   "(9005, 'u', 'STRASSE'), (9006, 'u', 'a b'), (9007, 'u', 'ac'), "
                   "(9008, 'u', 'B')", conn)
        where = " FROM t_user WHERE user_id BETWEEN 9001 AND 9008"
        unicode_order = [9006, 9001, 9003, 9002, 9007, 9008, 9004, 9005]
        # In a transaction too: the lookup joins no branch the client would see.
        conn.begin()
        rows = self.query("SELECT user_id, city" + where + " ORDER BY city, user_id", conn)[0]
        conn.commit()
        self.assertEqual([r[0] for r in rows], unicode_order)
        rows = self.query("SELECT user_id" + where + " ORDER BY UPPER(city) DESC, user_id "
                          "LIMIT 3", conn)[0]
        self.assertEqual([r[0] for r in rows], [9004, 9005, 9008])
        self.assertEqual(self.query("SELECT COUNT(DISTINCT city)" + where, conn)[0], ((7,),))
        self.assertEqual(self.query("SELECT MIN(city), MAX(city)" + where, conn)[0][0][0], "a b")
        groups = self.query("SELECT city, COUNT(*)" + where + " GROUP BY city", conn)[0]
        self.assertEqual([n for _, n in groups], [1, 1, 1, 1, 1, 1, 2])
        self.assertEqual([c for c, _ in groups][:6], ["a b", "a_b", "a-c", "ab", "ac", "B"])
        distinct = self.query("SELECT DISTINCT city" + where + " ORDER BY city", conn)[0]
        self.assertEqual(len(distinct), 7)
        # Staged and joined in the proxy: a derived table, a UNION, a cross-node join's keys.
        rows = self.query("SELECT x.user_id FROM (SELECT city, user_id" + where + ") x "
                          "ORDER BY x.city, x.user_id", conn)[0]
        self.assertEqual([r[0] for r in rows], unicode_order)
        rows = self.query("SELECT city FROM t_user WHERE user_id BETWEEN 9001 AND 9004 UNION "
                          "SELECT city FROM t_user WHERE user_id BETWEEN 9005 AND 9008 "
                          "ORDER BY city", conn)[0]
        self.assertEqual([r[0] for r in rows][:6], ["a b", "a_b", "a-c", "ab", "ac", "B"])
        self.assertEqual(len(rows), 7)
        self.assertEqual(self.query("SELECT COUNT(*) FROM t_user u JOIN t_user v ON v.city = "
                                    "u.city WHERE u.user_id BETWEEN 9001 AND 9008 AND "
                                    "v.user_id BETWEEN 9001 AND 9008", conn)[0], ((10,),))
        # DDL through the proxy is seen at once: back in utf8mb4_general_ci, 'ß' is 's'.
        self.query("ALTER TABLE t_user MODIFY city VARCHAR(64)", conn)
        self.assertEqual(self.query("SELECT COUNT(DISTINCT city)" + where, conn)[0], ((8,),))
        rows = self.query("SELECT user_id" + where + " ORDER BY city, user_id", conn)[0]
        self.assertEqual([r[0] for r in rows], [9006, 9003, 9002, 9007, 9001, 9008, 9004, 9005])

    def test_update_and_delete_with_limit_change_that_many_rows_in_all(self):
        # Each node counts its matching rows and gets its share of the LIMIT, so n rows change
        # in all (each node applying LIMIT n would change up to n per node).
        conn = self.connect()
        where = " WHERE user_id BETWEEN 9101 AND 9106"
        self.addCleanup(self.query, "DELETE FROM t_order" + where)
        self.query("INSERT INTO t_order (order_id, user_id, status, total, created_at) VALUES " +
                   ", ".join(f"({90000 + u}, {u}, 'new', 1.00, '2026-01-01')"
                             for u in range(9101, 9107)), conn)
        with conn.cursor() as cursor:
            self.assertEqual(cursor.execute("UPDATE t_order SET status = 'lim'" + where +
                                            " LIMIT 4"), 4)
            self.assertEqual(cursor.execute("UPDATE t_order SET status = 'lim'" + where +
                                            " AND status = 'new' LIMIT 10"), 2)
            conn.begin()
            self.assertEqual(cursor.execute("DELETE FROM t_order" + where + " LIMIT 5"), 5)
            conn.rollback()
            self.assertEqual(cursor.execute("DELETE FROM t_order" + where + " LIMIT 5"), 5)
        left = 0
        for i in (0, 1):
            for table in ("t_order_0", "t_order_1"):
                left += self.query(f"SELECT COUNT(*) FROM {table}" + where, self.shard(i))[0][0][0]
        self.assertEqual(left, 1)
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("DELETE FROM t_order" + where + " ORDER BY order_id LIMIT 1", conn)
        self.assertEqual(caught.exception.args[0], 1235)

    def test_orm_relation_filters_over_tables_on_other_nodes(self):
        # Laravel's has()/whereHas()/doesntHave() and exists(): EXISTS subqueries over t_order,
        # whose rows sit in other tables (and data sources) than their users'.
        conn = self.connect()
        users = " WHERE user_id BETWEEN 9201 AND 9204"
        self.addCleanup(self.query, "DELETE FROM t_order" + users)
        self.addCleanup(self.query, "DELETE FROM t_user" + users)
        self.query("INSERT INTO t_user (user_id, name, city) VALUES (9201, 'a', 'X'), "
                   "(9202, 'b', 'X'), (9203, 'c', 'X'), (9204, 'd', 'X')", conn)
        self.query("INSERT INTO t_order (order_id, user_id, status, total, created_at) VALUES "
                   "(92011, 9201, 'paid', 5.00, '2026-01-01'), "
                   "(92012, 9201, 'new', 1.00, '2026-01-01'), "
                   "(92031, 9203, 'new', 2.00, '2026-01-01')", conn)

        def ids(sql):
            return [row[0] for row in self.query(sql, conn)[0]]

        self.assertEqual(ids("select `user_id` from `t_user` where exists (select * from "
                             "`t_order` where `t_user`.`user_id` = `t_order`.`user_id` and "
                             "`status` = 'paid') and `city` = 'X' order by `user_id`"), [9201])
        self.assertEqual(ids("SELECT user_id FROM t_user u WHERE city = 'X' AND NOT EXISTS "
                             "(SELECT 1 FROM t_order o WHERE o.user_id = u.user_id) "
                             "ORDER BY user_id"), [9202, 9204])
        self.assertEqual(ids("select exists(select * from `t_order` where `user_id` = 9203 "
                             "and `total` > 1) as `exists`"), [1])
        self.assertEqual(ids("select exists(select * from `t_user` where `city` = 'X' and "
                             "`name` = 'zz') as `exists`"), [0])
        # withCount(), withSum() and has('orders', '>=', 2): correlated aggregates by key.
        with conn.cursor() as cursor:
            cursor.execute("select `t_user`.`user_id`, (select count(*) from `t_order` where "
                           "`t_user`.`user_id` = `t_order`.`user_id`) as `orders_count`, "
                           "(select sum(`total`) from `t_order` where `t_user`.`user_id` = "
                           "`t_order`.`user_id`) as `orders_sum_total` from `t_user`" + users +
                           " order by `user_id`")
            self.assertEqual(cursor.fetchall(), ((9201, 2, Decimal("6.00")), (9202, 0, None),
                                                 (9203, 1, Decimal("2.00")), (9204, 0, None)))
            self.assertEqual([d[1] for d in cursor.description][1:], [8, 246])  # BIGINT, DECIMAL
        self.assertEqual(ids("select `user_id` from `t_user` where (select count(*) from "
                             "`t_order` where `t_user`.`user_id` = `t_order`.`user_id`) >= 2 "
                             "and `city` = 'X'"), [9201])
        # The subquery is read first, then the write runs: users without orders go.
        with conn.cursor() as cursor:
            self.assertEqual(cursor.execute(
                "DELETE FROM t_user" + users + " AND NOT EXISTS (SELECT 1 FROM t_order WHERE "
                "t_order.user_id = t_user.user_id)"), 2)
        self.assertEqual(ids("SELECT user_id FROM t_user" + users + " ORDER BY user_id"),
                         [9201, 9203])

    def test_insert_without_column_list_reads_the_tables_columns(self):
        conn = self.connect()
        self.addCleanup(self.query, "DELETE FROM t_user WHERE user_id IN (640, 641)")
        self.query("INSERT INTO t_user VALUES (640, 'Lea', 'Nantes', '2026-01-02 03:04:05'), "
                   "(641, 'Mo', NULL, '2026-01-02 03:04:05')", conn)
        self.assertEqual(self.query("SELECT user_id, name, city FROM t_user WHERE user_id = 641",
                                    self.shard(1))[0], ((641, "Mo", None),))
        self.assertEqual(self.query("SELECT user_id, name, city FROM t_user WHERE user_id = 640",
                                    self.shard(0))[0], ((640, "Lea", "Nantes"),))
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("INSERT INTO t_user VALUES (642, 'short')", conn)
        self.assertEqual(caught.exception.args[0], 1136)

    def test_mysqldump_output_restores_through_the_proxy(self):
        # The usual way into a sharded configuration: a dump of one MariaDB (DROP/CREATE TABLE,
        # INSERTs without column lists, versioned ALTER TABLE … DISABLE KEYS, SET @OLD_…) loads
        # through the proxy, and every table's checksum is the original's.
        reference = MariaDBCluster(1).start()
        self.addCleanup(reference.stop)
        port = reference.instances[0].port
        conn = pymysql.connect(host="127.0.0.1", port=port, user="root", autocommit=True,
                               client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
        with conn.cursor() as cursor:
            cursor.execute("CREATE DATABASE shop")
            cursor.execute("USE shop")
            with open(os.path.join(ROOT, "scripts/demo/shop.sql")) as demo:
                cursor.execute(demo.read())
            while cursor.nextset():
                pass
            cursor.execute("INSERT INTO t_user (user_id, name, city) VALUES (801, 'Ünal', NULL), "
                           "(802, 'O''Neil', 'Cork')")
        dump = subprocess.run(["mariadb-dump", "-h127.0.0.1", f"-P{port}", "-uroot",
                               "--skip-add-locks", "shop"],
                              capture_output=True, text=True, check=True).stdout
        restore = subprocess.run(["mariadb", "-h127.0.0.1", f"-P{self.port}", "-uapp",
                                  "-papp_pw", "shop"], input=dump, capture_output=True, text=True)
        self.assertEqual((restore.returncode, restore.stderr), (0, ""))
        tables = ("t_user", "t_order", "t_order_item", "t_product", "t_region")
        checksums = "CHECKSUM TABLE " + ", ".join(tables)
        self.assertEqual(self.query(checksums)[0], self.query(checksums, conn)[0])
        # With its LOCK TABLES the dump stops at the first table, saying how to dump instead.
        with self.assertRaises(pymysql.err.MySQLError) as caught:
            self.query("LOCK TABLES t_user WRITE")
        self.assertEqual(caught.exception.args[0], 1235)
        self.assertIn("--skip-add-locks", caught.exception.args[1])
        self.query("UNLOCK TABLES")

    def test_statements_known_by_their_keyword_only(self):
        # CHECK TABLE, LOAD DATA, CREATE VIEW, HANDLER … run on the default data source; naming
        # a sharded or broadcast table they would see or change its part there only.
        conn = self.connect()
        for sql in ("LOAD DATA LOCAL INFILE 'orders.csv' INTO TABLE t_order",
                    "CREATE VIEW v_paid AS SELECT order_id FROM t_order WHERE status = 'paid'",
                    "HANDLER t_region OPEN",
                    "CREATE PROCEDURE user_count() SELECT COUNT(*) FROM `t_user`"):
            with self.subTest(sql=sql), self.assertRaises(pymysql.err.MySQLError) as caught:
                self.query(sql, conn)
            self.assertEqual(caught.exception.args[0], 1235, caught.exception.args)
        # The others run there with their answers passed on.
        self.query("DROP PROCEDURE IF EXISTS answer", conn)
        self.query("CREATE PROCEDURE answer() SELECT 42 AS answer", conn)
        result, description = self.query("CALL answer()", conn)
        self.assertEqual((result, description[0][0]), (((42,),), "answer"))
        self.assertEqual(self.query("SELECT 1", conn)[0], ((1,),))

    def test_unsupported_statements_are_honest_errors(self):
        conn = self.connect()
        for sql, code in (("SET GLOBAL autocommit = 0", 1235), ("LOCK TABLES t_order READ", 1235),
                          ("SET shardproxy.nonsense = 1", 1193)):
            with self.assertRaises(pymysql.err.MySQLError, msg=sql) as caught:
                self.query(sql, conn)
            self.assertEqual(caught.exception.args[0], code, sql)
        self.assertEqual(self.query("SELECT 1", conn)[0], ((1,),))


if __name__ == "__main__":
    unittest.main()
