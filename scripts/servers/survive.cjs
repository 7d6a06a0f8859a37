// Preloaded (node --require) into Azurite 2.7.1 by scripts/compare-servers. Azurite 2.7.1 can throw
// an exception that nothing catches in the middle of a run (a copy that finishes writing after its
// container was deleted: see docs/servers.md), and Node then ends the process, so every later case
// would meet a closed port. This logs such an exception on stderr, after a marker line that
// scripts/servers/write-doc.py counts, and keeps the server running.
"use strict";

process.on("uncaughtException", (error) => {
  const message = error && error.message ? error.message : String(error);
  console.error(`blobconform: uncaught exception survived: ${message}`);
  if (error && error.stack) console.error(error.stack);
});
