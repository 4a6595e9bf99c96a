#!/usr/bin/python3
"""Captures golden protocol bytes from a real MariaDB for proxy/protocol's tests.

Starts a throwaway MariaDB with tests/harness/cluster.py, talks to it over raw sockets with
chosen capabilities (and through a recording relay for real clients), and writes every exchange
as hex to mariadb_golden.txt:

    [name]                 one exchange
    caps 0x...             capabilities negotiated on that connection
    C 00 03736c...         a packet the client sent: sequence id, payload
    S 01 01                a packet the server sent

Run from anywhere: /usr/bin/python3 proxy/protocol/testdata/capture_golden.py
The committed file is what the tests read; re-running it changes scrambles and connection ids.
"""

import hashlib
import os
import socket
import struct
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
from cluster import MariaDBCluster  # noqa: E402

LONG_PASSWORD = 1
FOUND_ROWS = 2
LONG_FLAG = 4
CONNECT_WITH_DB = 8
PROTOCOL_41 = 1 << 9
TRANSACTIONS = 1 << 13
SECURE_CONNECTION = 1 << 15
MULTI_STATEMENTS = 1 << 16
MULTI_RESULTS = 1 << 17
PS_MULTI_RESULTS = 1 << 18
PLUGIN_AUTH = 1 << 19
CONNECT_ATTRS = 1 << 20
PLUGIN_AUTH_LENENC = 1 << 21
SESSION_TRACK = 1 << 23
DEPRECATE_EOF = 1 << 24

BASE_CAPS = (LONG_FLAG | PROTOCOL_41 | TRANSACTIONS | SECURE_CONNECTION | MULTI_STATEMENTS |
             MULTI_RESULTS | PS_MULTI_RESULTS | PLUGIN_AUTH | PLUGIN_AUTH_LENENC | CONNECT_ATTRS)
MODERN_CAPS = BASE_CAPS | SESSION_TRACK | DEPRECATE_EOF

entries = []  # (name, caps, [(dir, seq, payload)])


def lenenc_int(data, pos):
    first = data[pos]
    if first < 251:
        return first, pos + 1
    if first == 0xfc:
        return struct.unpack_from("<H", data, pos + 1)[0], pos + 3
    if first == 0xfd:
        return data[pos + 1] | data[pos + 2] << 8 | data[pos + 3] << 16, pos + 4
    return struct.unpack_from("<Q", data, pos + 1)[0], pos + 9


def lenenc_bytes(b):
    n = len(b)
    if n < 251:
        return bytes([n]) + b
    if n < 0x10000:
        return b"\xfc" + struct.pack("<H", n) + b
    if n < 0x1000000:
        return b"\xfd" + struct.pack("<I", n)[:3] + b
    return b"\xfe" + struct.pack("<Q", n) + b


def native_scramble(scramble, password):
    if not password:
        return b""
    s1 = hashlib.sha1(password.encode()).digest()
    s2 = hashlib.sha1(s1).digest()
    mask = hashlib.sha1(scramble + s2).digest()
    return bytes(a ^ b for a, b in zip(s1, mask))


