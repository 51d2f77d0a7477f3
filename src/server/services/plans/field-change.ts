import { fieldChangeAllowed, getBuiltInType, type CableType, type FieldChange } from "../../../domain";

export type FieldChangeResult = { ok: true; typeId: string; swapEnds: boolean; reason: string } | { ok: false; reason: string };

const flip = (g: string) => (g === "m" ? "f" : "m");

/**
 * The cable type a cable becomes when the connectors of one end are re-pinned (gender) or re-keyed
 * (key) in the field. The engine's `fieldChangeAllowed` decides whether the connector allows it
 * (an MTP housing is removable; a generic MPO's is not; an APC end cannot be re-keyed). The result is
 * the catalog type with that end's gender or the polarity type changed: re-keying one end turns a
 * key-up to key-down (Type A) cable into a key-up to key-up (Type B) one and back. A cord or trunk
 * whose A end becomes female while its B end is pinned is the "male-female" type turned end for end
 * (`swapEnds`: its A and B connectors trade places; Type A, B and C maps read the same both ways).
 */
export function fieldChangedType(cable: CableType, end: "a" | "b", change: FieldChange): FieldChangeResult {
  const connectors = cable.connectors.filter((c) => c.end === end);
  if (connectors.length === 0) return { ok: false, reason: `Cable type ${cable.id} has no connector on its ${end.toUpperCase()} end.` };
  for (const c of connectors) {
    const verdict = fieldChangeAllowed(c, change);
    if (!verdict.allowed) return { ok: false, reason: `Connector ${c.id} (${c.family} ${c.brand ?? "MPO"}) cannot be ${change === "gender" ? "re-pinned" : "re-keyed"}: ${verdict.reason}.` };
  }
  if (getBuiltInType(cable.id) === undefined) {
    return { ok: false, reason: `${cable.id} is a user type: add the ${change === "gender" ? "re-pinned" : "re-keyed"} variant to the catalog and change the cable's type instead.` };
  }
  const allowed = fieldChangeAllowed(connectors[0]!, change).reason;
  let slug: string | null = null;
  let swapEnds = false;
  if (change === "gender") {
    const harness = /^(harness-[a-z0-9-]+?)-(m|f)-(.*)$/.exec(cable.id);
    const pair = /^(.*?)-(mm|ff|mf)-(.*)$/.exec(cable.id);
    if (harness && end === "a") slug = `${harness[1]}-${flip(harness[2]!)}-${harness[3]}`;
    else if (pair) {
      const [ga, gb] = [pair[2]![0]!, pair[2]![1]!];
      const next = end === "a" ? `${flip(ga)}${gb}` : `${ga}${flip(gb)}`;
      if (next === "fm") {
        if (cable.cableKind === "conversion" || cable.cableKind === "harness")
          return { ok: false, reason: `The catalog has no ${cable.cableKind === "conversion" ? "conversion cord" : "harness"} with a female single end and pinned legs.` };
        slug = `${pair[1]}-mf-${pair[3]}`;
        swapEnds = true;
      } else slug = `${pair[1]}-${next}-${pair[3]}`;
    }
  } else {
    if (cable.cableKind !== "patch-cord" && cable.cableKind !== "trunk") return { ok: false, reason: `Re-keying one end of a ${cable.cableKind} gives no catalog type; replace it instead.` };
    const m = /^(.*?-)type([ABC])(-.*)$/.exec(cable.id);
    if (m && m[2] === "C") return { ok: false, reason: "Turning one key of a Type C cable gives no standard polarity type." };
    if (m) slug = `${m[1]}type${m[2] === "A" ? "B" : "A"}${m[3]}`;
  }
  if (!slug || getBuiltInType(slug)?.kind !== "cable") return { ok: false, reason: `The catalog has no type for ${cable.id} with its ${end.toUpperCase()} end ${change === "gender" ? "re-pinned" : "re-keyed"}.` };
  return { ok: true, typeId: slug, swapEnds, reason: allowed };
}
