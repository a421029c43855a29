#!/usr/bin/env bash
# Starts Chats on this machine: Azurite (data kept in .data/azurite), the silo(s), and the gateway
# on http://127.0.0.1:8080. Ctrl-C or SIGTERM stops everything.
#   ./run.sh              one silo, localhost clustering
#   ./run.sh --silos 3    Redis membership (redis-server is installed if missing) and 3 silos
# Environment: CHATS_HTTP_URL (default http://127.0.0.1:8080), AZURITE_TABLE_PORT (default 10002),
# REDIS_PORT (default 6379), CHATS_DATA_DIR (default .data), CHATS_SILO_HTTP_PORT (default 9090: the
# first silo's metrics and dashboard port, then 9091, ...), plus every Chats__* setting of the
# README's configuration table.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

silos=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --silos) silos=${2:?--silos needs a number}; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) log "unknown option $1 (see --help)"; exit 2 ;;
    esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { log "--silos needs a positive number"; exit 2; }

http_url="${CHATS_HTTP_URL:-http://127.0.0.1:8080}"
table_port="${AZURITE_TABLE_PORT:-10002}"
redis_port="${REDIS_PORT:-6379}"
silo_port="${Chats__Cluster__SiloPort:-11111}"
gateway_port="${Chats__Cluster__GatewayPort:-30000}"
silo_http_port="${CHATS_SILO_HTTP_PORT:-9090}"
data_root="${CHATS_DATA_DIR:-$PWD/.data}"
log_dir="$data_root/logs"
mkdir -p "$data_root/azurite" "$log_dir"

ensure_node_modules
[[ $silos -eq 1 ]] || ensure_redis
build_release

pids=()
signals=()
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    # Reverse start order: the gateway first, then the silos hand over their grains, storage last.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        stop_process "${pids[i]}" "${signals[i]}" 45
    done
    log "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting Azurite (tables on 127.0.0.1:$table_port, data in $data_root/azurite)"
start_azurite "$table_port" "$data_root/azurite" "$log_dir/azurite.log"
# Azurite writes its data to disk on SIGINT only; SIGTERM would drop the last seconds of writes.
pids+=($!) signals+=(INT)
wait_for_port "$table_port" 30 "Azurite"
export Chats__Storage__ConnectionString="${Chats__Storage__ConnectionString:-$(azurite_connection_string "$table_port")}"

if [[ $silos -gt 1 ]]; then
    log "starting Redis on 127.0.0.1:$redis_port (membership, data in $data_root/redis)"
    start_redis "$redis_port" "$data_root/redis"
    pids+=($!) signals+=(TERM)
    wait_for_port "$redis_port" 30 "Redis"
    export Chats__Cluster__Membership=Redis
    export Chats__Cluster__RedisConnectionString="127.0.0.1:$redis_port"
fi

export Chats__Cluster__PrimarySiloPort="${Chats__Cluster__PrimarySiloPort:-$silo_port}"
for ((i = 0; i < silos; i++)); do
    log "starting silo $((i + 1)) of $silos (ports $((silo_port + i))/$((gateway_port + i)), metrics http://127.0.0.1:$((silo_http_port + i))/metrics, log: $log_dir/silo$((i + 1)).log)"
    start_silo $((silo_port + i)) $((gateway_port + i)) "$log_dir/silo$((i + 1)).log" $((silo_http_port + i))
    pids+=($!) signals+=(TERM)
    wait_for_port $((gateway_port + i)) 120 "silo $((i + 1))"
done

log "starting the gateway (log: $log_dir/gateway.log)"
Chats__Cluster__GatewayPort="$gateway_port" start_gateway "$http_url" "$log_dir/gateway.log"
pids+=($!) signals+=(TERM)
wait_for_port "${http_url##*:}" 60 "the gateway"

log "Chats is listening on $http_url (web page at /; POST $http_url/v1/chats/{CreateChat,CreateMessage,ListMessages,ListChats}; GET or WebSocket $http_url/v1/chats/Stream); Ctrl-C stops it"
wait -n "${pids[@]}" || true
log "a process exited; see $log_dir"
