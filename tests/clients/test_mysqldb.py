"""MySQLdb (mysqlclient, on MariaDB Connector/C) through the proxy sees what it sees directly,
including SQLSTATEs and the autocommit flag."""

import unittest

import MySQLdb
from MySQLdb.constants import CLIENT

from differential import DifferentialTestCase
import passthrough_corpus


def connect(endpoint):
    e = dict(endpoint)
    return MySQLdb.connect(host=e["host"], port=e["port"], user=e["user"], passwd=e["password"],
                           db=e["database"], charset="utf8mb4",
                           client_flag=CLIENT.MULTI_STATEMENTS | CLIENT.MULTI_RESULTS)


def outcome(conn, sql):
    results = []
    try:
        conn.query(sql)
    except MySQLdb.Error as e:
        return [("error", e.args, conn.sqlstate())]
    while True:
        try:
            result = conn.store_result()
        except MySQLdb.Error as e:  # an error after the first rows, e.g. an overflow on row 3
            results.append(("error", e.args, conn.sqlstate()))
            break
        entry = {"affected": conn.affected_rows(), "insert_id": conn.insert_id(),
                 "warnings": conn.warning_count(), "info": conn.info(),
                 "autocommit": conn.get_autocommit()}
        if result is not None:
            entry["describe"] = result.describe()
            entry["flags"] = result.field_flags()
            entry["rows"] = result.fetch_row(maxrows=0)
        results.append(entry)
        try:
            if conn.next_result() != 0:
                break
        except MySQLdb.Error as e:
            results.append(("error", e.args, conn.sqlstate()))
            break
    return results


class MySQLdbPassthroughTest(DifferentialTestCase):

    def test_corpus_matches_direct(self):
        direct = connect(self.direct_endpoint())
        proxied = connect(self.proxy_endpoint())
        for sql in passthrough_corpus.STATEMENTS + passthrough_corpus.MULTI_STATEMENTS:
            self.assertSameOutcome(sql, outcome(direct, sql), outcome(proxied, sql))
        self.assertIn("carol", self.proxied.sql("SELECT name FROM shop.t_user"))

    def test_error_sqlstate_through_proxy(self):
        conn = connect(self.proxy_endpoint())
        with self.assertRaises(MySQLdb.ProgrammingError):
            conn.query("SELECT * FROM no_such_table")
        self.assertEqual(conn.sqlstate(), "42S02")
        with self.assertRaises(MySQLdb.ProgrammingError) as ctx:
            conn.query("SELEC 1")
        self.assertEqual(ctx.exception.args[0], 1064)
        self.assertEqual(conn.sqlstate(), "42000")

    def test_reconnect_after_close(self):
        for _ in range(3):
            conn = connect(self.proxy_endpoint())
            conn.query("SELECT 1")
            self.assertEqual(conn.store_result().fetch_row(), ((1,),))
            conn.close()


if __name__ == "__main__":
    unittest.main()
