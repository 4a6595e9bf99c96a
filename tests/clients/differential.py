"""Shared fixture for the passthrough differential tests.

Two MariaDB instances get identical contents; the test talks to one directly and to the other
through shardproxy (one data source, no rules), runs the same statements on both and compares
what each client library reports.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))

from cluster import MariaDBCluster  # noqa: E402
from proxy import ShardProxy, passthrough_config  # noqa: E402

import passthrough_corpus  # noqa: E402


class DifferentialTestCase(unittest.TestCase):
    """Starts the reference server, the proxied twin and the proxy once per test class."""

    cluster = None
    proxy = None

    @classmethod
    def setUpClass(cls):
        cls.cluster = MariaDBCluster(2).start()
        try:
            for instance in cls.cluster.instances:
                instance.sql(passthrough_corpus.SETUP)
            cls.reference = cls.cluster.instances[0]
            cls.proxied = cls.cluster.instances[1]
            cls.proxy = ShardProxy(passthrough_config(cls.proxied, database="shop")).start()
        except BaseException:
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        proxy_log = ""
        if cls.proxy is not None:
            code = cls.proxy.stop()
            proxy_log = cls.proxy.log_tail()
            if code not in (0, None):
                print(f"shardproxy exited with {code}:\n{proxy_log}", file=sys.stderr)
        if cls.cluster is not None:
            cls.cluster.stop()

    def direct_endpoint(self):
        return dict(host="127.0.0.1", port=self.reference.port, user="root", password="",
                    database="shop")

    def proxy_endpoint(self):
        return dict(host="127.0.0.1", port=self.proxy.port, user=self.proxy.user,
                    password=self.proxy.password, database="shop")

    def assertSameOutcome(self, sql, direct, proxied):
        """Compares two outcome lists and names the statement on failure."""
        if direct != proxied:
            lines = [f"statement differs through the proxy: {sql!r}"]
            for i, (d, p) in enumerate(zip(direct, proxied)):
                if d != p:
                    lines.append(f"  result {i}:\n    direct: {d!r}\n    proxy:  {p!r}")
            if len(direct) != len(proxied):
                lines.append(f"  {len(direct)} results directly, {len(proxied)} through the proxy")
            self.fail("\n".join(lines))
