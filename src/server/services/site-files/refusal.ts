import type { SiteFileError } from "../../../domain";
import { ProblemList, type ImportRefused } from "../imports/problems";

/** The errors of a site file as the import's refusal, each with its line and field. */
export function siteFileRefusal(errors: readonly SiteFileError[]): ImportRefused {
  const list = new ProblemList();
  for (const e of errors) list.add({ line: e.line, field: e.path, message: `column ${e.column}: ${e.message}` });
  return list.refusal("The site file cannot be imported");
}
