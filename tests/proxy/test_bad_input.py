"""Bad input against the real shardproxy binary: the affected session gets a clear ERR (or is
closed where the protocol leaves no choice), every other session keeps working, the proxy keeps
running and leaks no descriptors."""

import os
import struct
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, HERE)

import pymysql  # noqa: E402

from cluster import free_port  # noqa: E402
from proxy import ShardProxy, passthrough_config  # noqa: E402
from proxy_case import ProxyTestCase  # noqa: E402
from wire import Wire, error_of  # noqa: E402


class MalformedInputTest(ProxyTestCase):

    def test_truncated_handshake_response_is_refused(self):
        w = self.wire()
        w.read()
        w.send(b"\x00\x02\x00\x00\x00", 1)  # capabilities cut short
        reply = w.read()[1]
        kind, code, message = error_of(reply)
        self.assertEqual(code, 1043)
        self.assertIn("Bad handshake", message)
        self.assertTrue(w.closed_by_peer())
        self.assert_proxy_serves()

    def test_wrong_sequence_id_in_handshake(self):
        w = self.wire()
        w.read()
        w.send(b"\x00" * 40, 5)
        self.assertEqual(error_of(w.read()[1])[1], 1156)
        self.assertTrue(w.closed_by_peer())
        self.assert_proxy_serves()

    def test_wrong_sequence_id_in_command_closes_that_session_only(self):
        other = self.connect()
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        w.send(b"\x03SELECT 1", 7)
        _, code, message = error_of(w.read()[1])
        self.assertEqual(code, 1156)
        self.assertIn("out of order", message)
        self.assertTrue(w.closed_by_peer())
        with other.cursor() as cursor:
            cursor.execute("SELECT 40 + 2")
            self.assertEqual(cursor.fetchall(), ((42,),))
        other.close()

    def test_malformed_command_gets_err_and_session_goes_on(self):
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        w.send(b"\x1b\x00", 0)  # COM_SET_OPTION with its 2-byte option cut short
        _, code, _ = error_of(w.read()[1])
        self.assertEqual(code, 1835)
        w.send(b"\x17\x01\x00", 0)  # COM_STMT_EXECUTE without a whole statement id
        self.assertEqual(w.read()[1][0], 0xff)
        w.send(b"", 0)  # an empty packet has no command byte
        self.assertEqual(w.read()[1][0], 0xff)
        self.assertEqual(w.query("SELECT v FROM t WHERE id = 1"), ("rows", [("one",)]))
        w.close()

    def test_unknown_command_is_1047_and_session_goes_on(self):
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        w.send(b"\x40whatever", 0)
        self.assertEqual(error_of(w.read()[1])[1:], (1047, "Unknown command"))
        w.send(b"\x08", 0)  # COM_SHUTDOWN is not for clients of a proxy
        self.assertEqual(error_of(w.read()[1])[1], 1047)
        self.assertEqual(w.query("SELECT 1"), ("rows", [("1",)]))
        w.close()

    def test_oversized_packet_is_refused_before_it_is_buffered(self):
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        # A full first chunk (16 MiB - 1) and the header of a continuation announce a payload
        # over max_allowed_packet (16 MiB): refused at that header, before its bytes arrive.
        w.send_raw(b"\xff\xff\xff\x00\x03SELECT '" + b"x" * (0xffffff - 9))
        w.send_raw(b"\xff\xff\xff\x01" + b"x" * 1000)
        reply = w.read()[1]
        self.assertEqual(error_of(reply)[1], 1153)
        self.assertTrue(w.closed_by_peer())
        self.assert_proxy_serves()

    def test_garbage_instead_of_handshake(self):
        w = self.wire()
        w.read()
        w.send_raw(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = w.read()[1]
        # Refused at the header (its sequence id is ' ', not 1), not when the 10 s handshake
        # timeout runs out (1043) while waiting for the 5.5 MB that "GET " announces.
        self.assertEqual(error_of(reply)[1], 1156)
        self.assertTrue(w.closed_by_peer())
        self.assert_proxy_serves()

    def test_client_disconnects_mid_handshake_and_mid_packet(self):
        for cut in (0, 3, 10):
            w = self.wire()
            w.read()
            if cut:
                w.send_raw(b"\x50\x00\x00\x01" + b"\x00" * cut)
            w.close()
        self.assert_proxy_serves()

    def test_kill_is_never_sent_to_a_random_backend_thread(self):
        # KILL names the proxy's connection ids (tests/ops/test_kill.py); an id no session of the
        # proxy has is 1094, and forms the proxy does not take are refused, never passed on.
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        for sql, expected in (("KILL 4000000000", 1094), ("kill query 4000000000", 1094),
                              ("/* c */ KILL CONNECTION 1", 1235), ("KILL USER root", 1235)):
            _, code, message = w.query(sql)
            self.assertEqual(code, expected, sql)
            if expected == 1235:
                self.assertIn("KILL", message)
        self.assertEqual(w.query("SELECT 1"), ("rows", [("1",)]))
        w.close()

    def test_deprecate_eof_and_session_track(self):
        from wire import BASE_CAPABILITIES, CLIENT_DEPRECATE_EOF
        w = self.wire()
        caps = BASE_CAPABILITIES | CLIENT_DEPRECATE_EOF | (1 << 23)  # CLIENT_SESSION_TRACK
        self.assertEqual(w.handshake(capabilities=caps)[0], 0)
        w.send(b"\x03SELECT v FROM t ORDER BY id", 0)
        packets = [w.read()[1] for _ in range(5)]  # count, 1 definition, 2 rows, end
        self.assertEqual(packets[0], b"\x01")
        self.assertIn(b"one", packets[2])
        self.assertIn(b"two", packets[3])
        end = packets[4]
        self.assertEqual(end[0], 0xfe)  # an OK packet with the EOF header, no EOF after columns
        self.assertGreater(len(end), 5)
        status = struct.unpack_from("<H", end, 3)[0]
        self.assertEqual(status & 0x0002, 0x0002)  # autocommit
        # BEGIN: in-transaction in the status; USE: the schema as a session-track item.
        _, ok = w.query("BEGIN")
        self.assertEqual(struct.unpack_from("<H", ok, 3)[0] & 0x0001, 0x0001)
        _, ok = w.query("ROLLBACK")
        self.assertEqual(struct.unpack_from("<H", ok, 3)[0] & 0x0001, 0)
        w.send(b"\x02mysql", 0)  # COM_INIT_DB
        ok = w.read()[1]
        self.assertEqual(ok[0], 0)
        self.assertTrue(struct.unpack_from("<H", ok, 3)[0] & 0x4000)  # SESSION_STATE_CHANGED
        self.assertIn(b"mysql", ok)
        w.close()

    def test_change_user_and_reset_connection(self):
        from wire import native_scramble
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        w.query("SET @v = 5")
        w.query("SET SESSION sql_mode = 'ANSI_QUOTES'")
        w.send(b"\x1f", 0)  # COM_RESET_CONNECTION: variables back to the handshake's
        self.assertEqual(w.read()[1][0], 0)
        self.assertEqual(w.query("SELECT @v, @@sql_mode = @@global.sql_mode, DATABASE()"),
                         ("rows", [(None, "1", "shop")]))

        def change_user(password, database):
            auth = native_scramble(password, w.scramble)
            w.send(b"\x11app\0" + bytes([len(auth)]) + auth + database + b"\0" +
                   struct.pack("<H", 45) + b"mysql_native_password\0", 0)
            return w.read()[1]

        w.query("SET @v = 6")
        self.assertEqual(change_user("app_pw", b"mysql")[0], 0)
        self.assertEqual(w.query("SELECT @v, DATABASE()"), ("rows", [(None, "mysql")]))
        _, code, message = error_of(change_user("wrong", b""))
        self.assertEqual(code, 1045)
        self.assertTrue(w.closed_by_peer())

    def test_pipelined_query_behind_handshake_response(self):
        w = self.wire()
        query = b"\x03SELECT v FROM t WHERE id = 1"
        reply = w.handshake(extra=len(query).to_bytes(3, "little") + b"\x00" + query)
        self.assertEqual(reply[0], 0)
        self.assertEqual(w.read_result(), ("rows", [("one",)]))
        w.close()

    def test_wrong_password_and_unknown_database(self):
        w = self.wire()
        _, code, message = error_of(w.handshake(password="nope"))
        self.assertEqual(code, 1045)
        self.assertIn("Access denied for user 'app'@'127.0.0.1' (using password: YES)", message)
        self.assertTrue(w.closed_by_peer())
        w = self.wire()
        _, code, message = error_of(w.handshake(database="no_such_db"))
        self.assertEqual((code, message), (1049, "Unknown database 'no_such_db'"))
        self.assertNotIn("nope", self.proxy.log_text())

    def test_client_disconnects_mid_resultset(self):
        before = self.proxy.descriptor_count()
        for _ in range(3):
            w = self.wire()
            self.assertEqual(w.handshake()[0], 0)
            # About 50 MB of rows; the client reads a little and goes away.
            w.send(b"\x03SELECT REPEAT('x', 500) FROM seq_1_to_100000", 0)
            w.read()
            w.read()
            w.close()
        self.assert_proxy_serves()
        self.assertLessEqual(self.proxy.settled_descriptor_count(before + 1), before + 1)

    def test_slow_reader_gets_every_row(self):
        # Backpressure: the proxy stops reading from the backend while this client does not
        # read, and still delivers every row in order once it does.
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        w.send(b"\x03SELECT seq, REPEAT('y', 200) FROM seq_1_to_20000", 0)
        time.sleep(1.0)
        kind, rows = w.read_result()
        self.assertEqual(kind, "rows")
        self.assertEqual(len(rows), 20000)
        self.assertEqual([int(r[0]) for r in rows], list(range(1, 20001)))
        w.close()

    def test_prepared_statement_protocol_details(self):
        w = self.wire()
        self.assertEqual(w.handshake()[0], 0)
        w.send(b"\x16SELECT v, ? AS p FROM t WHERE id = ?", 0)
        _, ok = w.read()
        self.assertEqual(ok[0], 0)
        statement_id, columns, params = struct.unpack_from("<IHH", ok, 1)
        self.assertEqual((columns, params), (2, 2))
        for _ in range(params + 1 + columns + 1):  # definitions and their EOFs
            w.read()
        # Long data for parameter 0, then execute "the last prepared" (0xffffffff).
        w.send(b"\x18" + struct.pack("<IH", statement_id, 0) + b"long ", 0)
        w.send(b"\x18" + struct.pack("<IH", statement_id, 0) + b"data", 0)
        execute = (b"\x17" + struct.pack("<IBI", 0xffffffff, 0, 1) + b"\x00" + b"\x01" +
                   bytes([253, 0, 8, 0]) + struct.pack("<q", 2))
        w.send(execute, 0)
        _, head = w.read()
        self.assertEqual(head[0], 2)
        for _ in range(3):
            w.read()
        _, row = w.read()
        self.assertEqual(row[0], 0)  # binary row
        self.assertIn(b"two", row)
        self.assertIn(b"long data", row)
        _, eof = w.read()
        self.assertEqual(eof[0], 0xfe)
        # Types are remembered: execute again without new-params-bound.
        w.send(b"\x17" + struct.pack("<IBI", statement_id, 0, 1) + b"\x00\x00" + b"\x03abc" +
               struct.pack("<q", 1), 0)
        w.read()
        for _ in range(3):
            w.read()
        _, row = w.read()
        self.assertIn(b"one", row)
        self.assertIn(b"abc", row)
        w.read()
        # Close needs no reply; executing it afterwards is 1243.
        w.send(b"\x19" + struct.pack("<I", statement_id), 0)
        w.send(b"\x17" + struct.pack("<IBI", statement_id, 0, 1) + b"\x00\x00", 0)
        _, code, message = error_of(w.read()[1])
        self.assertEqual(code, 1243)
        self.assertIn("mysqld_stmt_execute", message)
        # A statement MariaDB cannot prepare gets MariaDB's own error.
        w.send(b"\x16SELEC 1", 0)
        self.assertEqual(error_of(w.read()[1])[1], 1064)
        w.close()

    def test_no_descriptor_leak_after_many_sessions(self):
        self.assert_proxy_serves()
        time.sleep(0.3)
        before = self.proxy.descriptor_count()
        for i in range(30):
            conn = self.connect()
            with conn.cursor() as cursor:
                cursor.execute("SELECT %s", (i,))
                if i % 3 == 0:
                    cursor.execute("BEGIN")
                    cursor.execute("UPDATE t SET v = v WHERE id = 1")
                if i % 5 == 0:
                    cursor.execute("SET @x = 1")
            conn.close()
            w = self.wire()
            w.read()
            w.send(b"\x00\x01", 1)
            w.close()
        # Backend connections stay pooled (up to one per concurrent session); client sockets go.
        self.assertLessEqual(self.proxy.settled_descriptor_count(before + 2), before + 2)


class BackendFailureTest(ProxyTestCase):

    def test_backend_killed_mid_query_then_back(self):
        instance = self.cluster.instances[0]
        other = self.connect()
        with other.cursor() as cursor:
            cursor.execute("SELECT 1")
        victim = self.connect()
        outcome = {}

        def run():
            try:
                with victim.cursor() as cursor:
                    cursor.execute("SELECT SLEEP(20)")
                outcome["result"] = "no error"
            except pymysql.err.MySQLError as e:
                outcome["error"] = e.args

        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(1.0)
        instance.kill()
        thread.join(30)
        self.assertFalse(thread.is_alive(), "the session hangs after its backend died")
        self.assertIn("error", outcome, outcome)
        code, message = outcome["error"]
        self.assertEqual(code, 2013)
        self.assertIn("data source 'ds0'", message)
        # Every session of that data source now gets a clear error, none hangs.
        with self.assertRaises(pymysql.err.MySQLError) as ctx:
            with other.cursor() as cursor:
                cursor.execute("SELECT 1")
        self.assertIn("ds0", ctx.exception.args[1])
        self.assertTrue(self.proxy.alive())
        instance.start()
        # The same client session recovers on a fresh backend connection.
        with other.cursor() as cursor:
            cursor.execute("SELECT DATABASE()")
            self.assertEqual(cursor.fetchall(), (("shop",),))
        self.assert_proxy_serves()


class BackendDownAtStartTest(unittest.TestCase):

    def assert_clear_error_naming(self, data_source, address):
        """A proxy whose one data source cannot be reached still logs clients in (without a
        database) and answers every statement with 2003 naming the data source."""
        with ShardProxy(passthrough_config(data_source, unix_socket=bool(data_source.socket))) \
                as proxy:
            w = Wire(proxy.port)
            _, code, message = error_of(w.handshake())  # its database cannot be checked
            self.assertEqual(code, 2003)
            self.assertIn("data source 'ds0'", message)
            w.close()
            w = Wire(proxy.port)
            self.assertEqual(w.handshake(database="")[0], 0)
            _, code, message = w.query("SELECT 1")
            self.assertEqual(code, 2003)
            self.assertIn(f"data source 'ds0' ({address})", message)
            self.assertEqual(w.query("SELECT 1")[1], 2003)  # still an answer, not a hang
            w.close()
            self.assertTrue(proxy.alive())
            self.assertIn(address, proxy.log_text())

    def test_clear_error_naming_the_data_source(self):
        class Down:
            port = free_port()
            socket = ""
            user = "root"
            password = ""
        self.assert_clear_error_naming(Down(), f"127.0.0.1:{Down.port}")

    def test_missing_socket_file_is_named(self):
        class Gone:
            port = 3306
            socket = "/nonexistent/shardproxy-test/mariadb.sock"
            user = "root"
            password = ""
        self.assert_clear_error_naming(Gone(), Gone.socket)


if __name__ == "__main__":
    unittest.main()
