// Benchmark 5 (bench/README.md): a blob anyone may read, for wrk (which cannot sign requests: a
// Shared Key signature covers x-ms-date and expires). Creates a container with public access
// "blob" and a 5-byte blob in it with @azure/storage-blob, and prints the blob's URL.
//   node bench/sdk/public_blob.mjs --connection-string CS [--version 2026-06-06]
import { BlobServiceClient, StorageSharedKeyCredential, newPipeline } from "@azure/storage-blob";
import { randomBytes } from "node:crypto";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const connectionString = option("--connection-string", process.env.AZURE_STORAGE_CONNECTION_STRING);
const version = option("--version", "2026-06-06");
const fields = Object.fromEntries(
  connectionString.split(";").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);
const service = new BlobServiceClient(
  fields.BlobEndpoint,
  newPipeline(new StorageSharedKeyCredential(fields.AccountName, fields.AccountKey)),
);
service.storageClientContext.pipeline.addPolicy({
  name: "benchPinVersion", // as in scenario.mjs: the version the targets accept
  sendRequest: (request, next) => {
    request.headers.set("x-ms-version", version);
    return next(request);
  },
});
const container = service.getContainerClient(`bench-public-${randomBytes(4).toString("hex")}`);
await container.create({ access: "blob" });
const blob = container.getBlockBlobClient("hello");
await blob.upload("hello", 5);
console.log(blob.url);
