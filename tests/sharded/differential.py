"""Helpers shared by the sharded differential tests: SQL literals, row normalisation, the
corpus file format, and one comparison of a query through the proxy with the reference.

Corpus files hold one query per line. Prefixes (in any order) say how to compare:
  "ordered: "  the query orders totally: rows compared in order (otherwise as multisets);
  "ci: "       strings compared case- and accent-insensitively (groups and DISTINCT over a
               utf8mb4_general_ci column keep whichever spelling the server met first);
  "refused: "  the proxy must answer 1235 (not compared with the reference).
Lines starting with "--" and blank lines are ignored.
"""
import struct
import unicodedata

import pymysql

CI = "ci"


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, str):
        return "'" + v.replace("\\", "\\\\").replace("'", "''") + "'"
    return str(v)


def folded(value):
    """A string as utf8mb4_general_ci compares it (for the characters our data sets use;
    trailing spaces do not count: PAD SPACE)."""
    if not isinstance(value, str):
        return value
    return "".join(c for c in unicodedata.normalize("NFKD", value)
                   if not unicodedata.combining(c)).lower().rstrip(" ")


def normalized(rows):
    """Rows in a canonical order, for comparing as multisets."""
    return sorted(rows, key=lambda r: tuple((v is None, repr(v)) for v in r))


def insert_statements(table, columns, rows, chunk=100):
    for start in range(0, len(rows), chunk):
        yield (f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(
            "(" + ", ".join(literal(v) for v in row) + ")" for row in rows[start:start + chunk]))


class CorpusEntry:
    def __init__(self, sql, ordered=False, ci=False, refused=False, line=0):
        self.sql, self.ordered, self.ci, self.refused, self.line = sql, ordered, ci, refused, line

    def __repr__(self):
        return f"line {self.line}: {self.sql}"


