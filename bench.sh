#!/usr/bin/env bash
# Measures Chats against this machine's ceilings in one run (see BENCHMARKS.md):
#   ./bench.sh           the full run (about 12 minutes here, with progress), results in bench/results.json;
#                        --memory-chats N sizes the memory step (default 1,000 chats, then 1,000 more)
#   ./bench.sh --quick   a tiny run that only checks the benchmark still works (./test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

command -v wrk >/dev/null || apt_install wrk
ensure_node_modules
build_release
exec dotnet bench/Chats.Benchmarks/bin/Release/net10.0/Chats.Benchmarks.dll "$@"
