"""Shared set-up for the ops tests: two MariaDB shards behind the proxy with t_user sharded by
user_id % 2 (even ids on ds0, odd on ds1), and a helper to write the config with extra settings."""
import os
import sys
import tempfile

import pymysql

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from cluster import MariaDBCluster, free_port  # noqa: E402

USERS = 20  # user ids 0..19, 10 per shard


def start_shards():
    cluster = MariaDBCluster(2).start()
    for i, instance in enumerate(cluster.instances):
        instance.sql(f"CREATE DATABASE shop_{i}")
        instance.sql(f"CREATE TABLE shop_{i}.t_user (user_id BIGINT PRIMARY KEY, "
                     f"name VARCHAR(64) NOT NULL)")
        rows = ", ".join(f"({u}, 'user{u}')" for u in range(USERS) if u % 2 == i)
        instance.sql(f"INSERT INTO shop_{i}.t_user VALUES {rows}")
    return cluster


def stop_all(cluster, *proxies):
    """Stops the proxies, then the shards; fails unless every proxy exited with 0."""
    codes = [proxy.stop() for proxy in proxies]
    cluster.stop()
    assert codes == [0] * len(proxies), f"proxy exits {codes}:\n{proxies[0].log_tail()}"


def sharded_config(cluster, port=None, workers=2, max_connections=64, data_source_extra="",
                   extra="", user_extra="", more_users=()):
    """`data_source_extra` is added inside each data source's { }, `user_extra` inside the
    user's, `extra` at the top level."""
    xa_dir = tempfile.mkdtemp(prefix="shardproxy-ops-xa-")
    ds_extra = (", " + data_source_extra) if data_source_extra else ""
    u_extra = (", " + user_extra) if user_extra else ""
    lines = [f"listen: 127.0.0.1:{port or free_port()}",
             f"workers: {workers}",
             "database: shop",
             "users:",
             f"  - {{ name: app, password: app_pw{u_extra} }}"]
    lines += [f"  - {{ {user} }}" for user in more_users]
    lines += ["data_sources:"]
    for i, instance in enumerate(cluster.instances):
        lines.append(f"  ds{i}: {{ host: 127.0.0.1, port: {instance.port}, user: root, "
                     f"password: \"\", database: shop_{i}, max_connections: {max_connections}"
                     f"{ds_extra} }}")
    lines += ["default_data_source: ds0",
              "sharding:",
              "  tables:",
              "    t_user:",
              "      data_nodes: ds${0..1}.t_user",
              "      database_strategy: { column: user_id, algorithm: db_mod }",
              "  algorithms:",
              "    db_mod: { type: mod, count: 2 }",
              "transaction:",
              "  type: xa",
              f"  log_dir: {xa_dir}"]
    return "\n".join(lines) + "\n" + extra


def connect(port, **kwargs):
    options = dict(host="127.0.0.1", port=port, user="app", password="app_pw", database="shop",
                   autocommit=True, connect_timeout=20, read_timeout=60)
    options.update(kwargs)
    return pymysql.connect(**options)
