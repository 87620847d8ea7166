#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Checks, against a running dev stack (scripts/dev-stack up), the S3 behaviour s3load relies on:
#   a. keys with a space, a '+' and non-ASCII characters round-trip through `aws s3 cp`
#   b. a request signed with a wrong secret is refused with 403 SignatureDoesNotMatch (SigV4 is verified)
#   c. GET with a non-matching If-Match is refused with 412
#   d. versioned buckets answer with x-amz-version-id, and GET ?versionId= pins a version
#   e. a persistent SNS-style topic pushes an S3 event record over HTTP, and retries while the endpoint
#      answers 500
#   f. PostgreSQL takes the s3load role's password over TCP and refuses a wrong one
# Prints one line per check and exits non-zero on the first failure. With -v it also prints the
# notification record it received. Everything it creates is removed on exit.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=stack_common.sh
source "${REPO_ROOT}/scripts/lib/stack_common.sh"
eval "$("${REPO_ROOT}/scripts/dev-stack" env)"
if ! "${REPO_ROOT}/scripts/dev-stack" status >/dev/null; then
    echo "FAIL the stack is not up; run: scripts/dev-stack up" >&2
    exit 1
fi

VERBOSE=0
[[ "${1:-}" == "-v" ]] && VERBOSE=1

RUN_ID="$(date +%s)-$$"
WORK="$(mktemp -d /tmp/s3load-smoke.XXXXXX)"
SMOKE_BUCKET="s3load-smoke-${RUN_ID}"
TOPIC="s3load-smoke-${RUN_ID}"
# The zonegroup name stands where AWS has a region.
TOPIC_ARN="arn:aws:sns:default::${TOPIC}"
KEY="smoke/${RUN_ID}/vendor file+plus é ü.csv"
SINK_PID=""

s3cli() {
    "$STACK_AWS" --endpoint-url "$AWS_ENDPOINT_URL_S3" "$@"
}

cleanup() {
    set +e
    [[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null
    # RGW refuses an empty notification configuration; DELETE ?notification= removes it.
    curl -s -o /dev/null -X DELETE --aws-sigv4 "aws:amz:${AWS_REGION}:s3" \
        --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
        "${AWS_ENDPOINT_URL_S3}/${SMOKE_BUCKET}?notification="
    s3cli sns delete-topic --topic-arn "$TOPIC_ARN" >/dev/null 2>&1
    "$STACK_PYTHON" - "$SMOKE_BUCKET" "$S3LOAD_TEST_BUCKET" "smoke/${RUN_ID}/" <<'EOF' >/dev/null 2>&1
import os, sys
import boto3
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"])
smoke_bucket, test_bucket, prefix = sys.argv[1:4]
for bucket, pfx in ((test_bucket, prefix), (smoke_bucket, "")):
    try:
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=pfx):
            for v in page.get("Versions", []) + page.get("DeleteMarkers", []):
                s3.delete_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])
        if bucket == smoke_bucket:
            s3.delete_bucket(Bucket=bucket)
    except s3.exceptions.NoSuchBucket:
        pass
EOF
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() {
    echo "ok   $*"
}

fail() {
    echo "FAIL $*" >&2
    exit 1
}

# Path of an object with each key segment percent-encoded once, as a SigV4 client must send it.
object_path() {
    local bucket="$1" key="$2" path="" segment
    local -a segments
    IFS=/ read -r -a segments <<<"$key"
    for segment in "${segments[@]}"; do
        path+="/$(uri_encode "$segment")"
    done
    echo "/${bucket}${path}"
}

# curl signs the request itself (SigV4); prints the HTTP status, writes headers and body to files.
signed_get() {
    local secret="$1" path="$2"
    shift 2
    curl -s -o "${WORK}/body" -D "${WORK}/headers" -w '%{http_code}' \
        --aws-sigv4 "aws:amz:${AWS_REGION}:s3" --user "${AWS_ACCESS_KEY_ID}:${secret}" \
        -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@" "${AWS_ENDPOINT_URL_S3}${path}"
}

header_value() {
    sed -n "s/^$1: *//Ip" "${WORK}/headers" | tr -d '\r'
}

