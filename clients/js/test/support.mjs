// What the SDK tests share: actors (each its own Firebase app, signed-in user and Storepulse
// client, talking to the emulators tests/sdk/test_sdk.py started), a world built through the SDK
// itself, waiting for a live read, and the server's view of the data (the emulator's admin REST).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { inspect } from "node:util";
import ts from "typescript";
import { deleteApp, getApps, initializeApp } from "firebase/app";
import { createUserWithEmailAndPassword, signInWithEmailAndPassword } from "firebase/auth";
import { createStorepulse } from "../dist/index.js";

export const HOST = process.env.STOREPULSE_EMULATOR_HOST ?? "127.0.0.1";
export const PROJECT = process.env.GCLOUD_PROJECT ?? "demo-storepulse";
const FIRESTORE = `http://${process.env.FIRESTORE_EMULATOR_HOST ?? `${HOST}:8080`}`;
const ROOT = new URL("../../../", import.meta.url);
export const PASSWORD = "storepulse-demo";

/** Every callable's method name (camelCase of contract/callables.json), the contract's own list. */
export const CALLABLE_METHODS = Object.keys(JSON.parse(readFileSync(new URL("contract/callables.json", ROOT), "utf8")))
  .map((name) => name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase()))
  .sort();

/** The methods called through `actor`s, so a test can show every callable was called. */
export const called = new Set();

let apps = 0;
let emails = 0;

/** A new actor: its own Firebase app (so its own signed-in user) and Storepulse client. */
export function actor(options = {}) {
  apps += 1;
  const app = initializeApp(
    { apiKey: "demo-api-key", projectId: PROJECT, authDomain: `${PROJECT}.firebaseapp.com` },
    `actor-${apps}`,
  );
  const sp = createStorepulse(app, { emulators: { host: HOST }, ...options });
  return new Proxy(sp, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !CALLABLE_METHODS.includes(property)) return value;
      return (...args) => {
        called.add(property);
        return value(...args);
      };
    },
  });
}

export function uniqueEmail(prefix) {
  emails += 1;
  return `${prefix}-${process.pid}-${emails}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** An actor signed up with a new e-mail account (no role yet). */
export async function signedUp(prefix, options = {}) {
  const sp = actor(options);
  await createUserWithEmailAndPassword(sp.auth, uniqueEmail(prefix), PASSWORD);
  return sp;
}

export const uidOf = (sp) => sp.auth.currentUser.uid;

/** A fresh ID token, so the caller's new role claims reach the next call. */
export async function refreshed(sp) {
  await sp.auth.currentUser.getIdToken(true);
  return sp;
}

/** The first admin, made by tests/sdk/test_sdk.py the operator's way (scripts/create-admin). */
export async function admin() {
  const sp = actor();
  await signInWithEmailAndPassword(sp.auth, process.env.STOREPULSE_ADMIN_EMAIL, PASSWORD);
  return sp;
}

export async function shop(adminSp, name = "Corner Bakery") {
  const owner = await signedUp("owner");
  const { shopId } = await adminSp.createShop({ name, ownerUid: uidOf(owner) });
  return { owner: await refreshed(owner), shopId };
}

export async function customer(displayName = "Ada Lovelace", extra = {}, options = {}) {
  const sp = await signedUp("customer", options);
  await sp.registerCustomer({ displayName, phone: "+15550100", ...extra });
  return refreshed(sp);
}

export async function coupon(owner, shopId, fields = {}) {
  const code = `C${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const discount = { kind: "amount", value: 5 };
  const result = await owner.upsertCoupon({ shopId, code, title: "Five off", discount, active: true, ...fields });
  return result.couponId;
}

export const PICKUP_ORDER = {
  items: [{ productId: "croissant", name: "Croissant", qty: 2, unitPriceCents: 250 }],
  currency: "EUR",
  fulfilment: { kind: "pickup" },
};

/**
 * Subscribes with `subscribe(listener)` (a `sp.watch` read) until a state satisfies
 * `predicate`, then unsubscribes and returns that state.
 */
export function until(subscribe, predicate, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    let last;
    let done = false;
    let stop;
    const finish = (outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // The listener may fire before subscribe() returned its unsubscribe function.
      queueMicrotask(() => stop?.());
      outcome();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`no matching state within ${timeoutMs} ms; last: ${inspect(last, { depth: 4 })}`)));
    }, timeoutMs);
    stop = subscribe((state) => {
      last = state;
      if (predicate(state)) finish(() => resolve(state));
    });
  });
}

