# Shared by run.sh, test.sh and bench.sh: installs what is missing; bench.sh also runs PostgreSQL and Redis from
# Debian's packages as plain processes on loopback ports (run.sh and the tests leave that to the AppHost).
# shellcheck shell=bash

FAVORITED_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '\033[1;34m[favorited]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[favorited] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/postgres" ] && echo "$dir"
}

# Installs PostgreSQL and Redis from Debian's packages when they are missing.
ensure_system_packages() {
  local missing=()
  [ -n "$(pg_bin_dir)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is required (https://dot.net); it is not on PATH"
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  [ -n "$(pg_bin_dir)" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql after installing"
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found after installing"
}

# Installs the web client's npm packages when they are missing or older than client/package-lock.json.
ensure_client_packages() {
  local client="$FAVORITED_ROOT/client"
  command -v npm >/dev/null 2>&1 || die "Node.js 20.19+ and npm are required for the web client (https://nodejs.org); they are not on PATH"
  if [ ! -f "$client/node_modules/.package-lock.json" ] || [ "$client/package-lock.json" -nt "$client/node_modules/.package-lock.json" ]; then
    log "installing the web client's npm packages (npm ci)"
    # Playwright drives Debian's Chromium in the tests; it must never download a browser of its own.
    (cd "$client" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
      || die "npm ci failed in $client"
  fi
}

# Restores the Aspire CLI, a local dotnet tool (.config/dotnet-tools.json): the AppHost's orchestrator and dashboard.
ensure_aspire_cli() {
  (cd "$FAVORITED_ROOT" && dotnet tool restore >/dev/null) || die "dotnet tool restore (the Aspire CLI) failed"
}

# Stops what an earlier run of this repository's graph left behind when it was killed uncleanly (its services and dev
# server would hold the ports): orphans only (adopted by init), whose program or working folder is in this repository.
# A graph that is still running (its orchestrator alive) is left alone. Stale PostgreSQL and Redis servers are stopped by
# the AppHost itself.
stop_leftovers() {
  local leftovers=()
  read -r -a leftovers <<< "$(orphans)"
  if [ ${#leftovers[@]} -gt 0 ]; then
    log "stopping what an earlier run left running (pids ${leftovers[*]})"
    kill -TERM "${leftovers[@]}" 2>/dev/null || true
    sleep 2
    kill -KILL "${leftovers[@]}" 2>/dev/null || true
  fi
}

# orphans [dcp]: the pids (one line) of this repository's services and dev server whose orchestrator is gone, with what
# runs below them; with "dcp", also those an orchestrator (DCP) still runs.
orphans() {
  local pid ppid found=()
  for pid in $(pgrep -f 'Favorited\.|vite|npm' 2>/dev/null || true); do
    ppid=$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d " ") || continue
    [ "$ppid" = 1 ] || { [ "${1:-}" = dcp ] && [ "$(ps -o comm= -p "$ppid" 2>/dev/null)" = dcp ]; } || continue
    case "$(readlink "/proc/$pid/exe" 2>/dev/null) $(readlink "/proc/$pid/cwd" 2>/dev/null)" in
      *"$FAVORITED_ROOT/"*|*"$FAVORITED_ROOT") found+=("$pid" $(descendants "$pid")) ;;
    esac
  done
  echo "${found[*]}"
}

# await_graph_stopped SECONDS: the orchestrator may still be stopping the services when the AppHost has gone; gives them
# that long, then stops what is left, so nothing of the graph outlives the script.
await_graph_stopped() {
  local waited=0
  while [ -n "$(orphans dcp)" ] && [ "$waited" -lt "$1" ]; do
    sleep 1
    waited=$((waited + 1))
  done
  stop_leftovers
}

# descendants PID: every process below PID (npm's shell and the Vite server under it).
descendants() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    echo "$child"
    descendants "$child"
  done
}

# Installs Chromium from Debian's packages when it is missing: only the end-to-end tests need it.
ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing chromium from Debian packages (for the end-to-end tests)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  fi
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium not found after installing"
}

# PostgreSQL refuses to run as root; run its programs as the postgres user of Debian's package.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"
  else "$@"
  fi
}

# start_postgres DATA_DIR PORT [SERVER_OPTIONS]: creates the cluster on first use, starts it on 127.0.0.1:PORT
# (SERVER_OPTIONS are more postgres command-line options, e.g. "-c max_connections=300").
start_postgres() {
  local data="$1" port="$2" options="${3:-}" bin
  bin="$(pg_bin_dir)"
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  as_postgres test -w "$data" || die "the postgres user cannot write $data (is a parent directory closed to other users?); set FAVORITED_DATA_DIR to a directory it can reach"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-instructions >/dev/null
  fi
  log "starting PostgreSQL on 127.0.0.1:$port"
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $options" start >/dev/null \
    || die "PostgreSQL did not start; see $data/server.log"
}

stop_postgres() {
  local data="$1"
  [ -f "$data/postmaster.pid" ] || return 0
  as_postgres "$(pg_bin_dir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# start_redis DATA_DIR PORT: append-only persistence in DATA_DIR, fsynced before each write is answered (appendfsync
# always), so a webhook the Api has acknowledged survives a restart and a power cut: the arguments of RedisDurability
# (tools/Favorited.LocalServers), which the AppHost uses.
start_redis() {
  local data="$1" port="$2"
  mkdir -p "$data"
  log "starting Redis on 127.0.0.1:$port"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$data" --appendonly yes --appendfsync always --save "" \
    --daemonize yes --pidfile "$data/redis.pid" --logfile "$data/redis.log"
  local i
  for i in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "Redis did not answer on port $port; see $data/redis.log"
}

stop_redis() {
  local port="$1"
  redis-cli -p "$port" shutdown >/dev/null 2>&1 || true
}

# wait_for_http URL SECONDS [PID]: true once URL answers 200; false at the deadline or once PID has exited.
wait_for_http() {
  local url="$1" deadline=$((SECONDS + $2)) pid="${3:-}"
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.25
  done
  return 1
}
