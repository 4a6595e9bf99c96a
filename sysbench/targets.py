"""Benchmark targets: the servers (and proxy) behind one endpoint that sysbench connects to, and
where the rows physically live, so the suite can check placement and clean-up on the shards.

    with make_target("shards2", options) as target:
        target.endpoint.sysbench_args()   # host/port/user/password/database for sysbench
        target.layout                     # [PhysicalPart]: instance, database, table, modulus

Targets: direct (one MariaDB), spider (MariaDB Spider front over 2 MariaDB shards, partitioned
by HASH(id), i.e. id mod 2), passthrough (shardproxy in front of one MariaDB, no rules), shards2,
shards4, shards2x2 (shardproxy with config/examples/sysbench-*.yaml, ports rewritten).
Everything is started on free loopback ports and removed on exit.
"""

import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "harness"))

import pymysql  # noqa: E402

from cluster import MariaDBCluster, MariaDBInstance, free_port  # noqa: E402
from proxy import ShardProxy, passthrough_config  # noqa: E402

TARGETS = ["direct", "spider", "passthrough", "shards2", "shards4", "shards2x2"]
PROXY_TARGETS = {"passthrough", "shards2", "shards4", "shards2x2"}
SHARDED_EXAMPLES = {"shards2": ("sysbench-2.yaml", 2), "shards4": ("sysbench-4.yaml", 4),
                    "shards2x2": ("sysbench-2x2.yaml", 2)}

# Every MariaDB of every target gets the same settings, so ratios compare like with like.
SERVER_ARGS = ["--innodb-buffer-pool-size=256M"]
PROXY_USER, PROXY_PASSWORD = "sbtest", "sbtest_pw"

# sysbench's CREATE TABLE (oltp_common.lua, --auto-inc=off) and its secondary index: the
# Spider shards need the physical tables before the front's spider tables can use them.
SBTEST_DDL = """CREATE TABLE sbtest{n}(
  id INTEGER NOT NULL,
  k INTEGER DEFAULT '0' NOT NULL,
  c CHAR(120) DEFAULT '' NOT NULL,
  pad CHAR(60) DEFAULT '' NOT NULL,
  PRIMARY KEY (id),
  KEY k_{n} (k)
) ENGINE=InnoDB"""

SPIDER_TABLE_OPTIONS = ("COMMENT='wrapper \"mysql\", table \"sbtest%d\"' PARTITION BY HASH(id) "
                        "(PARTITION p0 COMMENT='srv \"s0\"', PARTITION p1 COMMENT='srv \"s1\"')")


class TargetError(RuntimeError):
    """The target could not be set up; the message says what failed."""


@dataclass
class Endpoint:
    host: str
    port: int
    user: str
    password: str
    database: str

    def sysbench_args(self):
        return dict(host=self.host, port=self.port, user=self.user, password=self.password,
                    database=self.database)

    def connect(self, **kwargs):
        return pymysql.connect(host=self.host, port=self.port, user=self.user,
                               password=self.password, database=self.database, **kwargs)


@dataclass
class PhysicalPart:
    """Rows of logical table sbtestN whose id mod `modulus` is `residue` live in
    `database`.`table_template.format(n=N)` on `instance`."""
    instance: MariaDBInstance
    database: str
    table_template: str
    modulus: int
    residue: int

    def table(self, n):
        return self.table_template.format(n=n)

    def endpoint(self):
        return Endpoint("127.0.0.1", self.instance.port, "root", "", self.database)


def proxy_binary(explicit=None):
    return (explicit or os.environ.get("SHARDPROXY_BIN")
            or os.path.join(REPO, "build", "release", "proxy", "shardproxy"))


def sharded_config(example, instances, listen_port, xa_dir, unix_socket=False):
    """config/examples/<example> with the data sources on `instances` (over their socket files
    with unix_socket) and the proxy on `listen_port`."""
    with open(os.path.join(REPO, "config", "examples", example)) as f:
        text = f.read()

    def address_of(match):
        index = int(match.group(2))
        if index >= len(instances):
            raise TargetError(f"{example} names ds{index}, but only {len(instances)} started")
        instance = instances[index]
        address = (f'socket: "{instance.socket}"' if unix_socket else
                   f"host: 127.0.0.1, port: {instance.port}")
        return f"{match.group(1)}{{ {address}"

    text = re.sub(r"(ds(\d+): )\{ host: 127\.0\.0\.1, port: \d+", address_of, text)
    text = re.sub(r"(?m)^listen: .*$", f"listen: 127.0.0.1:{listen_port}", text)
    text = re.sub(r"(?m)^(\s*log_dir: ).*$", lambda m: m.group(1) + xa_dir, text)
    return text