class RawConnection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""
        self.log = []
        self.caps = 0

    def read_packet(self):
        while len(self.buf) < 4:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed")
            self.buf += chunk
        length = self.buf[0] | self.buf[1] << 8 | self.buf[2] << 16
        while len(self.buf) < 4 + length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed")
            self.buf += chunk
        seq = self.buf[3]
        payload = self.buf[4:4 + length]
        self.buf = self.buf[4 + length:]
        self.log.append(("S", seq, payload))
        return seq, payload

    def write_packet(self, seq, payload):
        self.log.append(("C", seq, payload))
        self.sock.sendall(struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload)

    def take_log(self):
        log, self.log = self.log, []
        return log

    def handshake(self, caps, user="root", password="", db=None, plugin="mysql_native_password",
                  attrs=None):
        seq, greeting = self.read_packet()
        pos = 1
        end = greeting.index(b"\0", pos)
        pos = end + 1 + 4
        part1 = greeting[pos:pos + 8]
        pos += 8 + 1 + 2 + 1 + 2 + 2
        auth_len = greeting[pos]
        pos += 1 + 10
        part2 = greeting[pos:pos + max(13, auth_len - 8)]
        self.scramble = part1 + part2.rstrip(b"\0")
        server_caps = struct.unpack_from("<H", greeting, 1 + end + 4 + 8 + 1)[0]
        if db:
            caps |= CONNECT_WITH_DB
        self.caps = caps
        if plugin == "mysql_native_password":
            auth = native_scramble(self.scramble, password)
        else:
            auth = b"\x01" * 32 if password else b""
        payload = struct.pack("<IIB", caps, 16 << 20, 45) + b"\0" * 23
        payload += user.encode() + b"\0"
        payload += lenenc_bytes(auth) if caps & PLUGIN_AUTH_LENENC else bytes([len(auth)]) + auth
        if db:
            payload += db.encode() + b"\0"
        payload += plugin.encode() + b"\0"
        if caps & CONNECT_ATTRS:
            blob = b""
            for k, v in (attrs or [("_client_name", "capture_golden")]):
                blob += lenenc_bytes(k.encode()) + lenenc_bytes(v.encode())
            payload += lenenc_bytes(blob)
        self.write_packet(seq + 1, payload)
        seq, reply = self.read_packet()
        if reply[:1] == b"\xfe":  # auth switch
            nul = reply.index(b"\0", 1)
            plugin_name = reply[1:nul]
            data = reply[nul + 1:].rstrip(b"\0")
            assert plugin_name == b"mysql_native_password", plugin_name
            self.write_packet(seq + 1, native_scramble(data, password))
            seq, reply = self.read_packet()
        return reply

    def is_end(self, payload):
        if payload[:1] == b"\xff":
            return True
        if payload[:1] == b"\xfe":
            if self.caps & DEPRECATE_EOF:
                return len(payload) < 0xffffff
            return len(payload) < 9
        return False

    def status_of_end(self, payload):
        if payload[:1] == b"\xff":
            return 0
        if len(payload) < 9 and not self.caps & DEPRECATE_EOF:
            return struct.unpack_from("<H", payload, 3)[0]
        _, pos = lenenc_int(payload, 1)
        _, pos = lenenc_int(payload, pos)
        return struct.unpack_from("<H", payload, pos)[0]

    def read_result(self):
        """One or more result sets or OK/ERR, following SERVER_MORE_RESULTS_EXIST."""
        while True:
            _, first = self.read_packet()
            if first[:1] == b"\xff":
                return
            if first[:1] == b"\x00":
                if not self.status_of_end(first) & 8:
                    return
                continue
            count, _ = lenenc_int(first, 0)
            for _ in range(count):
                self.read_packet()
            if not self.caps & DEPRECATE_EOF:
                self.read_packet()
            while True:
                _, p = self.read_packet()
                if self.is_end(p):
                    break
            if not self.status_of_end(p) & 8:
                return

    def command(self, payload, reply="result"):
        self.write_packet(0, payload)
        if reply == "result":
            self.read_result()
        elif reply == "one":
            self.read_packet()
        elif reply == "prepare":
            _, ok = self.read_packet()
            if ok[:1] == b"\xff":
                return ok
            columns, params = struct.unpack_from("<HH", ok, 5)
            for group in (params, columns):
                if group:
                    for _ in range(group):
                        self.read_packet()
                    if not self.caps & DEPRECATE_EOF:
                        self.read_packet()
            return ok
        elif reply == "fields":
            while True:
                _, p = self.read_packet()
                if self.is_end(p):
                    break
        return None

    def query(self, sql):
        self.command(b"\x03" + sql.encode())

    def close(self):
        self.sock.close()


def record(name, conn):
    entries.append((name, conn.caps, conn.take_log()))


