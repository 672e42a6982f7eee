import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";

// The storefront tracker, built by clients/js (npm run build -w clients/js runs first), shipped
// beside the app so Hosting serves it at /storepulse.js (a real file wins over the SPA rewrite).
const STOREPULSE_JS = new URL("../clients/js/dist/storepulse.js", import.meta.url);

function storefrontTracker(): Plugin {
  return {
    name: "storepulse-tracker",
    apply: "build",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "storepulse.js", source: readFileSync(STOREPULSE_JS) });
    },
  };
}

// The build served by Firebase Hosting (and its emulator) from web/dist.
export default defineConfig({
  plugins: [storefrontTracker()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks each route loads (scripts/bench's web_size; Hosting
    // ignores dot paths, so it is never served).
    manifest: true,
    rollupOptions: {
      // Mantine marks its modules "use client" (for React Server Components): meaningless in a
      // single-page app, and one warning per module.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
