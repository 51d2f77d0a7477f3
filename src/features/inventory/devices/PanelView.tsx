"use client";

import Link from "next/link";
import { portSides, shortName, type DeviceBay, type DevicePort } from "./types";

function portState(p: DevicePort): string {
  const sides = portSides(p);
  const used = sides.filter((s) => s.holder).length;
  const cls = [p.kind === "transceiver" ? "port--cage" : "port--adapter"];
  cls.push(used === 0 ? "port--free" : used === sides.length ? "port--full" : "port--half");
  if (p.kind === "transceiver" && !p.transceiver) cls.push("port--empty-cage");
  if (p.fault) cls.push(`port--fault-${p.fault}`);
  if (p.verdict === "fail") cls.push("port--channel-fail");
  else if (p.verdict === "warning") cls.push("port--channel-warning");
  return cls.join(" ");
}

function describe(p: DevicePort): string {
  const parts = [`${p.name}`, p.kind === "transceiver" ? (p.transceiver ? p.transceiver.typeId : "empty cage") : `${p.family} key ${p.keyType}`];
  for (const s of portSides(p)) parts.push(`${s.side}: ${s.holder ?? "free"}`);
  if (p.verdict) parts.push(`channel ${p.verdict}`);
  if (p.fault) parts.push(`${p.fault} finding here`);
  return parts.join(" · ");
}

function PortCell({ siteId, port }: { siteId: string; port: DevicePort }) {
  return (
    <Link href={`/sites/${siteId}/ports/${port.id}`} className={`port ${portState(port)}`} title={describe(port)} aria-label={describe(port)} data-port-cell={port.name}>
      <span className="port__name">{/* "Ethernet1/7" reads "1/7" in the strip; a name without a slot ("eth0") stays whole. */}
      {shortName(port).replace(/^[A-Za-z]+(?=\d+\/)/, "")}</span>
      <span className="port__family">{port.kind === "transceiver" ? (port.transceiver?.application?.replace(/base-/, "") ?? "—") : port.family}</span>
    </Link>
  );
}

/**
 * The panel as a technician sees it: each bay with its cassette or plate and their ports, then the
 * device's own ports; each port shows whether something is plugged in and whether a finding or a
 * failing channel touches it.
 */
export function PanelView({ siteId, bays, ports }: { siteId: string; bays: DeviceBay[]; ports: DevicePort[] }) {
  const loose = ports.filter((p) => !p.moduleId);
  return (
    <div className="panel-view">
      {bays.map((bay) => {
        const modulePorts = bay.module ? ports.filter((p) => p.moduleId === bay.module!.id) : [];
        return (
          <div key={bay.id} className={`bay${bay.module ? "" : " bay--empty"}`} aria-label={`Bay ${bay.name}`}>
            <div className="bay__head">
              <strong>Bay {bay.name}</strong>{" "}
              {bay.module ? (
                <span className="muted">
                  {bay.module.kind === "cassette" ? `cassette ${bay.module.typeId}` : "adapter plate"}
                  {bay.module.method ? ` · method ${bay.module.method}` : ""}
                  {bay.module.label ? ` · ${bay.module.label}` : ""}
                </span>
              ) : (
                <span className="muted">empty</span>
              )}
            </div>
            {modulePorts.length ? (
              <div className="ports">
                {modulePorts.map((p) => (
                  <PortCell key={p.id} siteId={siteId} port={p} />
                ))}
              </div>
            ) : null}
          </div>
        );
      })}
      {loose.length ? (
        <div className="ports ports--device" aria-label="Ports">
          {loose.map((p) => (
            <PortCell key={p.id} siteId={siteId} port={p} />
          ))}
        </div>
      ) : null}
      <p className="legend muted">
        <span className="port port--free legend__swatch" /> free <span className="port port--half legend__swatch" /> one side plugged{" "}
        <span className="port port--full legend__swatch" /> plugged <span className="port port--empty-cage legend__swatch" /> cage without transceiver{" "}
        <span className="port port--fault-error legend__swatch" /> error here <span className="port port--fault-warning legend__swatch" /> warning here{" "}
        <span className="port port--channel-fail legend__swatch" /> a failing channel runs through it
      </p>
    </div>
  );
}
