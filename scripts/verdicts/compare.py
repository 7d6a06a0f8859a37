#!/usr/bin/env python3
"""Compares two results.json files instance by instance: the same ids, each with the same result.

Usage: compare.py BEFORE.json AFTER.json [LABEL]
Prints one line per difference and a summary; exits 1 when they differ, 2 on a bad file.
"""
import json
import sys


def results(path):
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        return {i["id"]: i["result"] for i in document["instances"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"error: {path}: not a results file ({e})", file=sys.stderr)
        sys.exit(2)


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    before, after = results(sys.argv[1]), results(sys.argv[2])
    label = sys.argv[3] if len(sys.argv) == 4 else "results"
    differences = []
    for id in sorted(before.keys() | after.keys()):
        was, now = before.get(id, "(absent)"), after.get(id, "(absent)")
        if was != now:
            differences.append(f"  {id}: {was} before, {now} after")
    if not before:
        print(f"{label}: the first file has no instance: nothing was compared")
        return 1
    print(f"{label}: {len(before)} instances before, {len(after)} after, {len(differences)} with another result")
    for line in differences:
        print(line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
