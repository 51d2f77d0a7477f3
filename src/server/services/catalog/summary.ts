import type { ComponentType } from "../../../domain";

/** The catalog row of a component type: what a picker shows and filters on. */
export function typeSummary(t: ComponentType) {
  const families = (list: readonly { family: string }[]) => [...new Set(list.map((c) => c.family))].join(" / ");
  switch (t.kind) {
    case "cable":
      return {
        id: t.id,
        kind: t.kind,
        name: t.name,
        cableKind: t.cableKind,
        fiber: t.fiber,
        families: families(t.connectors),
        polarity: t.polarity ?? null,
        application: null,
        connectorCount: t.connectors.length,
      };
    case "module":
      return {
        id: t.id,
        kind: t.kind,
        name: t.name,
        cableKind: null,
        fiber: t.fiber,
        families: families(t.ports),
        polarity: t.method ?? null,
        application: null,
        connectorCount: t.ports.length,
      };
    case "transceiver":
      return {
        id: t.id,
        kind: t.kind,
        name: t.name,
        cableKind: null,
        fiber: t.mode,
        families: t.receptacle.family,
        polarity: null,
        application: t.application,
        connectorCount: t.lanes.length,
      };
  }
}
