"""The sharded path end to end, through the real binary: sysbench prepares its tables through
the proxy over 2 data sources (database sharding) and over 2x2 (database + table sharding), the
rows must land where the rules say, every sysbench statement shape must answer exactly what an
unsharded reference MariaDB answers (rows, order, column metadata, affected rows), sysbench runs
with zero errors in both ps modes, cleanup leaves nothing behind, and the flash sale (XA
transactions buying hot stock) ends with no oversell and no in-doubt XA branch.

All of it is sysbench/run_suite.py's checking (short runs); this test asserts its verdict."""
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.environ.get("SHARDPROXY_SOURCE_DIR",
                      os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


class ShardedEndToEndTest(unittest.TestCase):
    def run_suite(self, *args):
        with tempfile.TemporaryDirectory() as tmp:
            results = os.path.join(tmp, "RESULTS.md")
            proc = subprocess.run(
                ["/usr/bin/python3", os.path.join(ROOT, "sysbench", "run_suite.py"),
                 "--time", "2", "--warmup", "0", "--table-size", "2000", "--threads", "4",
                 "--results", results, *args],
                cwd=ROOT, capture_output=True, text=True, timeout=900)
            report = open(results).read() if os.path.exists(results) else ""
        self.assertEqual(proc.returncode, 0,
                         f"run_suite failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}\n{report}")
        return proc.stdout + proc.stderr + report

    def test_two_data_sources_with_flash_sale(self):
        out = self.run_suite("--targets", "shards2",
                             "--workloads", "oltp_point_select,oltp_read_write,oltp_insert",
                             "--flash-sale")
        self.assertIn("0 differences", out)
        self.assertIn("0 problems", out)

    def test_database_and_table_sharding(self):
        out = self.run_suite("--targets", "shards2x2",
                             "--workloads", "oltp_point_select,oltp_read_write,oltp_delete")
        self.assertIn("0 differences", out)


if __name__ == "__main__":
    unittest.main()
