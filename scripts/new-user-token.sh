#!/usr/bin/env bash
# Gets a user token for one user from a running Chats, with a server key, as an app backend would
# (POST /v1/chats/CreateUserToken), and prints it with the web page's sign-in link.
#   CHATS_API_KEY=<server key> scripts/new-user-token.sh USER_ID [EXPIRES_IN_SECONDS]
# Environment: CHATS_HTTP_URL (default http://127.0.0.1:8080), CHATS_API_KEY (a server key of the
# user's tenant; that tenant needs a signing secret, Chats__Auth__Tenants__{tenant}__SigningKeys__0__*).
set -euo pipefail
user_id="${1:?usage: scripts/new-user-token.sh USER_ID [EXPIRES_IN_SECONDS]}"
expires_in="${2:-3600}"
url="${CHATS_HTTP_URL:-http://127.0.0.1:8080}"
key="${CHATS_API_KEY:?set CHATS_API_KEY to a server key}"
body=$(python3 -c 'import json,sys; print(json.dumps({"user_id": sys.argv[1], "expires_in": int(sys.argv[2])}))' "$user_id" "$expires_in")
reply=$(curl -sS -X POST "$url/v1/chats/CreateUserToken" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body")
token=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["token"]) if "token" in d else sys.exit("Chats refused: " + json.dumps(d))' <<<"$reply")
expires_at=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["expires_at"])' <<<"$reply")
echo "token for $user_id (expires $expires_at):"
echo "$token"
echo "sign in on the web page: $url/#token=$token"
