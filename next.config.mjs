/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its WASM and data files relative to its own module; postgres.js opens sockets.
  // pdfkit reads its font metrics from its own folder. All run from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pdfkit", "archiver", "exceljs"],
  typedRoutes: false,
  // Tests and benchmarks build into their own folder so they never clash with a running dev server.
  distDir: process.env.FERRULE_DIST_DIR || ".next",
};

export default nextConfig;
