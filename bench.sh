#!/usr/bin/env bash
# Measures Chats against this machine's ceilings in one run (see BENCHMARKS.md):
#   ./bench.sh           the full run (about 7 minutes here, with progress), results in bench/results.json;
#                        --memory-chats N sizes the memory step (default 1,000 chats, then 1,000 more)
#   ./bench.sh --quick   a tiny run that only checks the benchmark still works (./test.sh runs it)
#   ./bench.sh --profile W3h, W3u and W4h only, with CPU sampling traces of the gateway and the silo (dotnet-trace, a local tool):
#                        bench/profile/top_frames.py bench/profile/W3h-gateway.speedscope.json --categories sums one
#   ./bench.sh --reads   W3h and W3k only, untraced, three rounds and their medians (CPU per request too): the HTTP read path
#   ./bench.sh --groups  W1 again, W7 (a 1,000-member group) and W7a (AddMembers of 100 to 900) only, on a fresh Azurite
#   ./bench.sh --memory  MEM, FILL, ENT (entities per 100 messages), W5m (cold reads on the filled store) and PAGE
#                        (entities read for an old page) only; --memory-chats 500 --memory-messages 1000 fills 1,000,000 messages
#   ./bench.sh --storage-accounts  W2 with message logs in one storage account, then in two (one Azurite each), back to back
#   ./bench.sh --soak    the 20-minute mixed soak (8 writers, 4 readers, 200 connected users over HTTP) on 500,000
#                        messages of history, with RSS of silo and gateway; --soak-minutes N, --soak-messages N; --quick: 40 s
#   ./bench.sh --w2      S1, S2 and W2 alone on a fresh Azurite (a change to the one-message commit, against another build)
#   ./bench.sh --connect C1 (10,000 idle connections), C2 (a message to a 1,000-member group, all connected) and C3 (C2 with presence) only
#   ./bench.sh --webhooks W8n, W8w, W8n2, W8w2 (CreateMessage without and with a webhook endpoint, back to back) and W8 (deliveries,
#                        their lag); CHATS_BENCH_TRACE=1 traces the silo in each window
#   ./bench.sh --uploads U1 (20 members uploading 1 MB files through the upload URL and attaching them) and U1r (the same
#                        members sending plain messages) on Azurite with its blob service; CHATS_BENCH_TRACE=1 traces the gateway
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

command -v wrk >/dev/null || apt_install wrk
ensure_node_modules
build_release
if [[ " $* " == *" --profile "* ]]; then dotnet tool restore >/dev/null; fi
exec dotnet bench/Chats.Benchmarks/bin/Release/net10.0/Chats.Benchmarks.dll "$@"
