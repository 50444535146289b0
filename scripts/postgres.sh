#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: a fresh cluster in a temporary
# folder, listening only on a free loopback port, with trust authentication (nothing
# else can reach it), torn down afterwards. Needs Debian's `postgresql` package
# (scripts/setup.sh --test installs it); no PostgreSQL service needs to be running.
#
#   scripts/postgres.sh start DIR   creates and starts the cluster in DIR (created),
#                                   prints its maintenance URL on the last line
#   scripts/postgres.sh stop DIR    stops it and removes DIR
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL is not installed: run scripts/setup.sh --test (apt-get install postgresql)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root; as root, the cluster belongs to Debian's `postgres`.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U helferkreis --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A loopback port below the kernel's range for outgoing connections (usually
    # 32768-60999, /proc/sys/net/ipv4/ip_local_port_range): a port there that nothing
    # answers on can still be taken by a client socket (seen in CI: "could not create any
    # TCP/IP sockets"). Should the port be taken after all, another one is tried.
    port=""
    for _ in $(seq 1 5); do
      candidate=$(( 20000 + RANDOM % 12000 ))
      if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then continue; fi
      # Durability is not what these tests check: no fsync makes creating a database
      # per test server about ten times faster.
      if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $candidate -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null 2>>"$dir/pg_ctl.log"; then
        port=$candidate
        break
      fi
    done
    [ -n "$port" ] || { echo "PostgreSQL did not start:" >&2; cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
    echo "postgres://helferkreis@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
