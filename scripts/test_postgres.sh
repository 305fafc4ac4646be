#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database for the store tests: $ATLAS_TEST_POSTGRES_URL when set,
# else the local database `atlas_test` (scripts/local_postgres.sh; as root on Debian it installs and
# starts PostgreSQL if needed). Prints nothing when there is none; the PostgreSQL tests are then
# skipped with the reason.
set -uo pipefail

if [ -n "${ATLAS_TEST_POSTGRES_URL:-}" ]; then echo "$ATLAS_TEST_POSTGRES_URL"; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "test_postgres: not root: set ATLAS_TEST_POSTGRES_URL to test the store on PostgreSQL" >&2; exit 0
fi
exec "$(dirname "$0")/local_postgres.sh" atlas_test
