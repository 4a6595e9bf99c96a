"""ProxyTestCase: throwaway MariaDB instances (INSTANCES, each loaded with SETUP; by default one
with shop.t = (1 'one'), (2 'two')) and a passthrough proxy in front of the last one, shared by a
test class; the class fails if the proxy does not exit cleanly (under ASan a report or a leak is
a non-zero exit)."""

import os
import sys
import unittest
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, HERE)

import pymysql  # noqa: E402

from cluster import MariaDBCluster  # noqa: E402
from proxy import ShardProxy, passthrough_config  # noqa: E402
from wire import Wire  # noqa: E402


class ProxyTestCase(unittest.TestCase):
    INSTANCES = 1
    UNIX_SOCKET = False  # True: the proxy reaches its data source over the socket file
    SETUP = ("CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(20));"
             "INSERT INTO shop.t VALUES (1, 'one'), (2, 'two');")
    cluster = None
    proxy = None

    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", ResourceWarning)
        cls.cluster = MariaDBCluster(cls.INSTANCES).start()
        try:
            for instance in cls.cluster.instances:
                instance.sql(cls.SETUP)
            cls.proxy = ShardProxy(passthrough_config(cls.cluster.instances[-1],
                                                      unix_socket=cls.UNIX_SOCKET)).start()
        except BaseException:
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        code = None
        if cls.proxy is not None:
            code = cls.proxy.stop()
        if cls.cluster is not None:
            cls.cluster.stop()
        # A clean SIGTERM exit is 0; anything else (an ASan report, a leak) fails the suite.
        if code not in (0, None):
            raise AssertionError(f"shardproxy exited with {code}:\n{cls.proxy.log_tail(60)}")

    def connect(self, **kwargs):
        args = dict(host="127.0.0.1", port=self.proxy.port, user="app", password="app_pw",
                    database="shop", autocommit=True)
        args.update(kwargs)
        return pymysql.connect(**args)

    def assert_proxy_serves(self):
        self.assertTrue(self.proxy.alive(), self.proxy.log_tail())
        conn = self.connect()
        with conn.cursor() as cursor:
            cursor.execute("SELECT v FROM t WHERE id = 2")
            self.assertEqual(cursor.fetchall(), (("two",),))
        conn.close()

    def wire(self):
        return Wire(self.proxy.port)
