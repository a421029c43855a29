#!/usr/bin/env bash
# End-to-end check of ./run.sh as a user runs it: start, curl the three routes, stop, start again,
# and find the chat and its messages still listed. Prints one "ok"/"not ok" line per check and a
# final "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

use_private_service
api="$CHATS_HTTP_URL/v1/chats"
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

check "run.sh starts Azurite, the silo and the gateway" start_service

chat=$(curl -s -XPOST "$api/CreateChat" -d '{"user_ids":["bob","alice"]}')
chat_id=$(echo "$chat" | json_get '["chat"]["id"]' 2>/dev/null)
check "CreateChat answers a chat" test -n "$chat_id"
message=$(curl -s -XPOST "$api/CreateMessage" -d "{\"id\":\"e2e/1#?\",\"chat_id\":\"$chat_id\",\"author_id\":\"alice\",\"text\":\"hello\"}")
check "CreateMessage answers the message" test "$(echo "$message" | json_get '["message"]["text"]' 2>/dev/null)" = "hello"
listed=$(curl -s -XPOST "$CHATS_HTTP_URL/protobuf/Chats/ListMessages" -d "{\"chat_id\":\"$chat_id\"}")
check "ListMessages lists it" test "$(echo "$listed" | json_get '["messages"][0]["id"]' 2>/dev/null)" = "e2e/1#?"
check "Ctrl-C/SIGTERM stops all three cleanly" stop_service
run_pid=""

check "run.sh starts again on the same data" start_service
again=$(curl -s -XPOST "$api/ListMessages" -d "{\"chat_id\":\"$chat_id\"}")
check "the chat and its message survive a restart" test "$(echo "$again" | json_get '["messages"][0]["text"]' 2>/dev/null)" = "hello"
same_chat=$(curl -s -XPOST "$api/CreateChat" -d '{"user_ids":["alice","bob"]}' | json_get '["chat"]["id"]' 2>/dev/null)
check "CreateChat after the restart returns the same chat" test "$same_chat" = "$chat_id"

summary
