#!/usr/bin/env python3
"""Splits gen_provisioning.py's JSON Lines into an Azure Monitor export layout:
OUT/WorkspaceResourceId=/bench/y=YYYY/m=MM/d=DD/h=HH/m=MM/PT1H.json, one JSON object a line, every
other blob (in path order) gzipped as PT1H.json.gz. The generated rows span two hours, so blobs are
cut every `--minutes` (default 10) to give the folder a dozen files; Azure writes one an hour.
Usage: to_export.py IN.jsonl OUT_DIR [--minutes 10]"""
import argparse
import gzip
import json
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--minutes", type=int, default=10)
    args = parser.parse_args()
    root = Path(args.out) / "WorkspaceResourceId=" / "bench"
    blobs = {}
    with open(args.source) as rows:
        for line in rows:
            time = json.loads(line)["TimeGenerated"]
            minute = int(time[14:16]) // args.minutes * args.minutes
            folder = f"y={time[0:4]}/m={time[5:7]}/d={time[8:10]}/h={time[11:13]}/m={minute:02d}"
            blobs.setdefault(folder, []).append(line)
    for i, folder in enumerate(sorted(blobs)):
        directory = root / folder
        directory.mkdir(parents=True, exist_ok=True)
        text = "".join(blobs[folder]).encode()
        if i % 2 == 0:
            (directory / "PT1H.json").write_bytes(text)
        else:
            (directory / "PT1H.json.gz").write_bytes(gzip.compress(text, compresslevel=1))


if __name__ == "__main__":
    main()
