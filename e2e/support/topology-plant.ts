import type { APIRequestContext } from "@playwright/test";

/**
 * Builds a small two-room plant through the tRPC API, signed in as whoever `request` is (the demo
 * admin in the specs). The same calls a script or the dashboard would make.
 *
 *   Hall A / row A                                Hall B / row C
 *   ┌ A01 ───────────────┐  T1, T2 (MPO, OM4)   ┌ C01 ───────────────┐
 *   │ leaf1 U40 (2 × SR) │  pp1 ═══════════ pp2 │ leaf2 U40 (2 × SR) │
 *   │ pp1 U38 cassettes  │                      │ pp2 U38 cassettes  │
 *   └────────────────────┘                      └────────────────────┘
 *   ┌ A02 ──────────┐       S1 (MPO, OS2, planned)  pp3 ── pp4 in C02
 *   │ pp3 U30 MPO   │
 *   └───────────────┘
 *   N1 leaf1:1 → pp1:1/1 (A-to-B)   F1 pp2:1/1 → leaf2:1 (A-to-A)   channel 1 passes
 *   N2 leaf1:2 → pp1:1/2 (A-to-B)   F2 pp2:1/2 → leaf2:2 (A-to-B)   channel 2 fails (polarity)
 */
export class TopologyPlant {
  siteId = "";
  readonly racks = new Map<string, string>();
  readonly ports = new Map<string, string>();

  constructor(
    private readonly request: APIRequestContext,
    private readonly csrf: string,
  ) {}

  async call<T = unknown>(path: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
    const res =
      kind === "query"
        ? await this.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
        : await this.request.post(`/api/trpc/${path}`, { headers: { "x-csrf-token": this.csrf, "content-type": "application/json" }, data: { json: input } });
    const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
    if (!res.ok() || !body.result) throw new Error(`${path}: ${res.status()} ${body.error?.json.message ?? ""}`);
    return body.result.data.json;
  }

  private async remember(deviceId: string) {
    const d = await this.call<{ device: { name: string }; ports: { id: string; name: string }[] }>("devices.get", { id: deviceId }, "query");
    for (const p of d.ports) this.ports.set(`${d.device.name}:${p.name}`, p.id);
  }

  port(name: string): string {
    const id = this.ports.get(name);
    if (!id) throw new Error(`no port ${name}`);
    return id;
  }

  async build(name: string, code: string): Promise<this> {
    this.siteId = (await this.call<{ id: string }>("sites.create", { name, code })).id;
    for (const [rack, room, row, position] of [
      ["A01", "Hall A", "A", 1],
      ["A02", "Hall A", "A", 2],
      ["C01", "Hall B", "C", 1],
      ["C02", "Hall B", "C", 2],
    ] as const) {
      const r = await this.call<{ id: string }>("racks.create", { siteId: this.siteId, room, row, position, name: rack, uHeight: 42 });
      this.racks.set(rack, r.id);
    }
    for (const [device, rack] of [
      ["leaf1", "A01"],
      ["leaf2", "C01"],
    ] as const) {
      const d = await this.call<{ id: string }>("devices.create", {
        siteId: this.siteId,
        rackId: this.racks.get(rack),
        name: device,
        role: "switch",
        uPosition: 40,
        ports: [{ names: "Ethernet1/1..2", kind: "transceiver", cage: "sfp28" }],
      });
      await this.remember(d.id);
      for (const n of [1, 2]) await this.call("transceivers.install", { portId: this.port(`${device}:Ethernet1/${n}`), typeId: "sfp28-25gbase-sr" });
    }
    for (const [device, rack] of [
      ["pp1", "A01"],
      ["pp2", "C01"],
    ] as const) {
      const d = await this.call<{ id: string }>("devices.create", { siteId: this.siteId, rackId: this.racks.get(rack), name: device, role: "panel", uPosition: 38, bays: 2 });
      for (const bay of ["1", "2"]) await this.call("devices.installModule", { deviceId: d.id, bay, kind: "cassette", typeId: "cas-mpo12-6xlc-methodA-m-om4-elite" });
      await this.remember(d.id);
    }
    for (const [device, rack] of [
      ["pp3", "A02"],
      ["pp4", "C02"],
    ] as const) {
      const d = await this.call<{ id: string }>("devices.create", {
        siteId: this.siteId,
        rackId: this.racks.get(rack),
        name: device,
        role: "panel",
        uPosition: 30,
        ports: [{ names: "1..4", kind: "adapter", family: "MPO-12", keyType: "A" }],
      });
      await this.remember(d.id);
    }
    const cable = (typeId: string, lengthM: number, label: string, ends: Record<string, string>, status = "installed") =>
      this.call("cables.create", {
        siteId: this.siteId,
        typeId,
        lengthM,
        label,
        status,
        ends: Object.entries(ends).map(([connector, port]) => ({ connector, portId: this.port(port) })),
      });
    await cable("mpo12-typeA-ff-om4-elite", 40, "T1", { a1: "pp1:1/R", b1: "pp2:1/R" });
    await cable("mpo12-typeA-ff-om4-elite", 40, "T2", { a1: "pp1:2/R", b1: "pp2:2/R" });
    await cable("mpo12-typeB-ff-os2", 60, "S1", { a1: "pp3:1", b1: "pp4:1" }, "planned");
    await cable("lc-ab-om4-ll", 2, "N1", { a1: "leaf1:Ethernet1/1", b1: "pp1:1/1" });
    await cable("lc-aa-om4-ll", 2, "F1", { a1: "pp2:1/1", b1: "leaf2:Ethernet1/1" });
    await cable("lc-ab-om4-ll", 2, "N2", { a1: "leaf1:Ethernet1/2", b1: "pp1:1/2" });
    await cable("lc-ab-om4-ll", 2, "F2", { a1: "pp2:1/2", b1: "leaf2:Ethernet1/2" });
    return this;
  }
}
