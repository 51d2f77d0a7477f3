"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useState } from "react";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { ConfirmAction } from "@/features/ui/Actions";
import { FormError } from "@/features/ui/Field";
import { FaultDot, VerdictBadge } from "../common/Severity";
import { useRefreshAll } from "../common/useSaved";
import { SiteNav } from "../common/SiteNav";
import { AddPortsForm } from "./AddPortsForm";
import { CableForm } from "./CableForm";
import { DeviceHeader } from "./DeviceHeader";
import { FarEnd } from "./FarEnd";
import { ModuleForm } from "./ModuleForm";
import { PanelView } from "./PanelView";
import { PortEditor } from "./PortEditor";
import { TransceiverForm } from "./TransceiverForm";
import { portSides } from "./types";

/** A device: its panel view (bays, cassettes, ports), every port in a table, and the forms that
 *  change it — modules, ports, transceivers, patch cords and trunks. */
export function DevicePage({ siteId, deviceId }: { siteId: string; deviceId: string }) {
  const trpc = useTRPC();
  const view = useQuery(trpc.devices.get.queryOptions({ id: deviceId }));
  const [allPorts, setAllPorts] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const { canEdit } = useRights(siteId);
  if (view.error) return <FormError message={formError(view.error)} />;
  if (!view.data) return <p className="muted">Loading…</p>;
  const { device, bays, ports } = view.data;
  const passive = device.role === "panel" || device.role === "enclosure";
  const idle = (p: (typeof ports)[number]) => p.kind === "transceiver" && !p.transceiver && p.plugs.length === 0;
  const idleCount = ports.filter(idle).length;
  const listed = allPorts || idleCount <= 8 ? ports : ports.filter((p) => !idle(p));
  return (
    <div className="page">
      <SiteNav
        siteId={siteId}
        siteName={device.siteName}
        trail={[...(device.rackId ? [{ label: `Rack ${device.rackName}`, href: `/sites/${siteId}/racks/${device.rackId}` }] : []), { label: device.name }]}
      />
      <DeviceHeader siteId={siteId} view={view.data} canEdit={canEdit} />
      <section className="card">
        <h2>{passive ? "Panel" : "Ports"}</h2>
        {bays.length || ports.length ? <PanelView siteId={siteId} bays={bays} ports={ports} /> : <p className="muted">{canEdit ? "No port yet. Add cages, adapters or module bays below." : "No port yet."}</p>}
      </section>
      {ports.length ? (
        <section className="card">
          <h2>Port details</h2>
          {idleCount > 8 ? (
            <p className="muted small">
              {allPorts ? "All ports." : `${idleCount} empty cages are not listed.`}{" "}
              <button type="button" className="button button--small" onClick={() => setAllPorts(!allPorts)}>
                {allPorts ? "Hide empty cages" : "Show all ports"}
              </button>
            </p>
          ) : null}
          <div className="table-scroll">
          <table className="table" aria-label={`Ports of ${device.name}`}>
            <thead>
              <tr>
                <th>Port</th>
                <th>Type</th>
                <th>Front</th>
                <th>Rear</th>
                <th>Channel</th>
                <th>TIA-606</th>
                {canEdit ? <th className="actions-col" aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {listed.map((p) => {
                const sides = portSides(p);
                const at = (side: "front" | "rear") => {
                  if (!p.outerSides.includes(side as never)) return <span className="muted">{p.moduleId ? "cassette" : "—"}</span>;
                  const s = sides.find((x) => x.side === side);
                  if (!s?.plug) return <span className="muted">free</span>;
                  return (
                    <>
                      <span>{s.holder}</span> <span aria-hidden>→</span> <FarEnd siteId={siteId} plug={s.plug} />
                      {s.plug.words ? <div className="small muted">{s.plug.words}</div> : null}
                    </>
                  );
                };
                return (
                  <Fragment key={p.id}>
                    <tr data-port={p.name}>
                      <td>
                        <Link href={`/sites/${siteId}/ports/${p.id}`}>{p.name}</Link> <FaultDot fault={p.fault} />
                        {p.label ? <div className="small muted">{p.label}</div> : null}
                      </td>
                      <td>
                        {p.kind === "transceiver" ? (
                          p.transceiver ? (
                            <>
                              {p.transceiver.typeName}
                              {p.transceiver.words ? <div className="small muted">{p.transceiver.words}</div> : null}
                            </>
                          ) : (
                            <span className="muted">empty cage</span>
                          )
                        ) : (
                          `${p.family} adapter, key ${p.keyType}`
                        )}
                      </td>
                      <td>{at("front")}</td>
                      <td>{p.kind === "transceiver" ? <span className="muted">—</span> : at("rear")}</td>
                      <td>{p.verdict ? <VerdictBadge verdict={p.verdict} /> : <span className="muted">—</span>}</td>
                      <td>
                        <code>{p.tia}</code>
                      </td>
                      {canEdit ? (
                      <td className="actions-col">
                        <span className="button-row">
                          <button type="button" className="button button--small" aria-label={`Edit port ${p.name}`} aria-expanded={editing === p.id} onClick={() => setEditing(editing === p.id ? null : p.id)}>
                            Edit
                          </button>
                          {p.transceiver ? <RemoveButton what="transceiver" id={p.transceiver.id} version={p.transceiver.version} label={`Remove the transceiver from ${p.name}`} /> : null}
                        </span>
                      </td>
                      ) : null}
                    </tr>
                    {canEdit && editing === p.id ? (
                      <tr className="editing">
                        <td colSpan={7}>
                          <PortEditor port={p} onClose={() => setEditing(null)} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          </div>
        </section>
      ) : null}
      {bays.some((b) => b.module) ? (
        <section className="card">
          <h2>Modules</h2>
          <table className="table" aria-label="Modules">
            <tbody>
              {bays
                .filter((b) => b.module)
                .map((b) => (
                  <tr key={b.id}>
                    <td>Bay {b.name}</td>
                    <td>{b.module!.kind === "cassette" ? (b.module!.words ?? <code>{b.module!.typeId}</code>) : "adapter plate"}</td>
                    {canEdit ? <td className="actions-col">
                      <RemoveButton what="module" id={b.module!.id} version={b.module!.version} label={`Remove the module from bay ${b.name}`} />
                    </td> : null}
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {canEdit ? (
        <>
          <ModuleForm deviceId={deviceId} bays={bays} />
          {!passive ? <TransceiverForm ports={ports} /> : null}
          <CableForm siteId={siteId} deviceId={deviceId} title="Add a patch cord" defaultKind="patch-cord" />
          {passive ? <CableForm siteId={siteId} deviceId={deviceId} title="Add a trunk" defaultKind="trunk" /> : null}
          <AddPortsForm deviceId={deviceId} defaultKind={passive ? "adapter" : "transceiver"} />
        </>
      ) : null}
    </div>
  );
}

/** Takes a transceiver or a module out; the server refuses while cables are plugged in, and says which. */
function RemoveButton({ what, id, version, label }: { what: "transceiver" | "module"; id: string; version: number; label: string }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const done = { onSuccess: () => refreshAll() };
  const removeXcvr = useMutation(trpc.transceivers.remove.mutationOptions(done));
  const removeModule = useMutation(trpc.devices.removeModule.mutationOptions(done));
  const m = what === "transceiver" ? removeXcvr : removeModule;
  return (
    <ConfirmAction
      small
      label="Remove"
      yes="Yes, remove"
      ariaLabel={label}
      onConfirm={() => (what === "transceiver" ? removeXcvr.mutate({ id, version }) : removeModule.mutate({ id, version }))}
      onCancel={() => m.reset()}
      error={<FormError message={formError(m.error)} />}
    />
  );
}
