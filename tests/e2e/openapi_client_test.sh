#!/usr/bin/env bash
# A client generated from the service's own OpenAPI document, as users make them: openapi-typescript
# types for the openapi-fetch client, compiled by tsc under strict, then run against ./run.sh with a
# server key and a tenant signing secret (every call, errors included). Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
export CHATS_SERVER_KEY="typed-client-key-$RANDOM$RANDOM"
export Chats__Auth__Keys__0__Sha256; Chats__Auth__Keys__0__Sha256=$(printf '%s' "$CHATS_SERVER_KEY" | sha256sum | cut -d' ' -f1)
export Chats__Auth__Tenants__default__SigningKeys__0__Id=typed-1
export Chats__Auth__Tenants__default__SigningKeys__0__Secret; Chats__Auth__Tenants__default__SigningKeys__0__Secret=$(head -c 32 /dev/urandom | base64)
client=tests/e2e/openapi_client
trap 'stop_service; rm -rf "$CHATS_DATA_DIR" "$client/out" "$client/chats.d.ts" "$client/openapi.json"' EXIT

check "run.sh starts the service" start_service
check "the OpenAPI document downloads" curl -sf -o "$client/openapi.json" "$CHATS_HTTP_URL/openapi/v1.json"
check "openapi-typescript generates the types" node_modules/.bin/openapi-typescript "$client/openapi.json" -o "$client/chats.d.ts"
check "the typed client compiles under strict with only the required fields" node_modules/.bin/tsc -p "$client/tsconfig.json"
check "the typed client makes every call, errors included" node "$client/out/client.mjs"
summary
