"""The mariadb command-line client in batch mode prints the same through the proxy as directly:
results, column types (--column-type-info), warnings and errors with their SQLSTATEs."""

import subprocess
import unittest

from differential import DifferentialTestCase
import passthrough_corpus


def run_cli(endpoint, script, extra=()):
    cmd = ["/usr/bin/mariadb", "--no-defaults", "-h", endpoint["host"], "-P", str(endpoint["port"]),
           "-u", endpoint["user"], f"--password={endpoint['password']}", "--batch", "--force",
           "--column-type-info", "--show-warnings", "--default-character-set=utf8mb4",
           endpoint["database"], *extra]
    # Bytes, not text: binary columns are printed raw.
    result = subprocess.run(cmd, input=script.encode(), capture_output=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def corpus_script():
    # A custom delimiter lets the procedure body and multi-statement strings through unchanged.
    statements = passthrough_corpus.STATEMENTS + passthrough_corpus.MULTI_STATEMENTS
    return "DELIMITER //\n" + "".join(f"{s} //\n" for s in statements)


class MariadbCliPassthroughTest(DifferentialTestCase):

    def test_corpus_output_matches_direct(self):
        script = corpus_script()
        direct = run_cli(self.direct_endpoint(), script)
        proxied = run_cli(self.proxy_endpoint(), script)
        self.assertEqual(direct[0], proxied[0])
        self.assertEqual(direct[2].splitlines(), proxied[2].splitlines())
        self.assertEqual(direct[1].splitlines(), proxied[1].splitlines())
        # Errors with codes and SQLSTATEs really were printed (the comparison is not vacuous).
        self.assertIn(b"ERROR 1146 (42S02)", proxied[2])

    def test_one_statement_with_execute(self):
        code, out, err = run_cli(self.proxy_endpoint(), "", ["-N", "-e", "SELECT 6 * 7"])
        self.assertEqual((code, err), (0, b""))
        self.assertIn(b"42", out)

    def test_wrong_password(self):
        endpoint = self.proxy_endpoint()
        endpoint["password"] = "nope"
        code, _, err = run_cli(endpoint, "SELECT 1;")
        self.assertNotEqual(code, 0)
        self.assertIn(b"ERROR 1045 (28000)", err)


if __name__ == "__main__":
    unittest.main()
