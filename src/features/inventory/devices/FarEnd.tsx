"use client";

import Link from "next/link";
import type { DevicePlug } from "./types";

/**
 * Where a plugged cable goes: the far device and port (each linked), for a trunk or harness the
 * positions it carries there, and how many of its far connectors hang unplugged.
 */
export function FarEnd({ siteId, plug }: { siteId: string; plug: Pick<DevicePlug, "far"> }) {
  const { devices, unplugged } = plug.far;
  if (devices.length === 0) return <span className="muted">far end not plugged</span>;
  return (
    <span data-far>
      {devices.map((d, i) => (
        <span key={d.deviceId}>
          {i > 0 ? "; " : ""}
          <Link href={`/sites/${siteId}/devices/${d.deviceId}`}>{d.deviceName}</Link>{" "}
          {d.ports.map((p, j) => (
            <span key={p.id}>
              {j > 0 ? ", " : ""}
              <Link href={`/sites/${siteId}/ports/${p.id}`}>{p.name}</Link>
              {p.side === "rear" ? " rear" : ""}
              {p.positions ? <span className="muted"> ({p.positions})</span> : null}
            </span>
          ))}
        </span>
      ))}
      {unplugged ? <span className="muted"> · {unplugged} leg{unplugged === 1 ? "" : "s"} not plugged</span> : null}
    </span>
  );
}
