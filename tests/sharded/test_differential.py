"""Differential suite: one e-commerce data set through the proxy onto 2 and onto 4 shards, and
into one reference MariaDB; every query of differential_queries.sql must answer the same.

Four MariaDB instances serve both layouts (the 2-shard proxy uses databases shop2_* on the first
two, the 4-shard proxy shop4_* on all four) and a fifth is the reference. Users, orders and order
items are sharded by user_id (orders and items a binding pair, split further into two tables per
node by order_id), products are broadcast, coupons unsharded on the default data source. The
rows are generated from a fixed seed: thousands of them, with NULLs, duplicates, mixed-case and
accented strings, DECIMALs, dates and negative numbers (negative user ids too).

Each query runs through both proxies and on the reference; rows are compared in order where the
corpus marks the query "ordered" (its ORDER BY is a total order), as multisets otherwise, and the
column metadata PyMySQL reports (name, type code, length, precision, scale, nullability) must be
the same. Queries marked "refused" must get an honest 1235 from the proxy. The corpus runs again
inside transactions (autocommit off, 2 shards) and as prepared statements over the binary
protocol (4 shards; rows decoded by column type).
"""
import datetime
import decimal
import os
import random
import sys
import tempfile
import unittest

import pymysql

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "proxy"))

from cluster import MariaDBCluster, free_port  # noqa: E402
from differential import (difference, insert_statements, load_corpus, run,  # noqa: E402
                          run_prepared)
from proxy import ShardProxy  # noqa: E402
from wire import Wire  # noqa: E402

CORPUS = os.path.join(HERE, "differential_queries.sql")

SCHEMA = [
    """CREATE TABLE t_user (user_id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL,
       city VARCHAR(64) NULL, balance DECIMAL(12,2) NULL, born DATE NULL, score INT NULL,
       tier TINYINT NULL) DEFAULT CHARSET=utf8mb4""",
    """CREATE TABLE t_order (order_id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL,
       status VARCHAR(16) NULL, amount DECIMAL(12,2) NOT NULL, created DATETIME NULL,
       note VARCHAR(64) NULL, paid_at DATETIME(3) NULL) DEFAULT CHARSET=utf8mb4""",
    """CREATE TABLE t_order_item (item_id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL,
       user_id BIGINT NOT NULL, product_id INT NULL, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL,
       KEY (order_id)) DEFAULT CHARSET=utf8mb4""",
    """CREATE TABLE t_product (product_id INT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL,
       category VARCHAR(32) NULL, list_price DECIMAL(10,2) NOT NULL) DEFAULT CHARSET=utf8mb4""",
    """CREATE TABLE t_coupon (coupon_id INT NOT NULL PRIMARY KEY, user_id BIGINT NULL,
       code VARCHAR(16) NOT NULL, discount DECIMAL(5,2) NULL) DEFAULT CHARSET=utf8mb4""",
]

COLUMNS = {
    "t_user": "user_id, name, city, balance, born, score, tier",
    "t_order": "order_id, user_id, status, amount, created, note, paid_at",
    "t_order_item": "item_id, order_id, user_id, product_id, qty, price",
    "t_product": "product_id, name, category, list_price",
    "t_coupon": "coupon_id, user_id, code, discount",
}


# Prepared statements with parameters bound over the binary protocol: (sql, params, ordered).
PARAMETERIZED = [
    ("SELECT * FROM t_user WHERE user_id = ?", (-37,), True),
    ("SELECT * FROM t_user WHERE user_id IN (?, ?, ?)", (1, 2, 3), False),
    ("SELECT * FROM t_user WHERE user_id = ?", ("12",), True),
    ("SELECT city, COUNT(*) FROM t_user WHERE score > ? GROUP BY city", (50,), "ci"),
    ("SELECT user_id, SUM(amount) FROM t_order WHERE status = ? GROUP BY user_id "
     "HAVING SUM(amount) > ? ORDER BY user_id", ("paid", 500), True),
    ("SELECT COUNT(*) FROM t_order WHERE note = ? OR note IS NULL", (None,), False),
    ("SELECT o.order_id, u.name FROM t_order o JOIN t_user u ON u.user_id = o.user_id "
     "WHERE o.amount < ? ORDER BY o.order_id", ("0",), True),
    ("SELECT user_id FROM t_user WHERE user_id IN (SELECT user_id FROM t_order WHERE amount > ?) "
     "ORDER BY user_id", ("900",), True),
    ("SELECT i.item_id, p.name FROM t_order_item i JOIN t_product p ON p.product_id = "
     "i.product_id WHERE i.user_id = ? ORDER BY i.item_id", (12,), True),
    ("SELECT tier, COUNT(*) FROM t_user WHERE born > ? GROUP BY tier ORDER BY tier",
     ("1980-01-01",), True),
    ("SELECT coupon_id FROM t_coupon WHERE code = ? ORDER BY coupon_id", ("c3",), True),
    ("SELECT COUNT(DISTINCT user_id), SUM(qty * price) FROM t_order_item WHERE product_id = ?",
     (7,), False),
]


