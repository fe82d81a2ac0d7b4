#!/usr/bin/env bash
# Starts a local PostgreSQL for the reference server's tests and prints its DATABASE_URL.
# Installs Debian's postgresql package first when it is missing (needs root, as in CI).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "postgresql is not installed and this is not root: install Debian's postgresql package" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "installing Debian's postgresql…" >&2
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi
if [ -z "$(pg_lsclusters -h)" ]; then
  pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
fi
read -r version name port status _ < <(pg_lsclusters -h | head -1)
if [ "$status" != online ]; then pg_ctlcluster "$version" "$name" start >&2; fi
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
psql_q() { as_postgres "psql -p $port -qtAc \"$1\""; }
if [ "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = 'kehu'")" != 1 ]; then
  psql_q "CREATE ROLE kehu LOGIN PASSWORD 'kehu'" >/dev/null
fi
if [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = 'kehu_test'")" != 1 ]; then
  as_postgres "createdb -p $port -O kehu kehu_test"
fi
echo "postgres://kehu:kehu@127.0.0.1:$port/kehu_test"
