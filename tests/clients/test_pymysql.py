"""PyMySQL through the proxy sees exactly what it sees from MariaDB directly."""

import unittest

import pymysql
from pymysql.constants import CLIENT

from differential import DifferentialTestCase
import passthrough_corpus


def connect(endpoint):
    return pymysql.connect(charset="utf8mb4", client_flag=CLIENT.MULTI_STATEMENTS,
                           autocommit=True, **endpoint)


def outcome(conn, sql):
    """Everything PyMySQL reports for `sql`: per result, metadata, rows, counters, flags."""
    cursor = conn.cursor()
    results = []
    try:
        cursor.execute(sql)
    except pymysql.err.MySQLError as e:
        return [("error", e.args)]
    while True:
        result = cursor._result
        fields = None
        if getattr(result, "fields", None):
            fields = [(f.catalog, f.db, f.table_name, f.org_table, f.name, f.org_name, f.charsetnr,
                       f.length, f.type_code, f.flags, f.scale) for f in result.fields]
        results.append({"fields": fields, "rows": cursor.fetchall(),
                        "affected": result.affected_rows, "insert_id": result.insert_id,
                        "warnings": result.warning_count, "message": result.message,
                        "server_status": result.server_status})
        try:
            if not cursor.nextset():
                break
        except pymysql.err.MySQLError as e:
            results.append(("error", e.args))
            break
    return results


class PyMySQLPassthroughTest(DifferentialTestCase):

    def test_corpus_matches_direct(self):
        direct = connect(self.direct_endpoint())
        proxied = connect(self.proxy_endpoint())
        seen_switch = set()
        for sql in passthrough_corpus.STATEMENTS:
            # Only the statements between SET NAMES latin1 and SET NAMES utf8mb4 are skipped.
            if sql in passthrough_corpus.CHARSET_SWITCHING and sql not in seen_switch:
                seen_switch.add(sql)
                continue
            self.assertSameOutcome(sql, outcome(direct, sql), outcome(proxied, sql))
        for sql in passthrough_corpus.MULTI_STATEMENTS:
            self.assertSameOutcome(sql, outcome(direct, sql), outcome(proxied, sql))
        # The proxied twin really received the writes (the comparison above is not vacuous).
        self.assertIn("carol", self.proxied.sql("SELECT name FROM shop.t_user"))
        direct.close()
        proxied.close()

    def test_known_answers_through_proxy(self):
        conn = connect(self.proxy_endpoint())
        with conn.cursor() as cursor:
            cursor.execute("SELECT 40 + 2, DATABASE()")
            self.assertEqual(cursor.fetchall(), ((42, "shop"),))
            with self.assertRaises(pymysql.err.ProgrammingError) as ctx:
                cursor.execute("SELECT * FROM no_such_table")
            self.assertEqual(ctx.exception.args[0], 1146)
        conn.close()

    def test_wrong_password_is_denied_like_mysql(self):
        endpoint = self.proxy_endpoint()
        endpoint["password"] = "wrong"
        with self.assertRaises(pymysql.err.OperationalError) as ctx:
            pymysql.connect(**endpoint)
        self.assertEqual(ctx.exception.args[0], 1045)
        self.assertIn("Access denied for user 'app'", ctx.exception.args[1])
        self.assertNotIn("wrong", self.proxy.log_text())

    def test_unknown_user_is_denied(self):
        endpoint = self.proxy_endpoint()
        endpoint["user"] = "mallory"
        with self.assertRaises(pymysql.err.OperationalError) as ctx:
            pymysql.connect(**endpoint)
        self.assertEqual(ctx.exception.args[0], 1045)

    def test_ping_and_select_db(self):
        conn = connect(self.proxy_endpoint())
        conn.ping(reconnect=False)
        conn.select_db("other")
        with conn.cursor() as cursor:
            cursor.execute("SELECT DATABASE(), note FROM t_other")
            self.assertEqual(cursor.fetchall(), (("other", "in other"),))
        conn.close()

    def test_many_concurrent_sessions_keep_their_own_state(self):
        conns = [connect(self.proxy_endpoint()) for _ in range(20)]
        for i, conn in enumerate(conns):
            with conn.cursor() as cursor:
                cursor.execute("SET @mine = %s", (i,))
                cursor.execute("SET SESSION sql_mode = %s",
                               ("ANSI_QUOTES" if i % 2 else "STRICT_ALL_TABLES",))
        for i, conn in enumerate(conns):
            with conn.cursor() as cursor:
                cursor.execute("SELECT @mine, @@sql_mode")
                self.assertEqual(cursor.fetchall(),
                                 ((i, "ANSI_QUOTES" if i % 2 else "STRICT_ALL_TABLES"),))
        for conn in conns:
            conn.close()


if __name__ == "__main__":
    unittest.main()
