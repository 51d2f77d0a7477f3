// Compiles the server entry (src/server/main.ts and the code it imports) into dist/server/main.mjs,
// so `npm start` runs plain JavaScript in production. Packages stay in node_modules (not bundled);
// the demo site file is copied beside the bundle, where the seed looks for it.
import { copyFileSync, mkdirSync } from "node:fs";
import { build } from "esbuild";

mkdirSync("dist/server", { recursive: true });
await build({
  entryPoints: ["src/server/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: "dist/server/main.mjs",
  sourcemap: true,
  logLevel: "warning",
});
copyFileSync("src/server/services/demo/demo-site.yaml", "dist/server/demo-site.yaml");
console.log("server entry: dist/server/main.mjs");