# --- a. awkward keys round-trip -------------------------------------------------------------------------
printf 'id,name\n1,Zoë\n' >"${WORK}/upload.csv"
s3cli s3 cp --quiet "${WORK}/upload.csv" "s3://${S3LOAD_TEST_BUCKET}/${KEY}"
s3cli s3 cp --quiet "s3://${S3LOAD_TEST_BUCKET}/${KEY}" "${WORK}/download.csv"
cmp -s "${WORK}/upload.csv" "${WORK}/download.csv" || fail "a: downloaded bytes differ for key '${KEY}'"
pass "a: key '${KEY}' round-trips through aws s3 cp"

PATH_ENCODED="$(object_path "$S3LOAD_TEST_BUCKET" "$KEY")"
status="$(signed_get "$AWS_SECRET_ACCESS_KEY" "$PATH_ENCODED")"
[[ "$status" == 200 ]] || fail "b: control request with the right secret answered ${status}: $(cat "${WORK}/body")"
ETAG="$(header_value ETag)"

# --- b. SigV4 is verified -------------------------------------------------------------------------------
status="$(signed_get "wrong-${AWS_SECRET_ACCESS_KEY}" "$PATH_ENCODED")"
[[ "$status" == 403 ]] || fail "b: wrong secret answered ${status}, expected 403"
grep -q '<Code>SignatureDoesNotMatch</Code>' "${WORK}/body" || fail "b: 403 body: $(cat "${WORK}/body")"
pass "b: wrong secret -> 403 SignatureDoesNotMatch"

# --- c. If-Match is honoured ----------------------------------------------------------------------------
status="$(signed_get "$AWS_SECRET_ACCESS_KEY" "$PATH_ENCODED" -H 'If-Match: "wrong"')"
[[ "$status" == 412 ]] || fail "c: If-Match \"wrong\" answered ${status}, expected 412"
status="$(signed_get "$AWS_SECRET_ACCESS_KEY" "$PATH_ENCODED" -H "If-Match: ${ETAG}")"
[[ "$status" == 200 ]] || fail "c: If-Match with the object's ETag answered ${status}, expected 200"
pass "c: If-Match \"wrong\" -> 412, If-Match ${ETAG} -> 200"

# --- d. versioning --------------------------------------------------------------------------------------
VERSION_ID="$(header_value x-amz-version-id)"
[[ -n "$VERSION_ID" ]] || fail "d: no x-amz-version-id on a GET from versioned bucket ${S3LOAD_TEST_BUCKET}"
listed="$(s3cli s3api list-object-versions --bucket "$S3LOAD_TEST_BUCKET" --prefix "$KEY" \
    --query 'Versions[0].VersionId' --output text)"
[[ "$listed" == "$VERSION_ID" ]] || fail "d: GET said version ${VERSION_ID}, listing says ${listed}"
status="$(signed_get "$AWS_SECRET_ACCESS_KEY" "${PATH_ENCODED}?versionId=${VERSION_ID}")"
[[ "$status" == 200 ]] || fail "d: GET ?versionId=${VERSION_ID} answered ${status}"
status="$(signed_get "$AWS_SECRET_ACCESS_KEY" "${PATH_ENCODED}?versionId=no-such-version")"
[[ "$status" == 404 ]] || fail "d: GET with an unknown versionId answered ${status}, expected 404"
pass "d: x-amz-version-id ${VERSION_ID}; GET ?versionId= it -> 200, an unknown one -> 404"

# --- e. notifications -----------------------------------------------------------------------------------
FAIL_FIRST=3
"$STACK_PYTHON" "${REPO_ROOT}/scripts/lib/notification_sink.py" --port-file "${WORK}/sink.port" \
    --out "${WORK}/sink.jsonl" --fail-first "$FAIL_FIRST" </dev/null >"${WORK}/sink.log" 2>&1 &
SINK_PID=$!
wait_until 10 "the notification sink" test -s "${WORK}/sink.port" || fail "e: notification sink did not start"
SINK_PORT="$(cat "${WORK}/sink.port")"

