#!/usr/bin/env bash
# Favorited's benchmark suite. ./bench.sh measures webhook ingest, end-to-end processing of webhook bursts, SSE fan-out
# and REST, and prints a table: each figure beside its target and a baseline measured in the same run (a bare ASP.NET
# Core endpoint, redis-benchmark, pgbench); the same goes to .artifacts/bench/results.json. It takes a few minutes.
# ./bench.sh --smoke runs every path with tiny counts in seconds (test.sh runs it); it fails only when something is
# broken (an error answer, a wrong count, a lost event), never on a figure.
# It installs what is missing (PostgreSQL with pgbench, Redis with redis-benchmark), builds (Release; --smoke: Debug),
# starts a PostgreSQL and a Redis of its own on free loopback ports (data in a temporary directory, removed afterwards),
# raises the open-file limit for 20,000 SSE connections where it may, and runs bench/Favorited.Benchmarks.
# Options: --smoke, --no-build (use what is built), --out FILE, --only PART,… (baselines, ingest, bursts, sse, rest, chat, moderation).
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$FAVORITED_ROOT"

smoke=""; build=1; out="$FAVORITED_ROOT/.artifacts/bench/results.json"; only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --no-build) build="" ;;
    --out) out="$2"; shift ;;
    --only) only=(--only "$2"); shift ;;
    *) die "unknown option $1 (options: --smoke, --no-build, --out FILE, --only PART,…)" ;;
  esac
  shift
done
# The smoke run checks that everything works, not how fast: it uses the Debug build test.sh has just made.
configuration=Release
[ -n "$smoke" ] && configuration=Debug

# free_port: a loopback port below the ephemeral range (so no outgoing connection takes it) that nobody listens on.
free_port() {
  local port i
  for i in $(seq 1 100); do
    port=$((20000 + RANDOM % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "found no free loopback port"
}

ensure_system_packages
if ! command -v redis-benchmark >/dev/null 2>&1; then
  log "installing redis-tools (redis-benchmark) from Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools >/dev/null
fi
pgbench="$(pg_bin_dir)/pgbench"
[ -x "$pgbench" ] || die "pgbench not found next to the PostgreSQL server in $(pg_bin_dir)"

if [ -n "$build" ]; then
  log "building ($configuration)"
  dotnet build bench/Favorited.Benchmarks -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
fi

# Each SSE subscriber is a descriptor in the Api and one in the load generator (both inherit this limit). Only root
# may raise the hard limit; the benchmark reports it when the limit leaves fewer subscribers than it wants.
wanted_files=65536
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$wanted_files" ]; then ulimit -Hn "$wanted_files" 2>/dev/null || true; fi
if [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge "$wanted_files" ]; then ulimit -Sn "$wanted_files"; else ulimit -Sn "$(ulimit -Hn)"; fi

work="$(mktemp -d /tmp/favorited-bench.XXXXXX)"
chmod 755 "$work" # PostgreSQL runs as the postgres user when we are root
pg_port="$(free_port)"
redis_port="$(free_port)"
while [ "$redis_port" = "$pg_port" ]; do redis_port="$(free_port)"; done
cleanup() {
  stop_redis "$redis_port"
  stop_postgres "$work/postgres"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Durable settings, as in production (fsync and synchronous commit on); room for the Api's and the worker's pools.
start_postgres "$work/postgres" "$pg_port" "-c max_connections=300"
start_redis "$work/redis" "$redis_port"

status=0
dotnet "bench/Favorited.Benchmarks/bin/$configuration/net10.0/Favorited.Benchmarks.dll" ${smoke:+--smoke} \
  --postgres-port "$pg_port" --postgres-data "$work/postgres" \
  --redis-port "$redis_port" --redis-pid "$(cat "$work/redis/redis.pid")" \
  --pgbench "$pgbench" --redis-benchmark "$(command -v redis-benchmark)" --out "$out" "${only[@]}" || status=$?
exit "$status"