/** A live read's states as they come, for a test that acts between them. */
export function follow(subscribe) {
  const states = [];
  const waiters = [];
  const stop = subscribe((state) => {
    states.push(state);
    for (const waiter of [...waiters]) waiter();
  });
  return {
    states,
    stop,
    /** The first state (seen so far or to come) satisfying `predicate`. */
    next(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = states.find(predicate);
          if (found === undefined) return false;
          waiters.splice(waiters.indexOf(check), 1);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`no matching state within ${timeoutMs} ms; last: ${inspect(states.at(-1), { depth: 4 })}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
  };
}

/** Documents of `collection` whose `field` equals `value`, as the server sees them (no rules). */
export async function serverCount(collection, field, value) {
  const response = await fetch(`${FIRESTORE}/v1/projects/${PROJECT}/databases/(default)/documents:runQuery`, {
    method: "POST",
    headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
    body: JSON.stringify({
      structuredQuery: {
        from: [{ collectionId: collection }],
        where: { fieldFilter: { field: { fieldPath: field }, op: "EQUAL", value: { stringValue: value } } },
      },
    }),
  });
  if (!response.ok) throw new Error(`runQuery answered ${response.status}: ${await response.text()}`);
  return (await response.json()).filter((row) => row.document !== undefined).length;
}

/** The every-minute pulse job, run once as production's scheduler runs it (Python, real code). */
export function runPulseJob() {
  const python = process.env.STOREPULSE_PYTHON;
  if (!python) throw new Error("STOREPULSE_PYTHON is not set (tests/sdk/test_sdk.py sets it)");
  const root = new URL(".", ROOT).pathname;
  execFileSync(
    python,
    [
      "-c",
      "from datetime import UTC, datetime\n" +
        "from storepulse.analytics.refresh import refresh_pulse\n" +
        "from storepulse.platform.db import get_db\n" +
        "refresh_pulse(get_db(), datetime.now(UTC))\n",
    ],
    { env: { ...process.env, PYTHONPATH: `${root}functions:${root}` }, stdio: ["ignore", "inherit", "inherit"] },
  );
}

/** Ends every actor's app (their listeners and connections), so the test process can exit. */
export async function closeAll() {
  await Promise.all(getApps().map((app) => deleteApp(app)));
}

// Where the examples run from: inside this package, so their imports of @storepulse/client
// resolve (by the package's own name) to its build, the very modules these tests use.
const EXAMPLES_BUILD = new URL(`.examples-${process.pid}/`, import.meta.url);
process.on("exit", () => {
  rmSync(EXAMPLES_BUILD, { recursive: true, force: true });
});

/**
 * An example of clients/js/examples (the code docs/integrate.md shows, byte for byte), compiled
 * as it is (TypeScript's own transpiler: types dropped, JSX to react/jsx-runtime) and imported.
 * Its types are checked by `tsc -p examples/tsconfig.json` (tests/sdk/test_sdk.py).
 */
export async function example(name) {
  const source = readFileSync(new URL(`../examples/${name}`, import.meta.url), "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: name,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX },
  });
  mkdirSync(EXAMPLES_BUILD, { recursive: true });
  const compiled = new URL(name.replace(/\.tsx?$/, ".mjs"), EXAMPLES_BUILD);
  writeFileSync(compiled, outputText);
  return import(compiled.href);
}
