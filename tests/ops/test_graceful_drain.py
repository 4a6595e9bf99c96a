"""SIGTERM drain under load: readers scan both shards, writers run two-shard transactions. On
SIGTERM the proxy stops accepting, lets running statements and open transactions finish, closes
each session between statements and exits 0. No client sees a half-written result: every
statement either completes with its full, correct answer or fails with a connection error; every
transaction is all-or-nothing on the shards. A restarted proxy serves again."""
import signal
import threading
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards
from proxy import ShardProxy

# What a client may see when the proxy goes away between statements, or refuses to let it in.
CONNECTION_ERRORS = {1053, 2003, 2006, 2013, 2014}


class Client:
    def __init__(self, port, work):
        self.port = port
        self.work = work
        self.completed = 0
        self.unexpected = []
        self.connection_errors = 0
        self.committed = []   # transaction ids whose COMMIT returned OK
        self.attempted = []   # transaction ids started
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        conn = None
        n = 0
        while not self.stop.is_set():
            try:
                if conn is None:
                    conn = connect(self.port, read_timeout=30)
                self.work(self, conn, n)
                n += 1
                self.completed += 1
            except pymysql.err.MySQLError as error:
                if error.args and error.args[0] in CONNECTION_ERRORS:
                    self.connection_errors += 1
                    conn = None
                    time.sleep(0.05)
                else:
                    self.unexpected.append(repr(error))
                    return
            except AssertionError as error:
                self.unexpected.append(f"wrong answer: {error}")
                return
            except Exception as error:  # a truncated packet shows up here in PyMySQL
                self.unexpected.append(repr(error))
                return


def read_all(client, conn, n):
    with conn.cursor() as cursor:
        cursor.execute("SELECT user_id, name, SLEEP(0.01) FROM t_user "
                       "WHERE user_id < 20 ORDER BY user_id")
        rows = cursor.fetchall()
    assert [r[:2] for r in rows] == [(u, f"user{u}") for u in range(20)], rows[:3]


def make_transfer(base):
    def transfer(client, conn, n):
        txn = base + 2 * n  # rows txn (even: ds0) and txn + 1 (odd: ds1)
        client.attempted.append(txn)
        with conn.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("INSERT INTO t_user (user_id, name) VALUES (%s, 'txn')", (txn,))
            time.sleep(0.05)
            cursor.execute("INSERT INTO t_user (user_id, name) VALUES (%s, 'txn')", (txn + 1,))
            cursor.execute("COMMIT")
        client.committed.append(txn)
    return transfer


class GracefulDrainTest(unittest.TestCase):
    def test_sigterm_under_load(self):
        cluster = start_shards()
        try:
            port = free_port()
            config = sharded_config(cluster, port=port,
                                    extra="timeouts: { drain_ms: 15000 }\n")
            proxy = ShardProxy(config).start()
            clients = [Client(port, read_all) for _ in range(3)]
            clients += [Client(port, make_transfer(1000 + 100000 * i)) for i in range(2)]
            for client in clients:
                client.thread.start()
            time.sleep(1.5)
            before = sum(c.completed for c in clients)
            self.assertGreater(before, 0)
            proxy.signal(signal.SIGTERM)
            code = proxy.process.wait(30)
            self.assertEqual(code, 0, proxy.log_tail())
            time.sleep(0.5)
            for client in clients:
                client.stop.set()
            for client in clients:
                client.thread.join(30)
            for client in clients:
                self.assertEqual(client.unexpected, [])
            # Every client was cut between statements at some point (the proxy went away).
            self.assertTrue(all(c.connection_errors > 0 for c in clients),
                            [c.connection_errors for c in clients])
            self.assertIn("every client session finished", proxy.log_text())

            # Transactions: all-or-nothing, and every acknowledged COMMIT is there.
            rows = set()
            for i, instance in enumerate(cluster.instances):
                out = instance.sql(f"SELECT user_id FROM shop_{i}.t_user WHERE user_id >= 1000")
                rows |= {int(x) for x in out.split()}
            for client in clients:
                for txn in client.attempted:
                    self.assertEqual(txn in rows, txn + 1 in rows, txn)
                for txn in client.committed:
                    self.assertIn(txn, rows)
            for instance in cluster.instances:
                self.assertEqual(instance.sql("XA RECOVER").strip(), "")

            # A restart serves again.
            proxy2 = ShardProxy(config).start()
            try:
                conn = connect(port)
                read_all(None, conn, 0)
                conn.close()
            finally:
                self.assertEqual(proxy2.stop(), 0)
        finally:
            cluster.stop()


if __name__ == "__main__":
    unittest.main()
