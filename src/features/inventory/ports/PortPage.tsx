"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { CheckField } from "@/features/ui/Select";
import { OutcomeNotice, PreviewWarnings, type Outcome } from "../common/Outcome";
import { SeverityBadge, VerdictBadge } from "../common/Severity";
import { SiteNav } from "../common/SiteNav";
import { useRefreshAll } from "../common/useSaved";
import { ChannelDiagram } from "./ChannelDiagram";
import type { TraceFiber, TraceHop } from "./types";

const fmtDb = (db: number) => `${db.toFixed(2)} dB`;

function hopText(h: TraceHop): string {
  switch (h.kind) {
    case "cable":
      return `${h.label} ${h.from.connector}:${h.from.position}→${h.to.connector}:${h.to.position}`;
    case "module":
      return `${h.label} ${h.from.connector}:${h.from.position}→${h.to.connector}:${h.to.position}`;
    case "adapter":
      return `${h.label} ${h.from.side[0]}${h.from.position}→${h.to.side[0]}${h.to.position}`;
  }
}

function startText(f: TraceFiber): string {
  if (f.start.role === "unused" && f.start.lane === undefined) return `pos ${f.start.position}`;
  const role = f.start.role === "tx" ? "Tx" : f.start.role === "rx" ? "Rx" : f.start.role === "bidi" ? "Bidi" : "unused";
  return `${role} ${f.start.lane ?? ""} (MDI ${f.start.position})`;
}

/**
 * A port: what is plugged in, and the fiber-level trace of every lane — each hop, the far end, the
 * length, the loss against the application's limit — with the channel's findings in plain words and
 * the channel drawn as a diagram.
 */
