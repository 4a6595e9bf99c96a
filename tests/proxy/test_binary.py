"""The shardproxy binary's command line: --check-config, start-up failures, clean shutdown."""

import os
import signal
import socket
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))

from cluster import MariaDBCluster, free_port  # noqa: E402
from proxy import ShardProxy, passthrough_config, proxy_binary  # noqa: E402

SOURCE = os.environ.get("SHARDPROXY_SOURCE_DIR", os.path.join(HERE, "..", ".."))


def run(*args):
    return subprocess.run([proxy_binary(), *args], capture_output=True, text=True, timeout=60)


class BinaryTest(unittest.TestCase):

    def test_check_config_valid(self):
        result = run("--check-config", os.path.join(SOURCE, "config/examples/quickstart.yaml"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("t_order", result.stdout)
        self.assertNotIn("app_pw", result.stdout)

    def test_check_config_invalid_names_file_and_line(self):
        path = os.path.join(SOURCE, "tests/config/invalid/algorithm_duplicate.yaml")
        result = run("--check-config", path)
        self.assertEqual(result.returncode, 1)
        self.assertIn("algorithm_duplicate.yaml:11:5", result.stderr)

    def test_bad_arguments(self):
        self.assertEqual(run("--bogus").returncode, 2)
        self.assertEqual(run("--config", "/nonexistent/x.yaml").returncode, 1)
        self.assertEqual(run().returncode, 2)

    def test_busy_port_fails_start_and_sigterm_stops_cleanly(self):
        with MariaDBCluster(1) as cluster:
            instance = cluster.instances[0]
            instance.sql("CREATE DATABASE shop")
            blocker = socket.socket()
            blocker.bind(("127.0.0.1", 0))
            blocker.listen()
            busy = blocker.getsockname()[1]
            path = os.path.join(cluster.directory, "busy.yaml")
            with open(path, "w") as f:
                f.write(passthrough_config(instance, port=busy))
            result = run("--config", path)
            self.assertEqual(result.returncode, 1)
            self.assertIn(f"cannot listen on 127.0.0.1:{busy}", result.stderr)
            blocker.close()

            proxy = ShardProxy(passthrough_config(instance)).start()
            # The backend's version, as MariaDB reports it, in the line saying it listens.
            self.assertIn("5.5.5-10.11", proxy.wait_for_log("5.5.5-10.11"))
            proxy.signal(signal.SIGTERM)
            self.assertEqual(proxy.process.wait(20), 0)
            self.assertIn("stopped", proxy.log_text())


if __name__ == "__main__":
    unittest.main()
