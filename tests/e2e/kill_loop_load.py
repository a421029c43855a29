#!/usr/bin/env python3
"""HTTP writes, edits and reactions against a running gateway while its silos are killed with
SIGKILL in a loop, each restarted with its own command line, environment and ports.

Writers post CreateMessage with their own ids, editors edit acknowledged messages (old ones in
earlier blocks as often as new ones), reactors add reactions; each retries a failed call with the
same request until it is acknowledged (the api.md contract). Afterwards every acknowledged message
must be listed once, every chat's seq be 1..last with one message.new per message, every
acknowledged edit be the text (or be followed only by an edit that was still being retried), and
every acknowledged reaction be counted. Prints what it did and "kill loop: ok" or the faults.
"""
import argparse, collections, http.client, os, random, signal, socket, subprocess, sys, threading, time
from chat_history import call, history, sequence_faults

def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False

class Silo:
    """A silo process the loop kills and starts again exactly as it was started."""
    def __init__(self, pid, gateway_port, log):
        self.pid, self.gateway_port, self.log = pid, gateway_port, log
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            self.argv = [a.decode() for a in f.read().split(b"\0") if a]
        with open(f"/proc/{pid}/environ", "rb") as f:
            self.env = dict(e.decode().split("=", 1) for e in f.read().split(b"\0") if b"=" in e)
        self.cwd = os.readlink(f"/proc/{pid}/cwd")
        self.process = None

    def kill_and_restart(self):
        os.kill(self.pid, signal.SIGKILL)
        time.sleep(0.2)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.process.pid

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--silos", required=True, help="pid:gateway_port:log,pid:gateway_port:log")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--between", type=float, default=3.0, help="seconds of load after a restarted silo is up")
    parser.add_argument("--pid-file", required=True, help="where the restarted silos' pids are written, for cleanup")
    args = parser.parse_args()
    silos = [Silo(int(p), int(g), l) for p, g, l in (s.split(":", 2) for s in args.silos.split(","))]

    setup = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    chats = []
    for i in range(8):
        status, reply = call(setup, "CreateChat", {"user_ids": [f"kill-a-{i}-{os.getpid()}", f"kill-b-{i}"]})
        assert status == 200, (status, reply)
        chats.append(reply["chat"])

    lock = threading.Lock()
    stop = threading.Event()
    statuses = collections.Counter()
    acked = {}                      # message id -> message
    edits = {}                      # message id -> (last acknowledged text, text still being retried or None)
    reactions = set()               # (message id, user id, type) acknowledged
    pending_reactions = set()       # (message id, user id, type) being retried when the load stopped

    def retry(conn, method, body):
        while not stop.is_set():
            try:
                status, reply = call(conn, method, body)
            except (OSError, http.client.HTTPException):
                status, reply = "connection error", None
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            with lock:
                statuses[status] += 1
            if status == 200:
                return conn, reply
            time.sleep(0.1)
        return conn, None

    def writer(n):
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        for i in range(100000):
            chat = chats[(n + i) % len(chats)]
            body = {"id": f"k{n}-{i}-{os.getpid()}", "chat_id": chat["id"], "author_id": chat["user_ids"][0], "text": f"writer {n} message {i}"}
            conn, reply = retry(conn, "CreateMessage", body)
            if reply is None:
                return
            with lock:
                acked[body["id"]] = reply["message"]

    def editor(n):
        conn, rng = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30), random.Random(n)
        for i in range(100000):
            time.sleep(0.02)
            with lock:
                if not acked:
                    continue
                mine = [m for m in acked.values() if hash(m["id"]) % 2 == n]
                if not mine:
                    continue
                message = rng.choice(mine)
                last, _ = edits.get(message["id"], (message["text"], None))
                text = f"edit {n}-{i}"
                edits[message["id"]] = (last, text)
            body = {"chat_id": message["chat_id"], "id": message["id"], "text": text, "author_id": message["author_id"]}
            conn, reply = retry(conn, "UpdateMessage", body)
            with lock:
                if reply is not None:
                    edits[message["id"]] = (text, None)
            if reply is None:
                return

    def reactor(n):
        conn, rng = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30), random.Random(100 + n)
        for i in range(100000):
            time.sleep(0.02)
            with lock:
                if not acked:
                    continue
                message = rng.choice(list(acked.values()))
            chat = next(c for c in chats if c["id"] == message["chat_id"])
            key = (message["id"], rng.choice(chat["user_ids"]), f"t{i % 8}")
            with lock:
                pending_reactions.add(key)
            body = {"chat_id": message["chat_id"], "message_id": key[0], "user_id": key[1], "type": key[2]}
            conn, reply = retry(conn, "AddReaction", body)
            if reply is None:
                return
            with lock:
                pending_reactions.discard(key)
                reactions.add(key)

    # Editors and reactors serialize per message through the chat, so one edit of a message at a time each.
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    threads += [threading.Thread(target=editor, args=(n,)) for n in range(2)]
    threads += [threading.Thread(target=reactor, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()

    began = time.monotonic()
    downtimes = []
    for kill in range(args.kills):
        time.sleep(args.between)
        silo = silos[kill % len(silos)]
        killed = time.monotonic()
        silo.kill_and_restart()
        with open(args.pid_file, "w") as f:
            f.write(" ".join(str(s.pid) for s in silos))
        while not port_open(silo.gateway_port) and time.monotonic() - killed < 90:
            time.sleep(0.25)
        downtimes.append(time.monotonic() - killed)
    time.sleep(args.between)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began

    faults = []
    total_events = 0
    for chat in chats:
        listed, events = history(setup, chat["id"])
        total_events += len(events)
        faults += sequence_faults(chat["id"], listed, events)
        counts = collections.Counter(m["id"] for m in listed)
        by_id = {m["id"]: m for m in listed}
        for message in (m for m in acked.values() if m["chat_id"] == chat["id"]):
            if counts[message["id"]] != 1:
                faults.append(f"message {message['id']} listed {counts[message['id']]} times")
                continue
            final = by_id[message["id"]]
            if message["id"] in edits:
                last, retrying = edits[message["id"]]
                if final["text"] not in (last, retrying):
                    faults.append(f"message {message['id']}: text {final['text']!r}, acknowledged {last!r}")
            final_counts = final.get("reaction_counts", {})
            for kind in {k for (m, _, k) in reactions | pending_reactions if m == message["id"]}:
                low = sum(1 for (m, _, k) in reactions if m == message["id"] and k == kind)
                high = low + sum(1 for (m, _, k) in pending_reactions - reactions if m == message["id"] and k == kind)
                if not low <= final_counts.get(kind, 0) <= high:
                    faults.append(f"message {message['id']}: reaction {kind} counted {final_counts.get(kind, 0)}, acknowledged {low}")

    print(f"{args.kills} kills in {elapsed:.0f}s (restart to a listening silo: {min(downtimes):.1f}-{max(downtimes):.1f}s); "
          f"acknowledged {len(acked)} messages, {sum(1 for e in edits.values() if e[1] is None)} last edits, {len(reactions)} reactions; "
          f"{total_events} events in {len(chats)} chats")
    print("replies by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))))
    bad = [s for s in statuses if s not in (200, 503)]
    if bad:
        faults.append(f"statuses other than 200/503: {bad}")
    for fault in faults[:20]:
        print("FAULT: " + fault)
    print("kill loop: " + ("ok" if not faults and acked else f"{len(faults)} faults"))
    return 0 if not faults and acked else 1

if __name__ == "__main__":
    sys.exit(main())