def load_corpus(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("--"):
                continue
            flags = {"ordered": False, "ci": False, "refused": False}
            progress = True
            while progress:
                progress = False
                for flag in flags:
                    if line.startswith(flag + ": "):
                        flags[flag] = True
                        line = line[len(flag) + 2:].lstrip()
                        progress = True
            entries.append(CorpusEntry(line, line=number, **flags))
    return entries


def run(conn, sql):
    """("rows", rows, description) or ("error", code, message)."""
    with conn.cursor() as cursor:
        try:
            cursor.execute(sql)
            return ("rows", list(cursor.fetchall()), cursor.description)
        except pymysql.err.MySQLError as e:
            return ("error", e.args[0], e.args[1])


def comparable(answer, ordered, ci, description_fields=7):
    """An answer reduced to what must match: rows (folded, sorted as asked) and metadata."""
    kind, rows, desc = answer
    if kind != "rows":
        return answer
    if ci:
        rows = [tuple(folded(v) for v in r) for r in rows]
    else:
        rows = [tuple(r) for r in rows]
    if not ordered:
        rows = normalized(rows)
    return ("rows", rows, [tuple(d[:description_fields]) for d in desc])


def difference(proxied, reference, ordered, ci, description_fields=7):
    """None when the answers match, else a short description of the first difference."""
    p = comparable(proxied, ordered, ci, description_fields)
    r = comparable(reference, ordered, ci, description_fields)
    if p == r:
        return None
    if p[0] != "rows" or r[0] != "rows":
        return (f"proxy {p[0]} {p[1]!r} {p[2]!r}\n"
                f"  reference {r[0]} {str(r[1])[:300]} {str(r[2])[:300]}")
    if p[2] != r[2]:
        return f"columns differ:\n  proxy     {p[2]}\n  reference {r[2]}"
    if len(p[1]) != len(r[1]):
        return f"{len(p[1])} rows through the proxy, {len(r[1])} on the reference"
    for i, (a, b) in enumerate(zip(p[1], r[1])):
        if a != b:
            return f"row {i} differs:\n  proxy     {a!r}\n  reference {b!r}"
    return "differs"


# --- The binary protocol: COM_STMT_PREPARE / COM_STMT_EXECUTE, rows decoded per column type ---

def _lenenc_int(data, pos):
    first = data[pos]
    if first < 0xfb:
        return first, pos + 1
    if first == 0xfc:
        return int.from_bytes(data[pos + 1:pos + 3], "little"), pos + 3
    if first == 0xfd:
        return int.from_bytes(data[pos + 1:pos + 4], "little"), pos + 4
    return int.from_bytes(data[pos + 1:pos + 9], "little"), pos + 9


def _lenenc_bytes(data, pos):
    n, pos = _lenenc_int(data, pos)
    return data[pos:pos + n], pos + n


def _column_definition(payload):
    """(name, type, length, decimals, not_null, unsigned) of a column definition packet."""
    pos = 0
    fields = []
    for _ in range(6):  # catalog, schema, table, org_table, name, org_name
        value, pos = _lenenc_bytes(payload, pos)
        fields.append(value)
    _, pos = _lenenc_int(payload, pos)  # 0x0c
    _charset, length, field_type, flags, decimals = struct.unpack_from("<HIBHB", payload, pos)
    return (fields[4].decode(errors="replace"), field_type, length, decimals, bool(flags & 1),
            bool(flags & 32))


_FIXED = {1: ("b", "B"), 2: ("h", "H"), 13: ("h", "H"), 3: ("i", "I"), 9: ("i", "I"),
          8: ("q", "Q"), 4: ("f", "f"), 5: ("d", "d")}


def _binary_row(payload, columns):
    count = len(columns)
    bitmap = payload[1:1 + (count + 9) // 8]
    pos = 1 + len(bitmap)
    row = []
    for i, column in enumerate(columns):
        if bitmap[(i + 2) // 8] & (1 << ((i + 2) % 8)):
            row.append(None)
            continue
        field_type, unsigned = column[1], column[5]
        if field_type in _FIXED:
            code = _FIXED[field_type][1 if unsigned else 0]
            (value,) = struct.unpack_from("<" + code, payload, pos)
            pos += struct.calcsize(code)
            row.append(value)
        elif field_type in (7, 10, 12, 11):  # TIMESTAMP, DATE, DATETIME, TIME
            n = payload[pos]
            # The length varies (0/4/7/11 bytes) with the value: what it means is compared.
            raw = payload[pos + 1:pos + 1 + n]
            pos += 1 + n
            if field_type == 11:
                raw = raw + bytes(12 - len(raw))
                row.append(("time", raw[0], struct.unpack_from("<I", raw, 1)[0], raw[5], raw[6],
                            raw[7], struct.unpack_from("<I", raw, 8)[0]))
            else:
                raw = raw + bytes(11 - len(raw))
                year, = struct.unpack_from("<H", raw, 0)
                row.append(("datetime", year, raw[2], raw[3], raw[4], raw[5], raw[6],
                            struct.unpack_from("<I", raw, 7)[0]))
        else:  # strings, DECIMAL, BLOB, ...: length-encoded bytes
            value, pos = _lenenc_bytes(payload, pos)
            row.append(value.decode(errors="replace"))
    return tuple(row)


def _lenenc_string(data):
    n = len(data)
    if n < 0xfb:
        return bytes([n]) + data
    if n < 1 << 16:
        return b"\xfc" + n.to_bytes(2, "little") + data
    return b"\xfd" + n.to_bytes(3, "little") + data


def _parameters(params):
    """The COM_STMT_EXECUTE tail for `params`: ints as LONGLONG, strings as VAR_STRING, None."""
    if not params:
        return b""
    bitmap = bytearray((len(params) + 7) // 8)
    types, values = b"", b""
    for i, p in enumerate(params):
        if p is None:
            bitmap[i // 8] |= 1 << (i % 8)
            types += struct.pack("<BB", 6, 0)
        elif isinstance(p, int):
            types += struct.pack("<BB", 8, 0)
            values += struct.pack("<q", p)
        else:
            types += struct.pack("<BB", 253, 0)
            values += _lenenc_string(str(p).encode())
    return bytes(bitmap) + b"\x01" + types + values


def run_prepared(wire, sql, params=()):
    """Prepares and executes `sql` on a Wire with `params` bound; answers as run() does, with
    the description as _column_definition tuples and binary rows decoded."""
    wire.send(b"\x16" + sql.encode(), 0)
    _, ok = wire.read()
    if ok[0] == 0xff:
        return _error(ok)
    statement_id, columns, placeholders = struct.unpack_from("<IHH", ok, 1)
    for _ in range(placeholders + (1 if placeholders else 0) + columns + (1 if columns else 0)):
        wire.read()
    assert placeholders == len(params), (sql, placeholders, params)
    wire.send(b"\x17" + struct.pack("<IBI", statement_id, 0, 1) + _parameters(params), 0)
    _, first = wire.read()
    try:
        if first[0] == 0xff:
            return _error(first)
        if first[0] == 0x00:
            return ("rows", [], None)
        count, _ = _lenenc_int(first, 0)
        description = [_column_definition(wire.read()[1]) for _ in range(count)]
        _, eof = wire.read()
        assert eof[0] == 0xfe, eof
        rows = []
        while True:
            _, packet = wire.read()
            if packet[0] == 0xfe and len(packet) < 9:
                return ("rows", rows, description)
            if packet[0] == 0xff:
                return _error(packet)
            rows.append(_binary_row(packet, description))
    finally:
        wire.send(b"\x19" + struct.pack("<I", statement_id), 0)


def _error(payload):
    code = struct.unpack_from("<H", payload, 1)[0]
    message = payload[3:]
    if message[:1] == b"#":
        message = message[6:]
    return ("error", code, message.decode(errors="replace"))
