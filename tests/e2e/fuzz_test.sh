#!/usr/bin/env bash
# Fuzzes the gateway started by ./run.sh with 10,000 random and mutated requests (tests/e2e/fuzz.js):
# zero 5xx, zero hangs, every reply a valid result or a micro-shaped error. Prints the fuzzer's
# counts, one "ok"/"not ok" line per check and a final "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
trap 'stop_service; rm -rf "$CHATS_DATA_DIR"' EXIT

check "run.sh starts the service" start_service
check "10,000 fuzzed requests: no 5xx, no hang, every reply well-formed" node tests/e2e/fuzz.js
check "the gateway still answers after the fuzz run" curl -sf -o /dev/null "$CHATS_HTTP_URL/readyz"

summary
