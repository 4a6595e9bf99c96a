#!/usr/bin/env bash
# Installs everything shardproxy needs to build, run and test, from Debian 12 packages only.
# Idempotent: packages already present are skipped by apt-get.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates procps iproute2 psmisc
  clang libclang-rt-14-dev
  # libraries
  libmariadb-dev libabsl-dev libyaml-cpp-dev libantlr4-runtime-dev antlr4 libssl-dev libgmp-dev libmicrohttpd-dev
  zlib1g-dev  # crc32 for the XA decision log (xa/)
  uuid-dev    # libantlr4-runtime-dev's CMake package links -luuid; Debian does not pull it in
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  # servers and clients for tests and the embedded default
  mariadb-server mariadb-client mariadb-plugin-spider sysbench
  python3 python3-pymysql python3-mysqldb
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The Debian mariadb-server package would start a system-wide server; policy-rc.d keeps it from
# doing so in containers and chroots where no init runs. We launch our own instances anyway.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
