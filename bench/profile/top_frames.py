#!/usr/bin/env python3
"""Reads a speedscope profile written by `dotnet-trace collect --profile dotnet-sampled-thread-time
--format Speedscope` and prints the frames by inclusive share of the busy samples: a frame counts
once per sample whose stack holds it, on any thread. The profile samples every managed thread about
100 times a second whether it runs or waits; a sample whose stack waits (a thread-pool semaphore,
the socket event loop, a monitor, a sleep, or only native code) is not counted, so the shares are of
the time threads spent working. Async methods run as the MoveNext of their state machine, one stack per continuation,
so summing a method's frames over all samples adds up the time of all its continuations; the
names are shortened to type and method (generic arguments and the state machine's <...>d__N kept
as the async method's name).
Usage: top_frames.py PROFILE.speedscope.json [N] [--match TEXT]"""
import json
import re
import sys


WAITING = re.compile(r"WaitCore|WaitOne|WaitForSignal|Monitor\.Wait|Thread\.Sleep|EventLoop|WaitHandle|SpinWait|Semaphore.*Wait|PollingThread|FileSystemWatcher|PollGC|Monitor\.Enter_Slowpath")


IDLE_LEAF = re.compile(r"WorkerThreadStart$|Thread\.StartCallback$|^\?$")


def short(name):
    name = re.sub(r"\(.*\)$", "", name)                          # parameters
    name = name.split("!", 1)[-1]                                 # module!
    async_method = re.search(r"<([^>]+)>d__\d+\.MoveNext", name)
    if async_method:
        owner = name.split("+<")[0].split(".")[-1]
        return f"{owner}.{async_method.group(1)} (async)"
    parts = name.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else name


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 40
    match = sys.argv[sys.argv.index("--match") + 1] if "--match" in sys.argv else None
    with open(path) as f:
        document = json.load(f)
    frames = [short(frame["name"]) for frame in document["shared"]["frames"]]
    inclusive, exclusive, callers, total = {}, {}, {}, 0.0
    callers_of = sys.argv[sys.argv.index("--callers") + 1] if "--callers" in sys.argv else None

    def count(stack, weight):
        nonlocal total
        names = {frames[index] for index in stack}
        managed = names - {"UNMANAGED_CODE_TIME", "CPU_TIME", "Threads", "(Non-Activities)"}
        if weight <= 0 or not any("." in name for name in managed) or any(WAITING.search(name) for name in names):
            return
        total += weight
        for name in managed:
            inclusive[name] = inclusive.get(name, 0) + weight
        leaf = next((frames[index] for index in reversed(stack) if frames[index] not in ("UNMANAGED_CODE_TIME", "CPU_TIME")), None)
        if leaf and IDLE_LEAF.search(leaf):
            # A pool thread between work items, in the runtime's wait: idle, not work.
            total -= weight
            for name in managed:
                inclusive[name] -= weight
            return
        if leaf:
            exclusive[leaf] = exclusive.get(leaf, 0) + weight
        if callers_of:
            ordered = [frames[index] for index in stack]
            for depth, name in enumerate(ordered):
                if callers_of in name and depth > 0:
                    path = " < ".join(reversed(ordered[max(0, depth - 4):depth]))
                    callers[path] = callers.get(path, 0) + weight
                    break

    for profile in document["profiles"]:
        if profile.get("type") == "evented":
            # Open/close events per thread: the time between two events goes to the frames open then.
            stack, last = [], profile.get("startValue", 0)
            for event in profile.get("events", []):
                count(stack, event["at"] - last)
                last = event["at"]
                if event["type"] == "O":
                    stack.append(event["frame"])
                elif stack:
                    stack.pop()
        else:
            weights = profile.get("weights") or [1] * len(profile.get("samples", []))
            for stack, weight in zip(profile.get("samples", []), weights):
                count(stack, weight)
    print(f"{total:.0f} ms of busy thread time in all")
    if callers_of:
        for path, weight in sorted(callers.items(), key=lambda item: -item[1])[:top]:
            print(f"{100 * weight / total:6.1f}%  {callers_of} < {path}")
        return
    if "--self" in sys.argv:
        for name, weight in sorted(exclusive.items(), key=lambda item: -item[1])[:top]:
            print(f"{100 * weight / total:6.1f}% self  {name}")
        return
    rows = sorted(inclusive.items(), key=lambda item: -item[1])
    for name, weight in rows:
        if match and match not in name:
            continue
        print(f"{100 * weight / total:6.1f}%  {name}")
        top -= 1
        if top == 0:
            break


if __name__ == "__main__":
    main()
