#!/usr/bin/python3
"""sysbench end to end (issue 8): for each target, provision servers on loopback, `sysbench
prepare` through the target, check where the rows landed, validate every sysbench statement shape
against an unsharded reference MariaDB loaded with the same rows, run every workload in
--db-ps-mode=auto and disable, `sysbench cleanup` through the target, and write a comparison table.

Targets: direct, spider, passthrough, shards2, shards4, shards2x2 (see targets.py). A target that
cannot do something fails with the server's or the proxy's own error message; nothing is skipped
silently. Exit status 0 only when every selected target met every bar (zero errors, zero
reconnects, validation identical, rows placed right, nothing left after cleanup).

usage: sysbench/run_suite.py [--targets direct,spider] [--time 10] [--threads 4] [--tables 4]
           [--table-size 10000] [--workloads ...] [--ps-modes auto,disable] [--samples 100]
           [--flash-sale] [--results sysbench/RESULTS.md] [--proxy-bin PATH]
"""

import argparse
import os
import platform
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from sysbench_runner import RunResult, SysbenchError, markdown_table, sysbench  # noqa: E402
from targets import (TARGETS, Endpoint, TargetError, make_target,  # noqa: E402
                     start_reference)
from validate import validate  # noqa: E402
import pymysql  # noqa: E402

# oltp_insert runs last, each of its runs on emptied tables (empty_tables_for_insert).
WORKLOADS = ["oltp_point_select", "oltp_read_only", "select_random_points",
             "select_random_ranges", "oltp_read_write", "oltp_write_only", "oltp_update_index",
             "oltp_update_non_index", "oltp_delete", "oltp_insert"]
# select_random_* only ever read sbtest1 (their prepare refuses --tables > 1).
SINGLE_TABLE = {"select_random_points", "select_random_ranges"}
SEEDED_PREPARE = os.path.join(HERE, "seeded_prepare.lua")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class TargetReport:
    def __init__(self, name):
        self.name = name
        self.failures = []       # what broke the bar, with the server's / proxy's words
        self.runs = {}           # (workload, ps_mode) -> RunResult
        self.run_failures = {}   # (workload, ps_mode) -> message
        self.validation = None   # {shape: count}
        self.flash_sale = None   # summary line

    def ok(self):
        return not self.failures and not self.run_failures


def prepare(args, endpoint_args, extra=()):
    sysbench(SEEDED_PREPARE, "prepare", **endpoint_args, tables=args.tables,
             table_size=args.table_size,
             extra=["--auto-inc=off", "--threads=1", f"--load-seed={args.seed}", *extra],
             timeout=1800)


def empty_tables_for_insert(target, tables):
    """oltp_insert (--auto-inc=off) inserts ids from sysbench.rand.unique(), unique within one
    run only: against the loaded rows, or the rows of its previous run, a few collide by chance
    and sysbench stops at the 1062 (directly against MariaDB just as through the proxy). Each of
    its runs therefore starts from empty tables, emptied through the target."""
    conn = target.endpoint.connect(autocommit=True)
    try:
        with conn.cursor() as cursor:
            for n in range(1, tables + 1):
                cursor.execute(f"DELETE FROM sbtest{n}")
    finally:
        conn.close()


def run_workloads(target, args, report):
    common = dict(**target.endpoint.sysbench_args(), table_size=args.table_size)
    base = [f"--threads={args.threads}", "--percentile=95", "--auto-inc=off",
            f"--rand-type={args.rand_type}"]
    if args.warmup:
        try:
            sysbench("oltp_point_select", "run", **common, tables=args.tables,
                     extra=base + [f"--time={args.warmup}"], timeout=args.warmup + 120)
        except SysbenchError as e:
            report.failures.append(f"warm-up: {e}")
    for workload in args.workloads:
        tables = 1 if workload in SINGLE_TABLE else args.tables
        for mode in args.ps_modes:
            key = (workload, mode)
            if workload == "oltp_insert":
                try:
                    empty_tables_for_insert(target, tables)
                except pymysql.MySQLError as e:
                    report.run_failures[key] = f"emptying the tables before oltp_insert: {e}"
                    continue
            cpu_before = target.proxy.cpu_seconds() if target.proxy else None
            try:
                out = sysbench(workload, "run", **common, tables=tables,
                               extra=base + [f"--time={args.time}", f"--db-ps-mode={mode}"],
                               timeout=args.time + 300)
            except SysbenchError as e:
                report.run_failures[key] = str(e)
                log(f"{target.name} {workload} ps={mode}: FAILED {e}")
                continue
            cpu = target.proxy.cpu_seconds() - cpu_before if target.proxy else None
            result = RunResult(workload, target.name, out, cpu)
            report.runs[key] = result
            problems = result.problems()
            if problems:
                report.run_failures[key] = "; ".join(problems)
            log(f"{target.name} {workload} ps={mode}: {result.qps:.0f} qps {result.tps:.0f} tps "
                f"p95 {result.p95_ms} ms{' PROBLEMS: ' + '; '.join(problems) if problems else ''}")


