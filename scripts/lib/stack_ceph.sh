# shellcheck shell=bash
# Ceph part of scripts/dev-stack: one monitor, one memstore OSD and one RADOS Gateway on loopback.
# Sourced after stack_common.sh, never executed.
#
# Everything lives under <stack>/ceph: ceph.conf, monmap, mon/ and osd/ data, run/ (pid files, admin
# sockets), log/. The OSD keeps objects in RAM (memstore), so a cluster that lost its monitor or OSD has
# nothing worth keeping: it is torn down and made again. A gateway alone is simply restarted.

CEPH_DIR="${STACK_DIR}/ceph"
CEPH_CONF="${CEPH_DIR}/ceph.conf"
CEPH_RUN="${CEPH_DIR}/run"
CEPH_LOG_DIR="${CEPH_DIR}/log"
CEPH_READY_MARK="${CEPH_DIR}/ready"
# RAM-backed OSD capacity: benchmarks upload objects of about 1 GB.
MEMSTORE_BYTES=$((6 * 1024 * 1024 * 1024))
CEPH_DAEMONS=(client.rgw.a osd.0 mon.a)

ceph_cli() {
    ceph -c "$CEPH_CONF" --connect-timeout 30 "$@"
}

ceph_pid_file() {
    echo "${CEPH_RUN}/$1.pid"
}

rgw_answers() {
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(rgw_endpoint)/")" || return 1
    [[ "$code" == 200 ]]
}

ceph_is_up() {
    [[ -f "$CEPH_READY_MARK" ]] || return 1
    local daemon
    for daemon in "${CEPH_DAEMONS[@]}"; do
        live_pid "$(ceph_pid_file "$daemon")" >/dev/null || return 1
    done
    rgw_answers
}

# True when the cluster below the gateway (monitor and OSD, hence the data) is complete and running.
ceph_cluster_alive() {
    [[ -f "$CEPH_READY_MARK" ]] &&
        live_pid "$(ceph_pid_file mon.a)" >/dev/null &&
        live_pid "$(ceph_pid_file osd.0)" >/dev/null
}

