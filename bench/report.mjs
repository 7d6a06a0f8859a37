// Writes bench/results.md (to stdout) from the samples bench/run keeps in its --out folder.
//   node bench/report.mjs OUT_DIR
// Every sample is listed; medians, spreads (min-max) and the ratios against the issue's goals are
// computed here, and the notes quote the measurements that explain a goal not met.
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("usage: node bench/report.mjs OUT_DIR");
  process.exit(2);
}
const path = (...p) => join(out, ...p);
const json = (...p) => JSON.parse(readFileSync(path(...p), "utf8"));
const text = (...p) => (existsSync(path(...p)) ? readFileSync(path(...p), "utf8") : "");
const has = (...p) => existsSync(path(...p));

// ---- statistics ---------------------------------------------------------------------------------
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  if (!xs.length) return NaN;
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const min = (xs) => Math.min(...xs);
const max = (xs) => Math.max(...xs);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const spread = (xs) => (xs.length > 1 ? `${fmt(min(xs))}–${fmt(max(xs))}` : "one sample");
const fmt = (x, digits) => {
  if (!Number.isFinite(x)) return "n/a";
  if (digits !== undefined) return x.toFixed(digits);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
};
const ms = (x) => `${fmt(x)} ms`;
const list = (xs, digits) => xs.map((x) => fmt(x, digits)).join(", ");
const ratio = (a, b) => a / b;
const status = (ok) => (ok ? "**met**" : "**not met**");

// ---- what bench/run left ------------------------------------------------------------------------
const settings = json("settings.json");
const machine = json("machine.json");
const end = has("end.json") ? json("end.json") : {};
const targets = has("targets.json") ? json("targets.json") : {};

// A hyperfine folder: process wall times (ms) of the timed runs, and, for each of those runs (the
// oldest folders are the warm-up runs), its results.json and what bench/pair.sh measured right
// after it: the floor's replay (floor.json) and the SDK scenario (sdk.json).
function timed(name) {
  if (!has(name, "hyperfine.json")) return null;
  const h = json(name, "hyperfine.json").results[0];
  const wall = h.times.map((t) => t * 1000);
  const dirs = readdirSync(path(name))
    .filter((d) => /^run\.\d+$/.test(d))
    .sort()
    .slice(-wall.length);
  const read = (d, f) => (existsSync(path(name, d, f)) ? JSON.parse(readFileSync(path(name, d, f), "utf8")) : null);
  const runs = dirs.map((d) => read(d, "results.json")).filter(Boolean);
  const floors = dirs.map((d) => read(d, "floor.json")).filter(Boolean);
  const sdks = dirs.map((d) => read(d, "sdk.json")).filter(Boolean);
  const loop = runs.map((r) => r.duration_ms);
  const counts = runs.length ? runs[runs.length - 1].counts : {};
  const instances = runs.length ? runs[runs.length - 1].instances : [];
  const load = has(name, "loadavg.json") ? json(name, "loadavg.json").loadavg : "";
  return { name, wall, loop, runs, floors, sdks, counts, instances, load, command: h.command };
}
const floorOf = (name) => (has(`${name}.json`) ? json(`${name}.json`) : null);
const countsText = (c) =>
  Object.entries(c || {})
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
const exchanges = (run) => sum(run.instances.map((i) => i.exchanges.length));

const md = [];
const say = (...lines) => md.push(...lines);
const goals = []; // [benchmark, measured, goal, met]
const notes = [];

say(
  "# Benchmarks of issue 9: a conformance run limited by the server, not the harness",
  "",
  `Written by \`bench/run${settings.mode === "quick" ? " --quick" : ""}\` on ${machine.date}` +
    ` (${settings.mode} mode, ${end.total_seconds ?? "?"} s in all, build ${machine.build_seconds} s of it;` +
    ` Azurite's start-up, ${targets.azurite_startup_ms ?? "?"} ms, is not in any timing).` +
    ` Samples: \`${relative(process.cwd(), out) || out}\` (not committed). What each benchmark does and how to read it: [README.md](README.md).`,
  "",
  "On 2 shared cores a 10% difference is near the noise: every sample is listed, with the median and the spread" +
    " (min–max), and the load average when each benchmark began (other work on the machine shows there).",
  "",
);