def run_target(name, args):
    report = TargetReport(name)
    log(f"== {name}")
    reference = None
    try:
        with make_target(name, args.tables, args.proxy_bin, args.workers,
                         args.backend_transport) as target:
            # 1. prepare through the target (CREATE TABLE, bulk INSERTs, CREATE INDEX)
            try:
                prepare(args, target.endpoint.sysbench_args(), target.prepare_extra)
            except SysbenchError as e:
                report.failures.append(f"prepare through {name}: {e}")
                if target.proxy:
                    report.failures.append("proxy log tail: " +
                                           target.proxy_log_tail().strip()[-1500:])
                return report
            report.failures += [f"placement: {p}" for p in
                                target.check_placement(args.table_size)]
            # 2. validation against an unsharded reference with the same rows
            if args.samples:
                reference = start_reference(target.workdir)
                reference_endpoint = Endpoint("127.0.0.1", reference.port, "root", "", "sbtest")
                prepare(args, reference_endpoint.sysbench_args())
                compared, problems = validate(target.endpoint, reference_endpoint, args.tables,
                                              args.table_size, args.samples, args.seed,
                                              args.metadata_ignore)
                reference.stop()
                reference = None
                report.validation = compared
                log(f"{name} validation: {sum(compared.values())} statements, "
                    f"{len(problems)} differences")
                by_shape = {}
                for problem in problems:
                    by_shape.setdefault(problem.split("]", 1)[0].lstrip("["), []).append(problem)
                for shape, found in by_shape.items():
                    report.failures.append(
                        f"validation: {len(found)} of {compared.get(shape, 0)} {shape} "
                        f"statements differ; first: {found[0]}")
            # 3. every workload in both ps modes
            run_workloads(target, args, report)
            # 4. cleanup through the target
            try:
                sysbench("oltp_read_write", "cleanup", **target.endpoint.sysbench_args(),
                         tables=args.tables, table_size=args.table_size)
                left = target.leftover_tables()
                if left:
                    report.failures.append(f"cleanup left tables: {', '.join(left)}")
            except SysbenchError as e:
                report.failures.append(f"cleanup through {name}: {e}")
    except (TargetError, RuntimeError, OSError) as e:
        report.failures.append(f"{type(e).__name__}: {e}")
    except Exception as e:  # a bug in the suite: say so, keep going with other targets
        report.failures.append(f"suite error: {e}\n{traceback.format_exc()}")
    finally:
        if reference is not None:
            reference.stop()
    # 5. flash sale, on servers of its own
    if args.flash_sale:
        report.flash_sale = run_flash_sale(name, args, report)
    log(f"{name}: {'OK' if report.ok() else 'FAILED'}")
    return report


def run_flash_sale(name, args, report):
    import flash_sale
    if name not in flash_sale.FLASH_SALE_TARGETS:
        return f"not defined for {name}"
    try:
        summary, problems = flash_sale.run(name, threads=args.threads, seconds=args.time,
                                           workers=args.workers, proxy_bin=args.proxy_bin)
    except (SysbenchError, TargetError, RuntimeError) as e:
        report.failures.append(f"flash sale: {e}")
        return "FAILED"
    report.failures += [f"flash sale check: {p}" for p in problems]
    log(f"{name} flash sale: {summary}; {len(problems)} problems")
    return summary + ("" if not problems else f"; {len(problems)} PROBLEMS")


# --- report -----------------------------------------------------------------------------------

