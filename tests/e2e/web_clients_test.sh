#!/usr/bin/env bash
# The service as JavaScript clients see it, started by ./run.sh: the published m3o Node client
# (call and WebSocket stream) and the web page in headless Chromium (playwright-core). Prints one
# "ok"/"not ok" line per check and a final "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
screenshots="tests/e2e/artifacts"
mkdir -p "$screenshots"
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

check "run.sh starts the service" start_service
check "@m3o/m3o-node streams messages from /v1/chats/Stream" node tests/e2e/m3o_stream.js
check "two users in two Chromium pages see each other's messages live" env SCREENSHOT_DIR="$screenshots" node tests/e2e/browser.js
check "the browser test saved its screenshots" test -s "$screenshots/alice.png" -a -s "$screenshots/bob.png"

summary
