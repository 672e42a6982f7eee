// What storepulse.js does, the Firebase JS SDK's way: an app, an anonymous user, a callable.
// scripts/bench bundles it as storepulse.js is bundled and reports its gzipped size beside ours.
import { initializeApp } from "firebase/app";
import { getAuth, signInAnonymously } from "firebase/auth";
import { getFunctions, httpsCallable } from "firebase/functions";

const app = initializeApp({ apiKey: "API_KEY", projectId: "PROJECT_ID" });
void signInAnonymously(getAuth(app)).then(() =>
  httpsCallable(getFunctions(app), "track_page")({ sessionId: "s", shopId: "SHOP_ID", pageType: "homepage" }),
);
