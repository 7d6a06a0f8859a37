// Preloaded (node --require) into Azurite 2.7.1 by scripts/compare-servers. Azurite 2.7.1 has no
// option for its listening address and calls listen(port), which listens on every interface; this
// makes a listen() that names no host (and no socket path) listen on 127.0.0.1 only, so the server
// under test is reachable from this machine alone.
"use strict";

const net = require("net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^[0-9]+$/.test(first))) {
    if (typeof args[1] !== "string") args.splice(1, 0, "127.0.0.1");
  } else if (first !== null && typeof first === "object" && first.path === undefined && first.host === undefined &&
             first.port !== undefined) {
    args[0] = { ...first, host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};