s3cli s3api create-bucket --bucket "$SMOKE_BUCKET" >/dev/null
s3cli s3api put-bucket-versioning --bucket "$SMOKE_BUCKET" --versioning-configuration Status=Enabled
arn="$(s3cli sns create-topic --name "$TOPIC" \
    --attributes "push-endpoint=http://127.0.0.1:${SINK_PORT}/events,persistent=true" \
    --query TopicArn --output text)"
[[ "$arn" == "$TOPIC_ARN" ]] || fail "e: CreateTopic returned ${arn}, expected ${TOPIC_ARN}"
s3cli s3api put-bucket-notification-configuration --bucket "$SMOKE_BUCKET" --notification-configuration \
    "{\"TopicConfigurations\":[{\"Id\":\"smoke\",\"TopicArn\":\"${TOPIC_ARN}\",\"Events\":[\"s3:ObjectCreated:*\"]}]}"

uploaded_at="$(date +%s.%N)"
put_json="$(s3cli s3api put-object --bucket "$SMOKE_BUCKET" --key "$KEY" --body "${WORK}/upload.csv")"
# A new persistent topic's queue is picked up by the gateway's next queue scan, every 30 s.
delivered() {
    grep -q '"status": 200' "${WORK}/sink.jsonl" 2>/dev/null
}
wait_until 75 "the notification to arrive" delivered ||
    fail "e: no notification delivered within 75 s ($(wc -l <"${WORK}/sink.jsonl" 2>/dev/null || echo 0) attempts)"

"$STACK_PYTHON" - "${WORK}/sink.jsonl" "$put_json" "$KEY" "$SMOKE_BUCKET" "$FAIL_FIRST" "$uploaded_at" \
    "$VERBOSE" <<'EOF' || fail "e: notification record is not as expected"
import json, sys
sink_file, put_json, key, bucket, fail_first, uploaded_at, verbose = sys.argv[1:8]
put = json.loads(put_json)
attempts = [json.loads(line) for line in open(sink_file, encoding="utf-8")]
statuses = [a["status"] for a in attempts]
expected_statuses = [500] * int(fail_first) + [200]
assert statuses == expected_statuses, f"attempts answered {statuses}, expected {expected_statuses}"
bodies = {a["body"] for a in attempts}
assert len(bodies) == 1, "retries must resend the same record"
record = json.loads(attempts[-1]["body"])["Records"][0]
obj = record["s3"]["object"]
checks = {
    "eventSource": (record["eventSource"], "ceph:s3"),
    "eventVersion": (record["eventVersion"], "2.2"),
    "eventName": (record["eventName"], "ObjectCreated:Put"),
    "bucket": (record["s3"]["bucket"]["name"], bucket),
    "key (not URL-encoded)": (obj["key"], key),
    "versionId": (obj["versionId"], put["VersionId"]),
    "eTag (unquoted)": (obj["eTag"], put["ETag"].strip('"')),
}
for name, (got, want) in checks.items():
    assert got == want, f"{name}: got {got!r}, want {want!r}"
first_delay = attempts[0]["time"] - float(uploaded_at)
retry_span = attempts[-1]["time"] - attempts[0]["time"]
print(f"ok   e: record delivered after {len(attempts)} attempts ({fail_first} x 500 then 200); first "
      f"attempt {first_delay:.1f} s after the upload, retries spanned {retry_span * 1000:.0f} ms")
if verbose == "1":
    print(json.dumps(record, indent=2, ensure_ascii=False))
EOF

# --- f. PostgreSQL password authentication over TCP ------------------------------------------------------
PSQL="${S3LOAD_PG_BIN}/psql"
[[ "$("$PSQL" -X -At -d "$S3LOAD_DATABASE_URL" -c 'select current_user')" == "s3load" ]] ||
    fail "f: cannot connect as s3load with S3LOAD_DATABASE_URL"
if PGPASSWORD=wrong "$PSQL" -X -At -h 127.0.0.1 -c 'select 1' >/dev/null 2>"${WORK}/pg.err"; then
    fail "f: a wrong password was accepted"
fi
grep -q 'password authentication failed' "${WORK}/pg.err" || fail "f: unexpected error: $(cat "${WORK}/pg.err")"
pass "f: PostgreSQL accepts the s3load password over TCP and refuses a wrong one"
