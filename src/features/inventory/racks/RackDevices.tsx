"use client";

import Link from "next/link";
import { FaultDot } from "../common/Severity";
import type { ElevationDevice } from "./Elevation";

export type RackDeviceRow = ElevationDevice & { tia: string };

const units = (d: RackDeviceRow) => (d.uPosition === null ? "not placed" : d.uHeight > 1 ? `U${d.uPosition}-U${d.uPosition + d.uHeight - 1}` : `U${d.uPosition}`);

/** The devices of a rack as a table; in plan mode with what the plan does to each. */
export function RackDevices({ rackName, devices, hrefOf, planned = false }: { rackName: string; devices: RackDeviceRow[]; hrefOf(d: RackDeviceRow): string; planned?: boolean }) {
  return (
    <table className="table" aria-label={`Devices in rack ${rackName}${planned ? " as planned" : ""}`}>
      <thead>
        <tr>
          <th>Device</th>
          <th>Role</th>
          <th>Units</th>
          <th>Face</th>
          <th>TIA-606</th>
          {planned ? <th>Plan</th> : null}
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id} data-device={d.name} className={d.change ? "editing" : undefined}>
            <td>
              <Link href={hrefOf(d)}>{d.name}</Link> <FaultDot fault={d.fault} />
            </td>
            <td>{d.role}</td>
            <td>{units(d)}</td>
            <td>
              {d.face}
              {d.fullDepth ? ", full depth" : ""}
            </td>
            <td>
              <code>{d.tia}</code>
            </td>
            {planned ? <td>{d.change ? <span className={`change ${CHANGE_CLASS[d.change] ?? ""}`}>{d.change}</span> : <span className="muted">—</span>}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const CHANGE_CLASS: Record<string, string> = {
  installed: "change--new",
  "moved in": "change--new",
  moved: "change--rerouted",
  "moved out": "change--removed",
  removed: "change--removed",
};
