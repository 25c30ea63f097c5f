#!/usr/bin/env bash
# Embedded PostgreSQL for IsoEdms: start | stop | status | url
#   start   find (or apt-get install) PostgreSQL >= 15, create the cluster on first use, start it on
#           127.0.0.1:$ISOEDMS_PG_PORT (default 55433). Idempotent; recovers a stale pid after a crash.
#   stop    stop the cluster (fast shutdown).
#   status  exit 0 when it accepts connections.
#   url     print the Npgsql connection string of the app database.
# The data folder is <repo>/.data/pg (git-ignored). When the PostgreSQL OS user cannot reach it (a repo
# under /root, say), it falls back to /var/tmp/isoedms-<hash of the repo path>/pg.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${ISOEDMS_PG_PORT:-55433}"
DB_NAME="isoedms"
DB_ROLE="isoedms"

say()  { echo "db: $*" >&2; }
fail() { echo "db: error: $*" >&2; exit 1; }

find_pg_bin() {
  local best="" best_v=0 d v
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || continue
    v="$(basename "$(dirname "$d")")"; v="${v%%.*}"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge 15 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    v="$(pg_config --version 2>/dev/null | sed -E 's/[^0-9]*([0-9]+).*/\1/')"
    if [ -n "$d" ] && [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ "${v:-0}" -ge 15 ]; then best="$d"; fi
  fi
  echo "$best"
}

install_pg() {
  [ "$(id -u)" -eq 0 ] || fail "PostgreSQL 15+ server is not installed and this user cannot apt-get it; run: sudo apt-get install -y postgresql"
  command -v apt-get >/dev/null 2>&1 || fail "PostgreSQL 15+ server is not installed and apt-get is not available to install it"
  say "installing PostgreSQL with apt-get (first run only)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }; then
    fail "apt-get could not install PostgreSQL (apt-get install postgresql failed)"
  fi
}

PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ] && [ "${1:-}" = "start" ]; then
  install_pg
  PG_BIN="$(find_pg_bin)"
  [ -n "$PG_BIN" ] || fail "PostgreSQL was installed but no server binaries >= 15 were found under /usr/lib/postgresql"
fi

# The OS user that owns and runs the cluster.
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then PG_OS_USER=postgres
  else
    id isoedms-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin isoedms-pg
    PG_OS_USER=isoedms-pg
  fi
  as_pg() { runuser -u "$PG_OS_USER" -- "$@"; }
else
  PG_OS_USER="$(id -un)"
  as_pg() { "$@"; }
fi

# Where the data lives: in the repo when the cluster's OS user can reach it, else a fallback.
choose_base() {
  local base="$REPO/.data"
  mkdir -p "$base" 2>/dev/null || true
  if [ "$(id -u)" -eq 0 ]; then
    chown "$PG_OS_USER": "$base" 2>/dev/null || true
    if ! runuser -u "$PG_OS_USER" -- test -w "$base" 2>/dev/null || ! runuser -u "$PG_OS_USER" -- test -x "$base" 2>/dev/null; then
      local h; h="$(printf '%s' "$REPO" | sha1sum | cut -c1-10)"
      base="/var/tmp/isoedms-$h"
      mkdir -p "$base"; chown "$PG_OS_USER": "$base"
      printf '%s\n' "$base" > "$REPO/.data/FALLBACK_LOCATION" 2>/dev/null || true
    fi
  fi
  echo "$base"
}

BASE="$(choose_base)"
DATA="$BASE/pg"
SOCK="$BASE/sock"
LOG="$BASE/pg.log"

is_up() { [ -n "$PG_BIN" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }
psql_admin() { as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"; }

# A pid is a running server only if it is a live (not zombie) postgres process: after a crash the pid can be
# reused by another program, or linger as a zombie where nothing reaps it.
pid_is_live_postgres() {
  local pid="$1" state comm
  [ -r "/proc/$pid/stat" ] || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)"
  comm="$(cat "/proc/$pid/comm" 2>/dev/null)"
  [ "$state" != "Z" ] && [ "$state" != "X" ] && [[ "$comm" == postgres* ]]
}

start() {
  if is_up; then
    local theirs; theirs="$(psql_admin -tAc 'SHOW data_directory' 2>/dev/null || true)"
    if [ -n "$theirs" ] && [ "$(readlink -f "$theirs")" = "$(readlink -f "$DATA")" ]; then
      ensure_role_and_db; return 0
    fi
    fail "port $PORT on 127.0.0.1 is taken by another server (data: ${theirs:-unknown}); stop it, or set ISOEDMS_PG_PORT to a free port or ISOEDMS_DB to use that server"
  fi
  mkdir -p "$DATA" "$SOCK"
  [ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER": "$DATA" "$SOCK"
  chmod 700 "$DATA"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    say "creating cluster in $DATA"
    as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N >"$BASE/initdb.log" 2>&1 \
      || fail "initdb failed (see $BASE/initdb.log)"
    cat >>"$DATA/postgresql.conf" <<CONF
# IsoEdms embedded cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
max_connections = 300
shared_buffers = 256MB
CONF
  fi
  # Stale pid after a crash: postgres is not answering but a pid file remains.
  if [ -f "$DATA/postmaster.pid" ]; then
    local pid; pid="$(head -1 "$DATA/postmaster.pid" 2>/dev/null || true)"
    if [ -z "$pid" ] || ! pid_is_live_postgres "$pid"; then
      say "removing stale postmaster.pid (pid ${pid:-?} is gone)"
      rm -f "$DATA/postmaster.pid"
    fi
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "-p $PORT -k $SOCK" start >/dev/null \
    || { tail -5 "$LOG" >&2 || true; fail "PostgreSQL did not start on 127.0.0.1:$PORT (log: $LOG)"; }
  ensure_role_and_db
  say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DATA"
}

ensure_role_and_db() {
  psql_admin -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='$DB_ROLE') THEN CREATE ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_ROLE'; END IF; END\$\$;" >/dev/null
  if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_ROLE ENCODING 'UTF8'" >/dev/null
  fi
  # the bulk import skips the event table's foreign-key check for the events it copies right after their streams, in
  # its own transaction (docs/write-path.md, "The import"); the role owns its tables, so this grants no more than that
  psql_admin -c "GRANT SET ON PARAMETER session_replication_role TO $DB_ROLE" >/dev/null
}

stop() {
  if [ -z "$PG_BIN" ] || [ ! -f "$DATA/PG_VERSION" ]; then say "no cluster"; return 0; fi
  if [ -f "$DATA/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -f "$DATA/postmaster.pid" 2>/dev/null || true
  say "stopped"
}

case "${1:-}" in
  start)  start ;;
  stop)   stop ;;
  status) is_up ;;
  url)    echo "Host=127.0.0.1;Port=$PORT;Database=$DB_NAME;Username=$DB_ROLE;Password=$DB_ROLE" ;;
  *) echo "usage: infra/db.sh start|stop|status|url" >&2; exit 2 ;;
esac
