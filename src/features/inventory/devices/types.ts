import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;
export type DeviceView = Out["devices"]["get"];
export type DevicePort = DeviceView["ports"][number];
export type DeviceBay = DeviceView["bays"][number];

export type DevicePlug = DevicePort["plugs"][number];

/** The places a cable can plug into on a port: each outer side, and who holds it now. */
export function portSides(p: DevicePort): { side: "front" | "rear"; holder: string | null; plug: DevicePlug | null }[] {
  return p.outerSides.map((side) => {
    const plug = p.plugs.find((x) => x.side === side) ?? null;
    return { side, holder: plug ? plug.label || `#${plug.cableId.slice(0, 8)}` : null, plug };
  });
}

export const shortName = (p: { name: string; moduleId: string | null }) => (p.moduleId ? p.name.slice(p.name.indexOf("/") + 1) : p.name);
