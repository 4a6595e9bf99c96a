"""Validation: sysbench's statement shapes with sampled parameters, run through a target and
against an unsharded reference MariaDB holding the same rows; any difference is a failure.

sysbench never looks at results, so a proxy that returned wrong rows would still score. Here each
shape of oltp_common.lua, select_random_points.lua, select_random_ranges.lua and oltp_insert.lua
runs on both sides with the same literal parameters; compared are the rows (in order where the
statement has ORDER BY or returns one row, as multisets otherwise), the column metadata (name,
table, type, charset, length, flags, decimals), affected-row counts, and error codes and
messages. Writes run on both sides in lockstep inside BEGIN/COMMIT, as sysbench sends them, and
the row is read back afterwards. At the end every table is compared whole, ordered by id.

Text protocol only (PyMySQL has no server-side prepared statements); the binary protocol is
exercised by the sysbench runs in --db-ps-mode=auto, which check errors but not results.
"""

import random
from collections import Counter

import pymysql
import pymysql.converters

# Encoders kept, decoders dropped: every cell comes back as the server's text, so "1.0" and "1"
# or a wrong DECIMAL scale are differences rather than equal Python numbers.
_RAW_TEXT = {k: v for k, v in pymysql.converters.conversions.items() if not isinstance(k, int)}

METADATA_FIELDS = ("name", "org_name", "table_name", "org_table", "db", "type_code", "charsetnr",
                   "length", "flags", "scale")

C_TEMPLATE = "-".join(["###########"] * 10)
PAD_TEMPLATE = "-".join(["###########"] * 5)


def connect(endpoint):
    return pymysql.connect(host=endpoint.host, port=endpoint.port, user=endpoint.user,
                           password=endpoint.password, database=endpoint.database,
                           conv=_RAW_TEXT, autocommit=True, connect_timeout=10,
                           read_timeout=120, write_timeout=120)


class Outcome:
    """What a client can observe about one statement."""

    def __init__(self, cursor=None, error=None, ignore=()):
        self.error = error
        self.metadata = None
        self.rows = None
        self.affected = None
        if cursor is not None:
            fields = getattr(cursor._result, "fields", None) or []
            self.metadata = [tuple(getattr(f, name) for name in METADATA_FIELDS
                                   if name not in ignore) for f in fields]
            self.rows = list(cursor.fetchall()) if cursor.description else None
            self.affected = cursor.rowcount if not cursor.description else None

    def describe(self):
        if self.error:
            return f"error {self.error}"
        if self.rows is None:
            return f"affected {self.affected}"
        shown = self.rows[:3]
        return f"{len(self.rows)} rows {shown}{' ...' if len(self.rows) > 3 else ''}"


def execute(conn, sql, ignore):
    cursor = conn.cursor()
    try:
        cursor.execute(sql)
    except pymysql.err.MySQLError as e:
        code = e.args[0] if e.args else None
        message = e.args[1] if len(e.args) > 1 else str(e)
        return Outcome(error=(code, message))
    return Outcome(cursor, ignore=ignore)


def differences(target, reference, ordered):
    found = []
    if target.error != reference.error:
        found.append(f"error: target {target.error}, reference {reference.error}")
        return found
    if target.error:
        return found
    if target.metadata != reference.metadata:
        found.append(f"metadata: target {target.metadata}, reference {reference.metadata}")
    if target.affected != reference.affected:
        found.append(f"affected rows: target {target.affected}, reference {reference.affected}")
    if (target.rows is None) != (reference.rows is None):
        found.append(f"result set: target {target.describe()}, reference {reference.describe()}")
    elif target.rows is not None:
        if ordered:
            if target.rows != reference.rows:
                first = next((i for i, (a, b) in enumerate(zip(target.rows, reference.rows))
                              if a != b), min(len(target.rows), len(reference.rows)))
                found.append(f"rows (ordered) differ from row {first}: target "
                             f"{len(target.rows)} rows {target.rows[first:first + 2]}, reference "
                             f"{len(reference.rows)} rows {reference.rows[first:first + 2]}")
        elif Counter(target.rows) != Counter(reference.rows):
            extra = Counter(target.rows) - Counter(reference.rows)
            missing = Counter(reference.rows) - Counter(target.rows)
            found.append(f"rows (as multiset): {sum(extra.values())} extra "
                         f"{list(extra)[:2]}, {sum(missing.values())} missing {list(missing)[:2]}")
    return found


