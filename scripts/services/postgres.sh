#!/usr/bin/env bash
# Start a throw-away PostgreSQL on 127.0.0.1 for the engine-parity tests; print its URL as an export line.
# Idempotent: a cluster already running in $KPIGUARD_PG_DIR is reused. Installs Debian's postgresql with
# apt-get when no server binaries are found (needs root or sudo and the Debian mirror).
set -euo pipefail
dir="${KPIGUARD_PG_DIR:-${TMPDIR:-/tmp}/kpiguard-pg}"
db=kpiguard_test

find_bindir() {
  for candidate in "${KPIGUARD_PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
if ! bindir=$(find_bindir); then
  echo "postgres: installing Debian's postgresql with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq >&2
  $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql >&2
  bindir=$(find_bindir) || { echo "postgres: installation failed" >&2; exit 1; }
fi

# The server refuses to run as root: run it as the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir "$dir" --shell /usr/sbin/nologin postgres
fi

mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
data="$dir/data"
if [ ! -f "$data/PG_VERSION" ]; then
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
fi

if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 && [ -f "$dir/port" ]; then
  port=$(cat "$dir/port")
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  echo "$port" > "$dir/port"
  as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
fi

if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
fi
echo "postgres: $("$bindir/postgres" --version) on 127.0.0.1:$port, database $db ($dir)" >&2
echo "export KPIGUARD_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/$db"
