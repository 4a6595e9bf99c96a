"""Distributed transactions through the real shardproxy binary over two MariaDB shards: a bank
whose accounts are sharded by id (even ids on ds0, odd on ds1).

- Two sessions locking rows on two shards in opposite order: the proxy sees the cross-shard
  deadlock (no single shard can) and aborts the younger transaction with ERR 1213 / 40001 within
  seconds, not the 50 s lock-wait timeout; the other commits.
- Concurrent transfers in random order (so deadlocks happen) keep the total balance, and leave no
  XA branch prepared on any shard.
- The proxy is killed (SIGKILL, from its own fault points: --xa-fault-points) at each point of the
  two-phase commit; restarted on the same decision log, it commits the in-flight transfer on both
  shards if the decision was durable and rolls it back on both otherwise.
- A shard that dies inside a transaction: COMMIT fails with an error naming it, the other shard's
  branch is rolled back.
"""
import os
import random
import re
import shutil
import tempfile
import threading
import time
import unittest

import pymysql

from cluster import MariaDBCluster, free_port
from proxy import ShardProxy

ACCOUNTS = 20
INITIAL = 1000
DEADLOCK = 1213
LOCK_WAIT_TIMEOUT = 1205


def bank_config(cluster, port, log_dir, transaction_type="xa"):
    sources = "".join(
        f"  ds{i}: {{ host: 127.0.0.1, port: {inst.port}, user: root, password: \"\", "
        f"database: bank_{i}, max_connections: 32 }}\n"
        for i, inst in enumerate(cluster.instances))
    return (f"listen: 127.0.0.1:{port}\n"
            "workers: 2\n"
            "database: bank\n"
            "users:\n  - { name: app, password: app_pw }\n"
            "data_sources:\n" + sources +
            "default_data_source: ds0\n"
            "sharding:\n"
            "  tables:\n"
            "    account:\n"
            "      data_nodes: ds${0..1}.account\n"
            "      database_strategy: { column: id, algorithm: by_id }\n"
            "  algorithms:\n"
            "    by_id: { type: mod, count: 2 }\n"
            "transaction:\n"
            f"  type: {transaction_type}\n"
            f"  log_dir: {log_dir}\n")


class ProxyTransactionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = MariaDBCluster(2).start()
        for i, instance in enumerate(cls.cluster.instances):
            instance.sql(f"CREATE DATABASE bank_{i}")
            instance.sql("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL) "
                         "ENGINE=InnoDB", database=f"bank_{i}")
        cls.log_dir = tempfile.mkdtemp(prefix="shardproxy-xa-")
        cls.port = free_port()
        cls.proxy = None
        cls.start_proxy()

    @classmethod
    def tearDownClass(cls):
        if cls.proxy is not None:
            cls.proxy.stop()
        cls.cluster.stop()
        shutil.rmtree(cls.log_dir, ignore_errors=True)

    @classmethod
    def start_proxy(cls, args=()):
        if cls.proxy is not None:
            cls.proxy.stop()
        cls.proxy = ShardProxy(bank_config(cls.cluster, cls.port, cls.log_dir), args=args).start()

    def setUp(self):
        if not self.proxy.alive():
            self.start_proxy()
        for i, instance in enumerate(self.cluster.instances):
            self.assertEqual(self.prepared_branches(i), [], "a branch was left prepared")
            instance.sql("DELETE FROM account", database=f"bank_{i}")
        conn = self.connect()
        with conn.cursor() as cursor:
            values = ",".join(f"({i},{INITIAL})" for i in range(ACCOUNTS))
            cursor.execute(f"INSERT INTO account (id, balance) VALUES {values}")
        conn.close()

    def connect(self, **kwargs):
        return pymysql.connect(host="127.0.0.1", port=self.port, user="app", password="app_pw",
                               database="bank", autocommit=True, **kwargs)

    def shard_rows(self, shard):
        conn = pymysql.connect(host="127.0.0.1", port=self.cluster.instances[shard].port,
                               user="root", database=f"bank_{shard}", autocommit=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT id, balance FROM account ORDER BY id")
            rows = dict(cursor.fetchall())
        conn.close()
        return rows

    def balances(self):
        rows = {}
        for shard in range(2):
            rows.update(self.shard_rows(shard))
        return rows

    def prepared_branches(self, shard):
        conn = pymysql.connect(host="127.0.0.1", port=self.cluster.instances[shard].port,
                               user="root", autocommit=True)
        with conn.cursor() as cursor:
            cursor.execute("XA RECOVER")
            rows = list(cursor.fetchall())
        conn.close()
        return rows

    def wait_until_no_prepared_branch(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.prepared_branches(0) and not self.prepared_branches(1):
                return
            time.sleep(0.2)
        self.fail(f"branches still prepared after {timeout}s: "
                  f"{self.prepared_branches(0)} {self.prepared_branches(1)}")

    # -----------------------------------------------------------------------------------------

    def test_cross_shard_deadlock_aborts_the_younger_transaction_with_1213(self):
        older, younger = self.connect(), self.connect()
        older.cursor().execute("BEGIN")
        older.cursor().execute("UPDATE account SET balance = balance - 10 WHERE id = 0")  # ds0
        younger.cursor().execute("BEGIN")
        younger.cursor().execute("UPDATE account SET balance = balance - 20 WHERE id = 1")  # ds1
        outcome = {}

        def older_waits_on_ds1():
            try:
                older.cursor().execute("UPDATE account SET balance = balance + 10 WHERE id = 1")
                outcome["older"] = "ok"
            except pymysql.MySQLError as e:
                outcome["older"] = e.args[0]

        waiter = threading.Thread(target=older_waits_on_ds1)
        waiter.start()
        time.sleep(0.3)  # let it reach its lock wait; the cycle closes below either way
        started = time.monotonic()
        with self.assertRaises(pymysql.MySQLError) as caught:
            younger.cursor().execute("UPDATE account SET balance = balance + 20 WHERE id = 0")
        elapsed = time.monotonic() - started
        waiter.join(30)
        self.assertEqual(caught.exception.args[0], DEADLOCK, caught.exception.args)
        self.assertIn("Deadlock found", caught.exception.args[1])
        # Far below the shards' 50 s innodb_lock_wait_timeout: the proxy broke the cycle.
        self.assertLess(elapsed, 20, "the deadlock was not broken by the proxy")
        self.assertEqual(outcome.get("older"), "ok")
        older.cursor().execute("COMMIT")
        # The victim was rolled back as a whole (its first update is gone too) and its session
        # goes on: the next statement runs outside any transaction.
        with younger.cursor() as cursor:
            cursor.execute("UPDATE account SET balance = balance + 0 WHERE id = 1")
        balances = self.balances()
        self.assertEqual(balances[0], INITIAL - 10)
        self.assertEqual(balances[1], INITIAL + 10)
        younger.close()
        older.close()

    def transfer_workload(self, threads, transfers, cross_shard=True):
        errors, deadlocks, done = [], [0], [0]
        lock = threading.Lock()
        deadline = time.monotonic() + 90

        def run(seed):
            rng = random.Random(seed)
            conn = self.connect()
            cursor = conn.cursor()
            finished = 0
            while finished < transfers and time.monotonic() < deadline:
                a = rng.randrange(ACCOUNTS)
                b = rng.randrange(ACCOUNTS)
                if a == b or (cross_shard and a % 2 == b % 2):
                    continue
                amount = rng.randrange(1, 50)
                try:
                    cursor.execute("BEGIN")
                    cursor.execute("UPDATE account SET balance = balance - %s WHERE id = %s",
                                   (amount, a))
                    cursor.execute("UPDATE account SET balance = balance + %s WHERE id = %s",
                                   (amount, b))
                    cursor.execute("COMMIT")
                    finished += 1
                except pymysql.MySQLError as e:
                    if e.args[0] in (DEADLOCK, LOCK_WAIT_TIMEOUT):
                        with lock:
                            deadlocks[0] += 1
                        cursor.execute("ROLLBACK")
                        continue
                    with lock:
                        errors.append(e.args)
                    return
            with lock:
                done[0] += finished
            conn.close()

        workers = [threading.Thread(target=run, args=(seed,)) for seed in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        return errors, deadlocks[0], done[0]

    def test_concurrent_cross_shard_transfers_keep_the_total(self):
        errors, deadlocks, done = self.transfer_workload(threads=8, transfers=40)
        self.assertEqual(errors, [])
        self.assertEqual(done, 8 * 40, "transfers did not finish in time")
        balances = self.balances()
        self.assertEqual(len(balances), ACCOUNTS)
        self.assertEqual(sum(balances.values()), ACCOUNTS * INITIAL)
        self.assertEqual(self.prepared_branches(0), [])
        self.assertEqual(self.prepared_branches(1), [])
        print(f"\n{done} transfers, {deadlocks} deadlock victims retried")

    def crash_at(self, fault, decision_durable):
        # The 3rd cross-shard transfer reaches the fault point; the proxy kills itself there.
        self.start_proxy(args=("--xa-fault-points", f"{fault}:kill@3"))
        conn = self.connect()
        cursor = conn.cursor()
        for n in range(3):
            a, b = 2 * n, 2 * n + 1  # ds0 -> ds1
            cursor.execute("BEGIN")
            cursor.execute("UPDATE account SET balance = balance - 100 WHERE id = %s", (a,))
            cursor.execute("UPDATE account SET balance = balance + 100 WHERE id = %s", (b,))
            if n < 2:
                cursor.execute("COMMIT")
                continue
            with self.assertRaises(pymysql.MySQLError) as caught:
                cursor.execute("COMMIT")
            self.assertIn(caught.exception.args[0], (2013, 2006), caught.exception.args)
        conn.close()
        deadline = time.monotonic() + 10
        while self.proxy.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(self.proxy.alive(), "the fault point did not kill the proxy")
        # Restart on the same decision log: recovery settles the in-doubt branches.
        self.start_proxy()
        self.wait_until_no_prepared_branch()
        balances = self.balances()
        self.assertEqual(sum(balances.values()), ACCOUNTS * INITIAL)
        for n in range(2):  # acknowledged before the crash
            self.assertEqual(balances[2 * n], INITIAL - 100)
            self.assertEqual(balances[2 * n + 1], INITIAL + 100)
        expected_delta = 100 if decision_durable else 0
        self.assertEqual(balances[4], INITIAL - expected_delta, fault)
        self.assertEqual(balances[5], INITIAL + expected_delta, fault)
        # And the proxy serves again.
        conn = self.connect()
        with conn.cursor() as cursor:
            cursor.execute("SELECT SUM(balance) FROM account")
            self.assertEqual(int(cursor.fetchone()[0]), ACCOUNTS * INITIAL)
        conn.close()

    def test_proxy_killed_after_one_prepare_rolls_back(self):
        self.crash_at("after_prepares=1", decision_durable=False)

    def test_proxy_killed_before_the_decision_rolls_back(self):
        self.crash_at("before_decision", decision_durable=False)

    def test_proxy_killed_after_the_decision_commits(self):
        self.crash_at("after_decision", decision_durable=True)

    def test_proxy_killed_after_one_commit_commits_the_other(self):
        self.crash_at("after_commits=1", decision_durable=True)

    def test_shard_lost_inside_a_transaction_rolls_back_with_its_name(self):
        conn = self.connect()
        cursor = conn.cursor()
        cursor.execute("BEGIN")
        cursor.execute("UPDATE account SET balance = balance - 7 WHERE id = 0")  # ds0
        cursor.execute("UPDATE account SET balance = balance + 7 WHERE id = 1")  # ds1
        self.cluster.instances[1].kill()
        try:
            with self.assertRaises(pymysql.MySQLError) as caught:
                cursor.execute("COMMIT")
            self.assertIn("ds1", caught.exception.args[1])
        finally:
            self.cluster.instances[1].start()
        conn.close()
        # ds0's branch was rolled back; ds1 lost its (unprepared) branch with the crash.
        self.wait_until_no_prepared_branch()
        balances = self.balances()
        self.assertEqual(balances[0], INITIAL)
        self.assertEqual(balances[1], INITIAL)
        # The proxy keeps serving, ds1 included, once it is back.
        conn = self.connect()
        deadline = time.monotonic() + 20
        while True:
            try:
                with conn.cursor() as c:
                    c.execute("UPDATE account SET balance = balance WHERE id = 1")
                break
            except pymysql.MySQLError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        conn.close()


if __name__ == "__main__":
    unittest.main()
