"""A minimal MySQL wire client for the proxy's bad-input tests: raw packets in and out, so a test
can send what no client library would (truncated, out of order, oversized, unknown commands)."""

import hashlib
import socket
import struct


def native_scramble(password, scramble):
    if not password:
        return b""
    stage1 = hashlib.sha1(password.encode()).digest()
    stage2 = hashlib.sha1(stage1).digest()
    mix = hashlib.sha1(scramble + stage2).digest()
    return bytes(a ^ b for a, b in zip(stage1, mix))


CLIENT_LONG_FLAG = 1 << 2
CLIENT_CONNECT_WITH_DB = 1 << 3
CLIENT_PROTOCOL_41 = 1 << 9
CLIENT_TRANSACTIONS = 1 << 13
CLIENT_SECURE_CONNECTION = 1 << 15
CLIENT_MULTI_RESULTS = 1 << 17
CLIENT_PLUGIN_AUTH = 1 << 19
CLIENT_DEPRECATE_EOF = 1 << 24

BASE_CAPABILITIES = (CLIENT_LONG_FLAG | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS |
                     CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS | CLIENT_PLUGIN_AUTH)


def lenenc_int(data, pos):
    first = data[pos]
    if first < 0xfb:
        return first, pos + 1
    if first == 0xfc:
        return struct.unpack_from("<H", data, pos + 1)[0], pos + 3
    if first == 0xfd:
        return int.from_bytes(data[pos + 1:pos + 4], "little"), pos + 4
    return struct.unpack_from("<Q", data, pos + 1)[0], pos + 9


class Wire:
    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def close(self):
        self.sock.close()

    def send(self, payload, seq):
        self.sock.sendall(len(payload).to_bytes(3, "little") + bytes([seq]) + payload)

    def send_raw(self, data):
        self.sock.sendall(data)

    def _read_exactly(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed by the proxy")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def read(self):
        """Returns (sequence id, payload)."""
        header = self._read_exactly(4)
        length = int.from_bytes(header[:3], "little")
        return header[3], self._read_exactly(length)

    def closed_by_peer(self):
        """True when the proxy has closed the connection (after anything still buffered)."""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def handshake(self, user="app", password="app_pw", database="shop", capabilities=None,
                  extra=b""):
        """Reads the greeting, answers it; returns the reply payload (OK or ERR). `extra` is sent
        in the same write, right behind the response (pipelining)."""
        seq, greeting = self.read()
        assert seq == 0 and greeting[0] == 10, greeting
        end = greeting.index(b"\0", 1)
        self.server_version = greeting[1:end].decode()
        pos = end + 1 + 4
        scramble = greeting[pos:pos + 8]
        pos += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10
        scramble += greeting[pos:pos + 12]
        self.scramble = scramble
        caps = BASE_CAPABILITIES if capabilities is None else capabilities
        if database:
            caps |= CLIENT_CONNECT_WITH_DB
        response = struct.pack("<IIB23x", caps, 1 << 24, 45) + user.encode() + b"\0"
        auth = native_scramble(password, scramble)
        response += bytes([len(auth)]) + auth
        if database:
            response += database.encode() + b"\0"
        response += b"mysql_native_password\0"
        self.send_raw(len(response).to_bytes(3, "little") + b"\x01" + response + extra)
        _, reply = self.read()
        return reply

    def query(self, sql):
        """Sends COM_QUERY; returns ('ok', payload) / ('err', code, message) / ('rows', rows)."""
        self.send(b"\x03" + sql.encode(), 0)
        return self.read_result()

    def read_result_head(self, deprecate_eof=False):
        """The start of a reply to a query or execute: ('ok', payload), ('err', code, message),
        or ('rows', column count) with the definitions (and, without CLIENT_DEPRECATE_EOF, their
        EOF) read."""
        _, first = self.read()
        if first[0] == 0x00:
            return ("ok", first)
        if first[0] == 0xff:
            return error_of(first)
        count, _ = lenenc_int(first, 0)
        for _ in range(count):
            self.read()
        if not deprecate_eof:
            _, eof = self.read()
            assert eof[0] == 0xfe, eof
        return ("rows", count)

    def read_result(self):
        head = self.read_result_head()
        if head[0] != "rows":
            return head
        count = head[1]
        rows = []
        while True:
            _, packet = self.read()
            if packet[0] == 0xfe and len(packet) < 9:
                return ("rows", rows)
            if packet[0] == 0xff:
                return error_of(packet)
            row, pos = [], 0
            for _ in range(count):
                if packet[pos] == 0xfb:
                    row.append(None)
                    pos += 1
                    continue
                n, pos = lenenc_int(packet, pos)
                row.append(packet[pos:pos + n].decode(errors="replace"))
                pos += n
            rows.append(tuple(row))


def error_of(payload):
    assert payload[0] == 0xff, payload
    code = struct.unpack_from("<H", payload, 1)[0]
    message = payload[3:]
    if message[:1] == b"#":
        message = message[6:]
    return ("err", code, message.decode(errors="replace"))
