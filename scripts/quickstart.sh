#!/usr/bin/env bash
# Installs, builds, starts two local MariaDB shards (data in var/mariadb) and shardproxy in front
# of them with demo data, then prints how to connect. Re-running restarts the proxy and keeps the
# shards' data. `scripts/quickstart.sh stop` stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
config=config/examples/quickstart.yaml
proxy_port=3307
shard_base_port=13306
mkdir -p var

stop_proxy() {
  if [ -f var/shardproxy.pid ] && kill -0 "$(cat var/shardproxy.pid)" 2>/dev/null; then
    kill "$(cat var/shardproxy.pid)"
    for _ in $(seq 100); do kill -0 "$(cat var/shardproxy.pid)" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f var/shardproxy.pid
}

if [ "${1:-}" = stop ]; then
  stop_proxy
  /usr/bin/python3 tests/harness/cluster.py stop --dir var/mariadb
  echo "stopped shardproxy and the quickstart shards"
  exit 0
fi

bash scripts/install-deps.sh
bash scripts/build.sh release

echo "== starting two MariaDB shards on 127.0.0.1:${shard_base_port} and :$((shard_base_port + 1))"
/usr/bin/python3 tests/harness/cluster.py start --count 2 --dir var/mariadb \
  --base-port "$shard_base_port" >/dev/null
fresh=0
for i in 0 1; do
  port=$((shard_base_port + i))
  if ! mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -N -e "SHOW DATABASES LIKE 'shop_$i'" | grep -q .; then
    mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -e "CREATE DATABASE shop_$i"
    fresh=1
  fi
done

echo "== starting shardproxy on 127.0.0.1:${proxy_port}"
stop_proxy
build/release/proxy/shardproxy --check-config "$config" >/dev/null
setsid build/release/proxy/shardproxy --config "$config" >>var/shardproxy.log 2>&1 < /dev/null &
echo $! > var/shardproxy.pid
for _ in $(seq 100); do
  if mariadb --no-defaults -h127.0.0.1 -P"$proxy_port" -uapp -papp_pw -e 'SELECT 1' >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$(cat var/shardproxy.pid)" 2>/dev/null; then
    echo "shardproxy exited; last lines of var/shardproxy.log:" >&2
    tail -20 var/shardproxy.log >&2
    exit 1
  fi
  sleep 0.1
done

if [ "$fresh" = 1 ]; then
  echo "== loading demo data through the proxy"
  mariadb --no-defaults -h127.0.0.1 -P"$proxy_port" -uapp -papp_pw shop < scripts/demo/shop.sql
fi

cat <<MSG

shardproxy is running (log: var/shardproxy.log, config: $config).
Connect with:

  mariadb -h127.0.0.1 -P${proxy_port} -uapp -papp_pw shop

Try:  SELECT * FROM t_order ORDER BY created_at;     PREVIEW SELECT * FROM t_order WHERE user_id = 3;
      SHOW SHARDING TABLES;                          SHOW DATA SOURCES;
Stop everything with: bash scripts/quickstart.sh stop
MSG