def machine_description():
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    facts = {}
    for line in lscpu.splitlines():
        key, _, value = line.partition(":")
        facts[key.strip()] = value.strip()
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{facts.get('Model name', 'unknown CPU')}, {facts.get('CPU(s)', os.cpu_count())} "
            f"CPUs, {mem_gib:.0f} GiB, {platform.system()} {platform.release()}")


def versions():
    sb = subprocess.run(["/usr/bin/sysbench", "--version"], capture_output=True, text=True)
    db = subprocess.run(["/usr/sbin/mariadbd", "--version"], capture_output=True, text=True)
    return sb.stdout.strip(), db.stdout.strip().split("  ", 1)[-1].strip()


def proxy_provenance(args):
    from targets import proxy_binary
    path = proxy_binary(args.proxy_bin)
    if not os.path.isfile(path):
        return f"shardproxy binary: none at {path}."
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(path)))
    return f"shardproxy binary: {path}, built {built}."


def fmt(value, digits=0):
    return f"{value:.{digits}f}"


def results_markdown(reports, args, started, load_before):
    sb_version, db_version = versions()
    lines = [
        "# sysbench results",
        "",
        f"Measured {started} by `sysbench/run_suite.py` on {machine_description()}; "
        "sysbench, every MariaDB and the proxy share these cores with whatever else ran "
        f"(load average before the run: {load_before}).",
        f"{sb_version}; {db_version}. {args.threads} threads, {args.time} s per run, "
        f"{args.tables} tables x {args.table_size} rows (select_random_* use sbtest1 only), "
        f"--rand-type={args.rand_type}, --auto-inc=off, rows from seeded_prepare.lua "
        f"--load-seed={args.seed}. Clients reach every target over loopback TCP; the proxy "
        f"and Spider's front reach their MariaDB servers over "
        f"{'their Unix socket files' if args.backend_transport == 'socket' else 'loopback TCP'} "
        f"(--backend-transport {args.backend_transport}). Only figures measured in this run "
        "appear here.",
        "",
        proxy_provenance(args),
        "",
        "## Targets",
        "",
    ]
    rows = []
    for r in reports:
        validation = ("not run" if r.validation is None else
                      f"{sum(r.validation.values())} statements")
        rows.append([r.name, "OK" if r.ok() else "FAILED", validation,
                     len(r.runs), len(r.run_failures), r.flash_sale or "-"])
    lines.append(markdown_table(["target", "status", "validation", "runs measured",
                                 "runs failed", "flash sale"], rows))
    direct = next((r for r in reports if r.name == "direct"), None)
    lines += ["", "## Workloads", "",
              "QPS/direct and p95/direct compare with the direct run of the same workload and "
              "ps mode in this run.", ""]
    rows = []
    for workload in args.workloads:
        for mode in args.ps_modes:
            for r in reports:
                key = (workload, mode)
                if key in r.runs:
                    res = r.runs[key]
                    d = direct.runs.get(key) if direct else None
                    rows.append([workload, mode, r.name, fmt(res.qps), fmt(res.tps),
                                 fmt(res.p95_ms, 2),
                                 fmt(res.qps / d.qps, 2) if d and d.qps else "-",
                                 fmt(res.p95_ms / d.p95_ms, 2) if d and d.p95_ms else "-",
                                 res.errors, res.reconnects,
                                 "FAILED" if key in r.run_failures else "ok"])
                elif key in r.run_failures:
                    rows.append([workload, mode, r.name, "-", "-", "-", "-", "-", "-", "-",
                                 "FAILED"])
    lines.append(markdown_table(["workload", "ps mode", "target", "QPS", "TPS", "p95 ms",
                                 "QPS/direct", "p95/direct", "errors", "reconnects", "status"],
                                rows))
    lines += ["", "## Issue 8 targets", "", *issue_targets(reports, args)]
    failing = [r for r in reports if not r.ok()]
    if failing:
        lines += ["", "## Failures (the servers' and the proxy's own messages)", ""]
        for r in failing:
            for failure in r.failures:
                lines.append(f"- **{r.name}**: {failure.strip()[:2000]}")
            for (workload, mode), message in r.run_failures.items():
                lines.append(f"- **{r.name}** {workload} ps={mode}: {message.strip()[:600]}")
    return "\n".join(lines) + "\n"


