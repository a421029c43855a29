# Shared by the end-to-end script tests: ports, and the "ok"/"not ok" lines that test.sh sums up.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

passed=0 failed=0

# check NAME COMMAND...: runs COMMAND and counts it as one passed or failed test.
check() {
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "not ok - $name"; fi
}

# summary: the closing line test.sh reads; fails the script when a check failed.
summary() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
