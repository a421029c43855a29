#!/usr/bin/env python3
"""Writes acknowledged data to a running Chats and checks it later: `stop_ledger.py URL LEDGER write LABEL`
creates a chat and posts 25 messages, recording each acknowledged one in LEDGER; `... verify` checks
that every recorded chat is returned by CreateChat with the same id and lists exactly its messages."""
import json
import sys
import time
import urllib.error
import urllib.request

url, ledger_path, action = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, body):
    # 503 means "retry" (a silo failing over); writes carry ids, so a retry stores nothing twice.
    deadline = time.time() + 60
    while True:
        req = urllib.request.Request(f"{url}/v1/chats/{method}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as error:
            if error.code != 503 or time.time() > deadline:
                raise
        time.sleep(0.5)


try:
    with open(ledger_path) as f:
        ledger = json.load(f)
except FileNotFoundError:
    ledger = []

if action == "write":
    label = sys.argv[4]
    users = [f"{label}-alice", f"{label}/bob"]
    chat = call("CreateChat", {"user_ids": users})["chat"]
    entry = {"users": users, "chat_id": chat["id"], "messages": []}
    ledger.append(entry)
    for i in range(25):
        message = call("CreateMessage", {"id": f"{label}/{i}", "chat_id": chat["id"], "author_id": users[i % 2], "text": f"{label} {i}"})["message"]
        entry["messages"].append(message["id"])
        with open(ledger_path, "w") as f:
            json.dump(ledger, f)
    sys.exit(0)

problems = []
for entry in ledger:
    chat_id = call("CreateChat", {"user_ids": entry["users"]})["chat"]["id"]
    if chat_id != entry["chat_id"]:
        problems.append(f"{entry['users']}: chat {chat_id}, was {entry['chat_id']}")
        continue
    listed = [m["id"] for m in call("ListMessages", {"chat_id": chat_id, "limit": 1000})["messages"]]
    if list(reversed(listed)) != entry["messages"]:
        problems.append(f"{entry['users']}: {len(listed)} messages listed, {len(entry['messages'])} acknowledged")
print(f"# {len(ledger)} chats, {sum(len(e['messages']) for e in ledger)} messages checked; problems: {problems or 'none'}")
sys.exit(1 if problems else 0)
