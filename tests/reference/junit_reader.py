#!/usr/bin/python3
"""Reads a JUnit file with an independent consumer (Debian's python3-junitparser) and prints the
totals a CI system would show, as JSON: tests, failures, errors, skipped, and per test case its
outcome and properties."""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "cases": {}}
for suite in xml:
    for case in suite:
        totals["tests"] += 1
        outcome = "passed"
        for result in case.result:
            if isinstance(result, Failure):
                outcome = "failure"
            elif isinstance(result, Error):
                outcome = "error"
            elif isinstance(result, Skipped):
                outcome = "skipped"
        totals[{"failure": "failures", "error": "errors", "skipped": "skipped"}.get(outcome, "tests")] += outcome != "passed"
        properties = {}
        for child in case._elem.iter("property"):
            properties[child.get("name")] = child.get("value")
        totals["cases"][case.name] = {"outcome": outcome, "properties": properties}
print(json.dumps(totals))
