# Shared by the end-to-end script tests: ports, and the "ok"/"not ok" lines that test.sh sums up.

# free_port [COUNT]: a loopback port that is free, with the COUNT-1 ports after it free too (run.sh
# gives further silos the next ports). Drawn below the kernel's ephemeral range (32768 and up), so
# no outgoing connection of a test can take it, or a neighbour, before the server binds it.
free_port() {
    python3 - "${1:-1}" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
for _ in range(1000):
    base = random.randint(20000, 32767 - count)
    sockets = []
    try:
        for port in range(base, base + count):
            s = socket.socket()
            sockets.append(s)
            s.bind(("127.0.0.1", port))
        print(base)
        break
    except OSError:
        pass
    finally:
        for s in sockets:
            s.close()
else:
    sys.exit("no free port")
PY
}

passed=0 failed=0

# check NAME COMMAND...: runs COMMAND and counts it as one passed or failed test.
check() {
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "not ok - $name"; fi
}

# summary: the closing line test.sh reads; fails the script when a check failed.
summary() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}

# use_private_service: points ./run.sh at its own data folder and free ports, so a test's service
# never meets a developer's (or another test's). Call start_service/stop_service after it.
use_private_service() {
    export CHATS_DATA_DIR; CHATS_DATA_DIR=$(mktemp -d)
    local http_port; http_port=$(free_port)
    export CHATS_HTTP_URL="http://127.0.0.1:$http_port"
    export AZURITE_TABLE_PORT; AZURITE_TABLE_PORT=$(free_port)
    export AZURITE_BLOB_PORT; AZURITE_BLOB_PORT=$(free_port)
    # Room for four silos: run.sh gives silo N the ports after the first one's.
    export Chats__Cluster__SiloPort; Chats__Cluster__SiloPort=$(free_port 4)
    export Chats__Cluster__PrimarySiloPort=$Chats__Cluster__SiloPort
    export Chats__Cluster__GatewayPort; Chats__Cluster__GatewayPort=$(free_port 4)
    export CHATS_SILO_HTTP_PORT; CHATS_SILO_HTTP_PORT=$(free_port 4)
    run_pid=""
}

# start_service [RUN_SH_ARGS...]: ./run.sh in the background; returns once the gateway listens, or
# fails after START_TIMEOUT_SECONDS (default 120).
start_service() {
    ./run.sh "$@" >"$CHATS_DATA_DIR/run.out" 2>&1 &
    run_pid=$!
    for _ in $(seq 1 $((${START_TIMEOUT_SECONDS:-120} * 2))); do
        grep -q "Chats is listening" "$CHATS_DATA_DIR/run.out" 2>/dev/null && return 0
        kill -0 "$run_pid" 2>/dev/null || break
        sleep 0.5
    done
    cat "$CHATS_DATA_DIR/run.out" >&2
    return 1
}

# stop_service: stops ./run.sh as Ctrl-C would; fails if it does not stop cleanly.
stop_service() {
    [[ -n "$run_pid" ]] || return 0
    kill -TERM "$run_pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$run_pid" 2>/dev/null; then kill -KILL "$run_pid"; return 1; fi
    grep -q "stopped" "$CHATS_DATA_DIR/run.out"
}
