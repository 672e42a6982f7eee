// One Firebase app and one Storepulse client for the whole page. Served by the Hosting emulator
// (localhost) it talks to the emulators; served by Firebase Hosting it talks to the real project.
// Nothing else differs.
import { initializeApp, type FirebaseOptions } from "firebase/app";
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

export async function startStorepulse(): Promise<Storepulse> {
  const app = initializeApp(await hostingConfig());
  const host = window.location.hostname;
  return createStorepulse(app, LOCAL_HOSTS.has(host) ? { emulators: { host } } : {});
}