# `LIMIT ?` on the sharded path: ShardedHandler::Prepare describes the statement by preparing it
# on a node with the parameters replaced by NULL, except in LIMIT/OFFSET (0 there; `LIMIT NULL`
# is a syntax error, which COM_STMT_PREPARE once answered with 1064).
PARAMETERIZED_LIMIT = [
    ("SELECT order_id, amount FROM t_order WHERE amount > ? ORDER BY amount DESC, order_id "
     "LIMIT ?", ("100.00", 10), True),
    ("SELECT order_id FROM t_order ORDER BY order_id LIMIT ?, ?", (2900, 20), True),
    ("SELECT order_id FROM t_order ORDER BY order_id DESC LIMIT ? OFFSET ?", (15, 1000), True),
    ("SELECT user_id FROM t_order WHERE user_id = ? ORDER BY order_id LIMIT ?", (12, 3), True),
]


def config(port, instances, shards, xa_dir):
    sources = "".join(
        f"  ds{i}: {{ host: 127.0.0.1, port: {instances[i].port}, user: root, password: \"\", "
        f"database: shop{shards}_{i}, max_connections: 32 }}\n" for i in range(shards))
    last = shards - 1
    return f"""listen: 127.0.0.1:{port}
workers: 2
database: shop
users:
  - {{ name: app, password: app_pw }}
data_sources:
{sources}default_data_source: ds0
sharding:
  tables:
    t_user:
      data_nodes: ds${{0..{last}}}.t_user
      database_strategy: {{ column: user_id, algorithm: db_mod }}
    t_order:
      data_nodes: ds${{0..{last}}}.t_order_${{0..1}}
      database_strategy: {{ column: user_id, algorithm: db_mod }}
      table_strategy: {{ column: order_id, algorithm: t_order_inline }}
    t_order_item:
      data_nodes: ds${{0..{last}}}.t_order_item_${{0..1}}
      database_strategy: {{ column: user_id, algorithm: db_mod }}
      table_strategy: {{ column: order_id, algorithm: t_item_inline }}
  binding_tables:
    - [t_order, t_order_item]
  broadcast_tables: [t_product]
  algorithms:
    db_mod: {{ type: mod, count: {shards} }}
    t_order_inline: {{ type: inline, expression: "t_order_${{order_id % 2}}" }}
    t_item_inline: {{ type: inline, expression: "t_order_item_${{order_id % 2}}" }}
transaction:
  type: xa
  log_dir: {xa_dir}
"""


