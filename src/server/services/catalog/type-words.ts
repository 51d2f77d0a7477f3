import { typeWords as wordsOf } from "../../../domain";
import type { ServiceContext } from "../context";
import { requireRoleAnywhere } from "../inventory/access";
import { loadTypes } from "./resolve-type";
import { typeWordsInput } from "./schemas";

/** Each type in words ("MPO-12 female, APC, OS2, Type B"), by id; ids the catalog lacks are left out. */
export async function typeWords(ctx: ServiceContext, input: { ids: string[] }): Promise<Record<string, string>> {
  const { ids } = typeWordsInput.parse(input);
  requireRoleAnywhere(ctx.actor, "viewer");
  const types = await loadTypes(ctx.db, ids);
  return Object.fromEntries([...types].map(([id, t]) => [id, wordsOf(t)]));
}