def issue_targets(reports, args):
    """Issue 8's bars for 2 shards, judged on this run's figures only."""
    by_name = {r.name: r for r in reports}
    sharded, direct, spider = by_name.get("shards2"), by_name.get("direct"), by_name.get("spider")
    lines = []

    def ratio_line(label, workload, floor, base, base_name):
        for mode in args.ps_modes:
            key = (workload, mode)
            if not sharded or key not in sharded.runs or not base or key not in base.runs:
                lines.append(f"- {label} ({mode}): not measured in this run")
                continue
            ratio = sharded.runs[key].qps / base.runs[key].qps
            verdict = "met" if ratio >= floor else "NOT met"
            lines.append(f"- {label} ({mode}): {ratio:.2f} x {base_name} (bar {floor}) - {verdict}")

    if "oltp_point_select" in args.workloads:
        ratio_line("shards2 oltp_point_select >= 0.60 x direct", "oltp_point_select", 0.60,
                   direct, "direct")
    if "oltp_read_write" in args.workloads:
        ratio_line("shards2 oltp_read_write >= 0.50 x direct", "oltp_read_write", 0.50, direct,
                   "direct")
    for workload in args.workloads:
        ratio_line(f"shards2 {workload} >= 3 x spider", workload, 3.0, spider, "spider")
    zero = all(not r.run_failures for r in reports if r.name in ("shards2", "shards4",
                                                                  "shards2x2"))
    measured = any(r.runs for r in reports if r.name in ("shards2", "shards4", "shards2x2"))
    lines.append("- zero errors on the sharded targets: " +
                 ("met" if zero and measured else "not met" if measured else
                  "not measured in this run"))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help=f"comma-separated, from {','.join(TARGETS)}")
    parser.add_argument("--time", type=int, default=10, help="seconds per workload run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--tables", type=int, default=4)
    parser.add_argument("--table-size", type=int, default=10000)
    parser.add_argument("--rand-type", default="uniform",
                        help="sysbench's id distribution: uniform (default here), or sysbench's "
                             "own default special (75%% of accesses on 1%% of the ids: on small "
                             "tables MariaDB itself then deadlocks now and then), gaussian, "
                             "pareto")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--ps-modes", default="auto,disable")
    parser.add_argument("--samples", type=int, default=100,
                        help="validation rounds per statement shape (0: no validation)")
    parser.add_argument("--seed", type=int, default=1, help="rows and validation parameters")
    parser.add_argument("--metadata-ignore", default="",
                        help="column-definition fields validation should not compare, e.g. "
                             "db,org_table")
    parser.add_argument("--flash-sale", action="store_true",
                        help="also run the flash-sale workload and its checker per target")
    parser.add_argument("--workers", type=int, default=0, help="proxy workers (0: one per core)")
    parser.add_argument("--backend-transport", default="tcp", choices=["tcp", "socket"],
                        help="how the proxy and Spider's front reach their MariaDB servers")
    parser.add_argument("--proxy-bin", default=None,
                        help="shardproxy binary (default: $SHARDPROXY_BIN, else "
                             "build/release/proxy/shardproxy)")
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"),
                        help="Markdown file to write ('' : print only)")
    args = parser.parse_args()
    args.targets = [t for t in args.targets.split(",") if t]
    args.workloads = [w for w in args.workloads.split(",") if w]
    args.ps_modes = [m for m in args.ps_modes.split(",") if m]
    args.metadata_ignore = [f for f in args.metadata_ignore.split(",") if f]
    for name in args.targets:
        if name not in TARGETS:
            parser.error(f"unknown target {name!r}; known: {', '.join(TARGETS)}")
    for workload in args.workloads:
        if workload not in WORKLOADS:
            parser.error(f"unknown workload {workload!r}; known: {', '.join(WORKLOADS)}")
    for mode in args.ps_modes:
        if mode not in ("auto", "disable"):
            parser.error(f"unknown ps mode {mode!r}: auto or disable")
    if "direct" not in args.targets:
        log("note: without the direct target there is no ratio to direct")

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    reports = [run_target(name, args) for name in args.targets]
    text = results_markdown(reports, args, started, load_before)
    print(text)
    if args.results:
        with open(args.results, "w") as f:
            f.write(text)
        log(f"wrote {args.results}")
    return 0 if all(r.ok() for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
