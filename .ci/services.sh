#!/usr/bin/env bash
# Installs (from Debian's packages) and starts PostgreSQL and Redis on loopback for the
# store contract suite and the two-replica test, then prints the URLs to export.
# Idempotent: already installed or running services are reused.
set -euo pipefail
PGPORT=${RECO_CI_PGPORT:-5432}
REDISPORT=${RECO_CI_REDISPORT:-6379}
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q online; then
  pg_lsclusters -h | grep -q . || pg_createcluster "$ver" main -p "$PGPORT" >&2
  pg_ctlcluster "$ver" main start >&2
fi
port=$(pg_lsclusters -h | awk '$4=="online"{print $3; exit}')
# A password user and a database for the tests (connections over TCP use md5/scram).
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='reco'\" | grep -q 1 || psql -q -p $port -c \"CREATE ROLE reco LOGIN PASSWORD 'reco'\"" >&2
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='reco_test'\" | grep -q 1 || createdb -p $port -O reco reco_test" >&2
if ! redis-cli -p "$REDISPORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDISPORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >&2
  for _ in $(seq 50); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "export RECO_TEST_DATABASE_URL=postgres://reco:reco@127.0.0.1:$port/reco_test"
echo "export RECO_TEST_REDIS_URL=redis://127.0.0.1:$REDISPORT"
