/**
 * Channel builders for tests and examples: a channel written as a list of steps from one
 * transceiver to another. Not used by the engine itself.
 */
import type { ConnectorFamily } from "./connectors";
import type { LossConventions } from "./loss";
import type { AdapterKey } from "./position-maps";
import { SiteBuilder } from "./site-builder";
import type { SiteModel } from "./site-model";

export type Step =
  /** A cable, entered at connector `from` (default a1) and left at `to` (default b1). */
  | { readonly cable: string; readonly m?: number; readonly from?: string; readonly to?: string }
  /** A panel adapter: the pending plug goes into its front, the next cable into its rear. */
  | { readonly adapter: AdapterKey; readonly family: ConnectorFamily }
  /** A module, entered by front port `port` and left by its rear port, or the reverse. */
  | { readonly module: string; readonly enter: "front" | "rear"; readonly port?: string };

export interface LinearChannel {
  readonly model: SiteModel;
  readonly a: string;
  readonly b: string;
  /** Port ids of the panels and modules in step order ("p2:1", "p3:1/R" …). */
  readonly steps: readonly string[];
}

/**
 * X — steps — Y. `b` may be null for a channel that ends open (the last cable's far end is left
 * unplugged), or a port id already made with `builder` to plug into.
 */
export function linearChannel(
  xcvrA: string,
  steps: readonly Step[],
  xcvrB: string | null,
  opts: { conventions?: LossConventions; builder?: SiteBuilder; prefix?: string } = {},
): LinearChannel {
  const pre = opts.prefix ?? "";
  const b =
    opts.builder ?? new SiteBuilder({ id: "test", ...(opts.conventions ? { conventions: opts.conventions } : {}) });
  b.device(`${pre}X`, "switch").device(`${pre}Y`, "switch");
  const a = b.cage(`${pre}X`, "1", xcvrA);
  let pending: { cable: string; connector: string } | undefined;
  let openEnd = a;
  const ids: string[] = [];
  const plug = (target: string) => {
    if (!pending) throw new Error("two places in a row with no cable between them");
    const { cable: id, connector } = pending;
    b.plugs.push({ cableId: id, connector, portId: target.split("@")[0]!, side: target.endsWith("@rear") ? "rear" : "front" });
    pending = undefined;
  };
  let n = 0;
  for (const s of steps) {
    n++;
    if ("cable" in s) {
      const id = `${pre}c${n}`;
      b.cable(id, s.cable, s.m ?? 1, { [s.from ?? "a1"]: openEnd });
      pending = { cable: id, connector: s.to ?? "b1" };
    } else if ("adapter" in s) {
      const dev = `${pre}p${n}`;
      b.device(dev, "panel");
      const port = b.adapter(dev, "1", s.family, s.adapter);
      plug(`${port}@front`);
      openEnd = `${port}@rear`;
      ids.push(port);
    } else {
      const dev = `${pre}p${n}`;
      b.device(dev, "panel");
      b.module(dev, "1", s.module);
      const front = `${dev}:1/${s.port ?? "1"}`;
      const rear = `${dev}:1/R`;
      plug(s.enter === "front" ? `${front}@front` : `${rear}@rear`);
      openEnd = s.enter === "front" ? `${rear}@rear` : `${front}@front`;
      ids.push(s.enter === "front" ? front : rear, s.enter === "front" ? rear : front);
    }
  }
  let y = "";
  if (xcvrB !== null) {
    y = b.cage(`${pre}Y`, "1", xcvrB);
    plug(y);
  }
  return { model: b.build(), a, b: y, steps: ids };
}
