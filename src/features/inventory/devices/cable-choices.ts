/** A catalog row as the cable pickers get it. */
export interface CableTypeRow {
  id: string;
  name: string;
  cableKind: string | null;
  families: string | null;
  connectorCount: number | null;
}

/**
 * The types "Add a trunk" offers on a panel: multi-leg trunks, and single-leg MPO cables (the
 * catalog calls them cords; between two panel rears they are the trunk) — only those whose
 * connectors are of a family the panel's ports take, so an MPO-12 panel is not offered every MPO-8,
 * MPO-16 or MPO-24 type.
 */
export function trunkChoices<T extends CableTypeRow>(types: readonly T[], portFamilies: ReadonlySet<string>): T[] {
  const fits = (t: T) => portFamilies.size === 0 || (t.families ?? "").split(" / ").some((f) => portFamilies.has(f));
  const trunkLike = (t: T) => t.cableKind === "trunk" || (t.cableKind === "patch-cord" && t.connectorCount === 2 && /^MPO-\d+$/.test(t.families ?? ""));
  return types.filter((t) => trunkLike(t) && fits(t));
}
