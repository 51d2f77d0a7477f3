/**
 * The site model: plain, flat, serializable records with string ids, one array per table, so the
 * app's database layer can build it from its tables and the engine can index it by id.
 *
 * Ports are of two kinds:
 * - a transceiver port is a cage on a switch or server; a transceiver installed in it gives the
 *   receptacle (one side only, called "front");
 * - an adapter port is an adapter on a panel or in a module (cassette). It has a front and a rear
 *   side, a connector family and a key type (A = key-up to key-down, B = key-up to key-up). A
 *   module port's inner side (the rear of a front port, the front of a rear port) holds the
 *   module's own internal plug; cables plug only into the outer side.
 *
 * A cable of a catalog type has connectors (from the type); each plugged connector is one row of
 * `plugs`: connector c of cable k is in side s of port p.
 */
import type { ComponentType } from "./components";
import type { ConnectorFamily } from "./connectors";
import type { LossConventions } from "./loss";
import type { AdapterKey } from "./position-maps";

export type PortSide = "front" | "rear";

export interface SiteInfo {
  readonly id: string;
  readonly name: string;
  readonly conventions: LossConventions;
}

export interface Room {
  readonly id: string;
  readonly name: string;
}

export interface Rack {
  readonly id: string;
  readonly roomId: string;
  readonly name: string;
  /** Height in rack units. */
  readonly units?: number;
}

export const DEVICE_ROLES = ["switch", "server", "router", "panel", "other"] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export interface Device {
  readonly id: string;
  readonly name: string;
  readonly role: DeviceRole;
  readonly rackId?: string;
  /** Lowest rack unit occupied. */
  readonly unit?: number;
  readonly uHeight?: number;
  /** Which rack face the device's front is mounted on. */
  readonly face?: PortSide;
}

export interface Module {
  readonly id: string;
  readonly deviceId: string;
  readonly slot: string;
  readonly typeId: string;
}

interface PortBase {
  readonly id: string;
  readonly deviceId: string;
  /** Unique within the device; module ports are named `<slot>/<port>`. */
  readonly name: string;
}

export interface TransceiverPort extends PortBase {
  readonly kind: "transceiver";
  /** Cage type, e.g. qsfp28 (informational). */
  readonly cage?: string;
}

export interface AdapterPort extends PortBase {
  readonly kind: "adapter";
  readonly family: ConnectorFamily;
  readonly key: AdapterKey;
  /** Set on module ports: the module and the port's name in the module type. */
  readonly moduleId?: string;
  readonly modulePort?: string;
}

export type Port = TransceiverPort | AdapterPort;

export interface Transceiver {
  readonly id: string;
  readonly portId: string;
  readonly typeId: string;
}

export interface Cable {
  readonly id: string;
  readonly typeId: string;
  /** Fiber length end to end, in metres. */
  readonly lengthM: number;
  readonly label?: string;
  /** Splices on each fiber. */
  readonly splices?: number;
}

export interface CablePlug {
  readonly cableId: string;
  /** Connector id within the cable type ("a1", "b3"). */
  readonly connector: string;
  readonly portId: string;
  readonly side: PortSide;
}

export interface SiteModel {
  readonly site: SiteInfo;
  readonly rooms: readonly Room[];
  readonly racks: readonly Rack[];
  readonly devices: readonly Device[];
  readonly modules: readonly Module[];
  readonly ports: readonly Port[];
  readonly transceivers: readonly Transceiver[];
  readonly cables: readonly Cable[];
  readonly plugs: readonly CablePlug[];
  /** User-defined component types used by this site. */
  readonly componentTypes: readonly ComponentType[];
}

/** The inner side of a module port: where the module's own plug sits. */
export const innerSide = (role: "front" | "rear"): PortSide => (role === "front" ? "rear" : "front");

/** The model's conventional id of a device port. */
export const portIdOf = (deviceId: string, portName: string): string => `${deviceId}:${portName}`;
