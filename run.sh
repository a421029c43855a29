#!/usr/bin/env bash
# Starts Chats on this machine: Azurite (data kept in .data/azurite), the silo(s), and the gateway
# on http://127.0.0.1:8080. Ctrl-C, closing the terminal, or SIGTERM/SIGHUP to run.sh or to its whole
# process group stops everything and keeps every acknowledged write (Azurite is stopped last, with
# the SIGINT that makes it save; it is stopped the same way if run.sh itself is killed).
#   ./run.sh                          one silo, localhost clustering
#   ./run.sh --silos 3                3 silos, membership in Azure Table storage (the same Azurite);
#                                     a silo that dies is started again after a few seconds
#   ./run.sh --silos 3 --membership redis   the same with Redis membership (redis-server installed if missing)
#   ./run.sh --storage-accounts 2     message logs over 2 storage accounts: one more Azurite per account
#                                     (tables on AZURITE_TABLE_PORT + 10, + 20, ...; data in .data/azurite-account2, ...)
# Environment: CHATS_HTTP_URL (default http://127.0.0.1:8080), AZURITE_TABLE_PORT (default 10002), AZURITE_BLOB_PORT (default 10000),
# REDIS_PORT (default 6379), CHATS_DATA_DIR (default .data), CHATS_SILO_HTTP_PORT (default 9090: the
# first silo's metrics and dashboard port, then 9091, ...), CHATS_SILO_RESTART_DELAY (default 3 s),
# plus every Chats__* setting of the README's configuration table.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

silos=1 membership="" accounts=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --silos) silos=${2:?--silos needs a number}; shift 2 ;;
        --membership) membership=${2:?--membership needs localhost, azuretable or redis}; shift 2 ;;
        --storage-accounts) accounts=${2:?--storage-accounts needs a number}; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) log "unknown option $1 (see --help)"; exit 2 ;;
    esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { log "--silos needs a positive number"; exit 2; }
[[ "$accounts" =~ ^[1-9]$ ]] || { log "--storage-accounts needs a number from 1 to 9"; exit 2; }
[[ -n "$membership" ]] || { [[ $silos -eq 1 ]] && membership=localhost || membership=azuretable; }
case "$membership" in
    localhost) membership=Localhost ;; azuretable) membership=AzureTable ;; redis) membership=Redis ;;
    *) log "--membership must be localhost, azuretable or redis"; exit 2 ;;
esac

http_url="${CHATS_HTTP_URL:-http://127.0.0.1:8080}"
table_port="${AZURITE_TABLE_PORT:-10002}"
blob_port="${AZURITE_BLOB_PORT:-10000}"
redis_port="${REDIS_PORT:-6379}"
silo_port="${Chats__Cluster__SiloPort:-11111}"
gateway_port="${Chats__Cluster__GatewayPort:-30000}"
silo_http_port="${CHATS_SILO_HTTP_PORT:-9090}"
restart_delay="${CHATS_SILO_RESTART_DELAY:-3}"
data_root="${CHATS_DATA_DIR:-$PWD/.data}"
log_dir="$data_root/logs"
mkdir -p "$data_root/azurite" "$log_dir"

ensure_node_modules
[[ $membership != Redis ]] || ensure_redis
build_release

