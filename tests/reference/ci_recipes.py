#!/usr/bin/python3
"""Reads the CI recipes of docs/ci/ (GitHub Actions, Azure Pipelines, GitLab CI) and prints, per
file, the blobconform commands they run and the report files they publish, as JSON."""
import json
import sys

import yaml


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)


def walk(node, keys):
    """Every value found under one of `keys`, anywhere in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys:
                yield value
            yield from walk(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, keys)


out = {}
for path in sys.argv[1:]:
    with open(path) as f:
        document = yaml.safe_load(f)
    commands, published = [], []
    for block in walk(document, {"run", "script"}):
        for text in strings(block):
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("build/blobconform"):
                    commands.append(line)
                if line.startswith("cat reports/"):
                    published.append(line.split()[1])
    for value in walk(document, {"report_paths", "path", "paths", "junit", "testResultsFiles", "targetPath"}):
        for text in strings(value):
            published.extend(p.strip() for p in text.splitlines() if p.strip().startswith("reports/"))
    out[path] = {"commands": commands, "published": sorted(set(published))}
print(json.dumps(out))
