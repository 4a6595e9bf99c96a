"""The parser against a real MariaDB.

1. Printed SQL means the same thing: every corpus SELECT (without `?` markers or functions whose
   value changes between two runs) is run on MariaDB as written and as printed by our printer
   (parser/printer.h) after loading tests/parser/schema.sql; both must succeed or fail alike and
   return the same rows. INSERT/UPDATE/DELETE/REPLACE on transactional tables are run in a
   transaction that is rolled back, and must affect the same number of rows.
2. Negative cases: MariaDB still answers every statement of tests/parser/negative.tsv with the
   error our parser is expected to give (so the expectations stay true to the server).
"""

import json
import os
import re
import subprocess
import unittest

import pymysql

from cluster import MariaDBCluster

SOURCE = os.environ.get("SHARDPROXY_SOURCE_DIR", os.getcwd())
PRINT_TOOL = os.environ.get("SHARDPROXY_PARSER_PRINT", "build/release/tests/parser/parser_print")
CORPUS = os.path.join(SOURCE, "tests", "parser", "corpus")
PREFIX = ("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB "
          "server version for the right syntax to use ")
# Values that differ between two executions, or side effects outside a transaction.
VOLATILE = re.compile(r"NOW|SYSDATE|CURRENT_TIME|CURTIME|CURDATE|CURRENT_DATE|LOCALTIME|UTC_|"
                      r"UNIX_TIMESTAMP|RAND|UUID|CONNECTION_ID|SLEEP|GET_LOCK|RELEASE_|"
                      r"FOUND_ROWS|ROW_COUNT|LAST_INSERT_ID|INTO\s+@|:=|inventory_log|@rownum",
                      re.IGNORECASE)


def corpus_statements():
    files = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith(".sql"))
    out = subprocess.run([PRINT_TOOL] + files, check=True, capture_output=True).stdout
    return [json.loads(line) for line in out.decode("utf-8", "surrogateescape").splitlines()]


def run(conn, sql):
    """(ok, rows or (error code, message), affected rows)"""
    with conn.cursor() as cur:
        try:
            affected = cur.execute(sql)
            rows = cur.fetchall() if cur.description else ()
            return True, [tuple(r) for r in rows], affected
        except pymysql.err.MySQLError as e:
            return False, (e.args[0], e.args[1] if len(e.args) > 1 else ""), None


class ParserAgainstMariaDB(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = MariaDBCluster(1)
        cls.cluster.__enter__()
        inst = cls.cluster.instances[0]
        admin = pymysql.connect(host="127.0.0.1", port=inst.port, user="root", autocommit=True)
        with admin.cursor() as cur:
            cur.execute("CREATE DATABASE shop")
        admin.close()
        cls.conn = pymysql.connect(host="127.0.0.1", port=inst.port, user="root", database="shop",
                                   charset="utf8mb4", autocommit=False)
        with open(os.path.join(SOURCE, "tests", "parser", "schema.sql"), encoding="utf-8") as f:
            schema = f.read()
        with cls.conn.cursor() as cur:
            for stmt in [s for s in schema.split(";\n") if s.strip()]:
                cur.execute(stmt)
        cls.conn.commit()
        cls.statements = corpus_statements()

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.cluster.__exit__(None, None, None)

    def test_every_corpus_statement_parsed(self):
        errors = [s for s in self.statements if "error" in s]
        self.assertEqual(errors, [])
        self.assertGreaterEqual(len(self.statements), 600)

    def test_printed_selects_return_the_same_rows(self):
        compared = 0
        for s in self.statements:
            if s.get("kind") != "Select" or s["params"] or VOLATILE.search(s["original"]):
                continue
            ok1, res1, _ = run(self.conn, s["original"])
            ok2, res2, _ = run(self.conn, s["printed"])
            self.conn.rollback()
            with self.subTest(original=s["original"], printed=s["printed"]):
                self.assertEqual(ok1, ok2, (res1, res2))
                if ok1:
                    ordered = re.search(r"ORDER\s+BY", s["original"], re.IGNORECASE)
                    if not ordered:
                        res1, res2 = sorted(res1, key=repr), sorted(res2, key=repr)
                    self.assertEqual(res1, res2)
                    compared += 1
                else:
                    self.assertEqual(res1[0], res2[0])
        print(f"compared {compared} SELECTs that ran on MariaDB")
        self.assertGreaterEqual(compared, 150)

    def test_printed_dml_affects_the_same_rows(self):
        compared = 0
        for s in self.statements:
            if s.get("kind") not in ("Insert", "Update", "Delete") or s["params"]:
                continue
            if VOLATILE.search(s["original"]) or "sbtest" in s["original"]:
                continue
            ok1, res1, n1 = run(self.conn, s["original"])
            self.conn.rollback()
            ok2, res2, n2 = run(self.conn, s["printed"])
            self.conn.rollback()
            with self.subTest(original=s["original"], printed=s["printed"]):
                self.assertEqual(ok1, ok2, (res1, res2))
                if ok1:
                    self.assertEqual(n1, n2)
                    compared += 1
        print(f"compared {compared} INSERT/UPDATE/DELETE statements (rolled back)")
        self.assertGreaterEqual(compared, 30)

    def test_negative_expectations_match_mariadb(self):
        path = os.path.join(SOURCE, "tests", "parser", "negative.tsv")
        checked = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                sql, expected = line.split("\t")
                sql = sql.replace("\\n", "\n").replace("\\t", "\t")
                ok, error, _ = run(self.conn, sql)
                self.conn.rollback()
                with self.subTest(sql=sql):
                    self.assertFalse(ok)
                    if re.fullmatch(r"\d{4}", expected):
                        self.assertEqual(str(error[0]), expected)
                    else:
                        self.assertEqual(error, (1064, PREFIX + expected.replace("\\n", "\n")))
                checked += 1
        self.assertGreaterEqual(checked, 100)


if __name__ == "__main__":
    unittest.main()
