"""Prints one version of a Delta table as each Python reader sees it, for the interop suite.

usage: read_version.py <table> <version> <col1,col2,...>
A table on S3 (s3://...) is reached with the AWS_* environment variables, passed on as storage options.
Each output line is "<reader>\t<JSON list of rows>", a row being the listed columns as strings
("null" for a null), rows sorted: a multiset to compare with deltalens' own read.
"""
import json
import os
import sys

import polars as pl
from deltalake import DeltaTable


def rows(columns, records):
    out = ["|".join("null" if r[c] is None else str(r[c]) for c in columns) for r in records]
    return sorted(out)


def main():
    table, version, columns = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
    storage = {k: v for k, v in os.environ.items() if k.startswith("AWS_")} or None
    arrow = DeltaTable(table, version=version, storage_options=storage).to_pyarrow_table(columns=columns)
    print("deltalake\t" + json.dumps(rows(columns, arrow.to_pylist())))
    frame = pl.read_delta(table, version=version, columns=columns, storage_options=storage)
    print("polars\t" + json.dumps(rows(columns, frame.to_dicts())))


if __name__ == "__main__":
    main()
