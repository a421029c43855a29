# Shared by run.sh and test.sh.

log() { printf '[chats] %s\n' "$*" >&2; }

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
    local port=$1 seconds=$2 name=$3
    for ((i = 0; i < seconds * 4; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.25
    done
    log "$name did not open port $port within ${seconds}s"
    return 1
}

azurite_connection_string() {
    printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' "$1"
}
