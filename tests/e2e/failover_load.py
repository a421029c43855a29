#!/usr/bin/env python3
"""HTTP load against a running gateway while one silo process is killed with SIGKILL.

Writers post CreateMessage with their own ids and retry a failed request with the same id (the
api.md contract), for a bounded time and count. After the run every acknowledged message must be
listed exactly once. Prints the failover time (from the kill until writes succeed again, and the
span of failures around it) and the count of replies by status.
"""
import argparse, collections, http.client, os, signal, sys, threading, time
from chat_history import call, history, sequence_faults

def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--silo-pids", required=True, help="comma-separated; the busiest one is killed")
    parser.add_argument("--kill-after", type=float, default=8.0)
    parser.add_argument("--duration", type=float, default=45.0)
    parser.add_argument("--writers", type=int, default=12)
    parser.add_argument("--max-per-writer", type=int, default=3000)
    args = parser.parse_args()

    setup = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    chats = []
    for i in range(20):
        status, reply = call(setup, "CreateChat", {"user_ids": [f"failover-a-{i}", f"failover-b-{i}-{os.getpid()}"]})
        assert status == 200, (status, reply)
        chats.append(reply["chat"])

    lock = threading.Lock()
    statuses = collections.Counter()
    failures = []          # (started, finished) of every failed request
    acked = {}             # message id -> message
    start = time.monotonic()
    deadline = start + args.duration

    def writer(n):
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        for i in range(args.max_per_writer):
            chat = chats[(n + i) % len(chats)]
            body = {"id": f"w{n}-{i}-{os.getpid()}", "chat_id": chat["id"], "author_id": chat["user_ids"][0], "text": f"writer {n} message {i}"}
            while time.monotonic() < deadline:
                began = time.monotonic()
                try:
                    status, reply = call(conn, "CreateMessage", body)
                except (OSError, http.client.HTTPException):
                    status, reply = "connection error", None
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
                with lock:
                    statuses[status] += 1
                    if status == 200:
                        acked[body["id"]] = reply["message"]
                    else:
                        failures.append((began - start, time.monotonic() - start))
                if status == 200:
                    break
                time.sleep(0.1)
            if time.monotonic() >= deadline:
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
    for thread in threads:
        thread.start()
    # Kill the silo that is doing the work (most CPU over the last second): it hosts the chats.
    pids = [int(p) for p in args.silo_pids.split(",")]
    time.sleep(max(0, args.kill_after - 1))
    before = {pid: cpu_ticks(pid) for pid in pids}
    time.sleep(1)
    busiest = max(pids, key=lambda pid: cpu_ticks(pid) - before[pid])
    killed_at = time.monotonic() - start
    os.kill(busiest, signal.SIGKILL)
    for thread in threads:
        thread.join()

    after_kill = [f for f in failures if f[1] >= killed_at]
    recovered_at = max((f[1] for f in after_kill), default=killed_at)
    print(f"killed the busiest silo, pid {busiest} of {pids}, at {killed_at:.1f}s; acknowledged {len(acked)} messages in {args.duration:.0f}s")
    print(f"failover time: writes failed for {recovered_at - killed_at:.1f}s after the kill "
          f"(first failure {(min((f[0] for f in after_kill), default=killed_at) - killed_at):+.1f}s from the kill)")
    print("replies by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))))

    bad_statuses = [s for s in statuses if s not in (200, 503)]
    missing, doubled, seq_faults, total_events = 0, 0, 0, 0
    for chat in chats:
        # The chat's event sequence after the failover: 1..last_seq, no gap, no repeat, one
        # message.new per listed message, at the message's own seq.
        listed, events = history(setup, chat["id"])
        seq_faults += len(sequence_faults(chat["id"], listed, events))
        total_events += len(events)
        counts = collections.Counter(m["id"] for m in listed)
        for message in (m for m in acked.values() if m["chat_id"] == chat["id"]):
            if counts[message["id"]] == 0:
                missing += 1
            elif counts[message["id"]] > 1:
                doubled += 1
    print(f"acknowledged but missing: {missing}; listed more than once: {doubled}; statuses other than 200/503: {bad_statuses}")
    print(f"events: {total_events} in {len(chats)} chats; chats whose seq has a gap or repeat, or a message without its message.new: {seq_faults}")
    return 0 if missing == 0 and doubled == 0 and seq_faults == 0 and not bad_statuses and len(acked) > 0 else 1

if __name__ == "__main__":
    sys.exit(main())
