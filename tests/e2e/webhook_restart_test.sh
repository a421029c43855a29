#!/usr/bin/env bash
# Webhooks through a full restart with a backlog: ./run.sh with an endpoint whose receiver is down,
# 20 messages in 5 chats (each chat's first attempt fails), then the whole service stopped (Ctrl-C)
# while the backlog waits, the receiver started and the service started again: the reminders bring
# every chat's delivery back and the backlog drains, each delivery verified by the npm
# `standardwebhooks` package, in seq order per chat. Prints "ok"/"not ok" lines and "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
api="$CHATS_HTTP_URL/v1/chats"
receiver_port=$(free_port)
receiver_log="$CHATS_DATA_DIR/deliveries.jsonl"
receiver_pid=""
trap 'stop_service; [[ -n "$receiver_pid" ]] && kill "$receiver_pid" 2>/dev/null; rm -rf "$CHATS_DATA_DIR"' EXIT

check "run.sh starts" start_service
secret=$(curl -s -XPOST "$api/CreateWebhook" -d "{\"url\":\"http://127.0.0.1:$receiver_port/hooks\",\"event_types\":[\"message.new\"]}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["webhook"]["secret"])')
check "CreateWebhook gives a whsec_ secret" test "${secret:0:6}" = "whsec_"

chats=()
for i in $(seq 1 5); do
    chats+=("$(curl -s -XPOST "$api/CreateChat" -d "{\"user_ids\":[\"alice\",\"bob\"],\"distinct\":false}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["chat"]["id"])')")
done
posted=0
for round in 1 2 3 4; do
    for chat in "${chats[@]}"; do
        status=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$api/CreateMessage" -d "{\"chat_id\":\"$chat\",\"author_id\":\"alice\",\"text\":\"round $round\"}")
        [[ "$status" == 200 ]] && posted=$((posted + 1))
    done
done
check "20 messages acknowledged while the receiver is down" test "$posted" -eq 20
check "Ctrl-C/SIGTERM stops the service with its backlog" stop_service
run_pid=""

node tests/webhooks/receiver.js "$receiver_port" "$receiver_log" "$secret" ok >"$CHATS_DATA_DIR/receiver.out" 2>&1 &
receiver_pid=$!
check "run.sh starts again on the same data" start_service

# The reminders fire within a minute of the start; allow three.
drained() {
    python3 - "$receiver_log" "${chats[@]}" <<'PY'
import json, os, sys
log, chats = sys.argv[1], sys.argv[2:]
if not os.path.exists(log):
    sys.exit(1)
lines = [json.loads(line) for line in open(log) if line.strip()]
ok = [d for d in lines if d["status"] == 204 and d["chat_id"] in chats]
sys.exit(0 if {(d["chat_id"], d["seq"]) for d in ok} >= {(c, s) for c in chats for s in range(1, 5)} else 1)
PY
}
deadline=$((SECONDS + 180))
until drained || (( SECONDS > deadline )); do sleep 2; done
echo "# drained $(( SECONDS - deadline + 180 )) s after the restart"
check "every message of the backlog reached the receiver after the restart" drained

in_order() {
    python3 - "$receiver_log" "${chats[@]}" <<'PY'
import json, sys
log, chats = sys.argv[1], sys.argv[2:]
lines = [json.loads(line) for line in open(log) if line.strip()]
ours = [d for d in lines if d["chat_id"] in chats]
assert all(d["verified"] == [True] for d in ours), "a delivery failed verification"
for chat in chats:
    first = []
    for d in ours:
        if d["chat_id"] == chat and d["status"] == 204 and d["seq"] not in first:
            first.append(d["seq"])
    assert first == [1, 2, 3, 4], (chat, first)
    assert all(d["id"] == f'{d["id"].rsplit("/", 1)[0]}/{d["seq"]}' for d in ours)
PY
}
check "each delivery verified by npm standardwebhooks, and each chat's in seq order" in_order
summary
