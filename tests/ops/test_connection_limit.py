"""limits.max_client_connections: 2000 clients connect and stay connected while queries run on
every accepted one; those over the limit get MySQL's ERR 1040 (08004) "Too many connections" in
the handshake and a closed socket, every accepted one is served, and once they have all gone the
proxy holds no more descriptors than before (counted in /proc/<pid>/fd)."""
import resource
import time
import unittest

import pymysql

from cluster import free_port
from ops_common import connect, sharded_config, start_shards, stop_all
from proxy import ShardProxy

CLIENTS = 2000
LIMIT = 1500
BACKEND_CONNECTIONS = 4


def proxy_side_sockets(port):
    """States of the TCP sockets whose local port is `port`, other than LISTEN and TIME_WAIT
    (which hold no descriptor): an accepted client socket the proxy did not close stays
    ESTABLISHED or CLOSE_WAIT here."""
    states = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] not in ("0A", "06"):
                states.append(fields[3])
    return states


class ConnectionLimitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = CLIENTS + 500
        if soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
        cls.cluster = start_shards()
        config = sharded_config(cls.cluster, port=free_port(), workers=2,
                                max_connections=BACKEND_CONNECTIONS,
                                extra=f"limits: {{ max_client_connections: {LIMIT} }}\n")
        cls.proxy = ShardProxy(config).start()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.cluster, cls.proxy)

    def connect(self):
        return connect(self.proxy.port)

    def test_clients_over_the_limit_are_refused_and_nothing_leaks(self):
        # Warm up: backend connections the pools keep are not a leak.
        warm = [self.connect() for _ in range(BACKEND_CONNECTIONS * 4)]
        for conn in warm:
            with conn.cursor() as cursor:
                cursor.execute("SELECT name FROM t_user WHERE user_id = 1")
        for conn in warm:
            conn.close()
        time.sleep(0.5)
        before = self.proxy.descriptor_count()

        accepted, refused = [], 0
        for _ in range(CLIENTS):
            try:
                accepted.append(self.connect())
            except pymysql.err.OperationalError as error:
                self.assertEqual(error.args[0], 1040, error)
                self.assertIn("Too many connections", error.args[1])
                refused += 1
        self.assertEqual(len(accepted), LIMIT)
        self.assertEqual(refused, CLIENTS - LIMIT)
        # While all of them are held open, every accepted client is served.
        served = 0
        for i, conn in enumerate(accepted):
            with conn.cursor() as cursor:
                cursor.execute("SELECT name FROM t_user WHERE user_id = %s", (i % 20,))
                if cursor.fetchone()[0] == f"user{i % 20}":
                    served += 1
        self.assertEqual(served, LIMIT)
        # Still at the limit: one more is refused cleanly, and the proxy keeps serving.
        with self.assertRaises(pymysql.err.OperationalError) as caught:
            self.connect()
        self.assertEqual(caught.exception.args[0], 1040)

        for conn in accepted:
            conn.close()
        # The proxy notices the closes asynchronously.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (self.proxy.descriptor_count() > before or
                                               proxy_side_sockets(self.proxy.port)):
            time.sleep(0.2)
        self.assertEqual(proxy_side_sockets(self.proxy.port), [])
        # The pools may have opened backend connections the warm-up did not need (at most
        # max_connections per data source), nothing else.
        after = self.proxy.descriptor_count()
        self.assertLessEqual(after, before + 2 * BACKEND_CONNECTIONS,
                             f"descriptors before {before}, after {after}")

        # With the others gone the limit admits new clients again.
        conn = self.connect()
        with conn.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM t_user")
            self.assertEqual(cursor.fetchone()[0], 20)
        conn.close()


if __name__ == "__main__":
    unittest.main()
