#!/usr/bin/env bash
# Clients generated from the service's own OpenAPI document, as users make them, run against ./run.sh
# with a server key and a tenant signing secret (every call, errors included): TypeScript
# (openapi-typescript types for the openapi-fetch client, compiled by tsc under strict) and C# (Kiota,
# the dotnet tool in the repository's tool manifest). Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

use_private_service
export CHATS_SERVER_KEY="typed-client-key-$RANDOM$RANDOM"
export Chats__Auth__Keys__0__Sha256; Chats__Auth__Keys__0__Sha256=$(printf '%s' "$CHATS_SERVER_KEY" | sha256sum | cut -d' ' -f1)
export Chats__Auth__Tenants__default__SigningKeys__0__Id=typed-1
export Chats__Auth__Tenants__default__SigningKeys__0__Secret; Chats__Auth__Tenants__default__SigningKeys__0__Secret=$(head -c 32 /dev/urandom | base64)
client=tests/e2e/openapi_client kiota=tests/e2e/kiota_client
trap 'stop_service; rm -rf "$CHATS_DATA_DIR" "$client/out" "$client/chats.d.ts" "$client/openapi.json" "$kiota/Generated"' EXIT

check "run.sh starts the service" start_service
check "the OpenAPI document downloads" curl -sf -o "$client/openapi.json" "$CHATS_HTTP_URL/openapi/v1.json"
check "openapi-typescript generates the types" node_modules/.bin/openapi-typescript "$client/openapi.json" -o "$client/chats.d.ts"
check "the typed client compiles under strict with only the required fields" node_modules/.bin/tsc -p "$client/tsconfig.json"
check "the typed client makes every call, errors included" node "$client/out/client.mjs"

# Kiota stays off the network: no update check, no telemetry (only loopback is reachable here).
export KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false
check "the Kiota tool restores from the tool manifest" dotnet tool restore
check "Kiota generates a C# client" dotnet kiota generate -l CSharp -d "$client/openapi.json" -o "$kiota/Generated" -c ChatsClient -n Chats.Client --clean-output
check "the Kiota client compiles" dotnet build "$kiota/KiotaClient.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
check "the Kiota client makes every call, with typed errors" dotnet "$kiota/bin/Release/net10.0/KiotaClient.dll"
summary
