"""Generates the benchmark inputs (tooling): parquet written by pyarrow, a writer other than deltalens'.

usage: generate.py <out-dir> <p1-files> <p3-rows>
  <out>/p1/part-NNNNN.parquet   p1-files files x 1,000 rows x 8 mixed columns (P1: register vs CONVERT TO DELTA)
  <out>/p3-source/data.parquet  p3-rows rows x 8 columns, in row groups of 1M (P2 copy-append, P3 read)
  <out>/p3b/part-NN.parquet     p3-rows rows in 10 files, string-heavier (a 250,000-distinct user, a 10-value city),
                                row groups of 250k (P3b: registered as a table where they lie, then read)
"""
import datetime as dt
import decimal
import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema([
    ("id", pa.int64()), ("name", pa.string()), ("amount", pa.float64()), ("qty", pa.int32()),
    ("flag", pa.bool_()), ("day", pa.date32()), ("ts", pa.timestamp("us", tz="UTC")),
    ("price", pa.decimal128(10, 2)),
])


def batch(start, n, rng):
    ids = np.arange(start, start + n, dtype=np.int64)
    return pa.table({
        "id": ids,
        "name": pa.array([f"name-{i % 5000}" for i in ids]),
        "amount": rng.normal(100, 25, n),
        "qty": rng.integers(0, 1000, n, dtype=np.int32),
        "flag": rng.integers(0, 2, n).astype(bool),
        "day": pa.array((ids % 3650).astype("int32"), pa.int32()).cast(pa.date32()),
        "ts": pa.array(1_700_000_000_000_000 + ids * 1_000_003, pa.timestamp("us", tz="UTC")),
        "price": pa.array([decimal.Decimal(int(i % 100000)).scaleb(-2) for i in ids], pa.decimal128(10, 2)),
    }, schema=SCHEMA)


P3B_SCHEMA = pa.schema([
    ("user", pa.string()), ("city", pa.string()), ("day", pa.date32()), ("ts", pa.timestamp("us", tz="UTC")),
    ("price", pa.decimal128(10, 2)), ("qty", pa.int32()), ("id", pa.int64()), ("score", pa.float64()),
])
CITIES = ["Lisbon", "Porto", "Berlin", "Hamburg", "Paris", "Lyon", "Madrid", "Seville", "Rome", "Milan"]


def p3b_batch(start, n, rng):
    ids = np.arange(start, start + n, dtype=np.int64)
    users = rng.integers(0, 250_000, n)
    cents = rng.integers(0, 10_000_000, n)
    return pa.table({
        "user": pa.array([f"user-{u:06d}" for u in users]),
        "city": pa.array([CITIES[c] for c in rng.integers(0, len(CITIES), n)]),
        "day": pa.array((ids % 3650).astype("int32"), pa.int32()).cast(pa.date32()),
        "ts": pa.array(1_700_000_000_000_000 + ids * 1_000_003, pa.timestamp("us", tz="UTC")),
        "price": pa.array([decimal.Decimal(int(c)).scaleb(-2) for c in cents], pa.decimal128(10, 2)),
        "qty": rng.integers(0, 1000, n, dtype=np.int32),
        "id": ids,
        "score": rng.normal(0, 1, n),
    }, schema=P3B_SCHEMA)


def main():
    out, p1_files, p3_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(42)
    p1 = os.path.join(out, "p1")
    os.makedirs(p1, exist_ok=True)
    for f in range(p1_files):
        pq.write_table(batch(f * 1000, 1000, rng), os.path.join(p1, f"part-{f:05d}.parquet"))
    src = os.path.join(out, "p3-source")
    os.makedirs(src, exist_ok=True)
    with pq.ParquetWriter(os.path.join(src, "data.parquet"), SCHEMA) as writer:
        for start in range(0, p3_rows, 1_000_000):
            writer.write_table(batch(start, min(1_000_000, p3_rows - start), rng), row_group_size=1_000_000)
    p3b = os.path.join(out, "p3b")
    os.makedirs(p3b, exist_ok=True)
    per_file = p3_rows // 10
    for f in range(10):
        pq.write_table(p3b_batch(f * per_file, per_file, rng), os.path.join(p3b, f"part-{f:02d}.parquet"),
                       row_group_size=250_000, compression="snappy")


if __name__ == "__main__":
    main()
