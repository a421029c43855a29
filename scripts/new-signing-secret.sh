#!/usr/bin/env bash
# Makes a signing secret for a tenant's user tokens (32 random bytes, base64) and prints the settings.
#   scripts/new-signing-secret.sh [TENANT] [KEY_ID]     TENANT "default" is the default tenant
set -euo pipefail
tenant="${1:-default}" id="${2:-$tenant-$(date +%Y%m%d)}"
secret=$(head -c 32 /dev/urandom | base64)
echo "settings for the gateway (environment; add a higher index to rotate, keep the old one until its tokens expire):"
echo "  Chats__Auth__Tenants__${tenant}__SigningKeys__0__Id=$id"
echo "  Chats__Auth__Tenants__${tenant}__SigningKeys__0__Secret=$secret"
