#!/usr/bin/env bash
# Runs Favorited through its .NET Aspire AppHost (`dotnet run --project Favorited.AppHost`) after installing what is
# missing: PostgreSQL and Redis from Debian's packages, the web client's npm packages, the Aspire CLI (a local dotnet
# tool: the orchestrator and the dashboard). Without a container runtime the AppHost runs PostgreSQL and Redis as
# processes (data kept in .data/) and the LiveKit emulator; with Docker or Podman, containers.
# Prints "Favorited is running." with the addresses once the Api and the client answer. Ctrl-C stops everything.
# Settings (environment): FAVORITED_DATA_DIR; LiveKit__Url (or LIVEKIT_URL), LiveKit__ApiKey (LIVEKIT_API_KEY),
# LiveKit__ApiSecret (LIVEKIT_API_SECRET) to use a real LiveKit instead of a local one (the AppHost reads those itself).
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$FAVORITED_ROOT"

API_URL="http://127.0.0.1:5080"
CLIENT_URL="http://127.0.0.1:5173"

ensure_system_packages
ensure_client_packages
ensure_aspire_cli
stop_leftovers

# run.sh's own variable in the AppHost's configuration key.
apphost_settings=()
[ -n "${FAVORITED_DATA_DIR:-}" ] && apphost_settings+=("Favorited__DataDirectory=$FAVORITED_DATA_DIR")

log "building"
dotnet build Favorited.AppHost -nologo -v quiet -clp:ErrorsOnly

# A script's background job ignores SIGINT, so Ctrl-C is passed on as SIGTERM, which stops the whole graph; so is any
# exit of this script (a service that never became healthy included).
apphost=""
stop() {
  trap - EXIT INT TERM
  if [ -n "$apphost" ]; then
    log "stopping"
    kill -TERM "$apphost" 2>/dev/null || true
    wait "$apphost" 2>/dev/null || true
    await_graph_stopped 15
    log "stopped"
  fi
  exit "$1"
}
trap 'stop $?' EXIT
trap 'stop 130' INT
trap 'stop 143' TERM

log "starting the AppHost (the dashboard's login link follows)"
env "${apphost_settings[@]}" dotnet run --project Favorited.AppHost --no-build --launch-profile http &
apphost=$!

wait_for_http "$API_URL/health" 600 "$apphost" || die "the Api did not report healthy at $API_URL/health (see the dashboard)"
wait_for_http "$CLIENT_URL/" 120 "$apphost" || die "the web client did not start on $CLIENT_URL (see the dashboard)"

cat <<INFO

  Favorited is running.
    Client      $CLIENT_URL            (open this in a browser)
    Api         $API_URL            (health: $API_URL/health)
    Dashboard   http://127.0.0.1:15080      (the login link with its token is printed above)
  Press Ctrl-C to stop.

INFO

wait "$apphost"
