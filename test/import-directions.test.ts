import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** The lint rule behind ARCHITECTURE.md's import directions, proved on code that breaks it. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedPathErrors(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === "import/no-restricted-paths" || m.ruleId === "no-restricted-imports");
}

describe("import directions", () => {
  it.each([
    ["src/domain/x.ts", 'import { openDatabase } from "@/server/db/client";\nexport const x = openDatabase;\n'],
    ["src/domain/x.ts", 'import { openDatabase } from "../server/db/client";\nexport const x = openDatabase;\n'],
    ["src/domain/x.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n'],
    ["src/server/x.ts", 'import { SitesPage } from "@/features/inventory/sites/SitesPage";\nexport const x = SitesPage;\n'],
    ["src/features/x.ts", 'import RootLayout from "@/app/layout";\nexport const x = RootLayout;\n'],
  ])("refuses %s importing the wrong way (%#)", async (file, code) => {
    expect(await restrictedPathErrors(file, code)).not.toHaveLength(0);
  });

  it.each([
    ["src/server/x.ts", 'import { ServiceError } from "@/server/services/errors";\nexport const x = ServiceError;\n'],
    ["src/features/x.ts", 'import type { AppRouter } from "@/server/api/root";\nexport type X = AppRouter;\n'],
  ])("allows %s importing inward (%#)", async (file, code) => {
    expect(await restrictedPathErrors(file, code)).toHaveLength(0);
  });
});