class Validator:
    def __init__(self, target_endpoint, reference_endpoint, tables, table_size, seed=1,
                 metadata_ignore=()):
        self.tables = tables
        self.table_size = table_size
        self.rng = random.Random(seed)
        self.ignore = tuple(metadata_ignore)
        self.target = connect(target_endpoint)
        self.reference = connect(reference_endpoint)
        self.compared = Counter()
        self.problems = []

    def close(self):
        self.target.close()
        self.reference.close()

    # --- parameters ---------------------------------------------------------------------------

    def table(self):
        return self.rng.randint(1, self.tables)

    def row_id(self):
        # Mostly existing ids; sometimes the edges and ids no row has.
        if self.rng.random() < 0.1:
            return self.rng.choice([0, 1, self.table_size, self.table_size + 1, -1, -7,
                                    2147483647, -2147483648])
        return self.rng.randint(1, self.table_size)

    def text(self, template):
        return "".join(str(self.rng.randint(0, 9)) if ch == "#" else ch for ch in template)

    # --- running ------------------------------------------------------------------------------

    def check(self, shape, sql, ordered):
        target = execute(self.target, sql, self.ignore)
        reference = execute(self.reference, sql, self.ignore)
        self.compared[shape] += 1
        for difference in differences(target, reference, ordered):
            self.problems.append(f"[{shape}] {sql.strip()}: {difference}")

    def reads(self, samples):
        size = self.table_size
        for _ in range(samples):
            t, i = self.table(), self.row_id()
            self.check("point_selects", f"SELECT c FROM sbtest{t} WHERE id={i}", True)
            self.check("simple_ranges",
                       f"SELECT c FROM sbtest{t} WHERE id BETWEEN {i} AND {i + 99}", False)
            self.check("sum_ranges",
                       f"SELECT SUM(k) FROM sbtest{t} WHERE id BETWEEN {i} AND {i + 99}", True)
            self.check("order_ranges",
                       f"SELECT c FROM sbtest{t} WHERE id BETWEEN {i} AND {i + 99} ORDER BY c",
                       True)
            self.check("distinct_ranges", f"SELECT DISTINCT c FROM sbtest{t} WHERE id BETWEEN "
                       f"{i} AND {i + 99} ORDER BY c", True)
            points = ", ".join(str(self.rng.randint(0, size)) for _ in range(10))
            self.check("select_random_points",
                       f"SELECT id, k, c, pad FROM sbtest1 WHERE k IN ({points})", False)
            ranges = " OR ".join(f"k BETWEEN {v} AND {v + 5}"
                                 for v in (self.rng.randint(0, size) for _ in range(10)))
            self.check("select_random_ranges", f"SELECT count(k) FROM sbtest1 WHERE {ranges}",
                       True)

    def writes(self, samples):
        for _ in range(samples):
            t, i = self.table(), self.row_id()
            statements = [
                ("index_updates", f"UPDATE sbtest{t} SET k=k+1 WHERE id={i}"),
                ("non_index_updates",
                 f"UPDATE sbtest{t} SET c='{self.text(C_TEMPLATE)}' WHERE id={i}"),
                ("deletes", f"DELETE FROM sbtest{t} WHERE id={i}"),
                ("inserts", f"INSERT INTO sbtest{t} (id, k, c, pad) VALUES ({i}, "
                            f"{self.rng.randint(1, self.table_size)}, '{self.text(C_TEMPLATE)}', "
                            f"'{self.text(PAD_TEMPLATE)}')"),
                # The same id again: both sides must refuse it alike (1062).
                ("duplicate_insert", f"INSERT INTO sbtest{t} (id, k, c, pad) VALUES ({i}, 1, "
                                     "'c', 'pad')"),
            ]
            self.check("begin", "BEGIN", True)
            for shape, sql in statements:
                self.check(shape, sql, True)
            self.check("commit", "COMMIT", True)
            self.check("read_back", f"SELECT id, k, c, pad FROM sbtest{t} WHERE id={i}", True)
            # oltp_insert.lua with --auto-inc=off: a random id anywhere in INT, autocommit.
            j = self.rng.randint(-2147483648, 2147483647)
            self.check("oltp_insert", f"INSERT INTO sbtest{t} (id, k, c, pad) VALUES ({j}, "
                       f"{self.rng.randint(1, self.table_size)}, '{self.text(C_TEMPLATE)}', "
                       f"'{self.text(PAD_TEMPLATE)}')", True)

    def whole_tables(self):
        for n in range(1, self.tables + 1):
            self.check("whole_table", f"SELECT id, k, c, pad FROM sbtest{n} ORDER BY id", True)
            self.check("count", f"SELECT COUNT(*) FROM sbtest{n}", True)

    def run(self, samples):
        self.whole_tables()
        self.reads(samples)
        self.writes(max(1, samples // 2))
        self.reads(max(1, samples // 4))
        self.whole_tables()
        return self.problems


def validate(target_endpoint, reference_endpoint, tables, table_size, samples=100, seed=1,
             metadata_ignore=()):
    """Returns (statements compared per shape, problems)."""
    validator = Validator(target_endpoint, reference_endpoint, tables, table_size, seed,
                          metadata_ignore)
    try:
        problems = validator.run(samples)
    finally:
        validator.close()
    return dict(validator.compared), problems
