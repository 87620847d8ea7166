#!/usr/bin/python3
"""The comparison point everyone starts from: an S3-triggered Lambda handler in Python that reads the
object with boto3, parses it with csv.DictReader and inserts the rows with psycopg2's executemany
(one INSERT per row), committing at the end. It is written the way such handlers usually are, not
tuned (no execute_values, no COPY), because that is what the benchmark compares against.

Usage: python_loader.py BUCKET KEY TABLE
Connects with the libpq environment (PGHOST, PGPORT, ...); reads S3 from AWS_ENDPOINT_URL_S3.
Prints one JSON line: rows inserted and how long each phase took, so the driver can extrapolate the
per-row part to a larger file without scaling the fixed start-up cost.
"""

import csv
import io
import json
import os
import sys
import time

import boto3
import psycopg2

COLUMNS = ["order_id", "customer", "email", "country", "sku", "quantity", "unit_price", "total",
           "ordered_at", "status", "note"]


def handler(event, context=None):
    started = time.monotonic()
    record = event["Records"][0]
    bucket = record["s3"]["bucket"]["name"]
    key = record["s3"]["object"]["key"]
    table = event["table"]

    s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_S3"))
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
    fetched = time.monotonic()

    reader = csv.DictReader(io.StringIO(body))
    connection = psycopg2.connect("")
    cursor = connection.cursor()
    placeholders = ", ".join("%%(%s)s" % column for column in COLUMNS)
    sql = "INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(COLUMNS), placeholders)
    rows = [{column: (row[column] if row[column] != "" else None) for column in COLUMNS} for row in reader]
    parsed = time.monotonic()
    cursor.executemany(sql, rows)
    inserted = time.monotonic()
    connection.commit()
    connection.close()
    finished = time.monotonic()
    return {
        "rows": len(rows),
        "fetch_s": fetched - started,
        "parse_s": parsed - fetched,
        "insert_s": inserted - parsed,
        "commit_s": finished - inserted,
    }


def main():
    bucket, key, table = sys.argv[1:4]
    event = {"Records": [{"s3": {"bucket": {"name": bucket}, "object": {"key": key}}}], "table": table}
    print(json.dumps(handler(event)))


if __name__ == "__main__":
    main()