// ---- machine ------------------------------------------------------------------------------------
const machineLines = [
  "## Machine",
  "",
  `- ${machine.nproc} cores (\`nproc\`), ${machine.cpu}, ${machine.memory_mb} MB memory; ${machine.os}, kernel ${machine.kernel}`,
  `- ${machine.compiler}, CMake build type ${machine.build_type}; Node ${machine.node}; Azurite ${machine.azurite};` +
    ` @azure/storage-blob ${machine.sdk}; ${machine.hyperfine}; ${machine.wrk}; blobconform ${machine.blobconform} at ${machine.git}`,
  `- load average (1, 5, 15 min) at the start: ${machine.loadavg_start}; at the end: ${end.loadavg_end ?? "?"}`,
  "",
];

// ---- 1. harness overhead ------------------------------------------------------------------------
say(
  "## 1. Harness overhead",
  "",
  "`blobconform run --jobs 1` (process wall time, hyperfine) divided by the time `bench_floor` takes to send the same" +
    " requests again over one keep-alive connection (re-dated, re-signed, fresh containers; its own clock, reading" +
    " results.json not counted). *Without the wait*: the suite without `" +
    settings.wait_bound +
    "`, whose time is a 15-second lease expiring, not requests. The *run loop* is results.json's `duration_ms`" +
    " (instances only: no start-up, loading, probing or reports).",
  "",
);
const b1 = {};
for (const t of ["az", "ref0"]) {
  for (const v of ["nowait", "full"]) {
    const run = timed(`b1-${t}-${v}`);
    if (run && run.floors.length === run.wall.length) b1[`${t}-${v}`] = run;
  }
}
const targetName = { az: "Azurite", ref0: "reference target (0 ms)" };
const overhead = {}; // key -> derived numbers for the notes
say(
  "Each run is paired with a replay by the floor made right after it (`bench/pair.sh`), so both see the same machine;" +
    " the ratio is the median of the pairs' ratios.",
  "",
  "| target | selection | runs | suite wall, ms (samples) | median | run loop, ms: median (min–max) | floor, ms (samples, paired) | floor median | wall / floor: median of pairs (min–max) | loop / floor | goal ≤ 1.10 |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
);
for (const [key, run] of Object.entries(b1)) {
  const [t, v] = key.split("-");
  const floor = run.floors.map((f) => f.samples_ms[0]);
  const pairs = run.wall.map((w, i) => w / floor[i]);
  const loops = run.loop.map((l, i) => l / floor[i]);
  const r = median(pairs);
  const requests = run.floors[0].harness_requests;
  overhead[key] = {
    ratio: r,
    loopRatio: median(loops),
    fixed: median(run.wall.map((w, i) => w - run.loop[i])),
    // Per request, the wait-bound instance left out on both sides (the harness's instance, the
    // floor's wait for the same condition).
    perRequest: median(
      run.loop.map((l, i) => {
        const lease = (run.runs[i].instances.find((x) => x.id === settings.wait_bound) || {}).duration_ms || 0;
        return (l - lease - (floor[i] - run.floors[i].poll_wait_ms)) / requests;
      }),
    ),
    requests,
    floor: median(floor),
    wall: median(run.wall),
    loop: median(run.loop),
    pollWait: median(run.floors.map((f) => f.poll_wait_ms)),
    lease: median(run.runs.map((x) => (x.instances.find((i) => i.id === settings.wait_bound) || {}).duration_ms).filter(Number.isFinite)),
  };
  say(
    `| ${targetName[t]} | ${v === "full" ? "whole suite" : "without the wait"} | ${run.wall.length} | ${list(run.wall, 0)} |` +
      ` ${fmt(median(run.wall), 0)} | ${fmt(median(run.loop), 0)} (${spread(run.loop)}) | ${list(floor, 0)} |` +
      ` ${fmt(median(floor), 0)} | **${fmt(r, 2)}** (${spread(pairs)}) | ${fmt(median(loops), 2)} | ${status(r <= 1.1)} |`,
  );
  goals.push([`1. overhead, ${targetName[t]}, ${v === "full" ? "whole suite" : "without the wait"}`, `${fmt(r, 2)}×`, "≤ 1.10×", r <= 1.1]);
}
say("");
{
  const lines = [];
  for (const [key, run] of Object.entries(b1)) {
    const [t, v] = key.split("-");
    const floor = run.floors[run.floors.length - 1];
    const o = overhead[key];
    lines.push(
      `- ${targetName[t]}, ${v === "full" ? "whole suite" : "without the wait"}: results ${countsText(run.counts)};` +
        ` ${exchanges(run.runs[run.runs.length - 1])} exchanges recorded, ${floor.harness_requests} requests sent by the harness` +
        ` (polls counted), ${floor.sent} by the floor (${floor.poll_sends} of them polling ${floor.polled_steps} step(s) every` +
        ` ${floor.poll_interval_ms} ms, ${ms(floor.poll_wait_ms)} waiting); same status as recorded ${floor.same_status}, other` +
        ` ${floor.other_status} (${Object.entries(floor.status_changes).map(([k, n]) => `${k} ×${n}`).join(", ") || "none"});` +
        ` re-signed: Shared Key ${floor.resigned_shared_key}, Shared Key Lite ${floor.resigned_shared_key_lite}, SAS sent as` +
        ` Shared Key ${floor.sas_as_shared_key}, anonymous ${floor.unsigned}; ${floor.raw_in_recording} went through the` +
        ` harness's raw writer (a fresh connection each), the floor sends them on its one connection.` +
        ` Medians: wall − run loop (start-up, loading, probe, reports) ${ms(o.fixed)}; (run loop − floor) / requests` +
        `${v === "full" ? " (the wait left out on both sides)" : ""} ${fmt(o.perRequest * 1000, 0)} µs a request.` +
        (v === "full" ? ` \`${settings.wait_bound}\` took ${ms(o.lease)} in the harness; the floor waited ${ms(o.pollWait)} for the same lease.` : "") +
        (run.load ? ` Load average at the start: ${run.load}.` : ""),
    );
  }
  say("Replay fidelity and where the time goes:", "", ...lines, "");
}
const empty = timed("b1-ref0-empty");
const lint = timed("b1-lint");
const corpus = has("b4-corpus.json") ? json("b4-corpus.json") : null;
if (empty && lint) {
  say(
    "Fixed costs of one `blobconform run`, apart from its requests:",
    "",
    `- the same command selecting no instance (\`--filter 'none/**'\`: start, load and lint the cases, probe the target, write` +
      ` the reports): ${list(empty.wall, 0)} ms, median ${ms(median(empty.wall))}`,
    `- \`blobconform lint\` (start, load and lint): ${list(lint.wall, 0)} ms, median ${ms(median(lint.wall))}` +
      (corpus ? `; in process (bench_load on cases/): load ${ms(corpus.load_ms)}, lint ${ms(corpus.lint_ms)}` : ""),
    "",
  );
}