def data():
    """Deterministic rows: 600 users, 3000 orders, ~6000 items, 40 products, 200 coupons."""
    rnd = random.Random(6_2026)
    names = ["Alice", "alice", "ALICE", "Chloé", "chloe", "Zoë", "José", "jose", "Ünal", "Ana",
             "Ñuño", "Søren", "bob", "Bob", "Dmitri", "Eun-ji", "O'Brien"]
    cities = ["Lyon", "lyon", "LYON", "Québec", "Quebec", "Malmö", "Malmo", "São Paulo", "Porto",
              "Zürich", "zurich", "Kraków", "Osaka", "Porto ", "", None, None]
    users = []
    for u in range(1, 601):
        user_id = -u if u % 37 == 0 else u  # a few negative keys
        balance = None if u % 13 == 0 else decimal.Decimal(rnd.randint(-50000, 500000)) / 100
        born = None if u % 17 == 0 else (datetime.date(1950, 1, 1) +
                                         datetime.timedelta(days=rnd.randint(0, 20000))).isoformat()
        users.append((user_id, rnd.choice(names), rnd.choice(cities), balance, born,
                      None if u % 11 == 0 else rnd.randint(-20, 100),
                      None if u % 5 == 0 else rnd.randint(0, 3)))
    user_ids = [u[0] for u in users[:560]]  # the last 40 users have no orders
    statuses = ["paid", "PAID", "Paid", "shipped", "new", "cancelled", None]
    notes = ["gift", "Gift", "rush", "été", "ete", "gift  ", "", None, None, None]
    orders, items = [], []
    item_id = 1
    for o in range(1, 3001):
        user_id = rnd.choice(user_ids)
        amount = decimal.Decimal(rnd.choice([1999, 500, 12345, 500, -250, 99999, 0, 7, 4200])) / 100
        created = None if o % 29 == 0 else (
            datetime.datetime(2025, 1, 1) + datetime.timedelta(minutes=rnd.randint(0, 700000))
        ).isoformat(sep=" ")
        paid_at = None if created is None or o % 3 == 0 else (
            datetime.datetime.fromisoformat(created) +
            datetime.timedelta(milliseconds=rnd.randint(0, 86_400_000))).isoformat(
                sep=" ", timespec="milliseconds")
        orders.append((10000 + o, user_id, rnd.choice(statuses), amount, created,
                       rnd.choice(notes), paid_at))
        for _ in range(rnd.randint(0, 4)):
            items.append((item_id, 10000 + o, user_id,
                          None if item_id % 97 == 0 else rnd.randint(1, 44),  # 41..44 unknown
                          rnd.randint(1, 6) * (-1 if item_id % 151 == 0 else 1),
                          decimal.Decimal(rnd.randint(1, 20000)) / 100))
            item_id += 1
    categories = ["Books", "books", "Électronique", "electronique", "Toys", None]
    products = [(p, f"Product {p:02d}" if p % 5 else f"produit {p:02d}", rnd.choice(categories),
                 decimal.Decimal(rnd.randint(99, 99999)) / 100) for p in range(1, 41)]
    coupons = [(c, None if c % 6 == 0 else rnd.choice(user_ids + [999999]), f"C{c % 9}",
                None if c % 7 == 0 else decimal.Decimal(rnd.randint(0, 5000)) / 100)
               for c in range(1, 201)]
    return {"t_user": users, "t_order": orders, "t_order_item": items, "t_product": products,
            "t_coupon": coupons}


class DifferentialTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = MariaDBCluster(5).start()
        cls.proxies = {}
        try:
            instances = cls.cluster.instances
            for shards in (2, 4):
                for i in range(shards):
                    instances[i].sql(f"CREATE DATABASE shop{shards}_{i}")
            reference = instances[4]
            reference.sql("CREATE DATABASE shop")
            cls.reference = pymysql.connect(host="127.0.0.1", port=reference.port, user="root",
                                            database="shop", autocommit=True)
            for shards in (2, 4):
                port = free_port()
                proxy = ShardProxy(config(port, instances, shards,
                                          tempfile.mkdtemp(prefix="shardproxy-xa-"))).start()
                cls.proxies[shards] = (proxy, port)
            rows = data()
            targets = [cls.reference] + [cls.connect(shards) for shards in (2, 4)]
            for conn in targets:
                with conn.cursor() as cursor:
                    for ddl in SCHEMA:
                        cursor.execute(ddl)
                    for table, values in rows.items():
                        for sql in insert_statements(table, COLUMNS[table], values):
                            cursor.execute(sql)
                if conn is not cls.reference:
                    conn.close()
        except BaseException:
            for proxy, _ in cls.proxies.values():
                proxy.stop()
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.reference.close()
        codes = {shards: proxy.stop() for shards, (proxy, _) in cls.proxies.items()}
        cls.cluster.stop()
        for shards, code in codes.items():
            log = cls.proxies[shards][0].log_tail()
            assert code == 0, f"{shards}-shard proxy exit {code}:\n{log}"

    @classmethod
    def connect(cls, shards, autocommit=True):
        return pymysql.connect(host="127.0.0.1", port=cls.proxies[shards][1], user="app",
                               password="app_pw", database="shop", autocommit=autocommit)

    def compare_corpus(self, shards, autocommit=True):
        corpus = [e for e in load_corpus(CORPUS) if not e.refused]
        conn = self.connect(shards, autocommit)
        failures = []
        for entry in corpus:
            proxied = run(conn, entry.sql)
            if proxied[0] == "error" and proxied[1] in (2006, 2013):
                conn = self.connect(shards, autocommit)  # keep comparing; reported below
            why = difference(proxied, run(self.reference, entry.sql), entry.ordered, entry.ci)
            if why:
                failures.append(f"{entry!r}\n  {why}")
        conn.close()
        self.assertEqual(failures, [], f"{len(failures)} of {len(corpus)} queries differ on "
                         f"{shards} shards:\n" + "\n".join(failures))
        return len(corpus)

    def test_corpus_is_large_enough(self):
        corpus = load_corpus(CORPUS)
        self.assertGreaterEqual(len([e for e in corpus if not e.refused]), 250)
        self.assertGreaterEqual(len([e for e in corpus if e.ordered]), 100)

    def test_two_shards_match_the_reference(self):
        self.compare_corpus(2)

    def test_four_shards_match_the_reference(self):
        self.compare_corpus(4)

    def test_inside_transactions_match_the_reference(self):
        # PyMySQL's default: autocommit off, so every statement runs inside a transaction the
        # proxy opens (and holds open across the corpus) on the nodes it reads.
        self.compare_corpus(2, autocommit=False)

    def test_binary_protocol_matches_the_reference(self):
        # Every query again as a prepared statement (COM_STMT_PREPARE / EXECUTE): binary rows
        # from the merger decoded by column type and compared with the reference's.
        corpus = [e for e in load_corpus(CORPUS) if not e.refused]
        proxied, reference = Wire(self.proxies[4][1]), Wire(self.reference.port)
        self.assertEqual(proxied.handshake()[0], 0)
        self.assertEqual(reference.handshake(user="root", password="")[0], 0)
        failures = []
        rows = 0
        for entry in corpus:
            answer = run_prepared(proxied, entry.sql)
            why = difference(answer, run_prepared(reference, entry.sql), entry.ordered, entry.ci)
            if why:
                failures.append(f"{entry!r}\n  {why}")
            rows += len(answer[1]) if answer[0] == "rows" else 0
        self.assertGreater(rows, 20000)  # the comparison is not vacuous
        for sql, params, ordered in PARAMETERIZED:
            answer = run_prepared(proxied, sql, params)
            why = difference(answer, run_prepared(reference, sql, params), ordered is True,
                             ordered == "ci")
            if why:
                failures.append(f"{sql} {params}\n  {why}")
        # The decoder tells values of each kind apart.
        for a, b in (("CAST('2026-01-02' AS DATE)", "CAST('2026-01-03' AS DATE)"),
                     ("TIMESTAMP'2026-01-02 10:00:01'", "TIMESTAMP'2026-01-02 10:00:02'"),
                     ("1.50", "1.5"), ("-1", "1"), ("NULL", "0"), ("'a'", "'b'")):
            self.assertIsNotNone(difference(run_prepared(reference, f"SELECT {a} AS v"),
                                            run_prepared(reference, f"SELECT {b} AS v"),
                                            True, False), (a, b))
        proxied.close()
        reference.close()
        self.assertEqual(failures, [], f"{len(failures)} of {len(corpus)} prepared queries differ "
                         "on 4 shards:\n" + "\n".join(failures))

    def test_prepared_limit_placeholders_match_the_reference(self):
        proxied, reference = Wire(self.proxies[4][1]), Wire(self.reference.port)
        self.assertEqual(proxied.handshake()[0], 0)
        self.assertEqual(reference.handshake(user="root", password="")[0], 0)
        failures = []
        for sql, params, ordered in PARAMETERIZED_LIMIT:
            why = difference(run_prepared(proxied, sql, params),
                             run_prepared(reference, sql, params), ordered, False)
            if why:
                failures.append(f"{sql} {params}\n  {why}")
        proxied.close()
        reference.close()
        self.assertEqual(failures, [], "\n".join(failures))

    def test_writes_returning_rows_match_the_reference(self):
        # MariaDB's RETURNING (Django's create() and bulk_create() on MariaDB 10.5+): the rows
        # written, an INSERT's in VALUES order across nodes, described as one server describes
        # them; in transactions rolled back on both sides, in both protocols.
        statements = [
            ("INSERT INTO t_order (order_id, user_id, status, amount, created, note, paid_at) "
             "VALUES (20011, 5, 'new', 1.00, NULL, NULL, NULL), (20012, 6, 'new', 2.00, NULL, "
             "'Été', NULL), (20013, -37, NULL, -3.50, NULL, NULL, NULL), (20014, 8, 'x', 4.25, "
             "NULL, NULL, '2026-12-08 05:00:00.125') RETURNING order_id, user_id, amount, note, "
             "paid_at", True),
            ("INSERT INTO t_user (user_id, name, city) VALUES (9002, 'b', 'Lyon'), "
             "(9001, 'a', NULL), (9004, 'd', NULL), (9003, 'c', NULL) RETURNING *", True),
            ("REPLACE INTO t_user (user_id, name) VALUES (9001, 'e') RETURNING user_id, "
             "UPPER(name) AS n", True),
            ("INSERT INTO t_product (product_id, name, category, list_price) VALUES "
             "(9901, 'p', NULL, 1.50) RETURNING product_id, list_price * 2", True),
            ("DELETE FROM t_order WHERE order_id BETWEEN 20011 AND 20014 RETURNING order_id, "
             "amount", False),
            ("DELETE FROM t_user WHERE user_id IN (9001, 9002, 99999) RETURNING user_id, name",
             False),
            ("DELETE FROM t_user WHERE user_id = 99999 RETURNING user_id", False),
        ]
        conn = self.connect(4, autocommit=False)
        self.reference.begin()
        try:
            for sql, ordered in statements:
                with self.subTest(sql=sql):
                    answer = run(conn, sql)
                    self.assertEqual(answer[0], "rows", answer)
                    self.assertIsNone(difference(answer, run(self.reference, sql), ordered,
                                                 False))
        finally:
            conn.rollback()
            self.reference.rollback()
        proxied, reference = Wire(self.proxies[2][1]), Wire(self.reference.port)
        self.assertEqual(proxied.handshake()[0], 0)
        self.assertEqual(reference.handshake(user="root", password="")[0], 0)
        try:
            for wire in (proxied, reference):
                self.assertEqual(run_prepared(wire, "BEGIN")[0], "rows")
            for sql, ordered in statements[:2]:
                with self.subTest(sql=sql, protocol="binary"):
                    self.assertIsNone(difference(run_prepared(proxied, sql),
                                                 run_prepared(reference, sql), ordered, False))
        finally:
            for wire in (proxied, reference):
                run_prepared(wire, "ROLLBACK")
                wire.close()

    def test_writes_in_a_rolled_back_transaction_match_the_reference(self):
        # Writes of every routing kind inside one transaction on both sides: affected rows and
        # then every table's contents must match; ROLLBACK leaves the data set as it was.
        writes = [
            "UPDATE t_order SET note = 'refund' WHERE amount < 0",
            "UPDATE t_user SET balance = balance * 2 WHERE city = 'lyon'",
            "UPDATE t_order SET amount = -amount WHERE user_id IN (1, 2, 3, -37)",
            "DELETE FROM t_order_item WHERE qty < 0",
            "UPDATE t_order o JOIN t_order_item i ON i.order_id = o.order_id AND i.user_id = "
            "o.user_id SET i.price = i.price + 1 WHERE o.status = 'new' AND o.user_id = 12",
            "DELETE FROM t_coupon WHERE user_id IN (SELECT user_id FROM t_user WHERE tier = 0)",
            "UPDATE t_product SET list_price = list_price + 1 WHERE category = 'books'",
            "INSERT INTO t_order (order_id, user_id, status, amount, created, note, paid_at) "
            "VALUES (20001, 5, 'new', 1.00, NULL, NULL, NULL), (20002, 6, 'new', 2.00, NULL, "
            "'Été', NULL), (20003, -37, NULL, -3.50, '2026-12-07 05:00:00', NULL, NULL)",
            "INSERT INTO t_user (user_id, name, city) VALUES (7, 'dup', NULL) "
            "ON DUPLICATE KEY UPDATE name = 'updated'",
            "UPDATE t_order SET status = 'PAID' WHERE order_id IN (SELECT order_id FROM "
            "t_order_item WHERE price > 199)",
            "DELETE FROM t_user WHERE user_id > 595",
            # Subqueries over other nodes in SET and VALUES: read first, their values written.
            "UPDATE t_user SET city = (SELECT MAX(status) FROM t_order WHERE amount > 900) "
            "WHERE user_id IN (1, 2, 3)",
            "UPDATE t_user u SET balance = (SELECT SUM(o.amount) FROM t_order o WHERE "
            "o.user_id = u.user_id AND o.status = 'paid') WHERE u.user_id BETWEEN 20 AND 40",
            "UPDATE t_product SET list_price = list_price + (SELECT COUNT(*) FROM t_order_item "
            "WHERE product_id = 3) WHERE product_id = 3",
            "INSERT INTO t_user (user_id, name, city) VALUES ((SELECT MAX(user_id) + 1 FROM "
            "t_user), 'next', (SELECT MIN(city) FROM t_user))",
            "INSERT INTO t_coupon (coupon_id, user_id, code, discount) VALUES (9901, 5, 'sub', "
            "(SELECT MAX(amount) FROM t_order WHERE user_id = 5))",
        ]
        checksum = ("SELECT COUNT(*), SUM(amount), SUM(LENGTH(note)) FROM t_order")
        conn = self.connect(4, autocommit=False)
        self.reference.begin()
        try:
            before = run(conn, checksum)
            for sql in writes:
                with self.subTest(sql=sql):
                    with conn.cursor() as proxied, self.reference.cursor() as direct:
                        self.assertEqual(proxied.execute(sql), direct.execute(sql))
            for table, key in (("t_user", "user_id"), ("t_order", "order_id"),
                               ("t_order_item", "item_id"), ("t_product", "product_id"),
                               ("t_coupon", "coupon_id")):
                sql = f"SELECT * FROM {table} ORDER BY {key}"
                self.assertIsNone(difference(run(conn, sql), run(self.reference, sql), True,
                                             False), table)
        finally:
            conn.rollback()
            self.reference.rollback()
        self.assertEqual(run(conn, checksum), before)
        self.assertIsNone(difference(run(conn, checksum), run(self.reference, checksum), True,
                                     False))
        conn.close()

    def test_refused_queries_get_1235(self):
        refused = [e for e in load_corpus(CORPUS) if e.refused]
        for shards in (2, 4):
            conn = self.connect(shards)
            for entry in refused:
                with self.subTest(shards=shards, sql=entry.sql):
                    answer = run(conn, entry.sql)
                    self.assertEqual(answer[:2], ("error", 1235), answer)
            # The session goes on.
            self.assertEqual(run(conn, "SELECT COUNT(*) FROM t_user")[1], [(600,)])
            conn.close()

    def test_comparison_catches_differences(self):
        # The comparison itself, on answers known to differ in one respect each.
        ref = self.reference
        ascending = run(ref, "SELECT user_id FROM t_user ORDER BY user_id")
        descending = run(ref, "SELECT user_id FROM t_user ORDER BY user_id DESC")
        self.assertIsNotNone(difference(ascending, descending, ordered=True, ci=False))
        self.assertIsNone(difference(ascending, descending, ordered=False, ci=False))
        fewer = run(ref, "SELECT user_id FROM t_user WHERE user_id <> 3")
        self.assertIsNotNone(difference(ascending, fewer, ordered=False, ci=False))
        upper, lower = run(ref, "SELECT 'Québec' AS c"), run(ref, "SELECT 'quebec' AS c")
        self.assertIsNotNone(difference(upper, lower, ordered=True, ci=False))
        self.assertIsNone(difference(upper, lower, ordered=True, ci=True))
        self.assertIsNotNone(difference(run(ref, "SELECT 1 AS a"), run(ref, "SELECT 1 AS b"),
                                        ordered=True, ci=False))
        self.assertIsNotNone(difference(run(ref, "SELECT 1"), run(ref, "SELECT 1.0"),
                                        ordered=True, ci=False))
        self.assertIsNotNone(difference(run(ref, "SELECT nope FROM t_user"), ascending,
                                        ordered=True, ci=False))

    def test_data_set_makes_comparisons_meaningful(self):
        # Guard against a generator change that would make the corpus vacuous.
        conn = self.connect(4)
        checks = [
            ("SELECT COUNT(*) FROM t_order_item", lambda n: n > 4000),
            ("SELECT COUNT(*) FROM t_user WHERE user_id < 0", lambda n: n > 10),
            ("SELECT COUNT(*) FROM t_user WHERE city IS NULL", lambda n: n > 10),
            ("SELECT COUNT(*) FROM t_order WHERE amount < 0", lambda n: n > 10),
            ("SELECT COUNT(DISTINCT city) FROM t_user", lambda n: 5 < n < 14),
        ]
        for sql, ok in checks:
            (count,), = run(conn, sql)[1]
            self.assertTrue(ok(count), (sql, count))
        # Every node of the 4-shard layout holds users.
        for i in range(4):
            count = self.cluster.instances[i].sql(f"SELECT COUNT(*) FROM shop4_{i}.t_user")
            self.assertNotIn(count.strip(), ("", "0"), i)
        conn.close()


if __name__ == "__main__":
    unittest.main()
