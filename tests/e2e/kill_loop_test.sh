#!/usr/bin/env bash
# Real processes: Azurite + 2 silo processes (Azure Table membership) + the gateway. Writes, edits
# of old and new messages and reactions run while the silos are killed with SIGKILL ten times in
# turn, each restarted as it was: every acknowledged message is listed once, each chat's seq has
# no gap or repeat, every acknowledged edit and reaction is there. Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

dir=$(mktemp -d) pids=()
cleanup() {
    [[ -f "$dir/silo-pids" ]] && pids+=($(cat "$dir/silo-pids"))
    for ((k = ${#pids[@]} - 1; k >= 0; k--)); do stop_process "${pids[k]}" TERM 45; done
    stop_azurite 30
    rm -rf "$dir"
}
trap cleanup EXIT

started=true
table_port=$(free_port) http_port=$(free_port)
start_azurite "$table_port" "$dir/azurite" "$dir/azurite.log"
wait_for_port "$table_port" 30 Azurite || started=false
export Chats__Storage__ConnectionString; Chats__Storage__ConnectionString=$(azurite_connection_string "$table_port")
export Chats__Cluster__Membership=AzureTable Chats__Cluster__ClusterId="kill-loop-$$" Chats__Cluster__ServiceId="kill-loop-$$"
silos=()
for k in 0 1; do
    silo_port=$(free_port) gateway_port=$(free_port)
    start_silo "$silo_port" "$gateway_port" "$dir/silo$k.log" "$(free_port)"; pids+=($!)
    silos+=("$!:$gateway_port:$dir/silo$k.log")
    wait_for_port "$gateway_port" 120 "silo $k" || started=false
done
start_gateway "http://127.0.0.1:$http_port" "$dir/gateway.log"; pids+=($!)
wait_for_port "$http_port" 60 gateway || started=false
check "Azurite, two silos and the gateway start" $started

python3 tests/e2e/kill_loop_load.py --port "$http_port" --silos "$(IFS=,; echo "${silos[*]}")" --kills 10 --pid-file "$dir/silo-pids"
check "10 silo kills during writes, edits and reactions: every acknowledged message listed once, seqs consecutive, edits and reactions kept" test $? -eq 0
summary
