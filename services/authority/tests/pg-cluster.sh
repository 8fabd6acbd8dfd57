#!/bin/sh
# pg-cluster.sh start DIR | stop DIR
#
# A throw-away PostgreSQL cluster for the tests, in DIR, reachable only
# through a Unix socket in DIR (no TCP port), trust authentication, superuser
# "authority". `start` prints the connection URI. Run as root, the cluster
# belongs to the unprivileged user `nobody` (PostgreSQL refuses to run as
# root); otherwise to the current user.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

action=$1
dir=$2
bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir=$candidate
  done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-cluster.sh: no PostgreSQL server (initdb) found: install Debian's postgresql package" >&2
  # build.sh installs it: on CI a missing server is a failure, not a skip.
  [ -n "${CI:-}" ] && exit 1
  exit 77
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case $action in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U authority --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c fsync=on -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://authority@/postgres?host=$dir"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: pg-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
