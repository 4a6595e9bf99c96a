"""Helpers shared by the sharded differential tests: SQL literals, row normalisation, the
corpus file format, and one comparison of a query through the proxy with the reference.

Corpus files hold one query per line. Prefixes (in any order) say how to compare:
  "ordered: "  the query orders totally: rows compared in order (otherwise as multisets);
  "ci: "       strings compared case- and accent-insensitively (groups and DISTINCT over a
               utf8mb4_general_ci column keep whichever spelling the server met first);
  "refused: "  the proxy must answer 1235 (not compared with the reference).
Lines starting with "--" and blank lines are ignored.
"""
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
    """A string as utf8mb4_general_ci compares it (for the characters our data sets use)."""
    if not isinstance(value, str):
        return value
    return "".join(c for c in unicodedata.normalize("NFKD", value)
                   if not unicodedata.combining(c)).lower()


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
        return f"proxy {p[0]} {p[1]!r} {p[2]!r}\n  reference {r[0]} {str(r[1])[:300]} {str(r[2])[:300]}"
    if p[2] != r[2]:
        return f"columns differ:\n  proxy     {p[2]}\n  reference {r[2]}"
    if len(p[1]) != len(r[1]):
        return f"{len(p[1])} rows through the proxy, {len(r[1])} on the reference"
    for i, (a, b) in enumerate(zip(p[1], r[1])):
        if a != b:
            return f"row {i} differs:\n  proxy     {a!r}\n  reference {b!r}"
    return "differs"
