#!/usr/bin/env bash
# Usage: scripts/local_postgres.sh NAME
# Prints the URL of the local PostgreSQL database NAME, starting a local server if it can: as root
# on Debian it installs the `postgresql` package if missing, starts its cluster and creates the role
# and database NAME (password NAME: the cluster listens on this machine only). Prints nothing, and
# says why on stderr, when it cannot. Used by `make test` (atlas_test) and `make serve` (atlas).
set -uo pipefail

db="${1:?usage: scripts/local_postgres.sh NAME}"
say() { echo "local_postgres: $*" >&2; }
if [ "$(id -u)" != 0 ]; then say "not root: cannot set up a local PostgreSQL"; exit 0; fi

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
# After an unclean stop pg_ctlcluster can report failure for a server that recovers and comes up
# (a stale pid file): whether it answers is what counts.
if [ "$status" != online ]; then
  pg_ctlcluster "$version" "$name" start >&2 || say "pg_ctlcluster reported a failure; waiting for the server"
fi

psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
ready=
for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && { ready=1; break; }; sleep 1; done
if [ -z "$ready" ]; then say "could not start cluster $version/$name"; exit 0; fi
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$db'")" != 1 ]; then
  psql_admin -c "create role $db login password '$db'" >&2 || { say "could not create role"; exit 0; }
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
  psql_admin -c "create database $db owner $db" >&2 || { say "could not create database"; exit 0; }
fi
echo "postgresql+psycopg://$db:$db@127.0.0.1:${port}/$db"
