#!/usr/bin/env bash
# Every ordinary way of stopping ./run.sh keeps every acknowledged write: with one silo and with
# --silos 2, each stop kind in turn on one data folder: write a chat with 25 messages, stop, start
# again, and find every chat written so far with all its messages. The stop kinds: Ctrl-C (SIGINT
# to the process group), closing the terminal (SIGHUP to the group), SIGTERM to run.sh, SIGTERM to
# the group, a supervisor's SIGTERM to the group followed by SIGKILL 10 s later, and SIGKILL to the
# whole group at once (run.sh gets no chance to stop Azurite: its watchdog does). Then, with
# --silos 2, one silo is killed: run.sh starts it again and the service answers meanwhile.
# Prints "ok"/"not ok" per check and "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

# Job control: run.sh gets a process group of its own (as in a terminal), and SIGINT is not ignored.
set -m
use_private_service
export START_TIMEOUT_SECONDS=150  # --silos 2 starts its silos one after the other
ledger="$CHATS_DATA_DIR/ledger.json"
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

# stop_group KIND: stops run.sh that way, then waits until both Azurite services have exited (they save as
# they exit; the next start needs their ports).
stop_group() {
    case "$1" in
        ctrl-c) kill -INT -- "-$run_pid" ;;
        terminal-closed) kill -HUP -- "-$run_pid" ;;
        term-run.sh) kill -TERM "$run_pid" ;;
        term-group) kill -TERM -- "-$run_pid" ;;
        supervisor) kill -TERM -- "-$run_pid"; sleep 10; kill -KILL -- "-$run_pid" 2>/dev/null ;;
        kill-group) kill -KILL -- "-$run_pid" ;;
    esac
    for _ in $(seq 1 240); do
        ! kill -0 "$run_pid" 2>/dev/null && ! pgrep -f "azurite-table.*--tablePort $AZURITE_TABLE_PORT" >/dev/null \
            && ! pgrep -f "azurite-blob.*--blobPort $AZURITE_BLOB_PORT" >/dev/null && { run_pid=""; return 0; }
        sleep 0.5
    done
    return 1
}

chats() { python3 tests/e2e/stop_ledger.py "$CHATS_HTTP_URL" "$ledger" "$@"; }

for silos in 1 2; do
    for kind in ctrl-c terminal-closed term-run.sh term-group supervisor kill-group; do
        if ! start_service --silos "$silos"; then
            check "--silos $silos: run.sh starts before the '$kind' stop" false; continue
        fi
        check "--silos $silos: before the '$kind' stop, every chat written so far is whole" chats verify
        check "--silos $silos: a chat and 25 messages written" chats write "$silos-$kind"
        check "--silos $silos: the '$kind' stop ends run.sh and Azurite" stop_group "$kind"
    done
done
check "after the last stop, run.sh --silos 2 starts again" start_service --silos 2
check "after the last stop, every chat written is whole" chats verify

# A silo of several that dies is started again while the service keeps answering.
silo_pid=$(pgrep -f "Chats.Silo.dll" -P "$run_pid" | tail -n 1)
kill -KILL "$silo_pid"
check "with a silo killed, the service still answers (a chat and 25 messages written)" chats write killed-silo
restarted=false
for _ in $(seq 1 120); do grep -q "started again" "$CHATS_DATA_DIR/run.out" && { restarted=true; break; }; sleep 0.5; done
check "run.sh logs the dead silo and starts it again" $restarted
grep -E "exited with status|started again" "$CHATS_DATA_DIR/run.out" | sed 's/^/# /'
check "after the restart, every chat written is whole" chats verify
summary
