#!/usr/bin/python3
"""Summarises bench/run's measurements: medians per case, ratios against psql \\copy, the targets.

Usage: report.py META.json RESULTS.jsonl OUT.json
META.json describes the run (machine, file sizes, rows); RESULTS.jsonl has one line per measured load:
{"case", "rep", "wall_s", "max_rss_kb", "user_s", "sys_s", "rows", "load1", "extrapolated_s"?}.
Prints a Markdown report on stdout and writes everything, raw samples included, to OUT.json.
"""

import json
import statistics
import sys

# What each case is, in the order the table shows them.
CASES = [
    ("psql_copy", "(a) psql \\copy, CSV, local file (baseline)"),
    ("psql_copy_binary", "    psql \\copy, binary COPY file (server floor, reference)"),
    ("s3load_s3", "(b) s3load ingest s3://… (binary COPY)"),
    ("s3load_s3_gzip", "(b') s3load ingest s3://….csv.gz"),
    ("s3load_local", "(c) s3load ingest local file"),
    ("python_rowwise", "(d) Python Lambda-style loader (DictReader + executemany)"),
    ("pgloader", "(e) pgloader, CSV, local file"),
    ("s3load_s3_upsert", "    s3load ingest s3://…, mode = upsert, all rows new"),
    ("s3load_s3_big", "    s3load ingest s3://… 1 GB"),
    ("s3load_s3_big_gzip", "    s3load ingest s3://… 1 GB, gzip"),
]

TARGETS = {
    "s3_vs_psql": 0.85,
    "python_vs_s3": 25.0,
    "upsert_vs_append": 1.6,
    "big_rss_mb": 64.0,
}


def median(values):
    return statistics.median(values) if values else None


def summarise(samples):
    walls = [s.get("extrapolated_s", s["wall_s"]) for s in samples]
    return {
        "reps": len(samples),
        "wall_s": median(walls),
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "measured_wall_s": median([s["wall_s"] for s in samples]),
        "cpu_s": median([s["user_s"] + s["sys_s"] for s in samples]),
        "max_rss_mb": max(s["max_rss_kb"] for s in samples) / 1024.0,
        "rows": samples[0]["rows"],
        "rows_measured": samples[0].get("rows_measured", samples[0]["rows"]),
        "load1": median([s["load1"] for s in samples]),
    }


def fmt(value, digits=2):
    return "—" if value is None else "%.*f" % (digits, value)


def main():
    meta_path, results_path, out_path = sys.argv[1:4]
    with open(meta_path) as f:
        meta = json.load(f)
    samples = {}
    with open(results_path) as f:
        for line in f:
            if line.strip():
                sample = json.loads(line)
                samples.setdefault(sample["case"], []).append(sample)
    summary = {case: summarise(runs) for case, runs in samples.items()}

    baseline = summary.get("psql_copy", {}).get("wall_s")
    s3 = summary.get("s3load_s3", {}).get("wall_s")
    checks = {}
    if baseline and s3:
        checks["s3_vs_psql"] = s3 / baseline
    if s3 and "python_rowwise" in summary:
        checks["python_vs_s3"] = summary["python_rowwise"]["wall_s"] / s3
    if s3 and "s3load_s3_upsert" in summary:
        checks["upsert_vs_append"] = summary["s3load_s3_upsert"]["wall_s"] / s3
    big = [summary[c]["max_rss_mb"] for c in ("s3load_s3_big", "s3load_s3_big_gzip") if c in summary]
    if big:
        checks["big_rss_mb"] = max(big)

    print("## s3load benchmark, %s" % meta["started"])
    print()
    print("%s; %d cores; load average %s at the start, %s at the end (1 min); %d repetitions, interleaved; "
          "medians." % (meta["machine"], meta["cores"], meta["load_start"], meta["load_end"], meta["reps"]))
    print("File: %d rows, %.1f MB CSV (%.1f MB gzip); target table with a bigint primary key, created fresh "
          "for every load." % (meta["rows"], meta["csv_bytes"] / 1e6, meta["gzip_bytes"] / 1e6))
    print()
    print("| loader | rows | wall s (median) | min–max | × psql \\copy | rows/s | CPU s (process) "
          "| peak RSS MB | load avg |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case, label in CASES:
        if case not in summary:
            continue
        s = summary[case]
        rows = s["rows"]
        note = ""
        if s["rows_measured"] != rows:
            note = " ¹"
        ratio = s["wall_s"] / baseline if baseline and case not in ("s3load_s3_big", "s3load_s3_big_gzip") \
            else None
        print("| %s%s | %s | %s | %s–%s | %s | %s | %s | %.1f | %s |" % (
            label, note, "{:,}".format(rows), fmt(s["wall_s"]), fmt(s["wall_min_s"]), fmt(s["wall_max_s"]),
            fmt(ratio), "{:,.0f}".format(rows / s["wall_s"]), fmt(s["cpu_s"]), s["max_rss_mb"],
            fmt(s["load1"], 1)))
    if "python_rowwise" in summary and summary["python_rowwise"]["rows_measured"] != \
            summary["python_rowwise"]["rows"]:
        p = summary["python_rowwise"]
        print()
        print("¹ measured on the first %s rows (median %.2f s wall) and extrapolated: the start-up, fetch "
              "and commit as measured, the per-row insert time scaled by %d/%d. `--full` loads all rows."
              % ("{:,}".format(p["rows_measured"]), p["measured_wall_s"], p["rows"], p["rows_measured"]))
    print()
    print("| target | measured | goal | |")
    print("|---|---:|---:|---|")
    rows_out = [
        ("s3load from S3 ÷ psql \\copy (wall)", "s3_vs_psql", "≤ %.2f" % TARGETS["s3_vs_psql"], lambda v, t: v <= t),
        ("Python row-by-row ÷ s3load from S3", "python_vs_s3", "≥ %.0f" % TARGETS["python_vs_s3"],
         lambda v, t: v >= t),
        ("upsert ÷ append (all rows new)", "upsert_vs_append", "≤ %.1f" % TARGETS["upsert_vs_append"],
         lambda v, t: v <= t),
        ("peak RSS, 1 GB file and its gzip (MB)", "big_rss_mb", "≤ %.0f" % TARGETS["big_rss_mb"],
         lambda v, t: v <= t),
    ]
    for label, key, goal, ok in rows_out:
        if key not in checks:
            continue
        value = checks[key]
        print("| %s | %s | %s | %s |" % (label, fmt(value), goal, "met" if ok(value, TARGETS[key]) else "MISSED"))

    with open(out_path, "w") as f:
        json.dump({"meta": meta, "summary": summary, "checks": checks, "targets": TARGETS,
                   "samples": samples}, f, indent=2)
    print()
    print("Raw samples: %s" % out_path)


if __name__ == "__main__":
    main()
