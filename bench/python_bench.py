"""Python side of the benchmarks (tooling): polars read_delta (the seed's reader) and delta-rs.

usage: python_bench.py <workload> <data-dir> <runs>
       python_bench.py P10once <table>   (one landing cycle, oxbow's way, in this process)
  (P1, P8: deltalake.convert_to_deltalake; P4: deltalake; P3, P6, P9: polars)
Prints one JSON line like DeltalensBench.
"""
import json
import os
import resource
import shutil
import sys
import time

from deltalake import DeltaTable, convert_to_deltalake


# the local S3 server of P8 and P9, as bench/run exports it (AWS_ENDPOINT_URL, keys, region, AWS_ALLOW_HTTP)
S3_OPTIONS = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}


# warm-up runs before the timed ones, as Timing.java takes them (bench/run sets 3 for the reads)
WARMUP = int(os.environ.get("BENCH_WARMUP", "1"))
# and warm-up runs until this many seconds of them have passed (BENCH_WARMUP_S), as Timing.java
WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP_S", "0"))


def measure(runs, work, before=lambda: None):
    times = []
    warming_since = time.perf_counter()
    i = 0
    while len(times) < runs:
        warm_up = i < WARMUP or time.perf_counter() - warming_since < WARMUP_SECONDS
        before()
        t0 = time.perf_counter()
        result = work()
        ms = int((time.perf_counter() - t0) * 1000)
        print(f"  python run {i}{' (warm-up)' if warm_up else ''}: {ms} ms -> {result}", file=sys.stderr)
        if not warm_up:
            times.append(ms)
        i += 1
    return times


def oxbow_cycle(table):
    """What oxbow does per invocation, with delta-rs: open the table, diff a listing against its files, add the rest."""
    from deltalake.transaction import AddAction
    import pyarrow.parquet as pq
    table = os.path.realpath(table)
    dt = DeltaTable(table)
    known = set(dt.file_uris())  # absolute paths
    fresh = []
    for root, dirs, files in os.walk(table):
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".parquet") and not name.startswith(("_", ".")) and path not in known:
                fresh.append(os.path.relpath(path, table))
    actions = []
    for relative in fresh:
        path = os.path.join(table, relative)
        st = os.stat(path)
        actions.append(AddAction(relative, st.st_size, {}, int(st.st_mtime * 1000), True,
                                 json.dumps(footer_stats(pq.read_metadata(path)))))
    dt.create_write_transaction(actions, mode="append", schema=dt.schema())
    return len(actions)


def oxbow_event_cycle(table, bucket, keys, s3, options):
    """What oxbow's Lambda does per batch of events, with delta-rs: open the table, add the objects the events name."""
    from deltalake.transaction import AddAction
    import pyarrow.parquet as pq
    dt = DeltaTable(table, storage_options=options)
    prefix = table[len(f"s3://{bucket}/"):] + "/"
    actions = []
    for key in keys:
        info = s3.get_file_info(f"{bucket}/{key}")
        meta = pq.read_metadata(f"{bucket}/{key}", filesystem=s3)
        actions.append(AddAction(key[len(prefix):], info.size, {}, int(info.mtime.timestamp() * 1000), True,
                                 json.dumps(footer_stats(meta))))
    dt.create_write_transaction(actions, mode="append", schema=dt.schema())
    return len(actions)


def footer_stats(meta):
    """numRecords, minValues, maxValues, nullCount from a footer's row-group statistics (top-level columns)."""
    mins, maxs, nulls = {}, {}, {}
    for c in range(meta.num_columns):
        name = meta.schema.column(c).name
        groups = [meta.row_group(g).column(c).statistics for g in range(meta.num_row_groups)]
        if all(s is not None and s.has_min_max for s in groups):
            mins[name] = min(s.min for s in groups)
            maxs[name] = max(s.max for s in groups)
        if all(s is not None and s.has_null_count for s in groups):
            nulls[name] = sum(s.null_count for s in groups)
    return {"numRecords": meta.num_rows, "minValues": {k: str(v) if not isinstance(v, (int, float)) else v
                                                       for k, v in mins.items()},
            "maxValues": {k: str(v) if not isinstance(v, (int, float)) else v for k, v in maxs.items()},
            "nullCount": nulls}


