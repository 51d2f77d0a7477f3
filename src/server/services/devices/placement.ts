import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { devices, racks } from "../../db/schema";
import { fieldError } from "../errors";

export interface Placement {
  siteId: string;
  rackId: string | null;
  uPosition: number | null;
  uHeight: number;
  face: "front" | "rear";
  fullDepth: boolean;
  /** The device being moved, which never collides with itself. */
  deviceId?: string;
}

const span = (u: number, h: number) => (h === 1 ? `U${u}` : `U${u}-U${u + h - 1}`);

/** Checks that a device fits where it is placed: the rack is in the site, the units exist, and no
 *  other device holds them on that face (a full-depth device holds both faces). */
export async function checkPlacement(db: Db, p: Placement): Promise<void> {
  if (p.rackId === null) {
    if (p.uPosition !== null) throw fieldError("rackId", "Choose the rack the device is mounted in, or clear its unit.");
    return;
  }
  const [rack] = await db.select().from(racks).where(eq(racks.id, p.rackId));
  if (!rack || rack.siteId !== p.siteId) throw fieldError("rackId", "This rack does not exist in this site (it may have been deleted).", "NOT_FOUND");
  if (p.uPosition === null) return;
  if (p.uHeight > rack.uHeight) throw fieldError("uHeight", `Rack ${rack.name} is only ${rack.uHeight} U high.`);
  const top = p.uPosition + p.uHeight - 1;
  if (top > rack.uHeight) {
    throw fieldError("uPosition", `Rack ${rack.name} is ${rack.uHeight} U high: a ${p.uHeight} U device fits from U1 to U${rack.uHeight - p.uHeight + 1}.`);
  }
  const others = await db
    .select({ id: devices.id, name: devices.name, uPosition: devices.uPosition, uHeight: devices.uHeight, face: devices.face, fullDepth: devices.fullDepth })
    .from(devices)
    .where(and(eq(devices.rackId, p.rackId), p.deviceId ? ne(devices.id, p.deviceId) : undefined));
  for (const o of others) {
    if (o.uPosition === null) continue;
    const overlap = o.uPosition <= top && p.uPosition <= o.uPosition + o.uHeight - 1;
    const sameSpace = o.face === p.face || o.fullDepth || p.fullDepth;
    if (overlap && sameSpace) {
      const where = o.fullDepth ? "full depth" : `${o.face}`;
      throw fieldError("uPosition", `${span(p.uPosition, p.uHeight)} of rack ${rack.name} is taken by ${o.name} (${span(o.uPosition, o.uHeight)}, ${where}).`, "CONFLICT");
    }
  }
}
