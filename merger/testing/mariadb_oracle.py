#!/usr/bin/python3
"""Runs SQL on a MariaDB for the merger's tests and prints results exactly as the server sent
them: raw text cells (NULL distinct from the string 'NULL') and every column-definition field.

PyMySQL is used rather than the mariadb CLI because the tests compare column metadata with what
the proxy must send, and the CLI's client library rewrites flags (it adds NUM_FLAG).

Protocol, one line each way, payloads hex-encoded:
  in:  Q <sql>
  out: OK                                    statement without a result set
       R <ncols>, then per column
       C <name> <type> <charset> <length> <flags> <decimals> <table> <org_table> <schema> <org_name>
       then per row W <cell> ... (N for NULL, x<hex> otherwise), then E
       X <code> <message>                    the server's error
usage: mariadb_oracle.py PORT
"""

import sys

import pymysql


def hexed(v):
    if v is None:
        return ""
    if isinstance(v, str):
        v = v.encode("utf8")
    return v.hex()


def main():
    port = int(sys.argv[1])
    conn = pymysql.connect(host="127.0.0.1", port=port, user="root", password="",
                           charset="utf8mb4", use_unicode=False, conv={}, autocommit=True)
    out = sys.stdout
    for line in sys.stdin:
        cmd, _, arg = line.rstrip("\n").partition(" ")
        if cmd != "Q":
            out.write("X 0 %s\n" % hexed("bad command"))
            out.flush()
            continue
        sql = bytes.fromhex(arg)
        cur = conn.cursor()
        try:
            cur.execute(sql)
        except pymysql.err.MySQLError as e:
            code = e.args[0] if e.args and isinstance(e.args[0], int) else 0
            msg = e.args[1] if len(e.args) > 1 else str(e)
            out.write("X %d %s\n" % (code, hexed(msg)))
            out.flush()
            continue
        if cur.description is None:
            out.write("OK\n")
            out.flush()
            continue
        fields = cur._result.fields
        out.write("R %d\n" % len(fields))
        for f in fields:
            out.write("C %s %d %d %d %d %d %s %s %s %s\n" % (
                hexed(f.name) or "-", f.type_code, f.charsetnr, f.length, f.flags, f.scale,
                hexed(f.table_name) or "-", hexed(f.org_table) or "-", hexed(f.db) or "-",
                hexed(f.org_name) or "-"))
        for row in cur.fetchall():
            out.write("W " + " ".join("N" if c is None else "x" + hexed(c) for c in row) + "\n")
        out.write("E\n")
        out.flush()


if __name__ == "__main__":
    main()
