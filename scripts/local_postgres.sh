#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database for the store tests, starting a local server if it can.
# Prints nothing (and says why on stderr) when it cannot; the PostgreSQL tests are then skipped.
# Uses $ATLAS_TEST_POSTGRES_URL when set. As root on Debian it installs the `postgresql` package if
# missing, starts its cluster and creates the role and database `atlas_test` (local use only).
set -uo pipefail

if [ -n "${ATLAS_TEST_POSTGRES_URL:-}" ]; then echo "$ATLAS_TEST_POSTGRES_URL"; exit 0; fi
say() { echo "test_postgres: $*" >&2; }
if [ "$(id -u)" != 0 ]; then say "not root: set ATLAS_TEST_POSTGRES_URL to test the store on PostgreSQL"; exit 0; fi

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing Debian's postgresql"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 \
    || { say "could not install postgresql"; exit 0; }
fi

cluster=$(pg_lsclusters --no-header 2>/dev/null | head -n 1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >&2 || { say "could not create a cluster"; exit 0; }
  cluster=$(pg_lsclusters --no-header | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != online ]; then
  pg_ctlcluster "$version" "$name" start >&2 || { say "could not start cluster $version/$name"; exit 0; }
fi

psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = 'atlas_test'")" != 1 ]; then
  psql_admin -c "create role atlas_test login password 'atlas_test'" >&2 || { say "could not create role"; exit 0; }
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = 'atlas_test'")" != 1 ]; then
  psql_admin -c "create database atlas_test owner atlas_test" >&2 || { say "could not create database"; exit 0; }
fi
echo "postgresql+psycopg://atlas_test:atlas_test@127.0.0.1:${port}/atlas_test"
