"""Uploads a local folder to a bucket of the benchmark's S3 server (tooling), many files at once.

usage: upload.py <local-dir> <bucket/prefix>   (endpoint and keys from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...)
Real PUTs, so the server records each object as it would any upload (ETag and all).
"""
import os
import sys
from urllib.parse import urlparse

from pyarrow import fs


def main():
    source, target = os.path.abspath(sys.argv[1]), sys.argv[2]
    endpoint = urlparse(os.environ["AWS_ENDPOINT_URL"])
    s3 = fs.S3FileSystem(access_key=os.environ["AWS_ACCESS_KEY_ID"], secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                         endpoint_override=endpoint.netloc, scheme=endpoint.scheme, region=os.environ["AWS_REGION"], allow_bucket_creation=True)
    s3.create_dir(target.split("/")[0])
    fs.copy_files(source, target, source_filesystem=fs.LocalFileSystem(), destination_filesystem=s3,
                  use_threads=True)


if __name__ == "__main__":
    main()
