/** Shared parameters of the parametric catalog: grades, polish, brand/grade suffixes, genders. */
import type { ConnectorBrand, ConnectorFamily, ConnectorGrade, Gender, Polish } from "../connectors";
import { FAMILIES } from "../connectors";
import { GRADES, type FiberGrade, type FiberMode } from "../fiber";

export const GRADE_TOKENS: Readonly<Record<string, FiberGrade>> = {
  om1: "OM1",
  om2: "OM2",
  om3: "OM3",
  om4: "OM4",
  om5: "OM5",
  os1: "OS1",
  os2: "OS2",
};
export const gradeToken = (g: FiberGrade): string => g.toLowerCase();

export const FAMILY_TOKENS: Readonly<Record<string, ConnectorFamily>> = {
  lc: "LC",
  sc: "SC",
  sn: "SN",
  mdc: "MDC",
  cs: "CS",
  lcsimplex: "LC-simplex",
  scsimplex: "SC-simplex",
  st: "ST",
  fc: "FC",
  lsh: "LSH",
  splice: "splice",
  mpo8: "MPO-8",
  mpo12: "MPO-12",
  mpo16: "MPO-16",
  mpo24: "MPO-24",
  mpo32: "MPO-32",
};
export const familyToken = (f: ConnectorFamily): string => f.toLowerCase().replace("-", "");

/**
 * Default polish when a slug has no polish suffix: single-mode MPO is practically always APC,
 * MPO-16/32 (SR8/DR8 class) are APC, everything else UPC (reference §3).
 */
export function defaultPolish(family: ConnectorFamily, mode: FiberMode): Polish {
  if (!FAMILIES[family].array) return "UPC";
  if (mode === "SM") return "APC";
  return family === "MPO-16" || family === "MPO-32" ? "APC" : "UPC";
}

export interface Finish {
  readonly polish: Polish;
  readonly brand: ConnectorBrand;
  readonly grade: ConnectorGrade;
}

/** Brand/grade suffixes: none = generic MPO standard; mtp = MTP standard; elite = MTP low loss; ll = generic low loss. */
export const BRAND_SUFFIXES: Readonly<Record<string, { brand: ConnectorBrand; grade: ConnectorGrade }>> = {
  "": { brand: "MPO", grade: "standard" },
  mtp: { brand: "MTP", grade: "standard" },
  elite: { brand: "MTP", grade: "low-loss" },
  ll: { brand: "MPO", grade: "low-loss" },
};

export const SUFFIX_RE = "(?:-(pc|upc|apc))?(?:-(mtp|elite|ll))?";

export function parseFinish(
  family: ConnectorFamily,
  mode: FiberMode,
  polishToken: string | undefined,
  brandToken: string | undefined,
  /** The part's own default polish, when it differs from the family's (a Type B MPO adapter is UPC). */
  partDefault?: Polish,
): Finish | undefined {
  const def = partDefault ?? defaultPolish(family, mode);
  const polish = polishToken ? (polishToken.toUpperCase() as Polish) : def;
  // One slug per type: a suffix that repeats the default is not canonical.
  if (polishToken && polish === def) return undefined;
  const b = BRAND_SUFFIXES[brandToken ?? ""];
  if (!b) return undefined;
  if (!FAMILIES[family].array && (brandToken === "mtp" || brandToken === "elite")) return undefined;
  return { polish, ...b };
}

export function finishSuffix(family: ConnectorFamily, mode: FiberMode, f: Finish): string {
  let s = "";
  if (f.polish !== defaultPolish(family, mode)) s += `-${f.polish.toLowerCase()}`;
  for (const [token, v] of Object.entries(BRAND_SUFFIXES)) {
    if (token !== "" && v.brand === f.brand && v.grade === f.grade) s += `-${token}`;
  }
  return s;
}

export const GENDER_PAIRS: Readonly<Record<string, readonly [Gender, Gender]>> = {
  mm: ["male", "male"],
  ff: ["female", "female"],
  mf: ["male", "female"],
};
export const GENDER_LETTER: Readonly<Record<string, Gender>> = { m: "male", f: "female" };

export const modeOf = (g: FiberGrade): FiberMode => GRADES[g].mode;

export const finishName = (f: Finish): string =>
  `${f.polish}${f.brand === "MTP" ? (f.grade === "low-loss" ? ", MTP Elite" : ", MTP") : f.grade === "low-loss" ? ", low loss" : ""}`;
