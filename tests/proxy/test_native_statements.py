"""Prepared statements in passthrough run as the data source's own prepared statements: the
client's binary executes reach MariaDB as COM_STMT_EXECUTE (MariaDB's session counters say so),
rows come back unchanged, and a statement outlives the backend connection it was prepared on."""

import os
import struct
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, HERE)

from proxy_case import ProxyTestCase  # noqa: E402
from wire import BASE_CAPABILITIES, CLIENT_DEPRECATE_EOF, Wire, error_of, lenenc_int  # noqa: E402

MYSQL_TYPE_DOUBLE = 5
MYSQL_TYPE_NULL = 6
MYSQL_TYPE_LONGLONG = 8
MYSQL_TYPE_VAR_STRING = 253
SERVER_STATUS_IN_TRANS = 0x0001


def prepare(w, sql, deprecate_eof=False):
    """COM_STMT_PREPARE; returns (statement id, column count, parameter count)."""
    w.send(b"\x16" + sql.encode(), 0)
    _, ok = w.read()
    if ok[0] == 0xff:
        raise AssertionError(error_of(ok))
    statement_id, columns, params = struct.unpack_from("<IHH", ok, 1)
    eofs = 0 if deprecate_eof else (1 if params else 0) + (1 if columns else 0)
    for _ in range(params + columns + eofs):
        w.read()
    return statement_id, columns, params


def lenenc_bytes(data):
    assert len(data) < 251
    return bytes([len(data)]) + data


