#!/usr/bin/env bash
# End-to-end check of ./run.sh as a user runs it: start, curl the three routes and an attachment,
# stop, start again, and find the chat, its messages and the attached file still there. Prints one "ok"/"not ok" line per check and a
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
head -c 3000 /dev/urandom >"$CHATS_DATA_DIR/file.bin"
upload=$(curl -s -XPOST "$api/CreateUpload" -d "{\"chat_id\":\"$chat_id\",\"user_id\":\"alice\",\"file_name\":\"a.zip\",\"content_type\":\"application/zip\",\"size\":3000}")
upload_id=$(echo "$upload" | json_get '["upload"]["id"]' 2>/dev/null)
put_status=$(curl -s -o /dev/null -w '%{http_code}' -XPUT -H 'x-ms-blob-type: BlockBlob' -H 'Content-Type: application/zip' \
    --data-binary @"$CHATS_DATA_DIR/file.bin" "$(echo "$upload" | json_get '["upload"]["url"]' 2>/dev/null)")
check "a file PUT to CreateUpload's url goes to Azurite's blob service" test "$put_status" = 201
attached=$(curl -s -XPOST "$api/CreateMessage" -d "{\"chat_id\":\"$chat_id\",\"author_id\":\"alice\",\"attachments\":[\"$upload_id\"]}")
check "CreateMessage attaches it" test "$(echo "$attached" | json_get '["message"]["attachments"][0]["size"]' 2>/dev/null)" = 3000
check "Ctrl-C/SIGTERM stops all three cleanly" stop_service
run_pid=""

check "run.sh starts again on the same data" start_service
again=$(curl -s -XPOST "$api/ListMessages" -d "{\"chat_id\":\"$chat_id\"}")
check "the chat and its messages survive a restart" test "$(echo "$again" | json_get '["messages"][-1]["text"]' 2>/dev/null)" = "hello"
same_chat=$(curl -s -XPOST "$api/CreateChat" -d '{"user_ids":["alice","bob"]}' | json_get '["chat"]["id"]' 2>/dev/null)
check "CreateChat after the restart returns the same chat" test "$same_chat" = "$chat_id"
curl -s -L "$api/Attachment?chat_id=$chat_id&id=$upload_id&user_id=bob" -o "$CHATS_DATA_DIR/read.bin"
check "the attached file survives a restart, byte for byte" cmp -s "$CHATS_DATA_DIR/file.bin" "$CHATS_DATA_DIR/read.bin"

summary
