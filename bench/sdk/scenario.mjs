// Benchmark 3 (bench/README.md): the scenario written with the official JavaScript SDK,
// @azure/storage-blob (pinned in package.json), the way a team without blobconform would write it:
// one client from the connection string, then for each copy, one await after another:
// create container, put blob, start a copy, abort it (409 on the completed copy, caught), get the
// destination's properties, delete the container.
//
//   node bench/sdk/scenario.mjs --connection-string CS [--copies N] [--json FILE] [--count-requests]
//
// x-ms-version: SDK 12.34.0 sends 2026-10-06, which neither Azurite 3.37.0 nor the reference
// target accepts (400 InvalidHeaderValue); a pipeline policy pins it to --version (default
// 2026-06-06, the version blobconform sends) before the request is signed. Prints one JSON object:
// every copy's milliseconds, and the requests sent (with --count-requests).
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import { writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const connectionString = option("--connection-string", process.env.AZURE_STORAGE_CONNECTION_STRING);
const copies = Number(option("--copies", "1"));
const version = option("--version", "2026-06-06");
const jsonFile = option("--json", "");
if (!connectionString || !(copies > 0)) {
  console.error("usage: node bench/sdk/scenario.mjs --connection-string CS [--copies N] [--json FILE] [--count-requests]");
  process.exit(2);
}

// --count-requests: counts what goes on the wire (every http.request / https.request), to show the
// scenario sends six requests a copy. Installed before the SDK is loaded.
let requests = 0;
if (args.includes("--count-requests")) {
  for (const mod of [http, https]) {
    const original = mod.request;
    mod.request = function (...a) {
      requests++;
      return original.apply(this, a);
    };
  }
  syncBuiltinESMExports();
}
const { BlobServiceClient, StorageSharedKeyCredential, newPipeline } = await import("@azure/storage-blob");

const fields = Object.fromEntries(
  connectionString.split(";").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);
const credential = new StorageSharedKeyCredential(fields.AccountName, fields.AccountKey);
const service = new BlobServiceClient(fields.BlobEndpoint, newPipeline(credential));
// The one departure from plain SDK use: the version the targets accept, set before signing.
service.storageClientContext.pipeline.addPolicy({
  name: "benchPinVersion",
  sendRequest: (request, next) => {
    request.headers.set("x-ms-version", version);
    return next(request);
  },
});

const run = randomBytes(4).toString("hex");
const samples = [];
const began = performance.now();
for (let i = 1; i <= copies; i++) {
  const t0 = performance.now();
  const container = service.getContainerClient(`sdk-${run}-${String(i).padStart(4, "0")}`);
  await container.create();
  const source = container.getBlockBlobClient("src");
  await source.upload("hello", 5);
  const destination = container.getBlobClient("dst");
  const poller = await destination.beginCopyFromURL(source.url); // one Copy Blob; done when not pending
  const copyId = poller.getOperationState().copyId;
  try {
    await destination.abortCopyFromURL(copyId);
    throw new Error("abort of a completed copy succeeded");
  } catch (error) {
    if (error.statusCode !== 409) throw error;
  }
  const properties = await destination.getProperties();
  if (properties.copyStatus !== "success") throw new Error(`copy status ${properties.copyStatus}`);
  await container.delete();
  samples.push(performance.now() - t0);
}
const total = performance.now() - began;
const out = { sdk: "@azure/storage-blob", copies, total_ms: total, samples_ms: samples };
if (args.includes("--count-requests")) out.requests = requests;
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(out) + "\n");
console.log(JSON.stringify(out));
