import type { TopologyRows } from "../../src/server/services/topology/build-elements";

/** A small deterministic generator (mulberry32), so every run draws the same site. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SiteShape {
  rooms: number;
  rowsPerRoom: number;
  racksPerRow: number;
  /** Devices per rack: panels first, then switches. */
  panelsPerRack: number;
  switchesPerRack: number;
  trunks: number;
  /** Share of trunks that leave their room. */
  crossRoom: number;
  /** Share of ports on a failing channel, and on a doubtful one. */
  errorShare: number;
  warningShare: number;
}

/**
 * Rows of a generated site: rooms of rows of racks, each rack with panels and switches; every
 * switch patched to a panel of its rack by one cord per panel; trunks between panels of two racks,
 * mostly in the same row or room, some across rooms, a tenth single-mode and a tenth planned;
 * a few ports on failing or doubtful channels.
 */
export function generateSite(shape: SiteShape, seed = 7): TopologyRows {
  const rnd = random(seed);
  const rows: TopologyRows = { rooms: [], racks: [], devices: [], cables: [], plugs: [], types: [], faultPorts: [] };
  rows.types.push(
    { id: "trunk-om4", cableKind: "trunk", mode: "MM", fibers: 24, ends: { a1: "a", a2: "a", b1: "b", b2: "b" } },
    { id: "trunk-os2", cableKind: "trunk", mode: "SM", fibers: 12, ends: { a1: "a", b1: "b" } },
    { id: "cord-om4", cableKind: "patch-cord", mode: "MM", fibers: 2, ends: { a1: "a", b1: "b" } },
  );
  const panels: { id: string; room: number; rack: number }[] = [];
  let port = 0;
  const newPort = () => `p${port++}`;
  let cable = 0;
  const plug = (cableId: string, connector: string, deviceId: string) => {
    const portId = newPort();
    rows.plugs.push({ cableId, connector, portId, deviceId });
    const r = rnd();
    if (r < shape.errorShare) rows.faultPorts.push({ portId, deviceId, severity: "error" });
    else if (r < shape.errorShare + shape.warningShare) rows.faultPorts.push({ portId, deviceId, severity: "warning" });
  };
  let rackIndex = 0;
  for (let room = 0; room < shape.rooms; room++) {
    const roomId = `room${room}`;
    rows.rooms.push({ id: roomId, name: `Hall ${String.fromCharCode(65 + room)}` });
    for (let row = 0; row < shape.rowsPerRoom; row++) {
      for (let pos = 1; pos <= shape.racksPerRow; pos++) {
        const rackId = `rack${rackIndex}`;
        const rowName = `R${String(row + 1).padStart(2, "0")}`;
        rows.racks.push({ id: rackId, roomId, name: `${String.fromCharCode(65 + room)}${rowName}-${String(pos).padStart(2, "0")}`, row: rowName, position: pos });
        const rackPanels: string[] = [];
        for (let p = 0; p < shape.panelsPerRack; p++) {
          const id = `${rackId}-pp${p}`;
          rows.devices.push({ id, rackId, name: `${rackId}-pp${p + 1}`, role: "panel", uPosition: 42 - p, uHeight: 1 });
          rackPanels.push(id);
          panels.push({ id, room, rack: rackIndex });
        }
        for (let s = 0; s < shape.switchesPerRack; s++) {
          const id = `${rackId}-sw${s}`;
          rows.devices.push({ id, rackId, name: `${rackId}-leaf${s + 1}`, role: "switch", uPosition: 30 - s, uHeight: 1 });
          for (const panel of rackPanels) {
            const c = `c${cable++}`;
            rows.cables.push({ id: c, label: `N${cable}`, typeId: "cord-om4", status: "installed", lengthM: 2 });
            plug(c, "a1", id);
            plug(c, "b1", panel);
          }
        }
        rackIndex++;
      }
    }
  }
  const racksPerRoom = shape.rowsPerRoom * shape.racksPerRow;
  for (let t = 0; t < shape.trunks; t++) {
    const a = panels[Math.floor(rnd() * panels.length)]!;
    let b = a;
    while (b.rack === a.rack) {
      if (rnd() < shape.crossRoom) b = panels[Math.floor(rnd() * panels.length)]!;
      else {
        // Mostly a nearby rack of the same room.
        const near = a.room * racksPerRoom + ((a.rack % racksPerRoom) + 1 + Math.floor(rnd() * 12)) % racksPerRoom;
        b = panels[near * shape.panelsPerRack + Math.floor(rnd() * shape.panelsPerRack)]!;
      }
    }
    const c = `c${cable++}`;
    const sm = rnd() < 0.1;
    rows.cables.push({ id: c, label: `T${t + 1}`, typeId: sm ? "trunk-os2" : "trunk-om4", status: rnd() < 0.1 ? "planned" : "installed", lengthM: 30 });
    plug(c, "a1", a.id);
    plug(c, "b1", b.id);
  }
  return rows;
}