def main():
    if sys.argv[1] == "P10once":  # one oxbow cycle as a whole process (a cron run's), timed by bench/run
        print(oxbow_cycle(sys.argv[2]))
        return
    import polars as pl  # here, not above: a P10once process does not import it
    workload, data, runs = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
    if workload == "P1":
        table = os.path.join(data, "p1")
        log = os.path.join(table, "_delta_log")
        times = measure(runs, lambda: convert_to_deltalake(table),
                        lambda: shutil.rmtree(log, ignore_errors=True))
        tool, note = "delta-rs", "deltalake.convert_to_deltalake (footers read one after another)"
    elif workload == "P3":
        times = measure(runs, lambda: pl.read_delta(os.path.join(data, "p3")).height)
        tool, note = "polars", "pl.read_delta(latest)"
    elif workload == "P3b":
        times = measure(runs, lambda: pl.read_delta(os.path.join(data, "p3b")).height)
        tool, note = "polars", "pl.read_delta(latest)"
    elif workload == "P6":
        times = measure(runs, lambda: pl.read_delta(os.path.join(data, "p6"), version=1).height)
        tool, note = "polars", "pl.read_delta(version=1)"
    elif workload == "P4":
        # the same work as deltalens' files(550): every live file with its statistics, one column per statistic
        times = measure(runs, lambda: DeltaTable(os.path.join(data, "p4"), version=550)
                        .get_add_actions(flatten=True).num_rows)
        tool, note = "delta-rs", "DeltaTable(path, version=550).get_add_actions(flatten=True) (statistics included)"
    elif workload == "P8":
        objects = os.path.join(data, "s3", "data", "bench", "p8")
        # delta-rs refuses to commit on S3 without a lock client unless told one writer is alone
        options = dict(S3_OPTIONS, AWS_S3_ALLOW_UNSAFE_RENAME="true")
        times = measure(runs, lambda: convert_to_deltalake("s3://bench/p8", storage_options=options),
                        lambda: shutil.rmtree(os.path.join(objects, "_delta_log"), ignore_errors=True))
        tool, note = "delta-rs", "deltalake.convert_to_deltalake(s3://bench/p8)"
    elif workload == "P9":
        times = measure(runs, lambda: pl.read_delta("s3://bench/p9", storage_options=S3_OPTIONS).height)
        tool, note = "polars", "pl.read_delta(s3://bench/p9, storage_options)"
    elif workload == "P10":
        table = os.path.join(data, "p10-deltars")
        source = os.path.join(data, "p1", "part-00001.parquet")
        run = [0]

        def land():
            folder = os.path.join(table, f"landed-deltars-{run[0]}")
            run[0] += 1
            os.makedirs(folder)
            for i in range(100):
                os.link(source, os.path.join(folder, f"f-{i:03d}.parquet"))

        times = measure(runs, lambda: oxbow_cycle(table), land)
        tool, note = "delta-rs", ("oxbow's cycle: DeltaTable(path), its files, a walk of the folder, footers of the"
                                  " new files (statistics), create_write_transaction(adds)")
    elif workload == "P10s3":
        from urllib.parse import urlparse
        from pyarrow import fs as pafs
        endpoint = urlparse(os.environ["AWS_ENDPOINT_URL"])
        s3 = pafs.S3FileSystem(access_key=os.environ["AWS_ACCESS_KEY_ID"], secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                               endpoint_override=endpoint.netloc, scheme=endpoint.scheme, region=os.environ["AWS_REGION"])
        content = open(os.path.join(data, "p1", "part-00001.parquet"), "rb").read()
        keys, run = [], [0]

        def land():
            keys.clear()
            for i in range(100):
                key = f"p10-deltars/landed-{run[0]}/f-{i:03d}.parquet"
                with s3.open_output_stream("bench/" + key) as out:
                    out.write(content)
                keys.append(key)
            run[0] += 1

        options = dict(S3_OPTIONS, AWS_S3_ALLOW_UNSAFE_RENAME="true")
        times = measure(runs, lambda: oxbow_event_cycle("s3://bench/p10-deltars", "bench", keys, s3, options), land)
        tool, note = "delta-rs", ("oxbow's Lambda: DeltaTable(s3://...) per invocation, a HEAD and a footer per"
                                  " object of the events, create_write_transaction(adds)")
    else:
        raise SystemExit("workload " + workload)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"workload": workload, "tool": tool, "runs_ms": times,
                      "median_ms": sorted(times)[len(times) // 2], "peak_rss_mb": peak, "note": note}))


if __name__ == "__main__":
    main()