def capture_raw(port):
    modern = RawConnection(port)
    modern.handshake(MODERN_CAPS, attrs=[("_client_name", "capture_golden"), ("_pid", "42")])
    record("handshake_and_ok_modern", modern)

    modern.query("select 1")
    record("select_1_modern", modern)
    modern.query("select 1 as a, null as b, 'abc' as s, '' as e")
    record("select_null_and_strings_modern", modern)
    modern.query("select 1 from dual where 1 = 0")
    record("empty_result_modern", modern)
    modern.query("do 1")
    record("do_1_ok_modern", modern)
    modern.query("select 1/0")
    record("warning_modern", modern)
    modern.query("select * from no_such_db.t")
    record("error_no_such_table_modern", modern)
    modern.command(b"\x02golden")
    record("init_db_session_track_modern", modern)
    modern.query("set autocommit=0")
    record("set_autocommit_session_track_modern", modern)
    modern.query("begin")
    record("begin_in_transaction_modern", modern)
    modern.query("update t_auto set v = v + 1 where id <= 2")
    record("update_info_modern", modern)
    modern.query("insert into t_auto (v) values (10), (11)")
    record("insert_info_last_id_modern", modern)
    modern.query("rollback")
    modern.query("set autocommit=1")
    modern.take_log()
    modern.query("select 1; select 2")
    record("multi_statement_modern", modern)
    modern.query("select repeat('t', 70000) as big, 'after' as next")
    record("select_70000_bytes_modern", modern)
    modern.query("select * from t_all order by id")
    record("select_all_types_text_modern", modern)
    ok = modern.command(b"\x16select * from t_all order by id", reply="prepare")
    stmt_id = struct.unpack_from("<I", ok, 1)[0]
    record("prepare_select_all_types_modern", modern)
    modern.command(b"\x17" + struct.pack("<IBI", stmt_id, 0, 1))
    record("execute_select_all_types_binary_modern", modern)
    modern.command(b"\x19" + struct.pack("<I", stmt_id), reply="none")
    record("stmt_close_modern", modern)
    ok = modern.command(b"\x16select ? + ?, ? as third", reply="prepare")
    stmt_id = struct.unpack_from("<I", ok, 1)[0]
    record("prepare_with_params_modern", modern)
    modern.command(b"\x04t_all\0", reply="fields")
    record("field_list_modern", modern)
    modern.command(b"\x0e", reply="one")
    record("ping_modern", modern)
    modern.command(b"\x1b\x01\x00", reply="one")
    record("set_option_multi_statements_off_modern", modern)
    modern.command(b"\x1f", reply="one")
    record("reset_connection_modern", modern)
    modern.command(b"\x40", reply="one")
    record("unknown_command_modern", modern)
    modern.close()

    legacy = RawConnection(port)
    legacy.handshake(BASE_CAPS, db="golden")
    record("handshake_and_ok_legacy", legacy)
    legacy.query("select 1")
    record("select_1_legacy", legacy)
    legacy.query("select 1 from dual where 1 = 0")
    record("empty_result_legacy", legacy)
    legacy.query("select 1/0")
    record("warning_legacy", legacy)
    legacy.query("update t_auto set v = v where id = 1")
    record("update_info_legacy", legacy)
    legacy.query("select 1; select 2")
    record("multi_statement_legacy", legacy)
    legacy.query("select * from t_all order by id")
    record("select_all_types_text_legacy", legacy)
    ok = legacy.command(b"\x16select * from t_all order by id", reply="prepare")
    stmt_id = struct.unpack_from("<I", ok, 1)[0]
    record("prepare_select_all_types_legacy", legacy)
    legacy.command(b"\x17" + struct.pack("<IBI", stmt_id, 0, 1))
    record("execute_select_all_types_binary_legacy", legacy)
    ok = legacy.command(b"\x16select ? + ?, ? as third", reply="prepare")
    record("prepare_with_params_legacy", legacy)
    legacy.command(b"\x04t_all\0", reply="fields")
    record("field_list_legacy", legacy)
    legacy.command(b"\x1b\x01\x00", reply="one")
    record("set_option_multi_statements_off_legacy", legacy)
    legacy.close()

    # A user with a password, reached through an auth switch (the client opens with
    # caching_sha2_password, MariaDB switches it to mysql_native_password).
    switch = RawConnection(port)
    switch.handshake(MODERN_CAPS, user="golden_user", password="s3cret",
                     plugin="caching_sha2_password")
    record("auth_switch_modern", switch)
    switch.close()

    native = RawConnection(port)
    native.handshake(MODERN_CAPS, user="golden_user", password="s3cret")
    record("native_password_user_modern", native)
    native.close()

    wrong = RawConnection(port)
    wrong.handshake(MODERN_CAPS, user="golden_user", password="wrong")
    record("wrong_password_modern", wrong)
    wrong.close()