ceph_write_conf() {
    local fsid
    fsid="$(cat /proc/sys/kernel/random/uuid)"
    cat >"$CEPH_CONF" <<EOF
# Written by scripts/dev-stack: a single-node development cluster on 127.0.0.1, no authentication.
[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${MON_PORT}
public addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = ${CEPH_DIR}/keyring
run dir = ${CEPH_RUN}
admin socket = ${CEPH_RUN}/\$name.asok
pid file = ${CEPH_RUN}/\$name.pid
log file = ${CEPH_LOG_DIR}/\$name.log
log to stderr = false
err to stderr = true
crash dir = ${CEPH_DIR}/crash
mon cluster log file = ${CEPH_LOG_DIR}/cluster.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false

[mon]
# Commit map changes at once instead of batching them for a second: pool and OSD changes during
# start-up are each waited for, so this cuts several seconds.
paxos propose interval = 0.01
paxos min wait = 0.001

[mon.a]
mon data = ${CEPH_DIR}/mon.a

[osd]
osd objectstore = memstore
# At start an OSD may send its crush update before its monitor client knows the cluster fsid; the monitor
# then answers "wrong fsid" and the OSD exits. dev-stack places osd.0 in the crush map itself instead.
osd class update on start = false
osd crush update on start = false
memstore device bytes = ${MEMSTORE_BYTES}

[osd.0]
osd data = ${CEPH_DIR}/osd.0

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${RGW_PORT}
rgw data = ${CEPH_DIR}/rgw.a
# Deleted and overwritten objects free their RAM within a minute instead of two hours.
rgw gc obj min wait = 60
rgw gc processor period = 60
EOF
}

# Starts a daemon that forks into the background.
ceph_spawn() {
    local name="$1"
    shift
    echo "--- $(date +%T.%3N) start ${name}" >>"${CEPH_LOG_DIR}/setup.log"
    if ! run_detached "${CEPH_LOG_DIR}/${name}.stdout" "$@"; then
        tail -n 20 "${CEPH_LOG_DIR}/${name}.stdout" "${CEPH_LOG_DIR}/${name}.log" >&2 2>/dev/null || true
        stack_die "${name} failed to start (logs: ${CEPH_LOG_DIR})"
    fi
}

# The gateway goes first: it hangs in shutdown when the cluster disappears under it. The OSD and the
# monitor can then stop together.
ceph_stop_all() {
    stop_pid_files "$(ceph_pid_file client.rgw.a)"
    stop_pid_files "$(ceph_pid_file osd.0)" "$(ceph_pid_file mon.a)"
}

ceph_run_logged() {
    local what="$1"
    shift
    echo "--- $(date +%T.%3N) ${what}" >>"${CEPH_LOG_DIR}/setup.log"
    if ! "$@" >>"${CEPH_LOG_DIR}/setup.log" 2>&1; then
        tail -n 20 "${CEPH_LOG_DIR}/setup.log" >&2
        stack_die "${what} failed (log: ${CEPH_LOG_DIR}/setup.log)"
    fi
}

ceph_init_and_start() {
    require_free_port "$MON_PORT" "Ceph monitor"
    require_free_port "$RGW_PORT" "RADOS Gateway"
    rm -rf "$CEPH_DIR"
    mkdir -p "$CEPH_RUN" "$CEPH_LOG_DIR" "${CEPH_DIR}/crash" "${CEPH_DIR}/mon.a" "${CEPH_DIR}/osd.0" \
        "${CEPH_DIR}/rgw.a"
    check_socket_path "${CEPH_RUN}/client.rgw.a.asok"
    ceph_write_conf
    local fsid
    fsid="$(sed -n 's/^fsid = //p' "$CEPH_CONF")"

    ceph_run_logged "monmaptool" monmaptool --create --add a "v1:127.0.0.1:${MON_PORT}" --fsid "$fsid" \
        "${CEPH_DIR}/monmap"
    ceph_run_logged "ceph-mon --mkfs" ceph-mon -c "$CEPH_CONF" --mkfs -i a --monmap "${CEPH_DIR}/monmap"
    ceph_spawn mon.a ceph-mon -c "$CEPH_CONF" -i a

    local osd_id
    osd_id="$(ceph_cli osd create 2>>"${CEPH_LOG_DIR}/setup.log")" || stack_die "ceph osd create failed"
    [[ "$osd_id" == 0 ]] || stack_die "expected osd id 0, the monitor gave ${osd_id}"
    ceph_run_logged "ceph-osd --mkfs" ceph-osd -c "$CEPH_CONF" -i 0 --mkfs
    ceph_spawn osd.0 ceph-osd -c "$CEPH_CONF" -i 0
    ceph_run_logged "crush add" ceph_cli osd crush add osd.0 1.0 host=localhost root=default

    ceph_start_rgw
}

ceph_start_rgw() {
    require_free_port "$RGW_PORT" "RADOS Gateway"
    ceph_spawn client.rgw.a radosgw -c "$CEPH_CONF" -n client.rgw.a
    wait_until "$CEPH_READY_TIMEOUT" "the RADOS Gateway to answer GET /" rgw_answers ||
        stack_die "the RADOS Gateway is not answering (logs: ${CEPH_LOG_DIR})"
    echo "--- $(date +%T.%3N) gateway answers" >>"${CEPH_LOG_DIR}/setup.log"
}

# Restarts the gateway alone; objects, users, buckets and notification queues live in RADOS and survive.
ceph_restart_rgw() {
    if ! ceph_cluster_alive; then
        stack_die "the Ceph cluster is not running; run: scripts/dev-stack up"
    fi
    stop_pid_files "$(ceph_pid_file client.rgw.a)"
    ceph_start_rgw
}

ceph_create_user_and_buckets() {
    # `user create` fails when the user exists; `user info` makes the step idempotent.
    if ! radosgw-admin -c "$CEPH_CONF" user info --uid s3load >/dev/null 2>&1; then
        ceph_run_logged "radosgw-admin user create" radosgw-admin -c "$CEPH_CONF" user create --uid s3load \
            --display-name s3load --access-key "$S3_ACCESS_KEY" --secret "$S3_SECRET_KEY"
    fi
    ceph_run_logged "bucket creation" env AWS_ACCESS_KEY_ID="$S3_ACCESS_KEY" \
        AWS_SECRET_ACCESS_KEY="$S3_SECRET_KEY" "$STACK_PYTHON" "${REPO_ROOT}/scripts/lib/stack_buckets.py" \
        --endpoint "$(rgw_endpoint)" --region "$S3_REGION" \
        --versioned "$S3_VERSIONED_BUCKET" --plain "$S3_PLAIN_BUCKET"
}

ceph_up() {
    ceph_is_up && return 0
    # With the monitor and the OSD alive the data is intact: only the gateway needs starting again.
    if ceph_cluster_alive; then
        stop_pid_files "$(ceph_pid_file client.rgw.a)"
        ceph_start_rgw
        return 0
    fi
    ceph_stop_all
    ceph_init_and_start
    ceph_create_user_and_buckets
    echo "--- $(date +%T.%3N) ready" >>"${CEPH_LOG_DIR}/setup.log"
    touch "$CEPH_READY_MARK"
}

ceph_down() {
    ceph_stop_all
    rm -rf "${CEPH_DIR}/mon.a" "${CEPH_DIR}/osd.0" "$CEPH_READY_MARK"
}
