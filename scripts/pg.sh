#!/usr/bin/env bash
# A private PostgreSQL cluster under a folder of the project, for `make run`
# and for the tests. It listens on a Unix socket only (no TCP port to clash
# with anything), trusts local connections, and has one database.
#
#   scripts/pg.sh start DIR [DB]   initdb if needed, start; prints the URL
#   scripts/pg.sh stop DIR         fast shutdown
#   scripts/pg.sh url DIR [DB]     prints the URL without starting anything
#   scripts/pg.sh destroy DIR      stop and remove the folder
#
# As root the cluster runs as the `postgres` system user (initdb refuses root).
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop|url|destroy DIR [DB]}
dir=${2:?usage: pg.sh start|stop|url|destroy DIR [DB]}
db=${3:-wfm}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
port=5432
key=$(printf '%s' "$dir" | cksum | cut -d' ' -f1)

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: no PostgreSQL server found (install postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster's files (data/, logs) live in $home: DIR itself, unless DIR is
# out of the postgres user's reach (as root, a clone under /root, mode 0700):
# then in a postgres-owned folder named after DIR, recorded in DIR/location.
home="$dir"
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
    home="/var/lib/postgresql/wfm-clusters/$key"
fi
data="$home/data"

# Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep
# folders, and for folders postgres cannot reach.
sock="$home/run"
if [ "${#sock}" -gt 80 ] || [ "$home" != "$dir" ]; then
    sock="/tmp/wfm-pg-$key"
fi

url() { echo "postgresql:///$db?host=$sock&port=$port&user=wfm"; }

case "$cmd" in
start)
    mkdir -p "$home" "$sock"
    [ "$home" = "$dir" ] || echo "$home" >"$dir/location"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$home" "$sock"; fi
    if [ ! -s "$data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$data" -U wfm -A trust -E UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 \
            || { cat "$home/initdb.log" >&2; exit 1; }
        {
            echo "listen_addresses = ''"
            echo "unix_socket_directories = '$sock'"
            echo "port = $port"
            echo "fsync = off"            # throwaway/demo clusters: speed over durability
            echo "max_connections = 200"
            echo "timezone = 'UTC'"
        } >>"$data/postgresql.conf"
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$data" -l "$home/server.log" -w -t 60 start >/dev/null \
            || { tail -n 30 "$home/server.log" >&2; exit 1; }
    fi
    if ! as_owner "$bindir/psql" -h "$sock" -p "$port" -U wfm -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        as_owner "$bindir/createdb" -h "$sock" -p "$port" -U wfm "$db"
    fi
    url
    ;;
stop)
    if [ -s "$data/PG_VERSION" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
url)
    url
    ;;
destroy)
    if [ -s "$data/PG_VERSION" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    [ "$home" = "$dir" ] || rm -rf "$home"
    [ "$sock" = "$home/run" ] || rm -rf "$sock"
    ;;
*)
    echo "pg.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
