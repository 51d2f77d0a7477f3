import type { Db } from "../../db/client";
import { buildModel, type BuiltModel } from "./build-model";
import { componentPortIds } from "./component";
import { loadModelRows } from "./model-rows";

/** The engine model of the part of a site's plant joined to `seeds`. */
export async function loadPart(db: Db, siteId: string, seeds: readonly string[]): Promise<BuiltModel> {
  const part = await componentPortIds(db, seeds);
  const rows = await loadModelRows(db, siteId, part);
  if (!rows) throw new Error(`site ${siteId} not found`);
  return buildModel(rows);
}
