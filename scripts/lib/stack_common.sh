# shellcheck shell=bash disable=SC2034  # settings are used by the scripts that source this file
# Shared settings and helpers of scripts/dev-stack. Sourced, never executed.
#
# Contract: the caller sets REPO_ROOT before sourcing. Every path and port of the stack is derived here
# from the environment, so `up`, `down`, `env` and the smoke test agree on them.

STACK_DIR="${S3LOAD_STACK_DIR:-$REPO_ROOT/.stack}"
PG_PORT="${S3LOAD_PG_PORT:-55432}"
RGW_PORT="${S3LOAD_RGW_PORT:-57480}"
MON_PORT="${S3LOAD_CEPH_MON_PORT:-56789}"

PG_BIN="${S3LOAD_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_ROLE="s3load"
PG_PASSWORD="s3load-dev-password"
PG_DATABASE="s3load"
PG_SUPERUSER="postgres"

# Fixed development credentials: the gateway only listens on loopback.
S3_ACCESS_KEY="S3LOADDEVACCESSKEY00"
S3_SECRET_KEY="s3load-dev-secret-key-do-not-use-in-prod"
S3_REGION="us-east-1"
S3_VERSIONED_BUCKET="s3load-test"
S3_PLAIN_BUCKET="s3load-plain"

# Debian's interpreter and CLI, not whatever a version manager puts first on PATH: the stack is tested
# with the python3-boto3 and awscli packages that scripts/bootstrap installs.
STACK_PYTHON="${S3LOAD_STACK_PYTHON:-/usr/bin/python3}"
STACK_AWS="${S3LOAD_STACK_AWS:-/usr/bin/aws}"

# Deadlines (seconds) for daemons to become ready.
PG_READY_TIMEOUT=60
CEPH_READY_TIMEOUT=180
LOCK_TIMEOUT=900

stack_log() {
    echo "dev-stack: $*" >&2
}

stack_die() {
    echo "dev-stack: error: $*" >&2
    exit 1
}

rgw_endpoint() {
    echo "http://127.0.0.1:${RGW_PORT}"
}

# Runs a command that leaves daemons behind with stdin from /dev/null and every descriptor above 2 closed,
# so that no daemon holds the dev-stack lock or a pipe of whoever called dev-stack (a CI runner or a test
# harness would wait for that pipe's end forever). Stdout and stderr go to the file given first.
run_detached() {
    local out="$1"
    shift
    (
        local fd
        for fd in /proc/"$BASHPID"/fd/*; do
            fd="${fd##*/}"
            if ((fd > 2)); then
                eval "exec ${fd}>&-"
            fi
        done
        "$@" </dev/null >>"$out" 2>&1
    )
}

# Polls a command until it succeeds or the deadline passes. Usage: wait_until SECONDS DESCRIPTION CMD...
wait_until() {
    local timeout="$1" what="$2"
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            stack_log "timed out after ${timeout}s waiting for ${what}"
            return 1
        fi
        sleep 0.2
    done
}

# Polls until a process has exited; fails when it is still alive after the timeout (seconds).
wait_pid_gone() {
    local pid="$1" timeout="$2"
    local deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            return 1
        fi
        sleep 0.1
    done
}

# Prints the pid recorded in a pid file when that process is still alive.
live_pid() {
    local pid_file="$1" pid
    [[ -s "$pid_file" ]] || return 1
    pid="$(tr -dc '0-9' <"$pid_file")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# Stops the processes named by pid files, all at once: TERM, wait, then KILL. Idempotent.
stop_pid_files() {
    local pid_file pid
    local -a pids=()
    for pid_file in "$@"; do
        if pid="$(live_pid "$pid_file")"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    for pid in "${pids[@]}"; do
        if ! wait_pid_gone "$pid" 20; then
            stack_log "pid ${pid} ignored SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_pid_gone "$pid" 10 || stack_die "pid ${pid} does not exit"
        fi
    done
    rm -f "$@"
}

# Fails when something else already listens on a TCP port the stack needs.
require_free_port() {
    local port="$1" what="$2"
    if [[ -n "$(ss -Htln "sport = :${port}" 2>/dev/null)" ]]; then
        stack_die "port ${port} (${what}) is already in use; stop its owner or choose another port (see docs/dev-stack.md)"
    fi
}

# Unix socket paths are limited to 107 bytes; fail early with a fix instead of a cryptic daemon error.
check_socket_path() {
    local path="$1"
    if ((${#path} > 100)); then
        stack_die "socket path too long (${#path} bytes): ${path}; set S3LOAD_STACK_DIR to a shorter directory"
    fi
}

# Percent-encodes a string for a URI component (everything outside A-Za-z0-9-._~).
uri_encode() {
    local LC_ALL=C s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            [A-Za-z0-9._~-]) out+="$c" ;;
            *) out+="$(printf '%%%02X' "'$c")" ;;
        esac
    done
    echo "$out"
}

stack_abs_dir() {
    (cd "$STACK_DIR" 2>/dev/null && pwd) || echo "$STACK_DIR"
}

# Writes the environment of the stack as `export NAME='value'` lines. Values are always single-quoted so
# that programs reading <stack>/env only need to strip one pair of quotes.
print_env() {
    local abs_stack
    abs_stack="$(stack_abs_dir)"
    local -a pairs=(
        "S3LOAD_DATABASE_URL=postgresql://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${PG_DATABASE}"
        "PGHOST=127.0.0.1"
        "PGPORT=${PG_PORT}"
        "PGUSER=${PG_ROLE}"
        "PGPASSWORD=${PG_PASSWORD}"
        "PGDATABASE=${PG_DATABASE}"
        "S3LOAD_PG_ADMIN_URL=postgresql:///postgres?host=$(uri_encode "${abs_stack}/pg/run")&port=${PG_PORT}&user=${PG_SUPERUSER}"
        "S3LOAD_PG_BIN=${PG_BIN}"
        "AWS_ENDPOINT_URL_S3=$(rgw_endpoint)"
        "AWS_ACCESS_KEY_ID=${S3_ACCESS_KEY}"
        "AWS_SECRET_ACCESS_KEY=${S3_SECRET_KEY}"
        "AWS_REGION=${S3_REGION}"
        "AWS_DEFAULT_REGION=${S3_REGION}"
        "S3LOAD_TEST_BUCKET=${S3_VERSIONED_BUCKET}"
        "S3LOAD_TEST_PLAIN_BUCKET=${S3_PLAIN_BUCKET}"
        "S3LOAD_STACK_DIR=${abs_stack}"
    )
    local pair value
    for pair in "${pairs[@]}"; do
        value="${pair#*=}"
        [[ "$value" != *"'"* ]] || stack_die "a quote in ${value} cannot be exported; choose another S3LOAD_STACK_DIR"
        printf "export %s='%s'\n" "${pair%%=*}" "$value"
    done
}