// ---- 2. concurrency -----------------------------------------------------------------------------
const b2 = [1, 2, 4, 8, 16].map((j) => [j, timed(`b2-jobs${j}`)]).filter(([, r]) => r);
if (b2.length) {
  const base = median(b2[0][1].wall);
  const sel = settings.b2_filter ? `\`--cases cases --cases bench/cases --filter '${settings.b2_filter}'\` (the scenario, 50 instances)` :
    `the suite without \`${settings.wait_bound}\``;
  const insts = b2[0][1].runs.length ? b2[0][1].runs[0].instances.length : 0;
  const ex = b2[0][1].runs.length ? exchanges(b2[0][1].runs[0]) : 0;
  say(
    "## 2. Concurrency",
    "",
    `\`blobconform run --jobs N\` against the reference target with 20 ms added to every request (\`blobconform-reference` +
      ` --latency-ms 20\`; it serves each connection on its own thread), ${sel}: ${insts} instances, ${ex} exchanges.` +
      ` The ideal at --jobs 1 is ${ex} × 20 ms = ${fmt((ex * 20) / 1000, 2)} s of latency alone.`,
    "",
    "| --jobs | runs | wall, ms (samples) | median | speed-up | efficiency (speed-up / jobs) | run loop median, ms | speed-up of the run loop | bound from the serial part |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  let linear = true;
  const loop1 = median(b2[0][1].loop);
  const serial = base - loop1; // start-up, loading, probe, reports: the same at every --jobs
  for (const [j, r] of b2) {
    const s = base / median(r.wall);
    if (s / j < 0.8) linear = false;
    const bound = base / (serial + loop1 / j);
    say(
      `| ${j} | ${r.wall.length} | ${list(r.wall, 0)} | ${fmt(median(r.wall), 0)} | ${fmt(s, 2)}× | ${fmt(s / j, 2)} |` +
        ` ${fmt(median(r.loop), 0)} | ${fmt(loop1 / median(r.loop), 2)}× | ${fmt(bound, 1)}× |`,
    );
  }
  say(
    "",
    `*Bound from the serial part*: the speed-up possible if the run loop (${ms(loop1)} at --jobs 1) divided perfectly by` +
      ` --jobs while the rest of the process (${ms(serial)}: start-up, loading, probe, reports) stays.` +
      (insts ? ` With ${insts} instances, --jobs 16 runs ${Math.ceil(insts / 16)} rounds of at most 16, the last of ${insts - 16 * Math.floor(insts / 16) || 16}.` : ""),
  );
  const last = b2[b2.length - 1];
  say("");
  const s16 = base / median(last[1].wall);
  goals.push(["2. concurrency, 20 ms latency", `${fmt(s16, 1)}× at --jobs ${last[0]} (efficiency ${fmt(s16 / last[0], 2)})`,
    "near-linear (here: efficiency ≥ 0.8 at each --jobs)", linear]);
  const full = timed("b2-full-jobs16");
  if (full) {
    const lease = full.instances.find((i) => i.id === settings.wait_bound);
    say(
      `The whole suite once at --jobs 16: ${list(full.wall, 0)} ms (results ${countsText(full.counts)}); \`${settings.wait_bound}\`` +
        ` alone took ${lease ? ms(lease.duration_ms) : "?"}: with it, no --jobs brings the suite under that one instance's time.`,
      "",
    );
  }
}

// ---- 3. peer ------------------------------------------------------------------------------------
const sdkSamples = (name) =>
  has(name)
    ? readdirSync(path(name))
        .filter((f) => /^sample-\d+\.json$/.test(f))
        .map((f) => json(name, f))
    : [];
const azBc = timed("b3-az-bc");
if (azBc && azBc.floors.length && azBc.sdks.length) {
  const count = has("b3-sdk-count.json") ? JSON.parse(text("b3-sdk-count.json")) : null;
  const n = azBc.floors.length;
  const floorTotal = azBc.floors.map((f) => f.samples_ms[0]);
  const sdkTotal = azBc.sdks.map((s) => s.total_ms);
  const per = (xs) => xs.map((x) => x / 50);
  const floorPer = azBc.floors.flatMap((f) => f.per_instance_ms[0]);
  const sdkPer = azBc.sdks.flatMap((s) => s.samples_ms);
  const bcInst = azBc.runs.flatMap((r) => r.instances.map((i) => i.duration_ms));
  const bcVsFloor = azBc.wall.map((w, i) => w / floorTotal[i]);
  const loopVsFloor = azBc.loop.map((w, i) => w / floorTotal[i]);
  const sdkVsFloor = sdkTotal.map((w, i) => w / floorTotal[i]);
  say(
    "## 3. Peer: the same scenario with the official SDK",
    "",
    "The scenario (create container, put blob, start a copy, abort it: 409 on the completed copy, get properties, delete" +
      " the container) 50 times: with `@azure/storage-blob` one copy after another (`bench/sdk/scenario.mjs`, its own clock," +
      " Node's start-up and module loading not counted), with blobconform (`bench/cases/bench/scenario.json`, 50 cases," +
      " `--jobs 1`, the whole process timed), and replayed by the floor; each blobconform run is followed at once by a floor" +
      " replay and an SDK run (`bench/pair.sh`), ratios are medians of those triples." +
      (count ? ` The SDK sends ${count.requests / count.copies} requests a copy (counted at http.request), blobconform ${azBc.runs.length ? fmt(exchanges(azBc.runs[0]) / 50, 0) : "?"}.` : ""),
    "",
    "### On Azurite, one copy after another",
    "",
    "| client | runs | per scenario: total / 50, ms (samples) | median | each copy: median (min–max), ms | vs floor (median of pairs) |",
    "|---|---|---|---|---|---|",
    `| floor (bench_floor) | ${n} | ${list(per(floorTotal))} | ${fmt(median(per(floorTotal)))} | ${fmt(median(floorPer))} (${spread(floorPer)}) | 1 |`,
    `| blobconform, process wall / 50 | ${azBc.wall.length} | ${list(per(azBc.wall))} | ${fmt(median(per(azBc.wall)))} | – | **${fmt(median(bcVsFloor), 2)}×** (${spread(bcVsFloor)}) |`,
    `| blobconform, run loop / 50 | ${azBc.loop.length} | ${list(per(azBc.loop))} | ${fmt(median(per(azBc.loop)))} | ${fmt(median(bcInst))} (${spread(bcInst)}) | ${fmt(median(loopVsFloor), 2)}× |`,
    `| @azure/storage-blob ${machine.sdk} | ${azBc.sdks.length} | ${list(per(sdkTotal))} | ${fmt(median(per(sdkTotal)))} | ${fmt(median(sdkPer))} (${spread(sdkPer)}) | **${fmt(median(sdkVsFloor), 2)}×** (${spread(sdkVsFloor)}) |`,
    "",
    `The SDK's first copy in each run (connection set-up, code paths warming up): ${list(azBc.sdks.map((s) => s.samples_ms[0]), 1)} ms.`,
    "",
  );
  const r = median(bcVsFloor);
  goals.push(["3. peer on Azurite: blobconform / floor, --jobs 1", `${fmt(r, 2)}× (SDK / floor: ${fmt(median(sdkVsFloor), 2)}×)`, "≤ 1.10×", r <= 1.1]);
}
const refSdk = sdkSamples("b3-ref20-sdk");
const refBc = [1, 4, 8, 16, 50, "default"].map((j) => [j, timed(`b3-ref20-bc-jobs${j}`)]).filter(([, r]) => r);
const refFloor = floorOf("b3-ref20-floor");
if (refSdk.length && refBc.length) {
  const sdkTotal = refSdk.map((s) => s.total_ms);
  say(
    "### 50 copies against the reference target with 20 ms per request",
    "",
    `@azure/storage-blob, one after another: ${list(sdkTotal, 0)} ms (median ${ms(median(sdkTotal))}).` +
      (refFloor ? ` The floor, one after another: ${list(refFloor.samples_ms, 0)} ms.` : "") +
      " Without --jobs, blobconform chooses 4 for a loopback target that answers within 5 ms and 16 otherwise" +
      " (this one answers in ~20 ms): the row *default*.",
    "",
    "| blobconform --jobs | runs | wall, ms (samples) | median | SDK / blobconform | goal ≥ 5× |",
    "|---|---|---|---|---|---|",
  );
  let best = null;
  for (const [j, r] of refBc) {
    const s = median(sdkTotal) / median(r.wall);
    if (s >= 5 && typeof j === "number" && (!best || j < best[0])) best = [j, s];
    say(`| ${j} | ${r.wall.length} | ${list(r.wall, 0)} | ${fmt(median(r.wall), 0)} | **${fmt(s, 1)}×** | ${status(s >= 5)} |`);
  }
  say("");
  const byDefault = refBc.find(([j]) => j === "default");
  const sDefault = byDefault ? median(sdkTotal) / median(byDefault[1].wall) : NaN;
  goals.push([
    "3. peer, 50 copies, 20 ms: SDK one after another / blobconform with its default --jobs",
    `${fmt(sDefault, 1)}× with the default --jobs` + (best ? ` (≥ 5× from --jobs ${best[0]})` : ""),
    "≥ 5×",
    sDefault >= 5,
  ]);
}

// ---- 4. loading ---------------------------------------------------------------------------------
if (has("b4-load")) {
  const gen = json("b4-generate.json");
  const loads = readdirSync(path("b4-load")).filter((f) => f.endsWith(".json")).map((f) => json("b4-load", f));
  const explain = has("b4-explain.json") ? json("b4-explain.json") : null;
  const list4 = timed("b4-list");
  const rss = readdirSync(path("b4-list-rss"))
    .map((f) => text("b4-list-rss", f).match(/Maximum resident set size \(kbytes\): (\d+)/))
    .filter(Boolean)
    .map((m) => Number(m[1]) / 1024);
  const total = loads.map((l) => l.total_ms);
  const peak = loads.map((l) => l.peak_rss_kb / 1024);
  say(
    "## 4. Loading",
    "",
    `${gen.instances} instances generated by \`bench_load --generate\`: ${gen.files} files (${fmt(gen.bytes / 1048576, 1)} MB of JSON), copies of the ${gen.instances_per_corpus_copy}` +
      ` instances of cases/ (groups renamed), loaded, linted, expanded and selected with the harness's own` +
      " loader, lint and selection (`bench_load --load`), and by `blobconform list --cases` (hyperfine; `/usr/bin/time -v` for memory).",
    "",
    "| measure | samples | median | goal | status |",
    "|---|---|---|---|---|",
    `| bench_load: load + lint + expand + select, ms | ${list(total, 0)} | ${fmt(median(total), 0)} | < 200 ms | ${status(median(total) < 200)} |`,
    `| bench_load: load only, ms | ${list(loads.map((l) => l.load_ms), 0)} | ${fmt(median(loads.map((l) => l.load_ms)), 0)} | | |`,
    `| bench_load: lint, ms | ${list(loads.map((l) => l.lint_ms), 0)} | ${fmt(median(loads.map((l) => l.lint_ms)), 0)} | | |`,
    `| bench_load: expand + select, ms | ${list(loads.map((l) => l.expand_ms + l.select_ms), 1)} | ${fmt(median(loads.map((l) => l.expand_ms + l.select_ms)), 1)} | | |`,
    `| bench_load: peak RSS, MB | ${list(peak, 1)} | ${fmt(median(peak), 1)} | < 100 MB | ${status(median(peak) < 100)} |`,
    list4 ? `| blobconform list, wall ms | ${list(list4.wall, 0)} | ${fmt(median(list4.wall), 0)} | < 200 ms | ${status(median(list4.wall) < 200)} |` : "",
    rss.length ? `| blobconform list, max RSS (time -v), MB | ${list(rss, 1)} | ${fmt(median(rss), 1)} | < 100 MB | ${status(median(rss) < 100)} |` : "",
    "",
  );
  const l0 = loads[0];
  say(
    `Resident set during bench_load (first sample): after loading ${fmt(l0.rss_after_load_kb / 1024, 1)} MB (${fmt(l0.rss_catalog_trimmed_kb / 1024, 1)} MB` +
      ` after malloc_trim: what the catalog holds), after lint ${fmt(l0.rss_after_lint_kb / 1024, 1)} MB, after expanding and selecting` +
      ` ${fmt(l0.rss_after_select_kb / 1024, 1)} MB.` +
      (explain
        ? ` Where loading goes (\`bench_load --explain\`, ${explain.files} files): reading and parsing the JSON ${ms(explain.parse_ms)};` +
          ` JSON-Schema validation ${ms(explain.schema_ms)}, of which ${ms(explain.schema_setup_ms)} does not depend on the documents` +
          ` (checking the schema and compiling its patterns, once per load).`
        : ""),
    "",
  );
  if (has("b4-compact")) {
    const cgen = json("b4-compact-generate.json");
    const cl = readdirSync(path("b4-compact")).filter((f) => f.endsWith(".json")).map((f) => json("b4-compact", f));
    const cx = has("b4-compact-explain.json") ? json("b4-compact-explain.json") : null;
    say(
      `Compact cases: the same ${cgen.instances} instances as copies of the benchmark scenario (\`bench/cases/bench/scenario.json\`,` +
        ` one short case per instance, ${cgen.files} files): load + lint + expand + select ${list(cl.map((l) => l.total_ms), 0)} ms` +
        ` (median ${ms(median(cl.map((l) => l.total_ms)))}), peak RSS ${list(cl.map((l) => l.peak_rss_kb / 1024), 1)} MB` +
        (cx ? `; parsing ${ms(cx.parse_ms)}, JSON-Schema validation ${ms(cx.schema_ms)} (${ms(cx.schema_setup_ms)} of it set-up).` : ".") +
        ` (${fmt(cgen.bytes / 1048576, 1)} MB of JSON, against ${fmt(gen.bytes / 1048576, 1)} MB for the copies of cases/): loading is slow per case, not only per byte.`,
      "",
    );
  }
  goals.push(["4. loading 10,000 instances: time", `${fmt(median(total), 0)} ms (blobconform list: ${list4 ? fmt(median(list4.wall), 0) : "?"} ms)`, "< 200 ms", median(total) < 200]);
  const mem = rss.length ? median(rss) : median(peak);
  goals.push(["4. loading 10,000 instances: memory", `${fmt(median(peak), 1)} MB (blobconform list: ${fmt(mem, 1)} MB)`, "< 100 MB", median(peak) < 100 && mem < 100]);
}

// ---- 5. fuzz throughput -------------------------------------------------------------------------
say("## 5. Fuzz throughput", "");
const fuzzNote = has("b5-note.json") ? json("b5-note.json").note : "";
if (fuzzNote) say(`In-process: ${fuzzNote}.`, "");
if (has("b5-inprocess") && readdirSync(path("b5-inprocess")).some((f) => f.endsWith(".log"))) {
  const built = has("b5-inprocess", "build.json") ? json("b5-inprocess", "build.json").binary_mtime : "?";
  const byName = {};
  for (const f of readdirSync(path("b5-inprocess")).filter((f) => f.endsWith(".log"))) {
    const name = f.replace(/-\d+\.log$/, "");
    const log = text("b5-inprocess", f);
    const stat = (k) => Number((log.match(new RegExp(`stat::${k}:\\s*(\\d+)`)) || [])[1]);
    const wall = json("b5-inprocess", f.replace(/\.log$/, ".json")).wall_ns / 1e9;
    const written = (log.match(/Test unit written to (\S+)/) || [])[1];
    const base64 = (log.match(/^Base64: (\S*)$/m) || [])[1];
    const finding = written && (base64 !== undefined ? JSON.stringify(Buffer.from(base64, "base64").toString("latin1")) : written);
    const what = (log.match(/(runtime error: [^\n]*|ERROR: libFuzzer: [^\n]*|ERROR: AddressSanitizer: [^\n]*)/) || [])[1];
    (byName[name] ||= []).push({ units: stat("number_of_executed_units"), avg: stat("average_exec_per_sec"), rss: stat("peak_rss_mb"), wall, finding, what });
  }
  const findings = Object.entries(byName).flatMap(([name, runs]) => runs.filter((r) => r.finding).map((r) => [name, r]));
  say(
    `libFuzzer targets of build-fuzz/ (ASan + UBSan, as scripts/fuzz builds them; binaries of ${built}), each` +
      ` \`-max_total_time=${settings.b5_seconds}\` on a fresh corpus seeded from fuzz/corpus/<name>, ${settings.b5_reps} run(s).` +
      " libFuzzer stops at the first whole second past the limit; execs/s is its own `average_exec_per_sec`" +
      " (units / whole seconds) and, more conservatively, units / wall time of the process.",
    "",
    "| target | executions (samples) | libFuzzer execs/s (samples) | median | units / wall s (median) | peak RSS, MB |",
    "|---|---|---|---|---|---|",
  );
  for (const [name, all] of Object.entries(byName).sort()) {
    const runs = all.filter((r) => !r.finding).length ? all.filter((r) => !r.finding) : all; // a finding stops a run early
    say(
      `| ${name}${all.some((r) => r.finding) ? " (a run stopped by a finding, left out)" : ""} | ${list(all.map((r) => r.units), 0)} |` +
        ` ${list(all.map((r) => r.avg), 0)} | ${fmt(median(runs.map((r) => r.avg)), 0)} |` +
        ` ${fmt(median(runs.map((r) => r.units / r.wall)), 0)} | ${fmt(max(all.map((r) => r.rss)), 0)} |`,
    );
  }
  say("");
  for (const [name, r] of findings) {
    say(`**Finding** (${name}): ${r.what || "see the log"}; the input: \`${r.finding}\`` +
      ` (kept in the samples folder as b5-inprocess/${name}-<run>-crash-*; reproduce: \`build-fuzz/fuzz/${name}_fuzzer <file>\`).`, "");
  }
}
if (has("b5-network")) {
  const samples = readdirSync(path("b5-network"))
    .filter((f) => /^sample-\d+\.txt$/.test(f))
    .map((f) => {
      const m = text("b5-network", f).match(/(\d+) requests drawn, (\d+) sent, (\d+) finding/);
      const wall = json("b5-network", f.replace(/\.txt$/, ".json")).wall_ns / 1e9;
      return { drawn: Number(m[1]), sent: Number(m[2]), findings: Number(m[3]), wall };
    });
  const rates = samples.map((s) => s.sent / s.wall);
  const wrkRate = (f) => Number((text(f).match(/Requests\/sec:\s*([\d.]+)/) || [])[1]);
  const keep = wrkRate("b5-wrk-keepalive.txt"), close = wrkRate("b5-wrk-close.txt");
  const strace = text("b5-connects.txt");
  const connects = Number((strace.match(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+\d*\s*connect\s*$/m) || [])[1]);
  const straceOut = text("b5-connects.out").match(/(\d+) requests drawn, (\d+) sent/);
  say(
    `Network: \`blobconform fuzz --requests ${settings.b5_requests}\` against Azurite (whole process: loading, the fuzz container's` +
      " setup, every request on a fresh connection through the raw writer, the destination checked after every abort," +
      " findings minimized), requests under test / wall time. wrk: one connection (`-t1 -c1`) sending an anonymous Get Blob" +
      " of a 5-byte blob in a container with public access `blob` (wrk cannot sign: a Shared Key signature covers x-ms-date)," +
      ` for ${settings.b5_wrk_seconds} s, keep-alive and with \`Connection: close\` (a fresh connection per request, like the fuzzer).`,
    "",
    "| measure | samples | median |",
    "|---|---|---|",
    `| fuzz: requests under test sent | ${list(samples.map((s) => s.sent), 0)} | |`,
    `| fuzz: wall, s | ${list(samples.map((s) => s.wall), 2)} | ${fmt(median(samples.map((s) => s.wall)), 2)} |`,
    `| fuzz: requests under test / s | ${list(rates, 0)} | ${fmt(median(rates), 0)} |`,
    `| wrk keep-alive, requests/s | ${fmt(keep, 0)} | |`,
    `| wrk Connection: close, requests/s | ${fmt(close, 0)} | |`,
    `| fuzz / wrk (Connection: close) | | **${fmt(median(rates) / close, 2)}** |`,
    `| fuzz / wrk (keep-alive) | | ${fmt(median(rates) / keep, 2)} |`,
    "",
  );
  if (Number.isFinite(connects) && straceOut) {
    say(
      `Connections the fuzzer opens (\`strace -f -c -e trace=connect\`, 300 requests drawn, ${straceOut[2]} under test): ${connects},` +
        ` i.e. ${fmt(connects / Number(straceOut[2]), 2)} requests on the wire per request under test (the checks and restores` +
        ` after each abort, setup and cleanup); counted that way the fuzzer runs at about ${fmt((median(rates) * connects) / Number(straceOut[2]), 0)}` +
        ` wire requests/s, ${fmt((median(rates) * connects) / Number(straceOut[2]) / close, 2)} of wrk's rate with fresh connections.`,
      "",
    );
  }
  goals.push(["5. network fuzz / wrk (fresh connections)", `${fmt(median(rates) / close, 2)} (requests under test)`, "(reported; no number set)", null]);
}

// ---- sanity: runs that lost their target ---------------------------------------------------------
const broken = [];
for (const d of readdirSync(out).filter((d) => has(d, "hyperfine.json"))) {
  const run = timed(d);
  const n = run.runs.reduce((a, r) => a + r.instances.filter((i) => /transport error/.test(i.reason || "")).length, 0);
  if (n) broken.push(`${d}: ${n} instance(s) ended on a transport error`);
}
const warning = broken.length
  ? ["**Warning: some runs lost their target; their times are not comparable.** " + broken.join("; ") + ".", ""]
  : [];

// ---- summary, notes, commands -------------------------------------------------------------------
const summary = [
  "## Goals",
  "",
  "| benchmark | measured (median) | goal | status |",
  "|---|---|---|---|",
  ...goals.map(([b, m, g, ok]) => `| ${b} | ${m} | ${g} | ${ok === null ? "reported" : status(ok)} |`),
  "",
];
md.splice(md.indexOf("## 1. Harness overhead"), 0, ...warning, ...summary, ...machineLines);

say("## Notes: what limits the goals not met", "");
const notesFile = new URL("./notes.md", import.meta.url);
if (existsSync(notesFile)) say(readFileSync(notesFile, "utf8").trim(), "");
say("## Commands", "", "Connection strings stand as `$AZURITE`, `$REFERENCE0`, `$REFERENCE20`; `<tmp>` is a temporary folder.", "", "```");
say(text("commands.txt").trim(), "```", "");
process.stdout.write(md.filter((l) => l !== undefined).join("\n"));
