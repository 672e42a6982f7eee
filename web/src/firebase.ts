// One Firebase app and one Storepulse client for the whole page. Served by the Hosting emulator
// (localhost) it talks to the emulators; served by Firebase Hosting it talks to the real project.
// Nothing else differs.
import { initializeApp, type FirebaseApp, type FirebaseOptions } from "firebase/app";
import type { AppCheck } from "firebase/app-check";
import { createStorepulse, type Storepulse } from "@storepulse/client";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);
// The local demo project (used when Hosting's init.json has no API key, as in the emulator).
const DEMO_API_KEY = "demo-api-key";
const DEMO: FirebaseOptions = {
  apiKey: DEMO_API_KEY,
  authDomain: "demo-storepulse.firebaseapp.com",
  projectId: "demo-storepulse",
};

async function hostingConfig(): Promise<FirebaseOptions> {
  // Firebase Hosting (and its emulator) serves the project's web config at this reserved URL.
  const response = await fetch("/__/firebase/init.json");
  const config = response.ok ? ((await response.json()) as FirebaseOptions) : {};
  return config.apiKey ? config : { ...DEMO, ...config, apiKey: DEMO_API_KEY };
}

// The reCAPTCHA Enterprise site key App Check attests this app with (docs/deploying.md, App Check),
// given at build time. The emulators do not check App Check, so a local page never loads it.
const APP_CHECK_SITE_KEY: string | undefined = import.meta.env.VITE_RECAPTCHA_ENTERPRISE_SITE_KEY;

async function appCheckFor(app: FirebaseApp): Promise<AppCheck | undefined> {
  if (!APP_CHECK_SITE_KEY) {
    console.warn("Storepulse: built without VITE_RECAPTCHA_ENTERPRISE_SITE_KEY; a project enforcing App Check refuses its calls.");
    return undefined;
  }
  // Loaded only where it is used, so the local app and its first paint never carry it.
  const { initializeAppCheck, ReCaptchaEnterpriseProvider } = await import("firebase/app-check");
  return initializeAppCheck(app, {
    provider: new ReCaptchaEnterpriseProvider(APP_CHECK_SITE_KEY),
    isTokenAutoRefreshEnabled: true,
  });
}

export async function startStorepulse(): Promise<Storepulse> {
  const app = initializeApp(await hostingConfig());
  const host = window.location.hostname;
  if (LOCAL_HOSTS.has(host)) return createStorepulse(app, { emulators: { host } });
  return createStorepulse(app, { appCheck: await appCheckFor(app) });
}
