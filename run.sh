#!/usr/bin/env bash
# Runs Favorited on this machine without Docker: PostgreSQL and Redis as local processes (data kept in
# .data/), the database migrations, then the Api, the webhook worker and the web client (Vite dev server).
# Ctrl-C stops everything it started.
# Settings (environment): FAVORITED_API_URL, FAVORITED_WORKER_URL, FAVORITED_CLIENT_URL, FAVORITED_EMULATOR_URL,
# FAVORITED_PG_PORT, FAVORITED_REDIS_PORT, FAVORITED_DATA_DIR, FAVORITED_CONFIGURATION (Release or Debug);
# ConnectionStrings__favorited / ConnectionStrings__redis to use servers of your own;
# LiveKit__Url, LiveKit__ApiKey, LiveKit__ApiSecret to use a real LiveKit instead of the emulator.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$FAVORITED_ROOT"

API_URL="${FAVORITED_API_URL:-http://127.0.0.1:5080}"
WORKER_URL="${FAVORITED_WORKER_URL:-http://127.0.0.1:5081}"
CLIENT_URL="${FAVORITED_CLIENT_URL:-http://127.0.0.1:5173}"
PG_PORT="${FAVORITED_PG_PORT:-54329}"
REDIS_PORT="${FAVORITED_REDIS_PORT:-63799}"
EMULATOR_URL="${FAVORITED_EMULATOR_URL:-http://127.0.0.1:7880}"
DATA_DIR="${FAVORITED_DATA_DIR:-$FAVORITED_ROOT/.data}"
CONFIGURATION="${FAVORITED_CONFIGURATION:-Release}"
OUT="bin/$CONFIGURATION/net10.0"

started_postgres=""; started_redis=""; client_emulator_url=""; children=()
cleanup() {
  trap - EXIT INT TERM
  log "stopping"
  local pid
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$started_redis" ] && stop_redis "$REDIS_PORT"
  [ -n "$started_postgres" ] && stop_postgres "$DATA_DIR/postgres"
  log "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_system_packages
ensure_client_packages

log "building"
dotnet build Favorited.Local.slnf -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly

# Connection strings given by the caller may hold passwords: they are used, never printed.
postgres_description="from ConnectionStrings__favorited"
redis_description="from ConnectionStrings__redis"
if [ -z "${ConnectionStrings__favorited:-}" ]; then
  start_postgres "$DATA_DIR/postgres" "$PG_PORT"; started_postgres=1
  export ConnectionStrings__favorited="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=favorited"
  postgres_description="127.0.0.1:$PG_PORT (data in $DATA_DIR/postgres)"
fi
if [ -z "${ConnectionStrings__redis:-}" ]; then
  start_redis "$DATA_DIR/redis" "$REDIS_PORT"; started_redis=1
  export ConnectionStrings__redis="127.0.0.1:$REDIS_PORT"
  redis_description="127.0.0.1:$REDIS_PORT (data in $DATA_DIR/redis)"
fi
# The original's variable names are accepted too.
export LiveKit__Url="${LiveKit__Url:-${LIVEKIT_URL:-}}"
export LiveKit__ApiKey="${LiveKit__ApiKey:-${LIVEKIT_API_KEY:-}}"
export LiveKit__ApiSecret="${LiveKit__ApiSecret:-${LIVEKIT_API_SECRET:-}}"
livekit_description="$LiveKit__Url"
if [ -z "$LiveKit__Url" ]; then
  log "no LiveKit configured: starting the LiveKit emulator on $EMULATOR_URL (key devkey, secret secret)"
  (cd tests/Favorited.LiveKitEmulator && Emulator__WebhookUrls__0="$API_URL/api/v1/webhooks/livekit" \
    exec dotnet "$OUT/Favorited.LiveKitEmulator.dll" --urls "$EMULATOR_URL") & children+=($!)
  wait_for_http "$EMULATOR_URL/" 30 "${children[-1]}" || die "the LiveKit emulator did not start on $EMULATOR_URL"
  export LiveKit__Url="$EMULATOR_URL" LiveKit__ApiKey=devkey LiveKit__ApiSecret=secret
  livekit_description="$EMULATOR_URL (emulator; webhooks to $API_URL/api/v1/webhooks/livekit)"
  # The dev server forwards /_emulator to it, so browser tabs can be counted as connected (no WebRTC here).
  client_emulator_url="$EMULATOR_URL"
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"

log "applying database migrations"
(cd Favorited.MigrationService && dotnet "$OUT/Favorited.MigrationService.dll") || die "migrations failed"

log "starting the Api on $API_URL and the webhook worker on $WORKER_URL"
(cd Favorited.Api && ASPNETCORE_URLS="$API_URL" exec dotnet "$OUT/Favorited.Api.dll") & api_pid=$!
(cd Favorited.WebhookWorker && ASPNETCORE_URLS="$WORKER_URL" exec dotnet "$OUT/Favorited.WebhookWorker.dll") & worker_pid=$!
children+=("$api_pid" "$worker_pid")

wait_for_http "$API_URL/health" 120 "$api_pid" || die "the Api did not report healthy at $API_URL/health (see its log above)"
wait_for_http "$WORKER_URL/health" 60 "$worker_pid" || die "the worker did not report healthy at $WORKER_URL/health (see its log above)"

client_address="${CLIENT_URL#*://}"; client_address="${client_address%%/*}"
log "starting the web client on $CLIENT_URL"
(cd client && FAVORITED_API_URL="$API_URL" FAVORITED_EMULATOR_URL="$client_emulator_url" \
  exec node node_modules/vite/bin/vite.js --host "${client_address%:*}" --port "${client_address##*:}" --strictPort \
    --clearScreen false --logLevel warn) & client_pid=$!
children+=("$client_pid")
wait_for_http "$CLIENT_URL/" 60 "$client_pid" || die "the web client did not start on $CLIENT_URL (see its log above)"

cat <<INFO

  Favorited is running.
    Client          $CLIENT_URL            (open this in a browser)
    Api             $API_URL            (health: $API_URL/health)
    Webhook worker  $WORKER_URL            (health: $WORKER_URL/health)
    PostgreSQL      $postgres_description
    Redis           $redis_description
    LiveKit         $livekit_description
  Press Ctrl-C to stop.

INFO

# Stop everything as soon as any service exits on its own.
wait -n "${children[@]}"
die "a service exited unexpectedly"
