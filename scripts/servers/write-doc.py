#!/usr/bin/env python3
"""Writes docs/servers.md from the runs of scripts/compare-servers.

Usage: write-doc.py --out FILE --classes deviations.json [--quick] RUN_DIR...
Each RUN_DIR holds a run's results.json and the server.json compare-servers wrote (name, start
command, run command, exit status). deviations.json gives each server's notes and the deviation
classes; every FAIL, NON-STRICT, INCONCLUSIVE and ERROR instance goes to the first class that takes
it, the rest are listed as unclassified (and counted on stderr).
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, OrderedDict

RESULTS = ["PASS", "FAIL", "NON-STRICT", "INFO", "SKIP", "INCONCLUSIVE", "ERROR"]
DEVIATING = {"FAIL", "NON-STRICT", "INCONCLUSIVE", "ERROR"}
PREFIX = "abort-copy/"
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PORT = re.compile(r"(127\.0\.0\.1|localhost):[0-9]+")


def glob_regex(glob):
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


class Klass:
    def __init__(self, spec, by_id):
        # An entry with "same_as" takes instances for a class defined above it (another way to match).
        main = by_id[spec["same_as"]] if "same_as" in spec else spec
        self.id = main["id"]
        self.group = main["group"]
        self.means = main["means"]
        self.servers = spec.get("servers")
        self.cases = [glob_regex(g) for g in spec.get("cases", [])]
        self.results = spec.get("results")
        self.reason = re.compile(spec["reason"]) if "reason" in spec else None
        self.actual = re.compile(spec["actual"]) if "actual" in spec else None
        self.expected = re.compile(spec["expected"]) if "expected" in spec else None

    def takes(self, server, instance):
        if self.servers is not None and server not in self.servers:
            return False
        if self.cases and not any(g.match(instance["id"]) for g in self.cases):
            return False
        if self.results is not None and instance["result"] not in self.results:
            return False
        if self.reason is not None and not self.reason.search(instance.get("reason") or ""):
            return False
        if self.actual is not None and not self.actual.search(instance.get("actual") or ""):
            return False
        if self.expected is not None and not self.expected.search(instance.get("expected") or ""):
            return False
        return True


def short(instance_id):
    return instance_id[len(PREFIX):] if instance_id.startswith(PREFIX) else instance_id


def code(text):
    text = text.replace("|", "\\|")
    return "`" + text.replace("`", "'") + "`"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def counts_cell(counter):
    parts = [f"{name} {counter[name]}" for name in RESULTS if counter.get(name)]
    return " · ".join(parts) if parts else "–"


def answered(instance, pointer):
    """The request a step sent and what the server answered, from the instance's exchanges."""
    exchanges = [e for e in instance.get("exchanges", []) if e.get("step") == pointer]
    if not exchanges:
        return None, None
    exchange = exchanges[-1]
    request = exchange.get("request", {})
    target = re.sub(r"/bc-[0-9a-f]{8}-[0-9a-z]+", "/{container}", request.get("target", ""))
    target = GUID.sub("{guid}", target)
    sent = f"{request.get('method', '?')} {target}"
    source = {name.lower(): value for name, value in request.get("headers", [])}.get("x-ms-copy-source")
    if source:
        sent += " with x-ms-copy-source: " + PORT.sub(r"\1:{port}", re.sub(r"/bc-[0-9a-f]{8}-[0-9a-z]+", "/{container}", source))
    response = exchange.get("response")
    if not response:
        return sent, "no answer"
    headers = {name.lower(): value for name, value in response.get("headers", [])}
    parts = [str(response.get("status"))]
    if "x-ms-error-code" in headers:
        parts.append(headers["x-ms-error-code"])
    body = (response.get("body") or "").strip()
    match = re.search(r"<Code>([^<]*)</Code>", body)
    if match and "x-ms-error-code" not in headers:
        parts.append(f"(XML Code {match.group(1)}, no x-ms-error-code)")
    elif body and not match:
        snippet = re.sub(r"/bc-[0-9a-f]{8}-[0-9a-z]+", "/{container}", PORT.sub(r"\1:{port}", re.sub(r"\s+", " ", body)))[:160]
        parts.append(f"{headers.get('content-type', 'body')}: \"{snippet}\"")
    return sent, " ".join(parts)


