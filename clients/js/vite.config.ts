import { defineConfig } from "vite";

// dist/storepulse.js, the script-tag tracker: one minified IIFE with no imports (the web build
// ships it so Hosting serves /storepulse.js). `npm run build` runs it after tsc.
export default defineConfig({
  build: {
    lib: {
      entry: "src/tracker/script.ts",
      formats: ["iife"],
      name: "storepulse", // required for an IIFE; unused, as the script exports nothing
      fileName: () => "storepulse.js",
    },
    outDir: "dist",
    emptyOutDir: false, // tsc's output (the package) lives there too
    copyPublicDir: false,
    minify: true,
  },
});