class Relay:
    """Forwards one client connection to MariaDB and records the packets of both sides."""

    def __init__(self, backend_port):
        self.backend_port = backend_port
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.log = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _pump(self, src, dst, direction):
        buf = b""
        while True:
            try:
                chunk = src.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            dst.sendall(chunk)
            buf += chunk
            while len(buf) >= 4:
                length = buf[0] | buf[1] << 8 | buf[2] << 16
                if len(buf) < 4 + length:
                    break
                with self.lock:
                    self.log.append((direction, buf[3], buf[4:4 + length]))
                buf = buf[4 + length:]

    def _serve(self):
        client, _ = self.listener.accept()
        backend = socket.create_connection(("127.0.0.1", self.backend_port))
        a = threading.Thread(target=self._pump, args=(client, backend, "C"))
        b = threading.Thread(target=self._pump, args=(backend, client, "S"))
        a.start()
        b.start()
        a.join()
        b.join()
        client.close()
        backend.close()

    def finish(self):
        self.thread.join(timeout=10)
        self.listener.close()
        return self.log


def record_relay(name, relay, caps_from_log=True):
    log = relay.finish()
    caps = 0
    server_caps = 0
    for direction, seq, payload in log:
        if direction == "S" and payload[:1] == b"\x0a" and not server_caps:
            end = payload.index(b"\0", 1)
            pos = end + 1 + 4 + 8 + 1
            low = struct.unpack_from("<H", payload, pos)[0]
            high = struct.unpack_from("<H", payload, pos + 5)[0]
            server_caps = low | high << 16
        if direction == "C" and seq == 1 and not caps:
            caps = struct.unpack_from("<I", payload, 0)[0] & server_caps
    entries.append((name, caps, log))


def capture_clients(port):
    relay = Relay(port)
    subprocess.run(["/usr/bin/mariadb", "--no-defaults", "-h127.0.0.1", f"-P{relay.port}",
                    "-ugolden_user", "-ps3cret", "-Dgolden", "-e",
                    "select @@version_comment limit 1; select id, c_varchar from t_all order by id"],
                   check=True, capture_output=True)
    record_relay("client_mariadb_cli", relay)

    relay = Relay(port)
    code = ("import pymysql\n"
            f"c = pymysql.connect(host='127.0.0.1', port={relay.port}, user='golden_user', "
            "password='s3cret', database='golden', charset='utf8mb4')\n"
            "cur = c.cursor()\n"
            "cur.execute('select %s, %s, %s', (1, 'it''s', None))\n"
            "cur.fetchall()\n"
            "c.close()\n")
    subprocess.run(["/usr/bin/python3", "-c", code], check=True)
    record_relay("client_pymysql", relay)

    relay = Relay(port)
    code = ("import MySQLdb\n"
            f"c = MySQLdb.connect(host='127.0.0.1', port={relay.port}, user='golden_user', "
            "password='s3cret', database='golden', charset='utf8mb4')\n"
            "cur = c.cursor()\n"
            "cur.execute('select %s, hex(%s)', (2, b'\\x00\\xff'))\n"
            "cur.fetchall()\n"
            "c.close()\n")
    subprocess.run(["/usr/bin/python3", "-c", code], check=True)
    record_relay("client_mysqldb", relay)

    stmt_client = os.environ.get("STMT_CLIENT")
    if stmt_client:
        relay = Relay(port)
        subprocess.run([stmt_client, str(relay.port)], check=True)
        record_relay("client_connector_c_prepared", relay)


