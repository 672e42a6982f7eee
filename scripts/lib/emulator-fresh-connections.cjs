// Preloaded into the Firebase CLI (NODE_OPTIONS=--require) by scripts/lib/stack.py.
//
// The Functions emulator forwards every call to its Python worker (functions-framework on
// gunicorn) with Node's global HTTP agent. Since Node 19 that agent keeps sockets alive, while
// gunicorn closes an idle keep-alive connection after 2 s: a call sent on a socket the worker is
// closing at that moment fails with ECONNRESET, the emulator answers 500 {"code":"ECONNRESET"} and
// kills the worker (seen once in ~20,000 hostile-input calls). A fresh connection per call has no
// such race; on loopback it costs well under a millisecond.
"use strict";

const http = require("http");

http.globalAgent = new http.Agent({ keepAlive: false });
