"""Creates the development buckets of scripts/dev-stack on the RADOS Gateway; safe to run again.

Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Exit status 0 when both buckets exist with
the wanted versioning state.
"""

import argparse
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

# Bucket creation races with nothing here, but RGW may still be finishing its own start-up when it first
# answers; a few quick retries absorb that.
RETRY_CONFIG = Config(retries={"max_attempts": 10, "mode": "standard"}, s3={"addressing_style": "path"})


def ensure_bucket(s3, name: str) -> None:
    try:
        s3.create_bucket(Bucket=name)
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--versioned", required=True)
    parser.add_argument("--plain", required=True)
    args = parser.parse_args()

    s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name=args.region, config=RETRY_CONFIG)
    ensure_bucket(s3, args.versioned)
    s3.put_bucket_versioning(Bucket=args.versioned, VersioningConfiguration={"Status": "Enabled"})
    ensure_bucket(s3, args.plain)

    status = s3.get_bucket_versioning(Bucket=args.versioned).get("Status")
    if status != "Enabled":
        print(f"versioning of {args.versioned} is {status!r}, expected 'Enabled'", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
