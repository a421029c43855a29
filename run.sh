#!/usr/bin/env bash
# Starts Chats on this machine: Azurite (data kept in .data/azurite), the silo, and the gateway
# on http://127.0.0.1:8080. Ctrl-C or SIGTERM stops all three.
#   ./run.sh            one silo, localhost clustering
# Environment: CHATS_HTTP_URL (default http://127.0.0.1:8080), AZURITE_TABLE_PORT (default 10002),
# CHATS_DATA_DIR (default .data), plus every Chats__* setting of the README's configuration table.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

http_url="${CHATS_HTTP_URL:-http://127.0.0.1:8080}"
table_port="${AZURITE_TABLE_PORT:-10002}"
data_root="${CHATS_DATA_DIR:-$PWD/.data}"
data_dir="$data_root/azurite"
log_dir="$data_root/logs"
mkdir -p "$data_dir" "$log_dir"

ensure_node_modules
build_release

pids=()
signals=()
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    # Reverse start order: the gateway first, then the silo hands over its grains, Azurite last.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "-${signals[i]}" "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    log "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting Azurite (tables on 127.0.0.1:$table_port, data in $data_dir)"
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$table_port" --location "$data_dir" \
    --skipApiVersionCheck --disableTelemetry --silent >"$log_dir/azurite.log" 2>&1 &
# Azurite writes its data to disk on SIGINT only; SIGTERM would drop the last seconds of writes.
pids+=($!) signals+=(INT)
wait_for_port "$table_port" 30 "Azurite"

export Chats__Storage__ConnectionString="${Chats__Storage__ConnectionString:-$(azurite_connection_string "$table_port")}"

log "starting the silo (log: $log_dir/silo.log)"
dotnet "src/Chats.Silo/bin/Release/net10.0/Chats.Silo.dll" >"$log_dir/silo.log" 2>&1 &
pids+=($!) signals+=(TERM)
wait_for_port "${Chats__Cluster__GatewayPort:-30000}" 120 "the silo"

log "starting the gateway (log: $log_dir/gateway.log)"
Urls="$http_url" dotnet "src/Chats.Gateway/bin/Release/net10.0/Chats.Gateway.dll" >"$log_dir/gateway.log" 2>&1 &
pids+=($!) signals+=(TERM)
wait_for_port "${http_url##*:}" 60 "the gateway"

log "Chats is listening on $http_url (POST $http_url/v1/chats/{CreateChat,CreateMessage,ListMessages}); Ctrl-C stops it"
wait -n "${pids[@]}" || true
log "a process exited; see $log_dir"
