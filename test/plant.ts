import { systemActor } from "../src/server/auth/actor";
import type { Db } from "../src/server/db/client";
import type { ServiceContext } from "../src/server/services/context";
import { createCable } from "../src/server/services/cables/create-cable";
import { createDevice } from "../src/server/services/devices/create-device";
import { getDevice } from "../src/server/services/devices/get-device";
import { installModule } from "../src/server/services/devices/install-module";
import { createRack } from "../src/server/services/racks/create-rack";
import { createSite } from "../src/server/services/sites/create-site";
import { installTransceiver } from "../src/server/services/transceivers/install-transceiver";
import { removeCommittedSite } from "./db";

/** Builds small plants through the services, the way the dashboard does. */
export class Plant {
  siteId = "";
  readonly racks = new Map<string, string>();
  /** "device:port" → port id. */
  readonly ports = new Map<string, string>();
  readonly devices = new Map<string, string>();

  constructor(readonly ctx: ServiceContext) {}

  async site(name = "Plant lab", code = "LAB"): Promise<this> {
    this.siteId = (await createSite(this.ctx, { name, code })).id;
    return this;
  }

  async rack(name: string, room = "Hall A", row = "A", position?: number): Promise<string> {
    const r = await createRack(this.ctx, { siteId: this.siteId, room, row, position: position ?? null, name, uHeight: 42 });
    this.racks.set(name, r.id);
    return r.id;
  }

  /** Learns a device's port ids (after ports were added to it). */
  async remember(deviceId: string) {
    const d = await getDevice(this.ctx, { id: deviceId });
    this.devices.set(d.device.name, deviceId);
    for (const p of d.ports) this.ports.set(`${d.device.name}:${p.name}`, p.id);
  }

  /** A switch with cages "Ethernet1/1..n", each with a transceiver of `xcvr` when given. */
  async switch(name: string, rack: string, unit: number, cages: number, xcvr?: string): Promise<string> {
    const d = await createDevice(this.ctx, {
      siteId: this.siteId,
      rackId: this.racks.get(rack)!,
      name,
      role: "switch",
      uPosition: unit,
      ports: [{ names: `Ethernet1/1..${cages}`, kind: "transceiver", cage: "qsfp28" }],
    });
    await this.remember(d.id);
    if (xcvr) for (let i = 1; i <= cages; i++) await installTransceiver(this.ctx, { portId: this.port(`${name}:Ethernet1/${i}`), typeId: xcvr });
    return d.id;
  }

  /** A panel with `adapters` adapters named 1..n (family, key), or with cassettes in bays 1..n. */
  async panel(name: string, rack: string, unit: number, opts: { adapters?: [number, string, "A" | "B"]; cassettes?: string[] }): Promise<string> {
    const d = await createDevice(this.ctx, {
      siteId: this.siteId,
      rackId: this.racks.get(rack)!,
      name,
      role: "panel",
      uPosition: unit,
      bays: opts.cassettes?.length ?? 0,
      ports: opts.adapters
        ? [{ names: `1..${opts.adapters[0]}`, kind: "adapter", family: opts.adapters[1] as "MPO-12", keyType: opts.adapters[2] }]
        : [],
    });
    for (const [i, typeId] of (opts.cassettes ?? []).entries()) {
      await installModule(this.ctx, { deviceId: d.id, bay: String(i + 1), kind: "cassette", typeId });
    }
    await this.remember(d.id);
    return d.id;
  }