SURVIVED = "blobconform: uncaught exception survived: "


def last_instances(log, at, by_container):
    """The instances among the last requests a server logged before line `at`."""
    last = []
    for line in log[max(0, at - 6):at]:
        for container in re.findall(r"bc-[0-9a-f]{8}-[0-9a-z]+", line):
            if container in by_container and short(by_container[container]) not in last:
                last.append(short(by_container[container]))
    return last


def crashes(run_dir, results):
    """The exceptions that ended the server (each crashed run, kept under crashed-N/) or that
    survive.cjs kept from ending it (marked in server.log): the error, and the instances among the
    last requests logged before it."""
    found = []
    n = 1
    while os.path.isdir(os.path.join(run_dir, f"crashed-{n}")):
        folder = os.path.join(run_dir, f"crashed-{n}")
        n += 1
        log = open(os.path.join(folder, "server.log"), errors="replace").read().splitlines()
        crashed = json.load(open(os.path.join(folder, "results.json")))
        by_container = {i.get("container"): i["id"] for i in crashed["instances"]}
        at = next((k for k, line in enumerate(log) if re.search(r"\.js:[0-9]+$", line)), len(log))
        error = next((line.strip() for line in log[at:] if re.match(r"^\s*\w*Error\b", line)), "")
        refused = sum(1 for i in crashed["instances"] if "connection refused" in (i.get("reason") or ""))
        found.append({"kind": "exited", "error": error, "last": last_instances(log, at, by_container),
                      "refused": refused})
    log_file = os.path.join(run_dir, "server.log")
    if os.path.exists(log_file):
        log = open(log_file, errors="replace").read().splitlines()
        by_container = {i.get("container"): i["id"] for i in results["instances"]}
        for at, line in enumerate(log):
            if line.startswith(SURVIVED):
                found.append({"kind": "survived", "error": line[len(SURVIVED):].strip(),
                              "last": last_instances(log, at, by_container)})
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--classes", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args()

    spec = json.load(open(args.classes))
    by_id = {c["id"]: c for c in spec["classes"] if "same_as" not in c}
    classes = [Klass(c, by_id) for c in spec["classes"]]
    shown_classes = list(OrderedDict((c.id, c) for c in classes).values())
    groups = OrderedDict((g["id"], g["title"]) for g in spec["groups"])

    runs = []
    for run_dir in args.runs:
        meta = json.load(open(os.path.join(run_dir, "server.json")))
        results_file = os.path.join(run_dir, "results.json")
        if not os.path.exists(results_file):
            print(f"write-doc: {meta['name']}: no results.json, left out", file=sys.stderr)
            continue
        results = json.load(open(results_file))
        meta["crashes"] = crashes(run_dir, results)
        runs.append((meta, results))
    if not runs:
        sys.exit("write-doc: no results")
    names = [meta["name"] for meta, _ in runs]

    # Classify.
    taken = {}  # (server, id) -> class id
    members = {c.id: OrderedDict((n, []) for n in names) for c in shown_classes}
    unclassified = []
    for meta, results in runs:
        for instance in results["instances"]:
            if instance["result"] not in DEVIATING:
                continue
            for klass in classes:
                if klass.takes(meta["name"], instance):
                    taken[(meta["name"], instance["id"])] = klass.id
                    members[klass.id][meta["name"]].append(instance)
                    break
            else:
                unclassified.append((meta["name"], instance))

    first = runs[0][1]
    out = []
    w = out.append
    date = first.get("started", "")[:10]
    harness = first.get("harness", {})
    total = len(first["instances"])
    w("# Blob servers under the suite")
    w("")
    w(f"Made by `scripts/compare-servers` on {date} with {harness.get('name', 'blobconform')} "
      f"{harness.get('version', '')}, {total} instances{' (`--quick`: a few cases only)' if args.quick else ''}"
      " per server; do not edit by hand: run the script again (see the end). The same runs side by side, "
      "instance by instance: `build/servers/comparison/comparison.html` and `comparison.md`, made by "
      "`blobconform report --compare`; each server's own reports (junit.xml, results.json, summary.md, "
      "report.html) are under `build/servers/<server>/`.")
    w("")
    w("Every server was run the same way: on its own loopback port with a fresh data folder, "
      "`--no-baseline` (the documented behaviour is the only yardstick), `--jobs 4`, `--case-timeout 60s`, "
      "and the capabilities it has that the harness cannot infer. Instance ids below leave out the "
      f"`{PREFIX}` prefix.")
    w("")

    w("## The servers")
    w("")
    w("| server | what | `Server` header | capabilities and options |")
    w("| --- | --- | --- | --- |")
    for meta, results in runs:
        info = spec["servers"].get(meta["name"], {})
        server = results.get("target", {}).get("server")
        flags = re.findall(r"--capability (\S+)|--latest-version (\S+)|--second-target", meta["run"])
        shown = []
        for capability, latest in flags:
            if capability:
                shown.append(capability)
            elif latest:
                shown.append(f"latest = {latest}")
            else:
                shown.append("second account")
        w(f"| {meta['name']} | {cell(info.get('what', ''))} | {code(server) if server else 'none'} | {cell(', '.join(shown)) or '–'} |")
    w("")
    for meta, _ in runs:
        info = spec["servers"].get(meta["name"], {})
        w(f"**{meta['name']}**, started as `{meta['command']}`:")
        w("")
        for note in info.get("notes", []):
            w(f"- {note}")
        found = meta.get("crashes") or []
        exited = [c for c in found if c["kind"] == "exited"]
        survived = [c for c in found if c["kind"] == "survived"]
        if exited:
            runs_made = meta.get("runs", len(exited) + 1)
            what = "; ".join(
                f"run {k}: {code(c['error']) if c['error'] else 'no error logged'}"
                + (f", among the last requests logged: {', '.join(code(x) for x in c['last'])}" if c["last"] else "")
                + f", {c['refused']} instances then refused" for k, c in enumerate(exited, 1))
            completed = len(exited) < runs_made
            w(f"- **In this comparison the server exited during {len(exited)} of {runs_made} runs** ({what}). "
              + ("It was started afresh and run again; the verdicts here are those of the run that completed. "
                 if completed else "Every run crashed; the verdicts here are those of the last one. ")
              + f"The crashed runs' files are under `build/servers/{meta['name']}/crashed-N/`.")
        if survived:
            errors_seen = Counter(c["error"] for c in survived)
            near = []
            for c in survived:
                for x in c["last"]:
                    if x not in near:
                        near.append(x)
            w(f"- **In this run it threw {len(survived)} exception{'s' if len(survived) != 1 else ''} that nothing "
              f"caught** ({', '.join(f'{n}× {code(e)}' for e, n in errors_seen.items())}), each of which would have "
              "ended the process without `survive.cjs`; among the last requests logged before them: "
              + ", ".join(code(x) for x in near) + ".")
        w("")

    w("## Results")
    w("")
    w("| server | " + " | ".join(RESULTS) + " | total |")
    w("| --- | " + " | ".join("---:" for _ in RESULTS) + " | ---: |")
    by_server = {}
    for meta, results in runs:
        counter = Counter(i["result"] for i in results["instances"])
        by_server[meta["name"]] = counter
        w(f"| {meta['name']} | " + " | ".join(str(counter.get(r, 0)) for r in RESULTS) +
          f" | {len(results['instances'])} |")
    w("")
    w("PASS: the documented behaviour held. FAIL: a `must` case did not hold. NON-STRICT: a `should` case did "
      "not hold. INFO: an `info` case, what was seen is recorded. SKIP: the server lacks a capability the case "
      "needs. INCONCLUSIVE: a precondition did not hold, so the case could not judge. ERROR: a setup step or "
      "the transport broke (below: where, and what the server answered).")
    w("")

    w("## By group")
    w("")
    w("| group | " + " | ".join(names) + " |")
    w("| --- | " + " | ".join("---" for _ in names) + " |")
    group_names = list(OrderedDict((i["group"], None) for i in first["instances"]))
    for meta, results in runs[1:]:
        for i in results["instances"]:
            if i["group"] not in group_names:
                group_names.append(i["group"])
    for group in group_names:
        row = [short(group)]
        for meta, results in runs:
            row.append(counts_cell(Counter(i["result"] for i in results["instances"] if i["group"] == group)))
        w("| " + " | ".join(row) + " |")
    w("")

    w("## What the deviations mean")
    w("")
    w("Each FAIL, NON-STRICT, INCONCLUSIVE and ERROR is counted under the one class that explains it, "
      "with the instances per server (the reference target has none when every case holds there).")
    w("")
    for group_id, title in groups.items():
        group_classes = [c for c in shown_classes if c.group == group_id and any(members[c.id].values())]
        if not group_classes:
            continue
        w(f"### {title}")
        w("")
        for klass in group_classes:
            per_server = members[klass.id]
            seen = ", ".join(f"{n} {len(v)}" for n, v in per_server.items() if v)
            w(f"- **{klass.id}** ({seen}): {klass.means}")
            # Servers with the same instances share a line.
            lines = OrderedDict()
            for name, instances in per_server.items():
                if not instances:
                    continue
                key = tuple(short(i["id"]) + ("" if i["result"] == "FAIL" else f" ({i['result']})") for i in instances)
                lines.setdefault(key, []).append(name)
            for key, servers in lines.items():
                w(f"  - {', '.join(servers)}: " + ", ".join(f"`{k}`" for k in key))
        w("")

    errors = [(meta["name"], i) for meta, results in runs for i in results["instances"] if i["result"] == "ERROR"]
    w("## ERROR results: where, and what the server answered")
    w("")
    if not errors:
        w("None.")
    else:
        w("Instances whose step sent the same request and got the same answer share a row.")
        w("")
        w("| server | instances (failing step) | request | answer | class |")
        w("| --- | --- | --- | --- | --- |")
        rows = OrderedDict()
        for name, instance in errors:
            reason = instance.get("reason") or ""
            match = re.search(r"(/cases/[0-9]+/(?:setup|then)/[0-9]+|/cases/[0-9]+/request)", reason)
            pointer = match.group(1) if match else ""
            sent, answer = answered(instance, pointer) if pointer else (None, None)
            where = pointer.split("/", 3)[-1] if pointer else "?"
            key = (name, sent or "", answer or instance.get("actual") or cell(reason[:80]),
                   taken.get((name, instance["id"]), "unclassified"))
            rows.setdefault(key, []).append(f"`{short(instance['id'])}` ({where})")
        for (name, sent, answer, klass), instances in rows.items():
            w(f"| {name} | {', '.join(instances)} | {code(sent) if sent else '–'} | {cell(answer)} | {klass} |")
        w("")
        w("The harness's own reasons, as results.json has them:")
        w("")
        reasons = OrderedDict()
        for name, instance in errors:
            # A step's pointer, whether the case or its group's defaults hold it, and whether a named
            # setup stands for it (case-format.md §9), reads as one: /cases/N/setup/K.
            text = re.sub(r"(?:/cases/[0-9]+|/defaults)/(setup|then)/[0-9]+(?:/steps/[0-9]+)*", r"/cases/N/\1/K",
                          instance.get("reason") or "")
            text = re.sub(r"/cases/[0-9]+/", "/cases/N/", text)
            reasons.setdefault(text, []).append(f"{name} {short(instance['id'])}")
        for text, where in reasons.items():
            w(f"- {code(text)}: {len(where)} ({', '.join(where[:3])}{' and more' if len(where) > 3 else ''})")
    w("")

    w("## SKIP reasons")
    w("")
    skips = OrderedDict()
    for meta, results in runs:
        for i in results["instances"]:
            if i["result"] == "SKIP":
                skips.setdefault(i.get("reason") or "", OrderedDict()).setdefault(meta["name"], []).append(short(i["id"]))
    if not skips:
        w("None.")
    else:
        w("| reason | servers | instances |")
        w("| --- | --- | --- |")
        for reason, per_server in skips.items():
            counts = ", ".join(f"{n} {len(v)}" for n, v in per_server.items())
            some = next(iter(per_server.values()))
            listed = ", ".join(f"`{s}`" for s in some[:4]) + (f" and {len(some) - 4} more" if len(some) > 4 else "")
            w(f"| {cell(reason)} | {counts} | {listed} |")
    w("")

    w("## INFO cases whose observations differ")
    w("")
    by_id = {meta["name"]: {i["id"]: i for i in results["instances"]} for meta, results in runs}
    rows = []
    for instance in first["instances"]:
        seen = []
        for name in names:
            other = by_id[name].get(instance["id"])
            if not other:
                seen.append("–")
            elif other["result"] == "INFO":
                text = other.get("reason") or ""
                text = text[len("recorded: "):] if text.startswith("recorded: ") else text
                seen.append(text or other.get("actual") or "")
            else:
                seen.append(other["result"])
        if any(by_id[n].get(instance["id"], {}).get("result") == "INFO" for n in names) and len(set(seen)) > 1:
            rows.append([f"`{short(instance['id'])}`"] + [cell(s) for s in seen])
    if not rows:
        w("None.")
    else:
        w("INFO cases record what a server did where the documents leave it open; a FAIL-free server may differ "
          "here. \"the response matched none of the outcomes\" means none of the answers the case foresees.")
        w("")
        w("| instance | " + " | ".join(names) + " |")
        w("| --- | " + " | ".join("---" for _ in names) + " |")
        for row in rows:
            w("| " + " | ".join(row) + " |")
    w("")

    if unclassified:
        w("## Not yet classified")
        w("")
        w("These deviations fit none of the classes of `scripts/servers/deviations.json`: add one.")
        w("")
        for name, instance in unclassified:
            w(f"- {name} `{short(instance['id'])}` {instance['result']}: {cell(instance.get('reason') or '')}")
        w("")
        print(f"write-doc: {len(unclassified)} deviations fit no class (listed in {args.out})", file=sys.stderr)

    w("## Making this file again")
    w("")
    w("```sh")
    w("scripts/compare-servers              # builds build/ (Release), installs the pinned servers, runs all four")
    w("BLOBCONFORM_BUILD=build-test scripts/compare-servers   # with blobconform and blobconform-reference built there")
    w("scripts/compare-servers --quick      # a few cases per server; --only NAME for some servers: both write build/servers/servers.md")
    w("```")
    w("")
    w("Azurite 3.17.1 and 2.7.1 are pinned by `scripts/servers/package.json` and `package-lock.json` and installed "
      "with `npm ci --prefix build/servers/npm`, apart from the project's own `node_modules`. The runs, "
      "with `$CONNECTION_STRING` the server's (devstoreaccount1 and its well-known key, or the reference target's "
      "first account):")
    w("")
    w("```sh")
    for meta, _ in runs:
        w(f"{meta['run']}   # {meta['name']}")
    w("```")
    w("")

    text = "\n".join(out).rstrip("\n") + "\n"
    with open(args.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
