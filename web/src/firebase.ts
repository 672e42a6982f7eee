// One Firebase app for the whole page. Served by the Hosting emulator (localhost) it talks to the
// emulators; served by Firebase Hosting it talks to the real project. Nothing else differs.
import { initializeApp, type FirebaseOptions } from "firebase/app";
import { connectAuthEmulator, getAuth, type Auth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, type Functions } from "firebase/functions";

export interface Services {
  auth: Auth;
  db: Firestore;
  functions: Functions;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);
// The emulator ports of firebase.json.
const EMULATOR_PORTS = { auth: 9099, firestore: 8080, functions: 5001 };
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

export async function startFirebase(): Promise<Services> {
  const app = initializeApp(await hostingConfig());
  const auth = getAuth(app);
  const db = getFirestore(app);
  const functions = getFunctions(app);
  const host = window.location.hostname;
  if (LOCAL_HOSTS.has(host)) {
    connectAuthEmulator(auth, `http://${host}:${EMULATOR_PORTS.auth}`, { disableWarnings: true });
    connectFirestoreEmulator(db, host, EMULATOR_PORTS.firestore);
    connectFunctionsEmulator(functions, host, EMULATOR_PORTS.functions);
  }
  return { auth, db, functions };
}
