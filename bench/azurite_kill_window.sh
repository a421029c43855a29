#!/usr/bin/env bash
# Measures how much acknowledged data a `kill -9` of Azurite loses (it saves its tables every 5 s
# and on SIGINT only): ./run.sh on a private folder, one writer posting messages one after another,
# SIGKILL to Azurite after a few seconds, ./run.sh again, and the acknowledged messages that are
# gone. Prints, per trial, the messages lost and the seconds between the oldest lost
# acknowledgement and the kill.   bench/azurite_kill_window.sh [TRIALS]
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source tests/e2e/testlib.sh
set -m
use_private_service
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

for trial in $(seq 1 "${1:-3}"); do
    start_service || exit 1
    python3 - "$CHATS_HTTP_URL" "$AZURITE_TABLE_PORT" "$CHATS_DATA_DIR/acks-$trial.json" "$((6 + trial * 2))" <<'PY'
import json, subprocess, sys, time, urllib.request
url, port, out, kill_after = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
def call(method, body):
    req = urllib.request.Request(f"{url}/v1/chats/{method}", data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)
chat = call("CreateChat", {"user_ids": ["kill", f"window-{time.time()}"]})["chat"]
acks, start = [], time.time()
while time.time() - start < kill_after:
    m = call("CreateMessage", {"chat_id": chat["id"], "author_id": "kill", "text": "x"})["message"]
    acks.append((m["id"], time.time()))
killed_at = time.time()
subprocess.run(["pkill", "-KILL", "-f", f"azurite-table.*--tablePort {port}"])
json.dump({"chat_id": chat["id"], "acks": acks, "killed_at": killed_at}, open(out, "w"))
PY
    for _ in $(seq 1 60); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.5; done
    run_pid=""
    start_service || exit 1
    python3 - "$CHATS_HTTP_URL" "$CHATS_DATA_DIR/acks-$trial.json" "$trial" <<'PY'
import json, sys, urllib.request
url, path, trial = sys.argv[1], sys.argv[2], sys.argv[3]
run = json.load(open(path))
kept, before = set(), None
while True:
    body = {"chat_id": run["chat_id"], "limit": 1000, **({"sent_before": before} if before else {})}
    req = urllib.request.Request(f"{url}/v1/chats/ListMessages", data=json.dumps(body).encode(), method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            page = json.load(resp)["messages"]
    except Exception:
        page = []
    kept.update(m["id"] for m in page)
    if len(page) < 1000:
        break
    before = page[-1]["sent_at"]
lost = [(i, t) for i, t in run["acks"] if i not in kept]
window = run["killed_at"] - min(t for _, t in lost) if lost else 0.0
print(f"trial {trial}: {len(run['acks'])} acknowledged, {len(lost)} lost; oldest lost acknowledgement {window:.1f}s before the kill")
PY
    stop_service
done
