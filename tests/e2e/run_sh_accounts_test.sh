#!/usr/bin/env bash
# ./run.sh --storage-accounts 2 as a user runs it: two Azurites, chats' logs spread over both and
# saved by both on stop, every chat's messages listed again after a restart. Prints one "ok"/"not ok"
# line per check and a final "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
api="$CHATS_HTTP_URL/v1/chats"
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

check "run.sh --storage-accounts 2 starts two Azurites, the silo and the gateway" start_service --storage-accounts 2
ids=()
for i in $(seq 1 12); do
    id=$(curl -s -XPOST "$api/CreateChat" -d "{\"user_ids\":[\"alice\",\"user-$i\"]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["chat"]["id"])')
    curl -s -o /dev/null -XPOST "$api/CreateMessage" -d "{\"chat_id\":\"$id\",\"author_id\":\"alice\",\"text\":\"hello $i\"}"
    ids+=("$id")
done
check "Ctrl-C/SIGTERM stops everything cleanly" stop_service
run_pid=""

# Each Azurite saved its own message table: the chats' log headers (row "h") are split between them.
headers() {
    python3 - "$1" <<'PY'
import json, sys
db = json.load(open(sys.argv[1] + "/__azurite_db_table__.json"))
print(sum(1 for c in db["collections"] if c["name"].endswith("$ChatsMessages") for d in c["data"] if d.get("RowKey") == "h"))
PY
}
first=$(headers "$CHATS_DATA_DIR/azurite") second=$(headers "$CHATS_DATA_DIR/azurite-account2")
echo "# log headers: $first in the first account, $second in the second"
check "both accounts hold chats' logs, 12 in all" test "$first" -gt 0 -a "$second" -gt 0 -a $((first + second)) -eq 12

check "run.sh --storage-accounts 2 starts again on the same data" start_service --storage-accounts 2
listed=0
for i in $(seq 1 12); do
    text=$(curl -s -XPOST "$api/ListMessages" -d "{\"chat_id\":\"${ids[i-1]}\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"][0]["text"])' 2>/dev/null)
    [[ "$text" == "hello $i" ]] && listed=$((listed + 1))
done
check "every chat's message is listed after the restart (12)" test "$listed" -eq 12
summary
