# shellcheck shell=bash
# PostgreSQL part of scripts/dev-stack. Sourced after stack_common.sh, never executed.
#
# Layout under <stack>/pg: data/ (the cluster), run/ (unix socket), log/postgresql.log, tls/ (a throwaway
# CA certificate ca.crt and the server's server.crt/server.key for 127.0.0.1 and localhost), ready.2
# (written once the role, the database and TLS are set up; without it or the older mark `ready` the
# cluster is treated as half-made and re-created). A cluster with only `ready` was made before TLS: `up`
# adds TLS to it in place, keeping its data (a running server is reloaded, not restarted).

PG_DIR="${STACK_DIR}/pg"
PG_DATA="${PG_DIR}/data"
PG_RUN="${PG_DIR}/run"
PG_LOG="${PG_DIR}/log/postgresql.log"
PG_READY_MARK="${PG_DIR}/ready.2"
PG_BEFORE_TLS_MARK="${PG_DIR}/ready"
PG_TLS_DIR="${PG_DIR}/tls"
PG_TLS_CA="${PG_TLS_DIR}/ca.crt"
PG_TLS_CERT="${PG_TLS_DIR}/server.crt"
PG_TLS_KEY="${PG_TLS_DIR}/server.key"

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
# Written by scripts/dev-stack at each start; a throwaway development cluster: no fsync (an OS crash may
# lose it), but a commit is written out before it is acknowledged, because the tests crash the server
# (pg_ctl -m immediate) and then rely on what was committed before, as a real server guarantees.
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '${PG_RUN}'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
fsync = off
synchronous_commit = on
full_page_writes = off
password_encryption = 'scram-sha-256'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
log_connections = off
# TLS for clients that ask for it (sslmode=require, or verify-full with sslrootcert=${PG_TLS_CA});
# plain TCP keeps working (the pg_hba.conf "host" line matches both).
ssl = on
ssl_cert_file = '${PG_TLS_CERT}'
ssl_key_file = '${PG_TLS_KEY}'
EOF
}

# A throwaway CA and a server certificate signed by it for 127.0.0.1 and localhost, so that clients can
# test sslmode=verify-full. Made once per cluster directory; the CA's private key is deleted as soon as
# it has signed, so nothing else can ever be signed by this CA.
pg_make_tls() {
    [[ -s "$PG_TLS_CA" && -s "$PG_TLS_CERT" && -s "$PG_TLS_KEY" ]] && return 0
    local work
    work="$(mktemp -d)"
    rm -rf "$PG_TLS_DIR"
    mkdir -p "$PG_TLS_DIR" "$(dirname "$PG_LOG")"
    if ! {
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
            -subj "/CN=s3load dev-stack CA" -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "${work}/ca.key" -out "$PG_TLS_CA" &&
            openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
                -keyout "$PG_TLS_KEY" -out "${work}/server.csr" &&
            openssl x509 -req -in "${work}/server.csr" -CA "$PG_TLS_CA" -CAkey "${work}/ca.key" \
                -CAcreateserial -CAserial "${work}/ca.srl" -days 3650 -out "$PG_TLS_CERT" \
                -extfile <(printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
                    "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
                    "extendedKeyUsage=serverAuth")
    } >"${PG_DIR}/log/tls.log" 2>&1; then
        rm -rf "$work" "$PG_TLS_DIR"
        cat "${PG_DIR}/log/tls.log" >&2
        stack_die "could not make the TLS certificates (openssl)"
    fi
    rm -rf "$work"
    chmod 0755 "$PG_TLS_DIR"
    chmod 0644 "$PG_TLS_CA" "$PG_TLS_CERT"
    chmod 0600 "$PG_TLS_KEY" # PostgreSQL refuses a key that others can read
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$PG_TLS_CERT" "$PG_TLS_KEY"
    fi
}

pg_ssl_is_on() {
    [[ "$("${PG_BIN}/psql" -X -A -t -h "$PG_RUN" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres \
        -c 'SHOW ssl' 2>/dev/null)" == "on" ]]
}

# Applies rewritten settings to a running server by a reload, so its connections and data are kept.
pg_reload() {
    pg_as_owner "${PG_BIN}/pg_ctl" reload -D "$PG_DATA" >/dev/null 2>&1 || stack_die "PostgreSQL did not reload"
    wait_until "$PG_READY_TIMEOUT" "PostgreSQL to turn TLS on" pg_ssl_is_on ||
        stack_die "PostgreSQL did not turn TLS on (log: ${PG_LOG})"
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
    pg_make_tls
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
    if [[ -f "$PG_BEFORE_TLS_MARK" && -f "${PG_DATA}/PG_VERSION" ]]; then
        # A cluster made before TLS: add it, keeping the data (and a running server's connections).
        if pg_is_running; then
            pg_make_tls
            pg_write_settings
            pg_reload
        else
            pg_start
        fi
        wait_until "$PG_READY_TIMEOUT" "PostgreSQL to accept connections" pg_is_ready ||
            stack_die "PostgreSQL is not ready (log: ${PG_LOG})"
        touch "$PG_READY_MARK"
        rm -f "$PG_BEFORE_TLS_MARK"
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
    rm -rf "$PG_DATA" "$PG_TLS_DIR" "$PG_READY_MARK" "$PG_BEFORE_TLS_MARK"
}
