"""Turns the benchmark's JSON lines into bench/RESULTS.md (tooling).

usage: report.py <results.jsonl> <command> <scale>
"""
import json
import os
import re
import platform
import subprocess
import sys
import time
from collections import defaultdict

TARGETS = {
    "P1": "register 10,000 files (1,000 rows, 8 columns) with full statistics, one commit: >= 10x Spark CONVERT TO DELTA, <= 3 s (issue 17: >= 2x delta-rs)",
    "P1c": "P1 through the command line as a whole process (append --create-if-absent --mode register), 1,000 files, vs Spark CONVERT TO DELTA as a whole process: >= 15x",
    "P2": "copy-append 10M rows: >= 1.5x Spark append; >= 60% of a plain parquet-hadoop read+rewrite",
    "P4": "open version N of a 1,000-commit / 100,000-file table (checkpoints every 100) and list its files: <= 1 s, >= 3x Spark",
    "P3": "read latest (10M rows x 8 columns) into a frame: >= 0.5x polars (<= 2x its time), >= 5x Spark; peak heap <= 1.5x the frame",
    "P3b": "read a string-heavier 10M-row table (10 files, a 250,000-distinct user, a 10-value city, date, timestamp, decimal, int, long, double) into a frame: <= 2x polars' time, steady run to run",
    "P5": "cold process start -> first rows printed: <= 1.5 s CLI, >= 5x faster than Spark (issue 17: <= 0.7 s; the jshell prompt with deltalens <= plain jshell + 0.5 s)",
    "P6": "time-travel read of version 1 of a 1,000-version table: >= 1x polars",
    "P7": "10M JSON messages (8 fields, a nested object) already in a 4-partition topic -> a Delta table, all committed: >= 5x Spark Structured Streaming, >= 200k messages/s on one worker, peak RSS <= 1 GiB (P7w2, P7w4: 2 and 4 workers)",
    "P7w2": "P7's scaling curve: 2 workers of one consumer group (no target of its own)",
    "P7w4": "P7's scaling curve: 4 workers of one consumer group (no target of its own)",
    "P8": "register 10,000 files (1,000 rows, 8 columns) already in a bucket of a local S3-compatible server: >= 3x delta-rs",
    "P9": "read the latest 10M rows of a table in that bucket into a frame: >= 0.5x polars",
    "P10": "a landing cycle registering 100 new files into a 300,000-file table (checkpointed), local disk: <= 2 s, >= 5x delta-rs doing it oxbow's way",
    "P11": "compact 10,000 files of 1,000 rows (8 columns) into 128 MiB files, one OPTIMIZE commit: >= 3x Spark's OPTIMIZE",
    "P10s3": "the same table in a bucket of a local S3-compatible server, fed a batch of 100 S3 ObjectCreated events: >= 5x delta-rs doing it as oxbow's Lambda does",
}


def main():
    results, command, scale = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = [json.loads(line) for line in open(results) if line.strip().startswith("{")]
    by_workload = defaultdict(list)
    for r in rows:
        by_workload[r["workload"]].append(r)
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    print("# deltalens benchmarks\n")
    print(f"Last run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, scale `{scale}`, on "
          f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}), "
          f"{platform.system()}, Java 17.\n")
    only = " (only that workload was measured again; the others' results are kept, each section says when)" \
        if "--only" in command else ""
    print(f"Command: `{command}`{only} (medians of the measured runs, each after one warm-up run in the same process, three for the reads P3, P3b, P9;"
          " P2 five timed runs, P6 twenty for deltalens and polars; P5 is whole processes, one warm-up then five timed).\n")
    for workload in sorted(by_workload, key=lambda w: (int(re.match(r"P(\d+)", w).group(1)), w)):  # P2 before P10
        when = sorted({r.get("measured", "") for r in by_workload[workload]} - {""})
        measured = f" Measured {', '.join(when)}." if when else " Measured by an earlier full run (bench/README.md says when)."
        print(f"## {workload}\n\nTarget: {TARGETS.get(workload, '')}.{measured}\n")
        print("| tool | median | runs (ms) | peak RSS | vs deltalens | note |\n|---|---|---|---|---|---|")
        ours = next((r["median_ms"] for r in by_workload[workload] if r["tool"] == "deltalens"), None)
        for r in by_workload[workload]:
            ratio = ""
            if ours and r["tool"] != "deltalens" and not r["tool"].startswith("deltalens"):
                ratio = f"deltalens {r['median_ms'] / max(ours, 1):.1f}x faster" if r["median_ms"] >= ours \
                    else f"deltalens {ours / max(r['median_ms'], 1):.1f}x slower"
            rss = f"{r['peak_rss_mb']} MB" if r.get("peak_rss_mb", -1) >= 0 else ""
            print(f"| {r['tool']} | {r['median_ms']} ms | {r['runs_ms']} | {rss} | {ratio} | {r.get('note', '')} |")
        print()
    # what stands in the way of a target still missed, with its profile: kept in the bench README, repeated here
    readme = open(os.path.join(os.path.dirname(__file__), "README.md")).read()
    start = readme.find("What stands in the way")
    if start >= 0:
        print("## What stands in the way\n\n" + readme[start:].strip() + "\n\nMore in [README.md](README.md).")


if __name__ == "__main__":
    main()
