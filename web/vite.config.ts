import { defineConfig } from "vite";

// The build served by Firebase Hosting (and its emulator) from web/dist.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
