import type { CableKind } from "../components";

/**
 * What a cable is in the room, from its type and where it is plugged. A single-leg MPO cable
 * (`mpo12-typeB-mm-os2`) is one catalog type whether it is a cord or a trunk: the type says
 * "patch-cord". Plugged only into the rear of panels or cassettes (the permanent link between two
 * racks), it is a trunk; plugged into a cage or the front of a panel, it is a cord. Multi-leg
 * trunks, harnesses and conversion cords keep their type's kind.
 */
export function cableKindOf(typeKind: CableKind | string | null | undefined, ends: readonly { side: "front" | "rear"; kind?: "transceiver" | "adapter" }[]): CableKind | null {
  if (!typeKind) return null;
  if (typeKind !== "patch-cord") return typeKind as CableKind;
  return ends.length > 0 && ends.every((e) => e.side === "rear" && e.kind !== "transceiver") ? "trunk" : "patch-cord";
}
