// storepulse.js, the one-line storefront tracker (built by vite.config.ts into dist/storepulse.js;
// Hosting serves it at /storepulse.js):
//   <script src="https://YOUR-SITE/storepulse.js" data-shop="SHOP_ID" defer></script>
// data-config: the Firebase web config (JSON), else /__/firebase/init.json of the script's origin;
// data-pages: the path patterns (JSON, as startTracking's `pages`); data-emulators="HOST": the
// local emulators. A click on [data-storepulse-event="ACTION"] tracks that action.
import type { ActionType } from "../contract.generated.js";
import { startTracking, type Tracker, type TrackingOptions } from "./index.js";
import { createLiteClient } from "./lite.js";
import { warn } from "./warn.js";

export type StorepulseGlobal = Omit<Tracker, "sessionId">;

declare global {
  interface Window {
    storepulse: StorepulseGlobal;
  }
}

async function start(script: HTMLScriptElement): Promise<Tracker> {
  const { shop, config, pages, emulators } = script.dataset;
  if (!shop) throw new Error("storepulse.js needs data-shop (the shop's id) on its <script> tag.");
  let firebase: { apiKey?: string; projectId?: string };
  if (config) {
    firebase = JSON.parse(config) as typeof firebase;
  } else {
    // Hosting's reserved URL: the web config of the project that serves this script.
    const response = await fetch(new URL("/__/firebase/init.json", script.src));
    if (!response.ok) throw new Error(`no data-config, and ${response.url} answered HTTP ${response.status}.`);
    firebase = (await response.json()) as typeof firebase;
  }
  if (!firebase.apiKey || !firebase.projectId) throw new Error("the Firebase config has no apiKey or projectId.");
  const options: TrackingOptions = { shopId: shop };
  if (pages) options.pages = JSON.parse(pages) as NonNullable<TrackingOptions["pages"]>;
  const client = createLiteClient({
    apiKey: firebase.apiKey,
    projectId: firebase.projectId,
    emulatorHost: emulators || undefined,
  });
  return startTracking(client, options);
}

// Deferred or async, a classic script is still document.currentScript while it runs.
const script = (document.currentScript ?? document.querySelector("script[data-shop]")) as HTMLScriptElement;
const ready = start(script);
ready.catch(warn);

window.storepulse = {
  track: (action, context) => ready.then((tracker) => tracker.track(action, context)),
  checkoutStarted: (request) => ready.then((tracker) => tracker.checkoutStarted(request)),
  paymentInitiated: (request) => ready.then((tracker) => tracker.paymentInitiated(request)),
  paymentSucceeded: (request) => ready.then((tracker) => tracker.paymentSucceeded(request)),
  paymentFailed: (request) => ready.then((tracker) => tracker.paymentFailed(request)),
  stop: () => ready.then((tracker) => tracker.stop()),
};

// Captured, so a handler that stops the click's propagation does not hide it.
document.addEventListener(
  "click",
  (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-storepulse-event]") : null;
    const action = target?.getAttribute("data-storepulse-event");
    if (action) window.storepulse.track(action as ActionType).catch(warn);
  },
  true,
);
