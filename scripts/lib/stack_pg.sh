# shellcheck shell=bash
# PostgreSQL part of scripts/dev-stack. Sourced after stack_common.sh, never executed.
#
# Layout under <stack>/pg: data/ (the cluster), run/ (unix socket), log/postgresql.log, ready (written
# once the role and database exist; without it the cluster is treated as half-made and re-created).

PG_DIR="${STACK_DIR}/pg"
PG_DATA="${PG_DIR}/data"
PG_RUN="${PG_DIR}/run"
PG_LOG="${PG_DIR}/log/postgresql.log"
PG_READY_MARK="${PG_DIR}/ready"

# PostgreSQL refuses to run as root, so as root the cluster belongs to the unprivileged postgres user.
pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_is_ready() {
    "${PG_BIN}/pg_isready" -q -h "$PG_RUN" -p "$PG_PORT" -d postgres -U "$PG_SUPERUSER"
}

pg_is_running() {
    [[ -f "${PG_DATA}/postmaster.pid" ]] && pg_as_owner "${PG_BIN}/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

# Settings rewritten before every start, so port changes through the environment take effect.
pg_write_settings() {
    pg_as_owner tee "${PG_DATA}/s3load_stack.conf" >/dev/null <<EOF
# Written by scripts/dev-stack at each start; a throwaway development cluster, hence no durability.
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '${PG_RUN}'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
log_connections = off
EOF
}

pg_init() {
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DATA" "$PG_RUN" "$(dirname "$PG_LOG")"
    chmod 0700 "$PG_DATA" "$PG_RUN"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres:postgres "$PG_DIR"
        runuser -u postgres -- test -x "$PG_DIR" ||
            stack_die "user postgres cannot reach ${PG_DIR}; make its parents traversable or set S3LOAD_STACK_DIR (e.g. /tmp/s3load-stack)"
    fi
    check_socket_path "${PG_RUN}/.s.PGSQL.${PG_PORT}"
    # The socket is trusted: it lives in a 0700 directory, so only the cluster owner (and root) reach it.
    # TCP always needs a SCRAM password, like a real server.
    if ! pg_as_owner "${PG_BIN}/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions \
        >"${PG_DIR}/log/initdb.log" 2>&1; then
        cat "${PG_DIR}/log/initdb.log" >&2
        stack_die "initdb failed"
    fi
    pg_as_owner tee "${PG_DATA}/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
EOF
    echo "include_if_exists = 's3load_stack.conf'" | pg_as_owner tee -a "${PG_DATA}/postgresql.conf" >/dev/null
}

pg_start() {
    require_free_port "$PG_PORT" "PostgreSQL"
    pg_write_settings
    if ! run_detached "${PG_DIR}/log/pg_ctl.log" pg_as_owner "${PG_BIN}/pg_ctl" start -D "$PG_DATA" \
        -l "$PG_LOG" -w -t "$PG_READY_TIMEOUT"; then
        tail -n 20 "$PG_LOG" >&2 || true
        stack_die "PostgreSQL did not start (log: ${PG_LOG})"
    fi
    wait_until "$PG_READY_TIMEOUT" "PostgreSQL to accept connections" pg_is_ready ||
        stack_die "PostgreSQL is not ready (log: ${PG_LOG})"
}

pg_stop() {
    local mode="$1"
    if pg_is_running; then
        pg_as_owner "${PG_BIN}/pg_ctl" stop -D "$PG_DATA" -m "$mode" -w -t 60 >/dev/null 2>&1 ||
            stack_die "PostgreSQL did not stop (log: ${PG_LOG})"
    fi
}

pg_create_role_and_database() {
    "${PG_BIN}/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres <<EOF
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '${PG_ROLE}', '${PG_PASSWORD}')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PG_ROLE}') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '${PG_DATABASE}', '${PG_ROLE}')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}') \\gexec
EOF
}

# Brings PostgreSQL up: reuses a complete cluster (data survives pg-stop-immediate), else makes a new one.
pg_up() {
    if [[ -f "$PG_READY_MARK" && -f "${PG_DATA}/PG_VERSION" ]]; then
        pg_is_ready && return 0
        pg_is_running || pg_start
        wait_until "$PG_READY_TIMEOUT" "PostgreSQL to accept connections" pg_is_ready ||
            stack_die "PostgreSQL is not ready (log: ${PG_LOG})"
        return 0
    fi
    pg_stop immediate
    pg_init
    pg_start
    pg_create_role_and_database || stack_die "could not create role and database ${PG_ROLE}"
    touch "$PG_READY_MARK"
}

pg_down() {
    pg_stop fast
    rm -rf "$PG_DATA" "$PG_READY_MARK"
}