def execute(w, statement_id, values, bind_types=True):
    """COM_STMT_EXECUTE with values None / int (BIGINT) / float (DOUBLE) / str / bytes; their
    types are sent only when `bind_types` (else the statement's earlier ones hold)."""
    packet = b"\x17" + struct.pack("<IBI", statement_id, 0, 1)
    if values:
        bitmap = bytearray((len(values) + 7) // 8)
        types, data = b"", b""
        for i, v in enumerate(values):
            if v is None:
                bitmap[i // 8] |= 1 << (i % 8)
                types += bytes([MYSQL_TYPE_NULL, 0])
            elif isinstance(v, int):
                types += bytes([MYSQL_TYPE_LONGLONG, 0])
                data += struct.pack("<q", v)
            elif isinstance(v, float):
                types += bytes([MYSQL_TYPE_DOUBLE, 0])
                data += struct.pack("<d", v)
            else:
                types += bytes([MYSQL_TYPE_VAR_STRING, 0])
                data += lenenc_bytes(v.encode() if isinstance(v, str) else v)
        packet += bytes(bitmap) + (b"\x01" + types if bind_types else b"\x00") + data
    w.send(packet, 0)


def reply_payloads(w):
    """Every packet of one reply to COM_STMT_PREPARE or COM_STMT_EXECUTE (no DEPRECATE_EOF),
    as payloads: an OK or ERR alone; else the head and everything up to its end."""
    _, first = w.read()
    if first[0] in (0x00, 0xff) and not _is_prepare_ok(first):
        return [first]
    packets = [first]
    if _is_prepare_ok(first):
        columns, params = struct.unpack_from("<HH", first, 5)
        groups = [n for n in (params, columns) if n]
        for n in groups:
            packets += [w.read()[1] for _ in range(n + 1)]
        return packets
    count, _ = lenenc_int(first, 0)
    packets += [w.read()[1] for _ in range(count + 1)]
    while True:
        _, packet = w.read()
        packets.append(packet)
        if packet[0] in (0xfe, 0xff):
            return packets


def _is_prepare_ok(payload):
    return payload[0] == 0x00 and len(payload) == 12


def read_binary_result(w, deprecate_eof=False):
    """('ok', payload) / ('err', code, message) / ('rows', [payload of each binary row], end)."""
    head = w.read_result_head(deprecate_eof)
    if head[0] != "rows":
        return head
    rows = []
    while True:
        _, packet = w.read()
        if packet[0] == 0xfe:  # binary rows start with 0x00: this is the EOF (or OK)
            return ("rows", rows, packet)
        if packet[0] == 0xff:
            return error_of(packet)
        rows.append(packet)


def single_string(row):
    """The value of a one-column binary row holding a string: header, NULL bitmap, lenenc."""
    assert row[0] == 0 and row[1] == 0, row
    n, pos = lenenc_int(row, 2)
    return row[pos:pos + n].decode()


class NativeStatementsTest(ProxyTestCase):

    def session(self, capabilities=BASE_CAPABILITIES):
        w = self.wire()
        self.assertEqual(w.handshake(capabilities=capabilities)[0], 0)
        return w

    def counters(self, w):
        """The backend session's own statement counters, asked through the proxy."""
        kind, rows = w.query("SHOW SESSION STATUS WHERE Variable_name IN "
                             "('Com_stmt_prepare', 'Com_stmt_execute', 'Com_stmt_close')")
        self.assertEqual(kind, "rows")
        return {name: int(value) for name, value in rows}

    def test_executes_reach_the_data_source_as_prepared_statements(self):
        w = self.session()
        statement_id, columns, params = prepare(w, "SELECT v FROM t WHERE id = ?")
        self.assertEqual((columns, params), (1, 1))
        execute(w, statement_id, [2])
        kind, rows, _ = read_binary_result(w)
        self.assertEqual([single_string(r) for r in rows], ["two"])
        # Types are remembered: the second execute sends none.
        execute(w, statement_id, [1], bind_types=False)
        kind, rows, _ = read_binary_result(w)
        self.assertEqual([single_string(r) for r in rows], ["one"])
        execute(w, statement_id, [3], bind_types=False)
        self.assertEqual(read_binary_result(w)[1], [])
        self.assertEqual(self.counters(w), {"Com_stmt_prepare": 1, "Com_stmt_execute": 3,
                                            "Com_stmt_close": 0})
        # Close has no reply and reaches the server at once.
        w.send(b"\x19" + struct.pack("<I", statement_id), 0)
        self.assertEqual(self.counters(w)["Com_stmt_close"], 1)
        execute(w, statement_id, [1])
        self.assertEqual(read_binary_result(w)[1], 1243)
        w.close()

    def test_statements_binding_the_session_run_as_text(self):
        # A user variable binds the session to its connection: the text path, which follows
        # that at each execute, runs it; MariaDB sees a query, not an execute.
        w = self.session()
        statement_id, _, _ = prepare(w, "SELECT ? + COALESCE(@nothing, 1)")
        execute(w, statement_id, [41])
        kind, rows, _ = read_binary_result(w)
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.counters(w)["Com_stmt_execute"], 0)
        w.close()

    def test_deprecate_eof_client_gets_ok_terminated_rows(self):
        w = self.session(BASE_CAPABILITIES | CLIENT_DEPRECATE_EOF)
        statement_id, _, _ = prepare(w, "SELECT v FROM t WHERE id >= ? ORDER BY id", deprecate_eof=True)
        for _ in range(2):  # the second time MariaDB leaves the cached metadata out
            execute(w, statement_id, [1])
            kind, rows, end = read_binary_result(w, deprecate_eof=True)
            self.assertEqual([single_string(r) for r in rows], ["one", "two"])
            self.assertGreaterEqual(len(end), 7)  # an OK packet with the 0xfe header
        w.close()

    def test_errors_and_transactions(self):
        w = self.session()
        insert, _, _ = prepare(w, "INSERT INTO t VALUES (?, 'x')")
        execute(w, insert, [1])
        kind, code, message = read_binary_result(w)
        self.assertEqual((kind, code), ("err", 1062))
        self.assertIn("Duplicate entry '1'", message)
        begin, _, _ = prepare(w, "BEGIN")
        rollback, _, _ = prepare(w, "ROLLBACK")
        execute(w, begin, [])
        kind, ok = read_binary_result(w)
        self.assertEqual(kind, "ok")
        execute(w, insert, [10])
        kind, ok = read_binary_result(w)
        self.assertEqual(kind, "ok")
        self.assertEqual(ok[1], 1)  # affected rows
        status = struct.unpack_from("<H", ok, 3)[0]
        self.assertTrue(status & SERVER_STATUS_IN_TRANS, hex(status))
        execute(w, rollback, [])
        kind, ok = read_binary_result(w)
        status = struct.unpack_from("<H", ok, 3)[0]
        self.assertFalse(status & SERVER_STATUS_IN_TRANS, hex(status))
        self.assertEqual(w.query("SELECT COUNT(*) FROM t WHERE id = 10"), ("rows", [("0",)]))
        w.close()

    def test_slow_reader_gets_every_row(self):
        w = self.session()
        statement_id, _, _ = prepare(w, "SELECT seq, REPEAT('y', 200) FROM seq_1_to_20000 "
                                        "WHERE seq > ?")
        execute(w, statement_id, [0])
        time.sleep(1.0)  # the proxy stops reading the data source meanwhile
        kind, rows, _ = read_binary_result(w)
        self.assertEqual(len(rows), 20000)
        # Header, 1-byte NULL bitmap, BIGINT UNSIGNED seq.
        self.assertEqual([struct.unpack_from("<Q", r, 2)[0] for r in (rows[0], rows[-1])],
                         [1, 20000])
        w.close()

    def test_statement_survives_a_lost_backend_connection(self):
        w = self.session()
        statement_id, _, _ = prepare(w, "SELECT v FROM t WHERE id = ?")
        execute(w, statement_id, [1])
        self.assertEqual([single_string(r) for r in read_binary_result(w)[1]], ["one"])
        kind, rows = w.query("SELECT CONNECTION_ID()")
        backend_thread = rows[0][0]
        self.cluster.instances[0].sql(f"KILL {backend_thread}")
        time.sleep(0.3)
        # Prepared again on a new connection, with the types the client bound before.
        execute(w, statement_id, [2], bind_types=False)
        result = read_binary_result(w)
        if result[0] == "err":  # the loss may be noticed only by this execute
            self.assertEqual(result[1], 2013, result)
            execute(w, statement_id, [2], bind_types=False)
            result = read_binary_result(w)
        self.assertEqual([single_string(r) for r in result[1]], ["two"])
        self.assertNotEqual(w.query("SELECT CONNECTION_ID()")[1][0][0], backend_thread)
        self.assertEqual(self.counters(w)["Com_stmt_execute"], 1)
        w.close()


class NativeDifferentialTest(ProxyTestCase):
    """The same prepared statements directly against MariaDB and through the proxy against its
    twin: every packet of every reply must be the same bytes (statement ids aside)."""

    INSTANCES = 2  # the first is the reference, the proxy fronts the second

    SETUP = (
        "CREATE DATABASE shop; USE shop; "
        "CREATE TABLE t_types (id INT PRIMARY KEY, c_tiny TINYINT, c_ubig BIGINT UNSIGNED, "
        "c_dec DECIMAL(12,3), c_float FLOAT, c_double DOUBLE, c_date DATE, "
        "c_datetime DATETIME(6), c_time TIME(3), c_ts TIMESTAMP NULL DEFAULT NULL, c_year YEAR, "
        "c_char CHAR(10), c_varchar VARCHAR(64), c_blob BLOB, c_enum ENUM('a','b'), "
        "c_set SET('x','y','z'), c_bit BIT(12), c_json JSON, "
        "c_latin1 VARCHAR(20) CHARACTER SET latin1); "
        "INSERT INTO t_types VALUES "
        "(1, -128, 18446744073709551615, -123456789.123, 3.14, 2.718281828459045, '2024-02-29', "
        "'2024-02-29 23:59:59.123456', '-838:59:59.000', '2024-01-01 00:00:00', 2024, 'abc', "
        "'Grüße', X'00FF10', 'b', 'x,z', b'101010101010', '{\"k\": [1, null]}', 'café'), "
        "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, NULL, NULL, NULL), "
        "(3, 0, 0, 0, 0, 0, '1000-01-01', '1000-01-01 00:00:00', '00:00:00', NULL, 1901, '', '', "
        "'', 'a', '', b'0', '[]', ''); "
        "CREATE TABLE t_user (user_id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), "
        "balance DECIMAL(10,2) NOT NULL DEFAULT 0); "
        "INSERT INTO t_user (name, balance) VALUES ('alice', 10.50), ('bob', 0);")

    # (statement, [parameter lists, one execute each]); run in order, in one session per side.
    CASES = [
        ("SELECT * FROM t_types WHERE id = ?", [[1], [2], [3], [1]]),
        ("SELECT ?, ? + 1, CONCAT(?, 'x'), ? * 2, ?", [[7, 7, "Grüße", 1.5, None],
                                                     [-1, 9223372036854775806, "", 0.0, b"\x00"]]),
        ("SELECT user_id, name, balance FROM t_user WHERE balance >= ? ORDER BY user_id",
         [[0], [5], [100]]),
        ("SELECT CAST(? AS UNSIGNED), CAST(? AS DATE)", [["-1", "2024-13-01"]]),
        ("INSERT INTO t_user (name, balance) VALUES (?, ?)", [["carol", "1.005"], ["dave", 2]]),
        ("SELECT LAST_INSERT_ID(), ROW_COUNT()", [[]]),
        ("UPDATE t_user SET balance = balance + ? WHERE user_id <= ?", [[1, 2], [0, 1]]),
        ("DELETE FROM t_user WHERE name = ?", [["nobody"], ["dave"]]),
        ("INSERT INTO t_user (user_id, name) VALUES (?, ?)", [[1, "dup"]]),
        ("SELECT * FROM t_types WHERE id = ? AND nosuch = 1", []),
        ("BEGIN", [[]]),
        ("SELECT name FROM t_user WHERE user_id = ? FOR UPDATE", [[1]]),
        ("COMMIT", [[]]),
    ]

    def replies(self, w):
        out = []
        for sql, executions in self.CASES:
            w.send(b"\x16" + sql.encode(), 0)
            prepared = reply_payloads(w)
            out.append((sql, "prepare", [prepared[0][:1] + prepared[0][5:]] + prepared[1:]))
            if prepared[0][0] == 0xff:
                continue
            statement_id = struct.unpack_from("<I", prepared[0], 1)[0]
            for params in executions:
                execute(w, statement_id, params)
                out.append((sql, params, reply_payloads(w)))
            w.send(b"\x19" + struct.pack("<I", statement_id), 0)
        return out

    def test_every_reply_is_mariadbs(self):
        direct = Wire(self.cluster.instances[0].port)
        self.assertEqual(direct.handshake(user="root", password="")[0], 0)
        proxied = Wire(self.proxy.port)
        self.assertEqual(proxied.handshake()[0], 0)
        expected, actual = self.replies(direct), self.replies(proxied)
        self.assertEqual(len(expected), len(actual))
        for want, got in zip(expected, actual):
            self.maxDiff = None
            self.assertEqual(want, got, f"{want[0]!r} {want[1]!r}")
        # The replies cover rows, OKs and errors.
        kinds = {packets[0][0] for _, _, packets in actual}
        self.assertTrue({0x00, 0xff} <= kinds and len(kinds) >= 3, kinds)
        direct.close()
        proxied.close()


if __name__ == "__main__":
    unittest.main()