class Target:
    def __init__(self, name, tables, proxy_bin=None, workers=0, backend_transport="tcp"):
        if name not in TARGETS:
            raise ValueError(f"unknown target {name!r}; known: {', '.join(TARGETS)}")
        self.name = name
        self.tables = tables
        self.proxy_bin = proxy_binary(proxy_bin)
        self.workers = workers
        # How the proxy and Spider's front reach their MariaDB servers: "tcp" (loopback) or
        # "socket" (their Unix socket files). Clients reach every target over TCP.
        if backend_transport not in ("tcp", "socket"):
            raise ValueError(f"backend_transport is tcp or socket, not {backend_transport!r}")
        self.unix_socket = backend_transport == "socket"
        self.cluster = None
        self.front = None
        self.proxy = None
        self.endpoint = None
        self.layout = []
        self.prepare_extra = []
        self.workdir = tempfile.mkdtemp(prefix=f"shardproxy-sysbench-{name}-")

    # --- provisioning -------------------------------------------------------------------------

    def start(self):
        try:
            getattr(self, "_start_" + (self.name if self.name not in SHARDED_EXAMPLES
                                       else "sharded"))()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_cluster(self, count):
        self.cluster = MariaDBCluster(count, os.path.join(self.workdir, "mariadb"),
                                      extra_args=SERVER_ARGS)
        self.cluster.start()
        return self.cluster.instances

    def _start_direct(self):
        (server,) = self._start_cluster(1)
        server.sql("CREATE DATABASE sbtest")
        self.endpoint = Endpoint("127.0.0.1", server.port, "root", "", "sbtest")
        self.layout = [PhysicalPart(server, "sbtest", "sbtest{n}", 1, 0)]

    def _start_spider(self):
        shards = self._start_cluster(2)
        for shard in shards:
            shard.sql("CREATE DATABASE sbtest")
            shard.sql(";\n".join(SBTEST_DDL.format(n=n) for n in range(1, self.tables + 1)),
                      "sbtest")
        self.front = MariaDBInstance(os.path.join(self.workdir, "spider-front"),
                                     extra_args=SERVER_ARGS)
        self.front.start()
        servers = "".join(
            f"CREATE SERVER s{i} FOREIGN DATA WRAPPER mysql OPTIONS ("
            + (f"HOST 'localhost', SOCKET '{shard.socket}', " if self.unix_socket else
               f"HOST '127.0.0.1', PORT {shard.port}, ")
            + "USER 'root', PASSWORD '', DATABASE 'sbtest');\n"
            for i, shard in enumerate(shards))
        self.front.sql("INSTALL SONAME 'ha_spider';\n"
                       "SET GLOBAL spider_conn_recycle_mode = 1;\n" + servers +
                       "CREATE DATABASE sbtest;")
        mode = self.front.sql("SELECT @@global.spider_conn_recycle_mode").strip()
        if mode != "1":
            raise TargetError(f"spider_conn_recycle_mode is {mode}, expected 1")
        self.endpoint = Endpoint("127.0.0.1", self.front.port, "root", "", "sbtest")
        self.layout = [PhysicalPart(shard, "sbtest", "sbtest{n}", 2, i)
                       for i, shard in enumerate(shards)]
        self.prepare_extra = ["--mysql-storage-engine=SPIDER",
                              f"--table-options={SPIDER_TABLE_OPTIONS}"]

    def _start_proxy(self, config_text):
        if not os.path.isfile(self.proxy_bin) or not os.access(self.proxy_bin, os.X_OK):
            raise TargetError(f"shardproxy binary not found at {self.proxy_bin} (build it with "
                              "scripts/build.sh release, or pass --proxy-bin / SHARDPROXY_BIN)")
        self.proxy = ShardProxy(config_text, user=PROXY_USER, password=PROXY_PASSWORD,
                                binary=self.proxy_bin)
        try:
            self.proxy.start()
        except RuntimeError as e:
            self.proxy = None
            raise TargetError(str(e)) from e
        self.endpoint = Endpoint("127.0.0.1", self.proxy.port, PROXY_USER, PROXY_PASSWORD,
                                 "sbtest")

    def _start_passthrough(self):
        (server,) = self._start_cluster(1)
        server.sql("CREATE DATABASE sbtest")
        self.layout = [PhysicalPart(server, "sbtest", "sbtest{n}", 1, 0)]
        self._start_proxy(passthrough_config(server, database="sbtest", user=PROXY_USER,
                                             password=PROXY_PASSWORD, workers=self.workers,
                                             unix_socket=self.unix_socket))

    def _start_sharded(self):
        example, count = SHARDED_EXAMPLES[self.name]
        instances = self._start_cluster(count)
        for i, instance in enumerate(instances):
            instance.sql(f"CREATE DATABASE sbtest_{i}")
        if self.name == "shards2x2":
            self.layout = [PhysicalPart(instances[t % 2], f"sbtest_{t % 2}", "sbtest{n}_" + str(t),
                                        4, t) for t in range(4)]
        else:
            self.layout = [PhysicalPart(instance, f"sbtest_{i}", "sbtest{n}", count, i)
                           for i, instance in enumerate(instances)]
        xa_dir = os.path.join(self.workdir, "xa")
        os.makedirs(xa_dir, exist_ok=True)
        config = sharded_config(example, instances, free_port(), xa_dir, self.unix_socket)
        config = re.sub(r"(?m)^workers: .*$", f"workers: {self.workers}", config)
        self._start_proxy(config)

    def stop(self):
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
        if self.front is not None:
            self.front.stop()
            self.front = None
        if self.cluster is not None:
            self.cluster.stop()
            self.cluster = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # --- facts for the checks -----------------------------------------------------------------

    def proxy_log_tail(self):
        return self.proxy.log_tail() if self.proxy is not None else ""

    def check_placement(self, table_size):
        """Every row is on the part its id says, none is missing or doubled. Returns problems."""
        problems = []
        for n in range(1, self.tables + 1):
            total = 0
            for part in self.layout:
                table = part.table(n)
                try:
                    rows = part.instance.sql(
                        f"SELECT COUNT(*), COALESCE(SUM(MOD(MOD(id, {part.modulus}) + "
                        f"{part.modulus}, {part.modulus}) <> {part.residue}), 0) "
                        f"FROM `{part.database}`.`{table}`")
                except RuntimeError as e:  # e.g. the table was never created on this shard
                    problems.append(f"sbtest{n}: {part.database}.{table} on port "
                                    f"{part.instance.port}: {e}")
                    continue
                count, misplaced = (int(x) for x in rows.split())
                total += count
                if misplaced:
                    problems.append(f"{misplaced} rows of sbtest{n} on port {part.instance.port} "
                                    f"{part.database}.{table} do not belong there "
                                    f"(id mod {part.modulus} != {part.residue})")
            if total != table_size:
                problems.append(f"sbtest{n}: {total} rows on the shards, expected {table_size}")
        return problems

    def leftover_tables(self):
        """sbtest tables still on the front (Spider) or the shards after cleanup."""
        left = []
        places = ([(self.front, "sbtest")] if self.front is not None else
                  sorted({(p.instance.port, p.database): (p.instance, p.database)
                          for p in self.layout}.values(), key=lambda x: x[0].port))
        for instance, database in places:
            names = instance.sql(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                f"'{database}' AND table_name LIKE 'sbtest%'").split()
            left += [f"{database}.{name} (port {instance.port})" for name in names]
        return left


def make_target(name, tables, proxy_bin=None, workers=0, backend_transport="tcp"):
    return Target(name, tables, proxy_bin, workers, backend_transport)


def start_reference(workdir=None):
    """An unsharded MariaDB with database sbtest, the validation's source of truth."""
    directory = os.path.join(workdir or tempfile.mkdtemp(prefix="shardproxy-reference-"),
                             "reference")
    instance = MariaDBInstance(directory, extra_args=SERVER_ARGS)
    instance.start()
    instance.sql("CREATE DATABASE sbtest")
    return instance