silo_pids=() gateway_pid="" redis_pid=""
stop_all() {
    trap - INT TERM HUP EXIT
    set +e
    log "stopping"
    # The gateway first, then the silos hand over their grains, storage last.
    [[ -z "$gateway_pid" ]] || stop_process "$gateway_pid" TERM 45
    for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${silo_pids[@]}"; do stop_process "$pid" TERM 45; done
    [[ -z "$redis_pid" ]] || stop_process "$redis_pid" TERM 30
    stop_azurite 60
    log "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

log "starting Azurite (tables on 127.0.0.1:$table_port, data in $data_root/azurite)"
start_azurite "$table_port" "$data_root/azurite" "$log_dir/azurite.log"
wait_for_port "$table_port" 30 "Azurite"
log "starting Azurite's blob service (attachments on 127.0.0.1:$blob_port, data in $data_root/azurite)"
start_azurite_blobs "$blob_port" "$data_root/azurite" "$log_dir/azurite-blob.log"
wait_for_port "$blob_port" 30 "Azurite (blobs)"
export Chats__Storage__ConnectionString="${Chats__Storage__ConnectionString:-$(azurite_connection_string "$table_port" "$blob_port")}"
# The web page (on the gateway's origin) PUTs uploads to and reads files from the blob service.
export Chats__Attachments__CorsOrigins__0="${Chats__Attachments__CorsOrigins__0:-$http_url}"
# More accounts for message logs: never fewer than before, since chats record their account's name.
for ((a = 2; a <= accounts; a++)); do
    port=$((table_port + 10 * (a - 1)))
    mkdir -p "$data_root/azurite-account$a"
    log "starting Azurite for storage account $a (tables on 127.0.0.1:$port, data in $data_root/azurite-account$a)"
    start_azurite "$port" "$data_root/azurite-account$a" "$log_dir/azurite-account$a.log"
    wait_for_port "$port" 30 "Azurite (account $a)"
    export "Chats__Storage__MessageAccounts__account$a=$(azurite_connection_string "$port")"
done
export Chats__Cluster__Membership="$membership"

if [[ $membership == Redis ]]; then
    log "starting Redis on 127.0.0.1:$redis_port (membership, data in $data_root/redis)"
    start_redis "$redis_port" "$data_root/redis"
    redis_pid=$!
    wait_for_port "$redis_port" 30 "Redis"
    export Chats__Cluster__RedisConnectionString="127.0.0.1:$redis_port"
fi

export Chats__Cluster__PrimarySiloPort="${Chats__Cluster__PrimarySiloPort:-$silo_port}"
# start_nth_silo K: starts silo K (0-based) in the background and records its pid.
start_nth_silo() {
    start_silo $((silo_port + $1)) $((gateway_port + $1)) "$log_dir/silo$(($1 + 1)).log" $((silo_http_port + $1))
    silo_pids[$1]=$!
}
for ((i = 0; i < silos; i++)); do
    log "starting silo $((i + 1)) of $silos ($membership membership, ports $((silo_port + i))/$((gateway_port + i)), metrics http://127.0.0.1:$((silo_http_port + i))/metrics, log: $log_dir/silo$((i + 1)).log)"
    start_nth_silo "$i"
    wait_for_port $((gateway_port + i)) 120 "silo $((i + 1))"
done

log "starting the gateway (log: $log_dir/gateway.log)"
Chats__Cluster__GatewayPort="$gateway_port" start_gateway "$http_url" "$log_dir/gateway.log"
gateway_pid=$!
wait_for_port "${http_url##*:}" 60 "the gateway"

log "Chats is listening on $http_url (web page at /; POST $http_url/v1/chats/{Method} (docs/api.md); GET or WebSocket $http_url/v1/chats/Stream); Ctrl-C stops it"

# Supervise: storage or the gateway gone stops everything; with several silos a dead silo is started
# again while the others serve (its grains reactivate on them meanwhile).
while true; do
    sleep 1 & wait $! || true
    for pid in "${azurite_pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { log "an Azurite exited; stopping (see $log_dir/azurite*.log)"; exit 1; }
    done
    if [[ -n "$redis_pid" ]] && ! kill -0 "$redis_pid" 2>/dev/null; then
        log "Redis exited; stopping (see $data_root/redis/redis.log)"; exit 1
    fi
    if ! kill -0 "$gateway_pid" 2>/dev/null; then
        wait "$gateway_pid" && code=0 || code=$?
        log "the gateway exited with status $code; stopping (see $log_dir/gateway.log)"; exit 1
    fi
    for ((i = 0; i < silos; i++)); do
        if ! kill -0 "${silo_pids[i]}" 2>/dev/null; then
            wait "${silo_pids[i]}" && code=0 || code=$?
            if [[ $silos -eq 1 ]]; then
                log "the silo exited with status $code; stopping (see $log_dir/silo1.log)"; exit 1
            fi
            log "silo $((i + 1)) exited with status $code (see $log_dir/silo$((i + 1)).log); starting it again in ${restart_delay}s"
            sleep "$restart_delay" & wait $! || true
            start_nth_silo "$i"
            log "silo $((i + 1)) started again (pid ${silo_pids[i]})"
        fi
    done
done
