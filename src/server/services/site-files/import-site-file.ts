import { parseSiteFile, type SiteModel } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { judgeWholeSite } from "../connectivity/change";
import { ServiceError, fieldError, isUniqueViolation } from "../errors";
import { formatBytes, maxImportBytes } from "../imports/limits";
import { inTransaction } from "../tx";
import { importSiteFileInput, type ImportSiteFileInput } from "./schemas";
import { writeSiteModel, type NewSiteFields, type SiteImportProgress, type SiteWritten } from "./write-site-model";

export type { NewSiteFields, SiteImportProgress, SiteWritten };

/**
 * Imports a site file (YAML or JSON) into the database as a new site, in one transaction: all of
 * it or nothing. The file is parsed and checked by the engine (every error with its line and
 * field); then written (see importSiteModel).
 */
export async function importSiteFile(ctx: ServiceContext, input: ImportSiteFileInput, onProgress: SiteImportProgress = () => undefined) {
  const data = importSiteFileInput.parse(input);
  requireRole(ctx.actor, "editor", null);
  const limit = maxImportBytes();
  if (data.yaml.length > limit) throw fieldError("yaml", `The site file is over ${formatBytes(limit)} (FERRULE_MAX_IMPORT_BYTES).`, "TOO_LARGE");
  const parsed = parseSiteFile(data.yaml);
  if (!parsed.ok) {
    const lines = parsed.errors.slice(0, 10).map((e) => `line ${e.line}, column ${e.column}: ${e.path}: ${e.message}`);
    const more = parsed.errors.length > 10 ? ` (and ${parsed.errors.length - 10} more)` : "";
    throw new ServiceError("INVALID", `The site file has ${parsed.errors.length} error${parsed.errors.length === 1 ? "" : "s"}: ${lines[0]}${more}`, { yaml: lines.join("\n") + more });
  }
  return importSiteModel(ctx, data, parsed.model, onProgress);
}

/**
 * Writes a checked site model as a new site and judges it, in one transaction: all of it or
 * nothing (see writeSiteModel); then the whole site is judged and its channels and findings stored
 * (progress from the judgement).
 */
export async function importSiteModel(ctx: ServiceContext, fields: NewSiteFields, model: SiteModel, onProgress: SiteImportProgress = () => undefined) {
  // Let go of once written: the judgement reads the site back from the database.
  let held: SiteModel | undefined = model;
  return importNewSite(
    ctx,
    fields,
    model.site.name,
    (tx) => {
      const m = held!;
      held = undefined;
      return writeSiteModel(tx.db, fields, m, onProgress);
    },
    onProgress,
  );
}

/**
 * A new site written by `write` in one transaction with the whole site judged after it, a name or
 * code already taken said on its field. `write` lets go of what it held before it returns: the
 * judgement reads the site back from the database (a campus's model is most of a gigabyte).
 */
export async function importNewSite(
  ctx: ServiceContext,
  fields: NewSiteFields,
  fileName: string,
  write: (tx: ServiceContext) => Promise<SiteWritten>,
  onProgress: SiteImportProgress = () => undefined,
) {
  requireRole(ctx.actor, "editor", null);
  const siteName = fields.name || fileName;
  try {
    return await inTransaction(ctx, async (tx) => {
      const { site, written } = await write(tx);
      const siteId = site.id;
      onProgress({ phase: "judging", done: 0, total: 1, unit: "steps" });
      const judged = await judgeWholeSite(tx, siteId, (p) => onProgress({ phase: "judging", done: p.done, total: p.total, unit: "steps" }));
      const counts = { ...written, ...judged };
      await recordAudit(tx, { action: "site.import", objectType: "site", objectId: siteId, siteId, after: { ...site, counts } });
      return { site: site!, counts };
    });
  } catch (err) {
    if (isUniqueViolation(err, "sites_name_unique")) throw fieldError("name", `A site named "${siteName}" already exists.`, "CONFLICT");
    if (isUniqueViolation(err, "sites_code_unique")) throw fieldError("code", `The code "${fields.code}" is already used by another site.`, "CONFLICT");
    throw err;
  }
}
