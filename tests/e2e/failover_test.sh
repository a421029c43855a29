#!/usr/bin/env bash
# Real processes, once per membership store (Redis, then Azure Table storage in the same Azurite):
# Azurite + 2 silo processes + the gateway. An HTTP load of bounded time and count runs while the
# busier silo (the one hosting the chats) is killed with SIGKILL; every acknowledged message must
# be listed exactly once afterwards. Prints, per membership, the seconds of failed writes after the
# kill and the errors by status, then "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

ensure_redis || { echo "0 passed, 1 failed"; exit 1; }
dir="" pids=()
cleanup() {
    # Gateway and silos first, while the membership store and storage they say goodbye to still run.
    for ((k = ${#pids[@]} - 1; k >= 0; k--)); do stop_process "${pids[k]}" TERM 45; done
    stop_azurite 30
    pids=()
    [[ -z "$dir" ]] || rm -rf "$dir"
}
trap cleanup EXIT

# failover MEMBERSHIP: one full run with Chats:Cluster:Membership=MEMBERSHIP.
failover() {
    local membership=$1 k started=true
    dir=$(mktemp -d)
    local table_port redis_port http_port silo_ports gateway_ports silo_pids=()
    table_port=$(free_port) redis_port=$(free_port) http_port=$(free_port)
    silo_ports=("$(free_port)" "$(free_port)") gateway_ports=("$(free_port)" "$(free_port)")
    start_azurite "$table_port" "$dir/azurite" "$dir/azurite.log"
    wait_for_port "$table_port" 30 Azurite || started=false
    export Chats__Storage__ConnectionString; Chats__Storage__ConnectionString=$(azurite_connection_string "$table_port")
    export Chats__Cluster__Membership=$membership
    if [[ $membership == Redis ]]; then
        start_redis "$redis_port" "$dir/redis"; pids+=($!)
        wait_for_port "$redis_port" 30 Redis || started=false
        export Chats__Cluster__RedisConnectionString="127.0.0.1:$redis_port"
    fi
    export Chats__Cluster__ClusterId="failover-$$" Chats__Cluster__ServiceId="failover-$$"
    for k in 0 1; do
        start_silo "${silo_ports[k]}" "${gateway_ports[k]}" "$dir/silo$k.log" "$(free_port)"; pids+=($!); silo_pids[k]=$!
    done
    for k in 0 1; do wait_for_port "${gateway_ports[k]}" 120 "silo $k" || started=false; done
    start_gateway "http://127.0.0.1:$http_port" "$dir/gateway.log"; pids+=($!)
    wait_for_port "$http_port" 60 gateway || started=false
    check "$membership membership: Azurite, two silos and the gateway start" $started

    echo "# $membership membership:"
    python3 tests/e2e/failover_load.py --port "$http_port" --silo-pids "${silo_pids[0]},${silo_pids[1]}" --kill-after 8 --duration 35
    check "$membership membership: no acknowledged message is lost or doubled, and each chat's seq has no gap or repeat, when a silo is killed" test $? -eq 0

    local ok
    ok=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "http://127.0.0.1:$http_port/v1/chats/CreateChat" -d '{"user_ids":["after","kill"]}')
    check "$membership membership: the cluster serves new requests after the kill" test "$ok" = 200
    cleanup
    dir=""
}

failover Redis
failover AzureTable
summary
