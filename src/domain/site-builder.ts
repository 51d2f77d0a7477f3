/**
 * A small builder for site models, used by the site-file parser, tests, examples and the
 * benchmark. Ids follow the site file's naming rule: port `<device>:<port>`, module ports
 * `<device>:<slot>/<port>`, module `<device>/<slot>`.
 */
import { createCatalog, type Catalog } from "./catalog";
import type { ComponentType } from "./components";
import type { ConnectorFamily } from "./connectors";
import { DEFAULT_CONVENTIONS, type LossConventions } from "./loss";
import type { AdapterKey } from "./position-maps";
import {
  innerSide,
  portIdOf,
  type Cable,
  type CablePlug,
  type Device,
  type DeviceRole,
  type Module,
  type Port,
  type PortSide,
  type Rack,
  type Room,
  type SiteModel,
  type Transceiver,
} from "./site-model";

export const moduleIdOf = (deviceId: string, slot: string): string => `${deviceId}/${slot}`;
export const modulePortName = (slot: string, port: string): string => `${slot}/${port}`;

/** "sw1:eth1" or "pp1:3@rear" → port id and side (undefined when not given). */
export function parseEndpoint(s: string): { portId: string; side?: PortSide } {
  const at = s.lastIndexOf("@");
  if (at < 0) return { portId: s };
  const side = s.slice(at + 1);
  if (side !== "front" && side !== "rear") return { portId: s };
  return { portId: s.slice(0, at), side };
}

export class SiteBuilder {
  readonly rooms: Room[] = [];
  readonly racks: Rack[] = [];
  readonly devices: Device[] = [];
  readonly modules: Module[] = [];
  readonly ports: Port[] = [];
  readonly transceivers: Transceiver[] = [];
  readonly cables: Cable[] = [];
  readonly plugs: CablePlug[] = [];
  readonly componentTypes: ComponentType[] = [];
  private catalog: Catalog;
  private readonly outer = new Map<string, PortSide>();

  constructor(
    readonly site: { id: string; name?: string; conventions?: LossConventions } = { id: "site" },
    userTypes: readonly ComponentType[] = [],
  ) {
    this.componentTypes.push(...userTypes);
    this.catalog = createCatalog(this.componentTypes);
  }

  type(t: ComponentType): this {
    this.componentTypes.push(t);
    this.catalog = createCatalog(this.componentTypes);
    return this;
  }

  room(id: string, name = id): this {
    this.rooms.push({ id, name });
    return this;
  }

  rack(id: string, roomId: string, opts: { name?: string; units?: number } = {}): this {
    this.racks.push({ id, roomId, name: opts.name ?? id, ...(opts.units !== undefined ? { units: opts.units } : {}) });
    return this;
  }

  device(
    id: string,
    role: DeviceRole,
    opts: { name?: string; rackId?: string; unit?: number; uHeight?: number; face?: PortSide } = {},
  ): this {
    const { name, ...rest } = opts;
    this.devices.push({ id, name: name ?? id, role, ...rest });
    return this;
  }

  /** A cage, with a transceiver of `transceiverType` when given. Returns the port id. */
  cage(deviceId: string, name: string, transceiverType?: string, cage?: string): string {
    const id = portIdOf(deviceId, name);
    this.ports.push({ id, deviceId, name, kind: "transceiver", ...(cage ? { cage } : {}) });
    if (transceiverType) this.transceivers.push({ id: `${id}#xcvr`, portId: id, typeId: transceiverType });
    return id;
  }

  /** A panel adapter. Returns the port id. */
  adapter(deviceId: string, name: string, family: ConnectorFamily, key: AdapterKey): string {
    const id = portIdOf(deviceId, name);
    this.ports.push({ id, deviceId, name, kind: "adapter", family, key });
    return id;
  }

  /** A module of catalog type `typeId` in `slot`, with its ports. Returns the module id. */
  module(deviceId: string, slot: string, typeId: string): string {
    const type = this.catalog.module(typeId);
    const id = moduleIdOf(deviceId, slot);
    this.modules.push({ id, deviceId, slot, typeId });
    if (!type) return id;
    for (const mp of type.ports) {
      const name = modulePortName(slot, mp.name);
      const pid = portIdOf(deviceId, name);
      this.ports.push({ id: pid, deviceId, name, kind: "adapter", family: mp.family, key: mp.key, moduleId: id, modulePort: mp.name });
      this.outer.set(pid, innerSide(mp.role) === "front" ? "rear" : "front");
    }
    return id;
  }

  /**
   * A cable of catalog type `typeId`; `ends` maps connector ids to endpoints ("pp1:3@rear").
   * Without a side, a module port's outer side is used, else the front.
   */
  cable(id: string, typeId: string, lengthM: number, ends: Readonly<Record<string, string>>, opts: { label?: string; splices?: number } = {}): this {
    this.cables.push({ id, typeId, lengthM, ...opts });
    for (const [connector, endpoint] of Object.entries(ends)) {
      const { portId, side } = parseEndpoint(endpoint);
      this.plugs.push({ cableId: id, connector, portId, side: side ?? this.outer.get(portId) ?? "front" });
    }
    return this;
  }

  build(): SiteModel {
    return {
      site: { id: this.site.id, name: this.site.name ?? this.site.id, conventions: this.site.conventions ?? DEFAULT_CONVENTIONS },
      rooms: [...this.rooms],
      racks: [...this.racks],
      devices: [...this.devices],
      modules: [...this.modules],
      ports: [...this.ports],
      transceivers: [...this.transceivers],
      cables: [...this.cables],
      plugs: [...this.plugs],
      componentTypes: [...this.componentTypes],
    };
  }
}
