#!/usr/bin/env bash
# apt_install (scripts/lib.sh) waits for another package manager instead of failing: while a helper
# holds dpkg's frontend lock (as a fresh machine's automatic updates do) for 12 s, an install of an
# already-installed package must say what it waits for and succeed once the lock is free.
# Needs root (it takes dpkg's lock); elsewhere it is skipped. Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source tests/e2e/testlib.sh

if [[ $(id -u) -ne 0 ]]; then
    echo "# not root: skipped"
    summary; exit
fi

lock=/var/lib/dpkg/lock-frontend
python3 -c 'import fcntl, sys, time; f = open(sys.argv[1], "w"); fcntl.lockf(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(12)' "$lock" > /tmp/apt-lock-holder.$$ &
holder=$!
for _ in $(seq 1 40); do grep -q locked /tmp/apt-lock-holder.$$ 2>/dev/null && break; sleep 0.25; done
started=$SECONDS
output=$(APT_LOCK_WAIT=60 apt_locked install -y -qq bash 2>&1)
status=$? waited=$((SECONDS - started))
wait "$holder"; rm -f /tmp/apt-lock-holder.$$
echo "# waited ${waited}s; said: $(grep -m1 waiting <<<"$output")"
check "apt_install succeeds once another package manager releases the lock" test "$status" -eq 0
check "it waited for the lock instead of failing" test "$waited" -ge 8
check "it said what it was waiting for" grep -q "waiting for another package manager" <<<"$output"
summary
