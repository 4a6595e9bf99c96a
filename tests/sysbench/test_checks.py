#!/usr/bin/python3
"""The sysbench suite's checks must be able to fail: the validator reports rows that differ
from the reference, and the flash-sale checker reports oversell, lost stock, orders without
items and in-doubt XA branches. Runs against real MariaDB (no proxy needed)."""

import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "sysbench"))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))

from cluster import MariaDBCluster  # noqa: E402
import flash_sale  # noqa: E402
from sysbench_runner import sysbench  # noqa: E402
from targets import Endpoint  # noqa: E402
from validate import validate  # noqa: E402

SEEDED_PREPARE = os.path.join(ROOT, "sysbench", "seeded_prepare.lua")


def endpoint(instance):
    return Endpoint("127.0.0.1", instance.port, "root", "", "sbtest")


def prepare(instance, seed, table_size=200):
    sysbench(SEEDED_PREPARE, "prepare", **endpoint(instance).sysbench_args(), tables=2,
             table_size=table_size, extra=["--auto-inc=off", f"--load-seed={seed}"])


class ValidatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # a and b hold the same rows, c and d differ; each test writes only to its own pair.
        cls.cluster = MariaDBCluster(4).start()
        for instance in cls.cluster.instances:
            instance.sql("CREATE DATABASE sbtest")
        a, b, c, d = cls.cluster.instances
        prepare(a, seed=5)
        prepare(b, seed=5)
        prepare(c, seed=6)
        prepare(d, seed=5)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def test_same_seed_gives_identical_results(self):
        a, b, _, _ = self.cluster.instances
        compared, problems = validate(endpoint(a), endpoint(b), 2, 200, samples=10)
        self.assertEqual(problems, [])
        for shape in ("point_selects", "simple_ranges", "sum_ranges", "order_ranges",
                      "distinct_ranges", "select_random_points", "select_random_ranges",
                      "index_updates", "non_index_updates", "deletes", "inserts",
                      "duplicate_insert", "oltp_insert", "whole_table"):
            self.assertGreater(compared.get(shape, 0), 0, shape)

    def test_other_rows_are_reported(self):
        _, _, c, d = self.cluster.instances
        _, problems = validate(endpoint(c), endpoint(d), 2, 200, samples=5)
        self.assertTrue(any(p.startswith("[whole_table]") for p in problems), problems[:3])
        self.assertTrue(any(p.startswith("[point_selects]") for p in problems), problems[:3])

    def test_metadata_differences_are_reported(self):
        a, b, _, _ = self.cluster.instances
        a.sql("CREATE TABLE sbtest.meta (c CHAR(120) NOT NULL)")
        b.sql("CREATE TABLE sbtest.meta (c VARCHAR(120) NOT NULL)")
        try:
            import validate as v
            conn_a, conn_b = v.connect(endpoint(a)), v.connect(endpoint(b))
            found = v.differences(v.execute(conn_a, "SELECT c FROM meta", ()),
                                  v.execute(conn_b, "SELECT c FROM meta", ()), True)
            self.assertTrue(found and found[0].startswith("metadata"), found)
        finally:
            a.sql("DROP TABLE sbtest.meta")
            b.sql("DROP TABLE sbtest.meta")


class FlashSaleCheckerTest(unittest.TestCase):
    def setUp(self):
        self.cluster = MariaDBCluster(1).start()
        self.server = self.cluster.instances[0]
        self.server.sql("CREATE DATABASE flash")
        args = Endpoint("127.0.0.1", self.server.port, "root", "", "flash").sysbench_args()
        sysbench(flash_sale.LUA, "prepare", **args,
                 extra=["--initial-stock=50", "--users=50"])
        sysbench(flash_sale.LUA, "run", **args, extra=["--threads=4", "--time=3", "--users=50"])
        self.shards = [flash_sale.Shard(self.server.port, "flash", 0, 1)]

    def tearDown(self):
        self.cluster.stop()

    def problems(self):
        return flash_sale.check(self.shards)[1]

    def test_a_real_run_passes(self):
        summary, problems = flash_sale.check(self.shards)
        self.assertEqual(problems, [])
        self.assertIn("500 units sold of 500", summary)  # 10 products x 50: all sold

    def test_buyers_with_their_own_xa_pass(self):
        self.server.sql("UPDATE fs_stock SET stock = stock + 20, initial_stock = "
                        "initial_stock + 20", "flash")
        args = Endpoint("127.0.0.1", self.server.port, "root", "", "flash").sysbench_args()
        sysbench(flash_sale.LUA, "run", **args,
                 extra=["--threads=4", "--time=3", "--xa=on", "--users=50"])
        summary, problems = flash_sale.check(self.shards)
        self.assertEqual(problems, [])
        self.assertIn("700 units sold of 700", summary)

    def test_lost_stock_is_reported(self):
        self.server.sql("UPDATE fs_stock SET stock = stock + 1 WHERE product_id = 3", "flash")
        self.assertTrue(any("product 3: stock 1 + sold" in p for p in self.problems()))

    def test_oversell_is_reported(self):
        self.server.sql("ALTER TABLE fs_stock DROP CONSTRAINT fs_stock_not_negative;"
                        "UPDATE fs_stock SET stock = -2, initial_stock = initial_stock - 2 "
                        "WHERE product_id = 4", "flash")
        self.assertTrue(any("oversold: product 4" in p for p in self.problems()))

    def test_order_without_items_is_reported(self):
        self.server.sql("DELETE FROM fs_order_item ORDER BY order_id LIMIT 1", "flash")
        self.assertTrue(any("should have items" in p for p in self.problems()))

    def test_in_doubt_xa_branch_is_reported(self):
        self.server.sql("XA START 'flash-test'; INSERT INTO fs_user VALUES (100000, 'x'); "
                        "XA END 'flash-test'; XA PREPARE 'flash-test';", "flash")
        self.assertTrue(any("in-doubt" in p for p in self.problems()))
        self.server.sql("XA ROLLBACK 'flash-test'")


if __name__ == "__main__":
    unittest.main()
