# Shared by run.sh and test.sh.

# A closed terminal (SIGHUP) makes writes fail: logging must never stop a shutdown half-way.
log() { printf '[chats] %s\n' "$*" >&2 2>/dev/null || true; }

ensure_node_modules() {
    if [[ ! -x node_modules/.bin/azurite-table ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
        log "installing Azurite (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error >&2
    fi
}

build_release() {
    log "building (Release)"
    dotnet build Chats.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2
}

# wait_for_port PORT SECONDS NAME
wait_for_port() {
    local port=$1 seconds=$2 name=$3 i
    for ((i = 0; i < seconds * 4; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.25
    done
    log "$name did not open port $port within ${seconds}s"
    return 1
}

# azurite_connection_string TABLE_PORT [BLOB_PORT]
azurite_connection_string() {
    printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' "$1"
    [[ -z "${2:-}" ]] || printf 'BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;' "$2"
}

# ensure_redis: installs Debian's redis-server when it is missing (Redis membership needs it).
ensure_redis() {
    command -v redis-server >/dev/null || apt_install redis-server
}

# ensure_chromium: Debian's Chromium, which the browser test drives (Playwright's own download is not used).
ensure_chromium() {
    [[ -x /usr/bin/chromium ]] || apt_install chromium
}

# apt_install PACKAGE...: installs Debian packages, as root or through sudo. Another package manager
# holding apt's or dpkg's lock (a fresh machine's automatic updates) is waited for, 5 minutes at most.
apt_install() {
    log "installing $* (apt)"
    apt_locked update -qq && DEBIAN_FRONTEND=noninteractive apt_locked install -y -qq "$@"
}

# apt_locked ARGS...: apt-get ARGS, retried every 5 s for up to APT_LOCK_WAIT (300) seconds while
# another process holds the lock of the package lists or of dpkg.
apt_locked() {
    local sudo="" out status waited=0 limit=${APT_LOCK_WAIT:-300}
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    out=$(mktemp)
    while true; do
        $sudo apt-get -o DPkg::Lock::Timeout=5 "$@" >"$out" 2>&1
        status=$?
        if [[ $status -eq 0 ]] || ! grep -qiE 'could not get lock|unable to (lock|acquire)' "$out" || ((waited >= limit)); then
            cat "$out" >&2; rm -f "$out"; return $status
        fi
        ((waited % 30 == 0)) && log "waiting for another package manager (apt/dpkg holds its lock) to finish: ${waited}s of ${limit}s"
        sleep 5; waited=$((waited + 5))
    done
}

# start_redis PORT DIR: Redis with an append-only file in DIR, so membership survives a restart.
start_redis() {
    mkdir -p "$2"
    redis-server --bind 127.0.0.1 --port "$1" --dir "$2" --appendonly yes --save "" >"$2/redis.log" 2>&1 &
}

# start_azurite PORT DIR LOG: Azurite's tables in DIR; sets azurite_pid. Azurite keeps its tables in
# memory and saves them every 5 s and on SIGINT only (any other signal ends it at once, losing up to
# those 5 s). So it runs in a session of its own, where no signal sent to the caller's process group
# (Ctrl-C, a closed terminal, a supervisor's TERM or KILL) reaches it, and a watchdog in that session
# sends it SIGINT as soon as the calling shell is gone, however that shell ended.
# Several may run (one per storage account): each is in azurite_pids, the last also in azurite_pid.
# A 32 MB young generation keeps Node's garbage collector from promoting each request's garbage.
start_azurite() {
    NODE_OPTIONS="--max-semi-space-size=32" setsid node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$1" --location "$2" \
        --skipApiVersionCheck --disableTelemetry --silent >"$3" 2>&1 </dev/null &
    watch_azurite $!
}

# start_azurite_blobs PORT DIR LOG: Azurite's blob service (attachments) in DIR, stopped and saved like the tables
# (its files are written as they arrive; its index of them is saved like the tables).
start_azurite_blobs() {
    setsid node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$1" --location "$2" \
        --skipApiVersionCheck --disableTelemetry --silent >"$3" 2>&1 </dev/null &
    watch_azurite $!
}

# watch_azurite PID: records an Azurite process and starts its watchdog.
watch_azurite() {
    azurite_pid=$1
    azurite_pids+=("$azurite_pid")
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 0.5; done; kill -INT "$2" 2>/dev/null' \
        azurite-watchdog "$$" "$azurite_pid" >/dev/null 2>&1 </dev/null &
}

# stop_azurite SECONDS: each Azurite saves its tables and exits on SIGINT; killed if it takes longer.
stop_azurite() {
    local pid
    for pid in ${azurite_pids[@]+"${azurite_pids[@]}"}; do stop_process "$pid" INT "$1"; done
    azurite_pids=() azurite_pid=""
}

# start_silo SILO_PORT GATEWAY_PORT LOG HTTP_PORT (other settings come from the Chats__* environment)
start_silo() {
    # The silo's own HTTP port serves /metrics, /healthz and (when enabled) the Orleans Dashboard.
    Urls="http://127.0.0.1:$4" Chats__Cluster__SiloPort="$1" Chats__Cluster__GatewayPort="$2" \
        dotnet "src/Chats.Silo/bin/Release/net10.0/Chats.Silo.dll" --contentRoot "$PWD/src/Chats.Silo/bin/Release/net10.0" >"$3" 2>&1 &
}

# start_gateway URL LOG
start_gateway() {
    # The output folder is the content root: appsettings.json and the web page (wwwroot) live there.
    local dir="src/Chats.Gateway/bin/Release/net10.0"
    Urls="$1" dotnet "$dir/Chats.Gateway.dll" --contentRoot "$PWD/$dir" >"$2" 2>&1 &
}

# stop_process PID SIGNAL SECONDS: asks a child to stop, and kills it if it has not within SECONDS.
stop_process() {
    local pid=$1 signal=$2 seconds=$3 i
    kill "-$signal" "$pid" 2>/dev/null || return 0
    for ((i = 0; i < seconds * 4; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
        sleep 0.25
    done
    log "pid $pid did not stop within ${seconds}s; killing it"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}
