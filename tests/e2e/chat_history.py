"""A chat's whole history over HTTP, and the checks the load tests make of it after their faults."""
import json


def call(conn, method, body):
    conn.request("POST", f"/v1/chats/{method}", json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null")


def history(conn, chat_id):
    """Every message (newest first, paged by sent_before) and every event (oldest first) of the chat."""
    listed, before = [], None
    while True:
        status, reply = call(conn, "ListMessages", {"chat_id": chat_id, "limit": 1000, "sent_before": before})
        assert status == 200, (status, reply)
        if not reply["messages"]:
            break
        listed += reply["messages"]
        before = reply["messages"][-1]["sent_at"]
    events, after = [], 0
    while True:
        status, reply = call(conn, "ListEvents", {"chat_id": chat_id, "after_seq": after, "limit": 1000})
        assert status == 200, (status, reply)
        if not reply["events"]:
            break
        events += reply["events"]
        after = reply["events"][-1]["seq"]
    return listed, events


def sequence_faults(chat_id, listed, events):
    """The chat's event sequence must be 1..last_seq, no gap, no repeat, with one message.new per
    listed message at the message's own seq."""
    faults = []
    seqs = [e["seq"] for e in events]
    if seqs != list(range(1, len(seqs) + 1)):
        faults.append(f"chat {chat_id}: seqs are not 1..{len(seqs)}")
    created = {e["seq"]: e["message"]["id"] for e in events if e["type"] == "message.new"}
    if len(created) != len(listed) or any(created.get(m["seq"]) != m["id"] for m in listed):
        faults.append(f"chat {chat_id}: message.new events do not match the {len(listed)} messages listed")
    return faults
