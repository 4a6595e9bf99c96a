#!/usr/bin/python3
"""Writes the seed corpus of protocol_fuzzer (tests/fuzz/protocol/) from mariadb_golden.txt.

A seed is selector(1) capabilities(4, little-endian) payload, the layout protocol_fuzzer.cc
reads; the selectors below must match its switch.
"""

import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "tests", "fuzz", "protocol")
MAX = 4096  # scripts/fuzz.sh runs with -max_len=4096

FRAMER, GREETING, RESPONSE, OK, ERR, EOF, COLUMN, ROWS, EXECUTE, CHANGE_USER, AUTH, \
    PREPARE_OK, SESSION_STATE, QUERY_LIKE, SMALL_COMMANDS, STMT_COMMANDS, TEMPORAL, \
    ESCAPING = range(18)


def load():
    exchanges = []
    with open(os.path.join(HERE, "mariadb_golden.txt")) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                exchanges.append({"name": line[1:-1], "caps": 0, "packets": []})
            elif line.startswith("caps "):
                exchanges[-1]["caps"] = int(line[5:], 16)
            else:
                parts = line.split(" ")
                payload = bytes.fromhex(parts[2]) if len(parts) > 2 else b""
                exchanges[-1]["packets"].append((parts[0], int(parts[1], 16), payload))
    return exchanges


seeds = set()


def seed(selector, caps, payload):
    data = bytes([selector]) + struct.pack("<I", caps & 0xffffffff) + payload
    if len(data) <= MAX:
        seeds.add(data)


def frame(packets):
    out = b""
    for _, seq, payload in packets:
        out += struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload
    return out


def main():
    exchanges = load()
    for ex in exchanges:
        caps = ex["caps"]
        server = [p for p in ex["packets"] if p[0] == "S"]
        client = [p for p in ex["packets"] if p[0] == "C"]
        seed(FRAMER, 0x1fff0000 | 4000, frame(server)[:MAX - 5])
        seed(FRAMER, 0x00300000 | 64, frame(client)[:MAX - 5])
        for _, seq, p in server:
            if not p:
                continue
            if p[0] == 0x0a and seq == 0:
                seed(GREETING, 0, p)
            elif p[0] == 0xff:
                seed(ERR, caps, p)
            elif p[0] == 0xfe and len(p) < 9 and not caps & (1 << 24):
                seed(EOF, caps, p)
            elif p[0] in (0x00, 0xfe) and len(p) < 200:
                seed(OK, caps, p)
                seed(PREPARE_OK, caps, p)
                seed(SESSION_STATE, caps, p[7:])
            elif p[:4] == b"\x03def":
                seed(COLUMN, caps, p)
            if p[0] == 0xfe and len(p) > 1:
                seed(AUTH, caps, p)
        for _, seq, p in client:
            if not p:
                continue
            if seq == 1 and len(p) > 32:
                seed(RESPONSE, 0x81fff7fe, p)
            elif p[0] in (0x02, 0x03, 0x16):
                seed(QUERY_LIKE, caps, p)
            elif p[0] in (0x04, 0x1b, 0x0c):
                seed(SMALL_COMMANDS, caps, p)
            elif p[0] in (0x18, 0x19, 0x1a, 0x1c):
                seed(STMT_COMMANDS, caps, p)
            elif p[0] == 0x11:
                seed(CHANGE_USER, caps, p)
            elif p[0] == 0x17:
                seed(EXECUTE, 16, p)
                seed(EXECUTE, 16 | 0x100, bytes([0x01, 0x01, 0x02, 0x03, 0x08, 0x04, 0x05, 0xfe,
                                                 0xfc, 0xf6, 0x0a, 0x0c, 0x0b, 0x06, 0x08, 0xfe]) + p)
                seed(EXECUTE, 16 | 0x400 | 0x80000000, p)
                seed(EXECUTE, 0, p)

    # Text rows with their column types: (count, then type/unsigned pairs), then the row.
    for name in ("select_all_types_text_modern", "select_null_and_strings_modern",
                 "select_70000_bytes_modern"):
        ex = next(e for e in exchanges if e["name"] == name)
        server = [p[2] for p in ex["packets"] if p[0] == "S"]
        count = server[0][0]
        header = bytes([count])
        for column in server[1:1 + count]:
            # type and flags sit at fixed offsets from the end of a column definition
            header += bytes([column[-6], 1 if column[-5] & 0x20 else 0])
        for row in server[1 + count:-1]:
            seed(ROWS, 0, header + row)

    for text in (b"2024-02-29 13:14:15.123456", b"-838:59:59.999999", b"0000-00-00",
                 b"\x0b\xe8\x07\x02\x1d\x0d\x0e\x0f\x40\xe2\x01\x00",
                 b"\x0c\x01\x22\x00\x00\x00\x16\x3b\x3b\x3f\x42\x0f\x00"):
        seed(TEMPORAL, 0, text)
    for text in (b"it's \"q\" \\ \x1a\x00\n\r end", b"\xbf'\xc3\xff", b"''\\\\", b""):
        for caps in range(4):
            seed(ESCAPING, caps, text)

    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.unlink(os.path.join(OUT, old))
    for data in sorted(seeds):
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds)} seeds to {OUT}")


if __name__ == "__main__":
    main()
