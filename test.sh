#!/usr/bin/env bash
# Installs what the tests need and runs every test: the .NET suites (against a real Azurite that
# the fixtures start on free loopback ports) and the end-to-end script tests (run.sh, failover, the
# m3o Node client and the web page in headless Chromium).
# Ends with one line "N passed, N failed", summed over all of them.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

ensure_node_modules || exit 1
ensure_chromium || exit 1
build_release || exit 1

passed=0 failed=0 status=0
log_dir=$(mktemp -d)

log "running the .NET tests"
# No test runs for minutes: a test host silent for 10 is stopped and the test it was in is named (and
# counted as failed) instead of the run hanging until CI's limit.
dotnet test Chats.sln -c Release --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log_dir/dotnet.txt"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
# One summary line per test assembly: "Passed!  - Failed:     0, Passed:   107, Skipped: ..."
while read -r f p; do
    passed=$((passed + p)) failed=$((failed + f))
done < <(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \3/p' "$log_dir/dotnet.txt")
if ! grep -qE '(Passed|Failed)! +- Failed' "$log_dir/dotnet.txt"; then
    log "the .NET test run printed no summary"
    status=1
fi

for script in tests/e2e/*_test.sh; do
    log "running $script"
    bash "$script" 2>&1 | tee "$log_dir/script.txt"
    [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
    read -r p f < <(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log_dir/script.txt" | tail -n 1)
    if [[ -z "${p:-}" ]]; then
        log "$script printed no summary"
        status=1 f=1 p=0
    fi
    passed=$((passed + p)) failed=$((failed + f))
    unset p f
done

# The benchmark in its tiny form, so it keeps working; its figures are not judged here.
log "running ./bench.sh --quick"
if ./bench.sh --quick --out "$log_dir/bench.json" >"$log_dir/bench.txt" 2>&1 && grep -q '^| W5 ' "$log_dir/bench.txt"; then
    passed=$((passed + 1)); echo "ok - ./bench.sh --quick"
else
    failed=$((failed + 1)); echo "not ok - ./bench.sh --quick"; tail -n 30 "$log_dir/bench.txt"
fi

# The soak in its tiny form (40 s): it keeps working, and every acknowledged message reached every member's connection.
log "running ./bench.sh --soak --quick"
if ./bench.sh --soak --quick --out "$log_dir/soak.json" >"$log_dir/soak.txt" 2>&1 && grep -qE '^\| SOAKs .*\| yes +\|$' "$log_dir/soak.txt"; then
    passed=$((passed + 1)); echo "ok - ./bench.sh --soak --quick"
else
    failed=$((failed + 1)); echo "not ok - ./bench.sh --soak --quick"; tail -n 30 "$log_dir/soak.txt"
fi

rm -rf "$log_dir"
[[ $failed -eq 0 ]] || status=1
echo "$passed passed, $failed failed"
exit $status
