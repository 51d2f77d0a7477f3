"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { CheckField } from "@/features/ui/Select";
import { OutcomeNotice, PreviewWarnings, type Outcome } from "../common/Outcome";
import { SiteNav } from "../common/SiteNav";
import { useRefreshAll } from "../common/useSaved";
import { FarEnd } from "../devices/FarEnd";
import type { DevicePlug } from "../devices/types";
import { ChannelSection, FiberTraceSection, ThroughSection } from "./TraceSections";

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
  const { canEdit } = useRights(siteId);
  if (tr.error) return <FormError message={formError(tr.error)} />;
  if (!tr.data) return <p className="muted">Loading…</p>;
  const { port } = tr.data;
  const portHref = (id: string) => `/sites/${siteId}/ports/${id}`;
  const here = device.data?.ports.find((p) => p.id === portId);
  const siteName = device.data?.device.siteName;
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
        {!device.data ? (
          <p className="muted">Loading what is plugged in…</p>
        ) : here && here.plugs.length ? (
          <table className="table" aria-label="Plugged here">
            <thead>
              <tr>
                <th>Side</th>
                <th>Cable</th>
                <th>Connector</th>
                <th>Far end</th>
                <th>Type</th>
                {canEdit ? <th className="actions-col" aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {here.plugs.map((pl) => (
                <PlugRow key={pl.cableId + pl.connector} siteId={siteId} plug={pl} onSaved={setOutcome} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Nothing plugged into this port.</p>
        )}
      </section>

      <ChannelSection trace={tr.data} portId={portId} portHref={portHref} />
      <ThroughSection trace={tr.data} portHref={portHref} explain />
      <FiberTraceSection trace={tr.data} />
    </div>
  );
}

type Plug = DevicePlug;

/** One cable plugged into the port: replace its type (with a what-if first) or unplug it. */
function PlugRow({ siteId, plug, onSaved, canEdit }: { siteId: string; plug: Plug; onSaved: (o: Outcome) => void; canEdit: boolean }) {
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
        <td colSpan={6}>
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
        <FarEnd siteId={siteId} plug={plug} />
      </td>
      <td>
        {plug.words ?? <code>{plug.typeId}</code>}
        {plug.words ? (
          <div className="small muted">
            <code>{plug.typeId}</code>
          </div>
        ) : null}
      </td>
      {canEdit ? (
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
      ) : null}
    </tr>
  );
}
