// Preloaded into the Firebase CLI (NODE_OPTIONS=--require) by scripts/lib/stack.py.
//
// firebase-tools gives each Python functions worker a port from portfinder, picked before the
// worker binds it. Workers spawned at the same moment can be handed the same port: the second
// cannot bind ("[Errno 98] Address already in use") and the emulator then routes its requests to
// the other function's worker. This guard hands out ports one at a time and never the same port
// twice in the CLI's lifetime.
"use strict";

const path = require("path");

const firebaseTools = path.join(__dirname, "..", "..", "node_modules", "firebase-tools");
const portfinder = require(require.resolve("portfinder", { paths: [firebaseTools] }));
const find = portfinder.getPortPromise;
const handedOut = new Set();
let queue = Promise.resolve();

portfinder.getPortPromise = function getDistinctPort(options = {}) {
  const next = queue.then(async () => {
    let search = { ...options };
    for (;;) {
      const port = await find.call(portfinder, search);
      if (!handedOut.has(port)) {
        handedOut.add(port);
        return port;
      }
      search = { ...search, port: port + 1 };
    }
  });
  queue = next.catch(() => undefined);
  return next;
};
