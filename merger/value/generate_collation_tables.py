#!/usr/bin/python3
"""Generates collation_tables.inc: per-code-point collation weights taken from a real MariaDB.

The merger compares strings the way the server does. Rather than transcribing weight tables by
hand, this script starts a throwaway MariaDB (tests/harness/cluster.py), asks it for
WEIGHT_STRING(<one character> COLLATE <collation>) for every code point the collation can see
(the whole Basic Multilingual Plane, plus planes 1-16 for the utf8mb4 UCA collations; the 256
bytes for latin1; 128 for ascii), and writes the answers as run-length encoded C++ arrays.

Model the merger relies on (checked against the server by merger/value/collation_mariadb_test.cc):
a string's weights are the concatenation of its characters' weights (no contractions in the
collations listed here); characters with no weights are ignorable; PAD SPACE collations compare
the shorter weight string as if padded with the weight of U+0020.

Code points absent from the runs get a table's default: their own value (general_ci), MariaDB's
UCA implicit weights [base + (cp >> 15), (cp & 0x7FFF) | 0x8000] with the base taken per range
from the server's answers (unicode_ci, unicode_520_ci), or a constant (0xFFFD for utf8mb4
characters beyond the BMP in general_ci/unicode_ci; '?' for latin1/ascii, which cannot hold
them). After building the arrays the script re-expands them and checks every code point against
what the server said, so the file cannot silently disagree with the server it came from.

usage: /usr/bin/python3 merger/value/generate_collation_tables.py [--port P] [out.inc]
  (without --port a private MariaDB instance is started and removed afterwards)
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "harness"))

MARIADB_CLI = "/usr/bin/mariadb"

# table name -> (collation queried, code point domain, default rule for absent code points)
#   domain "bmp": U+0000..U+FFFF minus surrogates; "unicode": also planes 1-16;
#   "latin1": the 256 latin1 bytes (keyed by their Unicode code point); "ascii": 0..127.
TABLES = [
    ("general_ci", "utf8mb4_general_ci", "unicode", "identity"),
    ("unicode_ci", "utf8mb4_unicode_ci", "unicode", "implicit"),
    ("unicode_520_ci", "utf8mb4_unicode_520_ci", "unicode", "implicit"),
    ("latin1_german1_ci", "latin1_german1_ci", "latin1", "question"),
    ("latin1_swedish_ci", "latin1_swedish_ci", "latin1", "question"),
    ("latin1_danish_ci", "latin1_danish_ci", "latin1", "question"),
    ("latin1_german2_ci", "latin1_german2_ci", "latin1", "question"),
    ("latin1_bin", "latin1_bin", "latin1", "question"),
    ("latin1_general_ci", "latin1_general_ci", "latin1", "question"),
    ("latin1_general_cs", "latin1_general_cs", "latin1", "question"),
    ("latin1_spanish_ci", "latin1_spanish_ci", "latin1", "question"),
    ("ascii_general_ci", "ascii_general_ci", "ascii", "question"),
    ("ascii_bin", "ascii_bin", "ascii", "question"),
]

# Tables whose utf8mb3 twin must give identical weights on the BMP (checked, not assumed).
UTF8MB3_TWINS = {"general_ci": "utf8mb3_general_ci", "unicode_ci": "utf8mb3_unicode_ci",
                 "unicode_520_ci": "utf8mb3_unicode_520_ci"}

# Collation id -> (table, or an algorithmic kind, PAD SPACE?). Ids and names are checked against
# information_schema.COLLATIONS of the server.
COLLATIONS = [
    ("binary", "kBytes", False),
    ("utf8mb4_general_ci", "general_ci", True),
    ("utf8mb4_bin", "kCodePoint", True),
    ("utf8mb4_unicode_ci", "unicode_ci", True),
    ("utf8mb4_unicode_520_ci", "unicode_520_ci", True),
    ("utf8mb4_general_nopad_ci", "general_ci", False),
    ("utf8mb4_nopad_bin", "kCodePoint", False),
    ("utf8mb4_unicode_nopad_ci", "unicode_ci", False),
    ("utf8mb4_unicode_520_nopad_ci", "unicode_520_ci", False),
    ("utf8mb3_general_ci", "general_ci", True),
    ("utf8mb3_bin", "kCodePoint", True),
    ("utf8mb3_unicode_ci", "unicode_ci", True),
    ("utf8mb3_unicode_520_ci", "unicode_520_ci", True),
    ("utf8mb3_general_nopad_ci", "general_ci", False),
    ("utf8mb3_nopad_bin", "kCodePoint", False),
    ("utf8mb3_unicode_nopad_ci", "unicode_ci", False),
    ("utf8mb3_unicode_520_nopad_ci", "unicode_520_ci", False),
    ("latin1_german1_ci", "latin1_german1_ci", True),
    ("latin1_swedish_ci", "latin1_swedish_ci", True),
    ("latin1_danish_ci", "latin1_danish_ci", True),
    ("latin1_german2_ci", "latin1_german2_ci", True),
    ("latin1_bin", "latin1_bin", True),
    ("latin1_general_ci", "latin1_general_ci", True),
    ("latin1_general_cs", "latin1_general_cs", True),
    ("latin1_spanish_ci", "latin1_spanish_ci", True),
    ("latin1_swedish_nopad_ci", "latin1_swedish_ci", False),
    ("latin1_nopad_bin", "latin1_bin", False),
    ("ascii_general_ci", "ascii_general_ci", True),
    ("ascii_bin", "ascii_bin", True),
    ("ascii_general_nopad_ci", "ascii_general_ci", False),
    ("ascii_nopad_bin", "ascii_bin", False),
]


class Server:
    def __init__(self, port):
        self.port = port

    def query(self, sql):
        cmd = [MARIADB_CLI, "--no-defaults", "-h127.0.0.1", f"-P{self.port}", "-uroot", "-B", "-N",
               "--default-character-set=utf8mb4", "mysql"]
        result = subprocess.run(cmd, input=sql, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"query failed: {result.stderr.strip()}\n{sql}")
        return [line.split("\t") for line in result.stdout.splitlines()]


def weights_of(hexstr, width):
    return tuple(int(hexstr[i:i + width], 16) for i in range(0, len(hexstr), width))


def fetch_unicode(server, collation, lo, hi):
    """{code point: weights} for lo..hi (surrogates skipped)."""
    charset = collation.split("_")[0]
    rows = server.query(
        f"SELECT seq, HEX(WEIGHT_STRING(CONVERT(CHAR(seq USING utf32) USING {charset}) "
        f"COLLATE {collation})) FROM seq_{lo}_to_{hi} WHERE seq < 55296 OR seq > 57343;")
    return {int(cp): weights_of(h, 4) for cp, h in rows}


def fetch_single_byte(server, charset, collation, count):
    """({unicode code point: weights}, [unicode code point of each byte])."""
    rows = server.query(
        f"SELECT seq, HEX(CONVERT(CHAR(seq USING {charset}) USING utf32)), "
        f"HEX(WEIGHT_STRING(CHAR(seq USING {charset}) COLLATE {collation})) "
        f"FROM seq_0_to_{count - 1};")
    to_unicode = []
    weights = {}
    for byte, cp_hex, w in rows:
        cp = int(cp_hex, 16)
        to_unicode.append(cp)
        weights[cp] = weights_of(w, 2)
    return weights, to_unicode


def implicit_base(cp, w):
    if len(w) == 2 and w[0] >= 0xFB40 and w[1] == ((cp & 0x7FFF) | 0x8000):
        return w[0] - (cp >> 15)
    return None


def build_table(weights, default, constant=None):
    """Splits {cp: weights} into explicit runs and a default rule; returns a dict for emit()."""
    explicit = {}
    implicit = {}
    for cp, w in weights.items():
        if default == "identity" and w == (cp,):
            continue
        if default == "implicit":
            base = implicit_base(cp, w)
            if base is not None:
                implicit[cp] = base
                continue
        if default in ("question", "fffd") and w == constant:
            continue
        explicit[cp] = w
    # Runs over the explicit code points: mode 0 = same weights for every code point in the run,
    # mode 1 = one weight that grows by one with the code point.
    runs = []
    for cp in sorted(explicit):
        w = explicit[cp]
        if runs:
            first, count, mode, ws = runs[-1]
            if first + count == cp:
                if mode == 0 and ws == w:
                    runs[-1] = (first, count + 1, 0, ws)
                    continue
                if len(w) == 1 and len(ws) == 1 and (mode == 1 or count == 1) and \
                        w[0] == ws[0] + count:
                    runs[-1] = (first, count + 1, 1, ws)
                    continue
        runs.append((cp, 1, 0, w))
    ranges = []
    for cp in sorted(implicit):
        base = implicit[cp]
        if ranges and ranges[-1][2] == base:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, base])
    return {"runs": runs, "ranges": ranges, "default": default, "constant": constant}


def run_index(table):
    """{cp: weights} for the code points the runs cover."""
    index = {}
    for first, count, mode, ws in table["runs"]:
        for i in range(count):
            index[first + i] = ws if mode == 0 else (ws[0] + i,)
    return index


def expand(table, index, cp):
    """What the runtime will compute for cp (mirrors collation.cc)."""
    if cp in index:
        return index[cp]
    d = table["default"]
    if d == "identity":
        return (cp,) if cp <= 0xFFFF else table["constant"]
    if d == "implicit":
        for lo, hi, base in table["ranges"]:
            if lo <= cp <= hi:
                return (base + (cp >> 15), (cp & 0x7FFF) | 0x8000)
        return table["constant"]
    return table["constant"]


def emit_table(out, name, table):
    flat = []
    for first, count, mode, ws in table["runs"]:
        flat += [first, count, mode, len(ws)] + list(ws)
    out.append(f"inline constexpr uint32_t kRuns_{name}[] = {{")
    for i in range(0, len(flat), 12):
        out.append("    " + ", ".join(f"0x{v:X}" for v in flat[i:i + 12]) + ",")
    out.append("};")
    out.append(f"inline constexpr ImplicitRange kImplicit_{name}[] = {{")
    for lo, hi, base in table["ranges"]:
        out.append(f"    {{0x{lo:X}, 0x{hi:X}, 0x{base:X}}},")
    if not table["ranges"]:
        out.append("    {1, 0, 0},  // none")
    out.append("};")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("output", nargs="?", default=os.path.join(HERE, "collation_tables.inc"))
    args = parser.parse_args(argv)

    cluster = None
    if args.port:
        server = Server(args.port)
    else:
        from cluster import MariaDBCluster
        cluster = MariaDBCluster(1).start()
        server = Server(cluster.instances[0].port)
    try:
        generate(server, args.output)
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


def generate(server, output):
    version = server.query("SELECT VERSION();")[0][0]
    all_ids = [(int(i), name, charset) for i, name, charset in server.query(
        "SELECT ID, COLLATION_NAME, CHARACTER_SET_NAME FROM information_schema.COLLATIONS "
        "WHERE ID IS NOT NULL ORDER BY ID;")]
    ids = {name: i for i, name, _ in all_ids}
    for name, _, _ in COLLATIONS:
        if name not in ids:
            raise RuntimeError(f"server has no collation {name}")

    tables = {}
    latin1_to_unicode = None
    for name, collation, domain, default in TABLES:
        print(f"fetching {collation} ...", file=sys.stderr)
        if domain == "unicode":
            weights = fetch_unicode(server, collation, 0, 65535)
            supplementary = fetch_unicode(server, collation, 65536, 0x10FFFF)
            twin = UTF8MB3_TWINS.get(name)
            if twin and fetch_unicode(server, twin, 0, 65535) != weights:
                raise RuntimeError(f"{twin} differs from {collation} on the BMP")
            constant = None
            if all(w == (0xFFFD,) for w in supplementary.values()):
                constant = (0xFFFD,)  # MariaDB maps every non-BMP character to U+FFFD here
            else:
                weights.update(supplementary)
            table = build_table(weights, default, constant)
            if constant is None:
                table["constant"] = (0xFFFD,)
            check_domain = dict(weights)
            check_domain.update(supplementary)
        else:
            charset = collation.split("_")[0]
            count = 256 if domain == "latin1" else 128
            weights, to_unicode = fetch_single_byte(server, charset, collation, count)
            if domain == "latin1":
                latin1_to_unicode = to_unicode
            question = weights[ord("?")]
            table = build_table(weights, "question", question)
            check_domain = weights
        index = run_index(table)
        for cp, w in check_domain.items():
            if expand(table, index, cp) != w:
                raise RuntimeError(f"{collation}: U+{cp:04X} expands to "
                                   f"{expand(table, index, cp)}, server says {w}")
        tables[name] = table
        print(f"  {len(table['runs'])} runs, {len(table['ranges'])} implicit ranges",
              file=sys.stderr)

    out = ["// clang-format off",
           f"// Generated by merger/value/generate_collation_tables.py from MariaDB {version}.",
           "// Do not edit: rerun the script. Every entry was read from the server with",
           "// WEIGHT_STRING(<character> COLLATE <collation>) and re-checked after encoding.",
           "//",
           "// kRuns_<table>: {first code point, count, mode, n, weights[n]}... ; mode 0: every code",
           "// point in the run has these n weights; mode 1: n == 1 and the weight grows by one per",
           "// code point. Code points in no run take the table's default (see TableData).",
           "",
           "namespace shardproxy::collation_data {",
           "",
           "// MariaDB's latin1 (cp1252 with the five undefined bytes passed through) to Unicode.",
           "inline constexpr uint16_t kLatin1ToUnicode[256] = {"]
    for i in range(0, 256, 12):
        out.append("    " + ", ".join(f"0x{v:04X}" for v in latin1_to_unicode[i:i + 12]) + ",")
    out.append("};")
    out.append("")
    for name, _, _, _ in TABLES:
        emit_table(out, name, tables[name])
        out.append("")
    out.append("inline constexpr TableData kTables[] = {")
    for name, _, _, default in TABLES:
        t = tables[name]
        rule = {"identity": "kIdentity", "implicit": "kImplicit", "question": "kConstant"}[default]
        const = t["constant"][0] if t["constant"] else 0
        out.append(f"    {{\"{name}\", kRuns_{name}, sizeof(kRuns_{name}) / sizeof(uint32_t), "
                   f"kImplicit_{name}, sizeof(kImplicit_{name}) / sizeof(ImplicitRange), "
                   f"DefaultRule::{rule}, 0x{const:X}}},")
    out.append("};")
    out.append("")
    out.append("inline constexpr CollationData kCollations[] = {")
    table_index = {name: i for i, (name, _, _, _) in enumerate(TABLES)}
    for name, table, pad in COLLATIONS:
        if table.startswith("k"):
            kind, index = f"WeightKind::{table}", -1
        else:
            kind, index = "WeightKind::kTable", table_index[table]
        charset = name.split("_")[0]
        enc = {"binary": "kBinary", "utf8mb4": "kUtf8", "utf8mb3": "kUtf8", "latin1": "kLatin1",
               "ascii": "kLatin1"}[charset]
        out.append(f"    {{{ids[name]}, \"{name}\", {kind}, {index}, {str(pad).lower()}, "
                   f"CellEncoding::{enc}}},")
    out.append("};")
    out.append("")
    out.append("// Every collation of the character sets the merger can decode: the encoding of cells")
    out.append("// whose column definition names it, and the `_bin` collation of its character set.")
    out.append("inline constexpr CharsetOfCollation kCharsets[] = {")
    encodings = {"binary": "kBinary", "utf8mb4": "kUtf8", "utf8mb3": "kUtf8", "latin1": "kLatin1",
                 "ascii": "kLatin1"}
    for i, name, charset in all_ids:
        if charset in encodings:
            bin_name = "binary" if charset == "binary" else f"{charset}_bin"
            out.append(f"    {{{i}, CellEncoding::{encodings[charset]}, {ids[bin_name]}}},  // {name}")
    out.append("};")
    out.append("")
    out.append("}  // namespace shardproxy::collation_data")
    with open(output, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
