#!/usr/bin/env bash
# Makes a new API key and prints it with its SHA-256, the only form the gateway is configured with.
#   scripts/new-api-key.sh [TENANT] [NAME]
# Give the key to the app; put the hash (with the tenant and name) in the gateway's settings.
set -euo pipefail
tenant="${1:-}" name="${2:-}"
key="chats_$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40)"
hash=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
echo "key (give to the app, store nowhere else): $key"
echo "settings for the gateway (environment):"
echo "  Chats__Auth__Keys__0__Sha256=$hash"
echo "  Chats__Auth__Keys__0__Tenant=$tenant"
echo "  Chats__Auth__Keys__0__Name=$name"