export function PortPage({ siteId, portId }: { siteId: string; portId: string }) {
  const trpc = useTRPC();
  const tr = useQuery(trpc.connectivity.trace.queryOptions({ portId }));
  const device = useQuery({ ...trpc.devices.get.queryOptions({ id: tr.data?.port.deviceId ?? "" }), enabled: !!tr.data });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  if (tr.error) return <FormError message={formError(tr.error)} />;
  if (!tr.data) return <p className="muted">Loading…</p>;
  const { port, fibers, channel } = tr.data;
  const here = device.data?.ports.find((p) => p.id === portId);
  const siteName = device.data?.device.siteName ?? "Site";
  const family = port.kind === "transceiver" ? (port.transceiverType ?? "empty cage") : `${port.family} key ${port.keyType}`;
  return (
    <div className="page">
      <SiteNav
        siteId={siteId}
        siteName={siteName}
        trail={[
          ...(device.data?.device.rackId ? [{ label: `Rack ${device.data.device.rackName}`, href: `/sites/${siteId}/racks/${device.data.device.rackId}` }] : []),
          { label: port.deviceName, href: `/sites/${siteId}/devices/${port.deviceId}` },
          { label: port.name },
        ]}
      />
      <header className="page__header">
        <h1>
          {port.label} <code className="badge">{port.tia}</code>
        </h1>
        <p className="muted">
          {port.kind === "transceiver" ? `cage${port.cage ? ` (${port.cage})` : ""}, ${port.transceiverType ? `transceiver ${port.transceiverType}` : "no transceiver"}` : `${port.family} adapter, key ${port.keyType === "A" ? "A (key-up to key-down)" : "B (key-up to key-up)"}`}
        </p>
      </header>
      <OutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />
      <section className="card">
        <h2>Plugged here</h2>
        {here && here.plugs.length ? (
          <table className="table" aria-label="Plugged here">
            <thead>
              <tr>
                <th>Side</th>
                <th>Cable</th>
                <th>Connector</th>
                <th>Type</th>
                <th className="actions-col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {here.plugs.map((pl) => (
                <PlugRow key={pl.cableId + pl.connector} siteId={siteId} plug={pl} onSaved={setOutcome} />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Nothing plugged into this port.</p>
        )}
      </section>

      {channel ? (
        <section className="card" aria-label="Channel">
          <h2>
            Channel <VerdictBadge verdict={channel.verdict} />
          </h2>
          <p>
            {channel.members.map((m, i) => (
              <span key={m.id}>
                {i > 0 ? " ↔ " : ""}
                {m.id === portId ? <strong>{m.label}</strong> : <Link href={`/sites/${siteId}/ports/${m.id}`}>{m.label}</Link>}
              </span>
            ))}
          </p>
          {channel.findings.length ? (
            <ul className="findings-list" aria-label="Findings of this channel">
              {channel.findings.map((f, i) => (
                <li key={i}>
                  <SeverityBadge severity={f.severity} /> {f.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="ok-text">Every fiber reaches the right far lane; matings, loss and reach are within limits.</p>
          )}
          {channel.links.length ? (
            <table className="table" aria-label="Links">
              <thead>
                <tr>
                  <th>Link</th>
                  <th>Application</th>
                  <th className="num">Length</th>
                  <th className="num">Loss</th>
                  <th className="num">Limit</th>
                  <th className="num">Mated pairs</th>
                </tr>
              </thead>
              <tbody>
                {channel.links.map((l, i) => {
                  // The engine measures a link on the fibers that reach their far lane; with none, there is nothing to measure.
                  const measured = l.lengthM > 0 || l.matedPairs > 0 || fibers.some((f) => f.ok);
                  return (
                  <tr key={i}>
                    <td>
                      {l.aLabel} ↔ {l.bLabel}
                    </td>
                    <td>{[...new Set(l.applications)].join(" / ")}</td>
                    {measured ? (
                      <>
                        <td className="num">
                          {l.lengthM} m{l.reachM !== null ? ` of ${l.reachM} m` : ""}
                        </td>
                        <td className={`num${l.maxLossDb !== null && l.lossDb > l.maxLossDb ? " over" : ""}`}>{fmtDb(l.lossDb)}</td>
                        <td className="num">{l.maxLossDb !== null ? fmtDb(l.maxLossDb) : "not verified"}</td>
                        <td className="num">{l.matedPairs}</td>
                      </>
                    ) : (
                      <td className="num muted" colSpan={4}>
                        no fiber reaches its far lane: nothing to measure
                      </td>
                    )}
                  </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}

      {!channel && (tr.data.throughChannels.length || tr.data.findings.length) ? (
        <section className="card">
          <h2>Channels through this port</h2>
          <ul className="findings-list">
            {tr.data.throughChannels.map((c) => (
              <li key={c.key}>
                <VerdictBadge verdict={c.verdict} /> <Link href={`/sites/${siteId}/ports/${c.members[0]}`}>{c.title}</Link>
              </li>
            ))}
          </ul>
          {tr.data.findings.length ? (
            <ul className="findings-list" aria-label="Findings at this port">
              {tr.data.findings.map((f, i) => (
                <li key={i}>
                  <SeverityBadge severity={f.severity} /> {f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {fibers.length ? (
        <section className="card">
          <h2>Fiber trace</h2>
          <p className="muted small">{tr.data.conventions}</p>
          <ChannelDiagram fibers={fibers} startLabel={port.label} startFamily={family} />
          <table className="table trace-table" aria-label="Fiber trace">
            <thead>
              <tr>
                <th>Lane</th>
                <th>Path</th>
                <th>Far end</th>
                <th className="num">Length</th>
                <th className="num">Loss</th>
                <th className="num">Limit</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {fibers.map((f, i) => (
                <tr key={i} className={f.ok ? "" : "trace-bad"}>
                  <td className="nowrap">
                    <span className={`lane lane--${f.start.role}`}>{startText(f)}</span>
                  </td>
                  <td className="trace-path">{f.hops.map(hopText).join(" › ") || "—"}</td>
                  <td>{f.end.text}</td>
                  <td className="num">{f.lengthM} m</td>
                  <td className={`num${f.maxLossDb !== null && f.lossDb > f.maxLossDb ? " over" : ""}`}>{fmtDb(f.lossDb)}</td>
                  <td className="num">{f.maxLossDb !== null ? fmtDb(f.maxLossDb) : "—"}</td>
                  <td>{f.end.kind === "transceiver" ? (f.ok ? <span className="ok-text">✓</span> : <span className="bad-text">✗</span>) : <span className="bad-text">open</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <section className="card">
          <h2>Fiber trace</h2>
          <p className="muted">{port.kind === "transceiver" ? "Install a transceiver and plug a cord to trace this port." : "Nothing to trace."}</p>
        </section>
      )}
    </div>
  );
}

type Plug = { cableId: string; label: string; connector: string; side: string; typeId: string; version: number; status: string; familyMismatchConfirmed: boolean };

/** One cable plugged into the port: replace its type (with a what-if first) or unplug it. */
function PlugRow({ siteId, plug, onSaved }: { siteId: string; plug: Plug; onSaved: (o: Outcome) => void }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const listId = useId();
  const [mode, setMode] = useState<"view" | "replace">("view");
  const [openedVersion, setOpenedVersion] = useState(plug.version);
  const [typeId, setTypeId] = useState(plug.typeId);
  const [confirm, setConfirm] = useState(false);
  const types = useQuery({ ...trpc.catalog.list.queryOptions({ kind: "cable", limit: 2000 }), enabled: mode === "replace" });
  const found = useQuery({ ...trpc.catalog.get.queryOptions({ id: typeId }), enabled: mode === "replace" && /^[A-Za-z0-9][A-Za-z0-9._-]{2,}$/.test(typeId), retry: false });
  const known = found.data?.definition.kind === "cable";
  const preview = useQuery({ ...trpc.cables.preview.queryOptions({ siteId, cableId: plug.cableId, typeId }), enabled: mode === "replace" && known && typeId !== plug.typeId, retry: false });
  const update = useMutation(trpc.cables.update.mutationOptions({ onSuccess: async (res) => (setMode("view"), onSaved(res.outcome), await refreshAll()) }));
  const unplug = useMutation(trpc.cables.unplug.mutationOptions({ onSuccess: async (res) => (onSaved(res.outcome), await refreshAll()) }));
  const errors = fieldErrors(update.error);
  const name = plug.label || `#${plug.cableId.slice(0, 8)}`;
  if (mode === "replace") {
    return (
      <tr className="editing">
        <td colSpan={5}>
          <form
            className="form-grid form-grid--wide"
            noValidate
            aria-label={`Replace cable ${name}`}
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ id: plug.cableId, version: openedVersion, typeId, confirmFamilyMismatch: confirm });
            }}
          >
            <Field
              label="New cable type"
              list={listId}
              value={typeId}
              onChange={(e) => setTypeId(e.target.value.trim())}
              error={errors.typeId}
              hint={found.data && typeId !== plug.typeId ? found.data.name : `Now ${plug.typeId}; the cable stays plugged where it is`}
            />
            <datalist id={listId}>
              {types.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </datalist>
            {known && typeId !== plug.typeId ? <PreviewWarnings preview={preview.data} pending={preview.isFetching} /> : null}
            {(preview.data?.familyMismatches.length ?? 0) > 0 ? <CheckField label="Plug anyway (the connector families differ; it will be flagged)" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> : null}
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={update.isPending}>
                Save new type
              </button>
              <button type="button" className="button" onClick={() => (setMode("view"), update.reset())}>
                Cancel
              </button>
            </div>
            <FormError message={formError(update.error)} />
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr data-cable={name}>
      <td>{plug.side}</td>
      <td>
        {name} {plug.status !== "installed" ? <span className="muted">({plug.status})</span> : null}
        {plug.familyMismatchConfirmed ? <span className="sev sev--error">family mismatch</span> : null}
      </td>
      <td>{plug.connector}</td>
      <td>
        <code>{plug.typeId}</code>
      </td>
      <td className="actions-col">
        <span className="button-row">
          <button type="button" className="button" onClick={() => (setOpenedVersion(plug.version), setTypeId(plug.typeId), setMode("replace"))}>
            Replace type
          </button>
          <button type="button" className="button button--danger-quiet" onClick={() => unplug.mutate({ id: plug.cableId, version: plug.version, connector: plug.connector })}>
            Unplug
          </button>
          <FormError message={formError(unplug.error)} />
        </span>
      </td>
    </tr>
  );
}
