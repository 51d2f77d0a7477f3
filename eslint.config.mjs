// @ts-check
import importPlugin from "eslint-plugin-import";
import tseslint from "typescript-eslint";

/**
 * Import directions (ARCHITECTURE.md): domain ← server ← app/features; cli sits beside app and
 * features over server and domain. Each zone below forbids the imports that would point the other way.
 */
const layers = [
  // The connectivity engine is pure: it imports nothing from the rest of src.
  { target: "./src/domain", from: "./src", except: ["./domain"], message: "src/domain is pure: it imports nothing from the rest of src." },
  { target: "./src/server", from: ["./src/app", "./src/features", "./src/cli"], message: "src/server must not import UI or CLI code." },
  { target: "./src/features", from: ["./src/app", "./src/cli"], message: "src/features must not import routes or the CLI." },
  { target: "./src/cli", from: ["./src/app", "./src/features"], message: "src/cli must not import UI code." },
  { target: "./src/app", from: "./src/cli", message: "src/app must not import the CLI." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".next-*/**", "dist/**", ".ferrule/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    plugins: { import: importPlugin },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
    },
    rules: {
      "import/no-restricted-paths": ["error", { zones: layers }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name=/^(only)$/][callee.object.name=/^(it|test|describe)$/]", message: "No focused tests." },
      ],
    },
  },
  {
    // The domain also stays free of Node APIs, so it runs unchanged in the browser.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "path", "os", "child_process"], message: "src/domain runs anywhere: no Node APIs." }] }],
    },
  },
);
