/**
 * The catalog: built-in types (parametric, looked up by slug) plus the site's user-defined types.
 */
import type { CableType, ComponentType, ModuleType, TransceiverType } from "../components";
import { CWDM_TRANSCEIVERS, FIXED_TRANSCEIVERS, TRANSCEIVERS } from "../transceivers";
import { builtInCable, builtInCableSlugs } from "./cables";
import { builtInModule, builtInModuleSlugs } from "./modules";
import { builtInCwdm, builtInTap, builtInWdmTapSlugs } from "./wdm-taps";

const transceiverById = new Map([...TRANSCEIVERS, ...FIXED_TRANSCEIVERS, ...CWDM_TRANSCEIVERS].map((t) => [t.id, t]));
const memo = new Map<string, ComponentType | null>();

/** A built-in type by slug (memoized; the same slug always gives the same object). */
export function getBuiltInType(id: string): ComponentType | undefined {
  const hit = memo.get(id);
  if (hit !== undefined) return hit ?? undefined;
  const t: ComponentType | undefined = transceiverById.get(id) ?? builtInCable(id) ?? builtInModule(id) ?? builtInCwdm(id) ?? builtInTap(id);
  memo.set(id, t ?? null);
  return t;
}

/** The enumerated built-in set: every transceiver, and the core cables and modules. */
export function listBuiltInTypeIds(): string[] {
  return [...TRANSCEIVERS.map((t) => t.id), ...FIXED_TRANSCEIVERS.map((t) => t.id), ...CWDM_TRANSCEIVERS.map((t) => t.id), ...builtInCableSlugs(), ...builtInModuleSlugs(), ...builtInWdmTapSlugs()];
}

export interface Catalog {
  get(id: string): ComponentType | undefined;
  cable(id: string): CableType | undefined;
  module(id: string): ModuleType | undefined;
  transceiver(id: string): TransceiverType | undefined;
  /** The user-defined types, in the order given. */
  readonly userTypes: readonly ComponentType[];
}

/** A catalog of the built-in types and `userTypes` (which must not reuse a built-in id). */
export function createCatalog(userTypes: readonly ComponentType[] = []): Catalog {
  const own = new Map(userTypes.map((t) => [t.id, t]));
  const get = (id: string) => own.get(id) ?? getBuiltInType(id);
  return {
    get,
    cable: (id) => {
      const t = get(id);
      return t?.kind === "cable" ? t : undefined;
    },
    module: (id) => {
      const t = get(id);
      return t?.kind === "module" ? t : undefined;
    },
    transceiver: (id) => {
      const t = get(id);
      return t?.kind === "transceiver" ? t : undefined;
    },
    userTypes,
  };
}

export { builtInCable, builtInModule, builtInCwdm, builtInTap };
export { HARNESSES, MODULE_METHOD_PARTS, harnessPair, harnessStrands, methodPart, type Harness, type MethodPart } from "./modules";
