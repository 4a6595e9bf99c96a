"""A data source given as `socket:` (a MariaDB on the proxy's own host): the proxy reaches it over
its Unix socket file, for text queries and for prepared statements run natively, shows the socket
path as the data source's address. (A socket file that is not there: test_bad_input.py.)"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, HERE)

import test_native_statements as native  # noqa: E402
from proxy_case import ProxyTestCase  # noqa: E402


class SocketBackendTest(ProxyTestCase):
    UNIX_SOCKET = True

    def test_statements_reach_mariadb_over_its_socket(self):
        conn = self.connect()
        with conn.cursor() as cursor:
            # MariaDB's own view of the connection serving this session: over TCP its host
            # would be 127.0.0.1:<port>.
            cursor.execute("SELECT HOST FROM information_schema.PROCESSLIST "
                           "WHERE ID = CONNECTION_ID()")
            self.assertEqual(cursor.fetchall(), (("localhost",),))
            cursor.execute("SELECT v FROM t WHERE id = 1")
            self.assertEqual(cursor.fetchall(), (("one",),))
        conn.close()

    def test_show_data_sources_gives_the_socket_path(self):
        conn = self.connect()
        with conn.cursor() as cursor:
            cursor.execute("SHOW DATA SOURCES")
            rows = cursor.fetchall()
        conn.close()
        self.assertEqual([(row[0], row[1]) for row in rows],
                         [("ds0", self.cluster.instances[0].socket)])


class NativeStatementsOverSocketTest(native.NativeStatementsTest):
    """Every native prepared statement test again, the backend reached over its socket."""
    UNIX_SOCKET = True


if __name__ == "__main__":
    unittest.main()
