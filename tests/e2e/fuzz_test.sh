#!/usr/bin/env bash
# Fuzzes the gateway started by ./run.sh with 10,000 random and mutated requests (tests/e2e/fuzz.js):
# zero 5xx, zero hangs, every reply a valid result or a micro-shaped error; then 10,000 more on a
# service with keys and tenants, each with a fuzzed credential. Prints the fuzzer's
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

# Again with a server key and a tenant's signing secret, every request with a fuzzed credential.
check "run.sh stops" stop_service
export CHATS_SERVER_KEY="fuzz-server-key-$RANDOM$RANDOM"
export Chats__Auth__Keys__0__Sha256; Chats__Auth__Keys__0__Sha256=$(printf '%s' "$CHATS_SERVER_KEY" | sha256sum | cut -d' ' -f1)
export Chats__Auth__Tenants__default__SigningKeys__0__Id=fuzz-1
export Chats__Auth__Tenants__default__SigningKeys__0__Secret; Chats__Auth__Tenants__default__SigningKeys__0__Secret=$(head -c 32 /dev/urandom | base64)
export Chats__RateLimit__Enabled=false
check "run.sh starts the service with keys and a tenant" start_service
check "10,000 requests with fuzzed Authorization headers and tokens: no 5xx, no hang, every reply well-formed" node tests/e2e/fuzz.js
check "the gateway still answers after the credential fuzz run" curl -sf -o /dev/null "$CHATS_HTTP_URL/readyz"

summary