  /** Racks A01 and A02, each with a leaf switch (leaf1, leaf2: four cages with 25G SR optics at
   *  U40) and a panel of one Method A cassette (cas1, cas2 at U18), the cassettes joined by trunk T1. */
  async trunkedPair(): Promise<this> {
    await this.rack("A01");
    await this.rack("A02");
    await this.switch("leaf1", "A01", 40, 4, "sfp28-25gbase-sr");
    await this.switch("leaf2", "A02", 40, 4, "sfp28-25gbase-sr");
    await this.panel("cas1", "A01", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4"] });
    await this.panel("cas2", "A02", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4"] });
    await this.cable("mpo12-typeA-ff-om4", 30, { a1: "cas1:1/R", b1: "cas2:1/R" }, "T1");
    return this;
  }

  /** Racks A01 and A02, each with a leaf switch (leaf1, leaf2: two cages with 25G SR optics at
   *  U40) and a panel of one low-loss Method A cassette (pp1, pp2 at U38), the cassettes joined by
   *  the low-loss trunk T1 of 40 m. */
  async lowLossPair(): Promise<this> {
    await this.rack("A01");
    await this.rack("A02");
    await this.switch("leaf1", "A01", 40, 2, "sfp28-25gbase-sr");
    await this.switch("leaf2", "A02", 40, 2, "sfp28-25gbase-sr");
    await this.panel("pp1", "A01", 38, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4-elite"] });
    await this.panel("pp2", "A02", 38, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4-elite"] });
    await this.cable("mpo12-typeA-ff-om4-elite", 40, { a1: "pp1:1/R", b1: "pp2:1/R" }, "T1");
    return this;
  }

  /**
   * Leaf/spine chains for the property tests over random plants: racks A01 and B01 (hall B), switches
   * leaf and spine (two cages a chain, 25G SR optics), and per chain c panels pa<c>, pb<c> (A01) and
   * pc<c>, pd<c> (B01) of one cassette each picked from `cassettes`, trunks TA<c> (pa–pb) and TB<c>
   * (pc–pd) picked from `trunks`, and two lanes of leaf → pa, pb → pc (the cross-connect), pd →
   * spine cords. Returns the cassettes' fronts ("pa1:1/1", …).
   */
  async leafSpineChains(r: { pick<T>(xs: readonly T[]): T }, chains: number, parts: { cassettes: readonly string[]; trunks: readonly string[] }): Promise<string[]> {
    await this.rack("A01");
    await this.rack("B01", "Hall B", "B");
    await this.switch("leaf", "A01", 40, chains * 2, "sfp28-25gbase-sr");
    await this.switch("spine", "B01", 40, chains * 2, "sfp28-25gbase-sr");
    const fronts: string[] = [];
    for (let c = 1; c <= chains; c++) {
      for (const [k, [name, rack]] of ([[`pa${c}`, "A01"], [`pb${c}`, "A01"], [`pc${c}`, "B01"], [`pd${c}`, "B01"]] as const).entries()) {
        await this.panel(name, rack, 2 + c * 4 + k, { cassettes: [r.pick(parts.cassettes)] });
        for (let f = 1; f <= 6; f++) fronts.push(`${name}:1/${f}`);
      }
      await this.cable(r.pick(parts.trunks), 20, { a1: `pa${c}:1/R`, b1: `pb${c}:1/R` }, `TA${c}`);
      await this.cable(r.pick(parts.trunks), 20, { a1: `pc${c}:1/R`, b1: `pd${c}:1/R` }, `TB${c}`);
      for (const lane of [1, 2]) {
        const cage = (c - 1) * 2 + lane;
        await this.cable("lc-ab-om4", 3, { a1: `leaf:Ethernet1/${cage}`, b1: `pa${c}:1/${lane}` }, `L${c}${lane}`);
        await this.cable("lc-aa-om4", 3, { a1: `pb${c}:1/${lane}`, b1: `pc${c}:1/${lane}` }, `X${c}${lane}`);
        await this.cable("lc-ab-om4", 3, { a1: `pd${c}:1/${lane}`, b1: `spine:Ethernet1/${cage}` }, `S${c}${lane}`);
      }
    }
    return fronts;
  }

  port(name: string): string {
    const [device, port] = [name.slice(0, name.indexOf(":")), name.slice(name.indexOf(":") + 1)];
    const id = this.ports.get(`${device}:${port}`);
    if (!id) throw new Error(`no port ${name}`);
    return id;
  }

  /** A cable; ends as { a1: "leaf1:Ethernet1/1", b1: "pp1:1@rear" }. */
  async cable(typeId: string, lengthM: number, ends: Record<string, string>, label = "", confirmFamilyMismatch = false) {
    return createCable(this.ctx, {
      siteId: this.siteId,
      typeId,
      lengthM,
      label,
      confirmFamilyMismatch,
      ends: Object.entries(ends).map(([connector, where]) => {
        const [port, side] = where.split("@") as [string, "front" | "rear" | undefined];
        return { connector, portId: this.port(port), ...(side ? { side } : {}) };
      }),
    });
  }
}

/**
 * A plant another connection can see: a site written and committed under a fresh code (`prefix`
 * and a number), given to `body` with the context that wrote it, then removed with its audit trail.
 */
export async function withCommittedPlant(db: Db, name: string, prefix: string, body: (p: Plant, ctx: ServiceContext) => Promise<void>): Promise<void> {
  const ctx = { db, actor: systemActor("test") };
  const code = `${prefix}${Date.now() % 100_000}`;
  const p = await new Plant(ctx).site(`${name} ${code}`, code);
  try {
    await body(p, ctx);
  } finally {
    await removeCommittedSite(db, p.siteId);
  }
}
