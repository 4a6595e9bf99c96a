"""sysbench prepare, run (both prepared-statement modes) and cleanup through the proxy, with
every error fatal and the data checked on the server afterwards.

One exception: oltp_read_write on small tables deadlocks now and then (DELETE + INSERT of the same
id in two transactions), directly as well as through the proxy, which makes each statement a
little slower and so transactions a little longer. MariaDB's ERR 1213 passes through unchanged;
those runs ignore 1213 only, and the test checks that deadlocks stay rare."""

import re
import subprocess
import unittest

from differential import DifferentialTestCase

TABLES = 2
TABLE_SIZE = 10000


class SysbenchPassthroughTest(DifferentialTestCase):

    def sysbench(self, workload, command, *extra):
        cmd = ["/usr/bin/sysbench", workload, "--db-driver=mysql", "--mysql-host=127.0.0.1",
               f"--mysql-port={self.proxy.port}", f"--mysql-user={self.proxy.user}",
               f"--mysql-password={self.proxy.password}", "--mysql-db=shop",
               f"--tables={TABLES}", f"--table-size={TABLE_SIZE}", *extra, command]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 0,
                         f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}\n"
                         f"proxy log:\n{self.proxy.log_tail()}")
        return result.stdout

    def assert_clean_run(self, output):
        self.assertRegex(output, r"reconnects:\s+0\s")
        transactions = int(re.search(r"transactions:\s+(\d+)", output).group(1))
        ignored = int(re.search(r"ignored errors:\s+(\d+)", output).group(1))
        self.assertGreater(transactions, 0)
        self.assertLessEqual(ignored, max(1, transactions // 100), "deadlocks are not rare")

    def test_prepare_run_cleanup(self):
        self.sysbench("oltp_read_write", "prepare", "--mysql-ignore-errors=none")
        for table in range(1, TABLES + 1):
            count = self.proxied.sql(f"SELECT COUNT(*) FROM shop.sbtest{table}").strip()
            self.assertEqual(count, str(TABLE_SIZE))
        for ps_mode in ("auto", "disable"):
            for workload in ("oltp_read_write", "oltp_point_select"):
                with self.subTest(workload=workload, ps_mode=ps_mode):
                    ignore = "1213" if workload == "oltp_read_write" else "none"
                    output = self.sysbench(workload, "run", "--threads=4", "--time=4",
                                           f"--db-ps-mode={ps_mode}",
                                           f"--mysql-ignore-errors={ignore}")
                    self.assert_clean_run(output)
        # oltp_read_write deletes and re-inserts rows with the same ids: the count is unchanged.
        for table in range(1, TABLES + 1):
            count = self.proxied.sql(f"SELECT COUNT(*) FROM shop.sbtest{table}").strip()
            self.assertEqual(count, str(TABLE_SIZE))
        self.sysbench("oltp_read_write", "cleanup", "--mysql-ignore-errors=none")
        self.assertNotIn("sbtest", self.proxied.sql("SHOW TABLES FROM shop"))


if __name__ == "__main__":
    unittest.main()