SETUP_SQL = r"""
create database golden;
use golden;
create user golden_user@'%' identified via mysql_native_password using password('s3cret');
grant all on golden.* to golden_user@'%';
create table t_auto (id int auto_increment primary key, v int);
insert into t_auto (v) values (1), (2), (3);
create table t_all (
  id int primary key,
  c_tiny tinyint, c_utiny tinyint unsigned, c_short smallint, c_ushort smallint unsigned,
  c_int24 mediumint, c_uint24 mediumint unsigned, c_long int, c_ulong int unsigned,
  c_longlong bigint, c_ulonglong bigint unsigned, c_year year,
  c_float float, c_double double, c_decimal decimal(20,6),
  c_date date, c_datetime datetime, c_datetime6 datetime(6), c_timestamp timestamp(3) null,
  c_time time, c_time6 time(6),
  c_char char(5), c_varchar varchar(20), c_binary binary(4), c_varbinary varbinary(10),
  c_blob blob, c_text text, c_bit bit(10), c_enum enum('a','b'), c_set set('x','y'), c_json json
) default charset utf8mb4;
set sql_mode = '';
insert into t_all values
 (1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2024,
  1.5, 2.25, 123.456, '2024-02-29', '2024-02-29 13:14:15', '2024-02-29 13:14:15.123456',
  '2024-02-29 13:14:15.125', '12:34:56', '-01:02:03.000004',
  'ab', 'hello', 'bin', 'vb', 'blob\0data', 'text ü', b'1010101010', 'b', 'x,y', '{"k": [1, 2]}'),
 (2, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
  -9223372036854775808, 18446744073709551615, 1901,
  -3.40282e38, -1.7976931348623157e308, -99999999999999.999999, '1000-01-01',
  '1000-01-01 00:00:00', '9999-12-31 23:59:59.999999', '1970-01-01 00:00:01', '-838:59:59',
  '838:59:59.999999', '', '', '\0\0\0\0', '', '', '', b'0', 'a', '', '[]'),
 (3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
  null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
 (4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1, 0, '0000-00-00', '0000-00-00 00:00:00',
  '0000-00-00 00:00:00.000000', null, '00:00:00', '00:00:00', 'z', 'ü€', 'ab', 'x', 'y', 'z',
  b'1111111111', 'a', 'x', 'null'),
 (5, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0, 2155,
  3.14159274, 3.141592653589793, 0.000001, '2000-01-02', '2000-01-02 03:04:05',
  '2000-01-02 03:04:05.000001', '2038-01-19 03:14:07.999', '100:00:00', '-00:00:00.5',
  'abcde', repeat('x', 20), 'abcd', repeat('y', 10), repeat('b', 300), repeat('t', 251),
  b'0000000001', 'b', 'y', '{"a": "\\u00fc"}');
"""


def write_golden(path, version):
    with open(path, "w") as f:
        f.write("# Golden protocol bytes captured from a real server by capture_golden.py.\n")
        f.write(f"# Server: {version}\n")
        f.write("# [name], then `caps 0x...` (negotiated), then one packet per line:\n")
        f.write("# C|S (client or server sent it), sequence id, payload hex.\n")
        for name, caps, log in entries:
            f.write(f"\n[{name}]\ncaps 0x{caps:08x}\n")
            for direction, seq, payload in log:
                f.write(f"{direction} {seq:02x} {payload.hex()}\n")


def main():
    with MariaDBCluster(1) as cluster:
        instance = cluster.instances[0]
        instance.sql(SETUP_SQL)
        version = instance.sql("select version()").strip()
        capture_raw(instance.port)
        capture_clients(instance.port)
        write_golden(os.path.join(HERE, "mariadb_golden.txt"), version)
    print(f"captured {len(entries)} exchanges from {version}")


if __name__ == "__main__":
    main()
