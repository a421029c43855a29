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
Usage: top_frames.py PROFILE.speedscope.json [N] [--match TEXT | --self | --callers TEXT | --callees TEXT]
  --self          by the frame that was running (exclusive time)
  --callers TEXT  the frame matching TEXT, by the four frames that called it
  --categories    by category (request body, reply JSON, authentication, Orleans, Kestrel, ...): see CATEGORIES
  --callees TEXT  top-down: the time under the frame matching TEXT, by the frame it was running then
                  (its own code, or the callee on the way to the leaf)"""
import json
import re
import sys


WAITING = re.compile(r"WaitCore|WaitOne|WaitForSignal|Monitor\.Wait|Thread\.Sleep|EventLoop|WaitHandle|SpinWait|Semaphore.*Wait|PollingThread|FileSystemWatcher|PollGC|Monitor\.Enter_Slowpath")


# A leaf the sampler shows as running that is a wait in native code: a pool thread between work
# items, or the finalizer thread waiting for its next batch (it shows as GC.RunFinalizers alone).
IDLE_LEAF = re.compile(r"WorkerThreadStart$|Thread\.StartCallback$|GC\.RunFinalizers$|^\?$")


# --categories: each busy sample goes to the category of its innermost frame that matches one (the
# first matching category, in this order), so the continuation of an async method that resumes the
# rest of a request (a handler's reply, the middleware unwinding) counts where the work is, not
# under the method that happened to complete the task.
CATEGORIES = [
    ("request body: read, parse, bind", r"JsonRequestBody|Request\.BindAsync|JsonFields|BodyReader|MessageBody"),
    ("reply: DTOs and JSON", r"WriteAsJson|JsonSerializer|Utf8JsonWriter|Dto\.From|HttpResultsHelper|JsonTypeInfo|WriteJson|OnTryWrite|JsonConverter|TimestampConverter"),
    ("authentication", r"Authenticat|ApiKeyRing|ToIdentity|ClaimsIdentity|ClaimsPrincipal|GetCaller|PresentedCredential"),
    ("authorization", r"Authoriz|PolicyEvaluator"),
    ("rate limiter", r"RateLimit"),
    ("Orleans client: call and send", r"GrainReference|GetGrain|ChatGrainReferences|OutsideRuntimeClient|ProcessOutgoing|MessageSerializer\.Write|Codec_.*Serialize$|InvokeMethodAsync|IChatGrain"),
    ("Orleans client: receive and deserialize", r"ProcessIncoming|MessageSerializer|Codec_|Orleans|ResponseCompletionSource|CallbackData"),
    ("Kestrel: sockets", r"SocketConnection|SocketSender|SocketReceiver|SocketPal|Socket\.|SocketAsync|Interop\+Sys"),
    ("Kestrel: HTTP/1.1 parsing and response", r"Http1|HttpProtocol|HttpParser|Kestrel|HttpResponse|HttpRequest|HeaderDictionary|Pipe"),
    ("hosting: metrics, activities, log scopes", r"HostingApplication|Activity|Metric|Aggregator|Meter|Instrument|Logger|Scope|Histogram|RequestIdMiddleware"),
    ("routing, endpoints, other middleware", r"Routing|Endpoint|Middleware|RequestDelegate|StatusCodePages|StaticFile|DefaultFiles|Cors|WebSocket|HostFiltering|ResolveService|ServiceProvider"),
    ("thread pool, async state machines, GC", r"."),
]


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
    callees_of = sys.argv[sys.argv.index("--callees") + 1] if "--callees" in sys.argv else None
    callees = {}
    categories = {} if "--categories" in sys.argv else None
    compiled = [(label, re.compile(pattern)) for label, pattern in CATEGORIES]

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
        if categories is not None:
            ordered = [frames[index] for index in stack if frames[index] not in ("UNMANAGED_CODE_TIME", "CPU_TIME")]
            label = next((label for name in reversed(ordered) if "." in name
                          for label, pattern in compiled[:-1] if pattern.search(name)), compiled[-1][0])
            categories[label] = categories.get(label, 0) + weight
        if callees_of:
            ordered = [frames[index] for index in stack if frames[index] not in ("UNMANAGED_CODE_TIME", "CPU_TIME")]
            depths = [depth for depth, name in enumerate(ordered) if callees_of in name]
            if depths:
                # The outermost match, so recursion (or an async method's several frames) counts once.
                below = next((name for name in ordered[depths[0] + 1:] if callees_of not in name), "(self)")
                callees[below] = callees.get(below, 0) + weight
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
    if categories is not None:
        for label, weight in sorted(categories.items(), key=lambda item: -item[1]):
            print(f"{100 * weight / total:6.1f}%  {label}")
        return
    if callees_of:
        under = sum(callees.values())
        print(f"{100 * under / total:6.1f}%  under {callees_of}, by what it ran:")
        for name, weight in sorted(callees.items(), key=lambda item: -item[1])[:top]:
            print(f"{100 * weight / total:6.1f}%    {name}")
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
