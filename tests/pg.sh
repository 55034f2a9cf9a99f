#!/bin/sh
# tests/pg.sh - a throwaway PostgreSQL 15 server for the tests.
#   tests/pg.sh start DIR   initialise and start a server in DIR (Unix socket only); prints its URL
#   tests/pg.sh url DIR     the URL of database "postgres" on it
#   tests/pg.sh createdb DIR NAME   a fresh database; prints its URL
#   tests/pg.sh stop DIR    stop it and remove DIR
# PostgreSQL refuses to run as root, so as root the server runs as the postgres user.
set -eu
BIN=/usr/lib/postgresql/15/bin
cmd=$1; dir=$2
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$BIN/initdb" -D "$dir/data" -A trust -U glocal -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$BIN/pg_ctl" -D "$dir/data" -w -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      -l "$dir/server.log" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$dir&user=glocal" ;;
  url) echo "postgresql:///postgres?host=$dir&user=glocal" ;;
  createdb)
    "$BIN/createdb" -h "$dir" -U glocal "$3"
    echo "postgresql:///$3?host=$dir&user=glocal" ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir" ;;
  *) echo "usage: tests/pg.sh start|url|createdb|stop DIR [NAME]" >&2; exit 2 ;;
esac
