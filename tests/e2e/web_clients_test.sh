#!/usr/bin/env bash
# The service as its users see it, started by ./run.sh: the published m3o Node client (call and
# WebSocket stream), the web page in headless Chromium (playwright-core), and what an operator
# opens (metrics on the gateway and the silo, the Orleans Dashboard); then the same with keys and a
# tenant's signing secret: the m3o client and the web page signed in with user tokens. Prints one "ok"/"not ok" line
# per check and a final "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
export Chats__Dashboard__Enabled=true
screenshots="tests/e2e/artifacts"
mkdir -p "$screenshots"
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

check "run.sh starts the service" start_service
check "@m3o/m3o-node streams messages from /v1/chats/Stream" node tests/e2e/m3o_stream.js
check "two users in two Chromium pages see each other's messages live" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser.js
check "the browser test saved its screenshots" test -s "$screenshots/alice.png" -a -s "$screenshots/bob.png"
check "the web page shows unread counts, marks read, reacts, replies, edits and deletes (two users, live)" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser_events.js
check "the web page attaches a PNG and a file (uploaded straight to blob storage); the other user sees the image inline" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser_attachments.js

silo="http://127.0.0.1:$CHATS_SILO_HTTP_PORT"
check "the gateway's /metrics has request durations by route" grep -q 'http_server_request_duration_seconds_count{.*http_route="/v1/chats/CreateMessage"' <(curl -s "$CHATS_HTTP_URL/metrics")
check "the silo's /metrics has storage latency and group-commit batch sizes" grep -q 'chats_group_commit_batch_size_count' <(curl -s "$silo/metrics" | grep -E 'chats_storage_duration_seconds_count|chats_group_commit')
check "the silo serves the Orleans Dashboard when enabled" grep -q '<title>Orleans Dashboard</title>' <(curl -s "$silo/dashboard/")

# The same service with a server key and the default tenant's signing secret: users sign in with tokens.
check "run.sh stops" stop_service
export CHATS_SERVER_KEY="e2e-server-key-$RANDOM$RANDOM"
export Chats__Auth__Keys__0__Sha256; Chats__Auth__Keys__0__Sha256=$(printf '%s' "$CHATS_SERVER_KEY" | sha256sum | cut -d' ' -f1)
export Chats__Auth__Tenants__default__SigningKeys__0__Id=e2e-1
export Chats__Auth__Tenants__default__SigningKeys__0__Secret; Chats__Auth__Tenants__default__SigningKeys__0__Secret=$(head -c 32 /dev/urandom | base64)
export Chats__Auth__ClockSkew=00:00:00
check "run.sh starts the service with keys and a tenant" start_service
check "scripts/new-user-token.sh prints a token and the sign-in link" grep -q '/#token=' <(CHATS_API_KEY="$CHATS_SERVER_KEY" scripts/new-user-token.sh alice 60)
check "@m3o/m3o-node with a user token makes every call as its user, and no other" node tests/e2e/m3o_user_token.js
check "the web page signs users in with tokens (live chat, 403 shown, expiry)" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser_signin.js
check "the web page runs a group: create, add, rename, remove (three users with tokens, live)" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser_groups.js
check "the web page keeps one connection: live list, a new group, typing, a reconnect with no missed message (three users with tokens)" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser_connect.js
check "a killed gateway takes its users offline within the lease; the web page connects again once it restarts, missing no message" \
    env SCREENSHOT_DIR="$screenshots" CHATS_SECOND_GATEWAY_PORT="$(free_port)" Chats__Cluster__Membership=Localhost \
    Chats__Storage__ConnectionString="$(azurite_connection_string "$AZURITE_TABLE_PORT")" node tests/e2e/browser_gateway_restart.js

summary
