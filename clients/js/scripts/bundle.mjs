// Bundles one entry as vite.config.ts bundles storepulse.js (the same config: one minified IIFE),
// into OUT_DIR/bundle.js:  node scripts/bundle.mjs ENTRY OUT_DIR
// scripts/bench measures the Firebase JS SDK route (scripts/firebase-route.js) with it.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const [entry, outDir] = process.argv.slice(2);
if (!entry || !outDir) throw new Error("usage: node scripts/bundle.mjs ENTRY OUT_DIR");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  root,
  configFile: join(root, "vite.config.ts"),
  logLevel: "warn",
  build: {
    lib: { entry: resolve(entry), fileName: () => "bundle.js" },
    outDir: resolve(outDir),
    emptyOutDir: true,
  },
});
