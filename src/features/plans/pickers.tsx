"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import type { Planned } from "./types";

/** A labelled select (the pickers' building block), with the server's message for its field. */
function Pick({ label, value, onChange, options, error, placeholder }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; error?: string; placeholder: string }) {
  const id = useId();
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The site's devices, and the ones the plan installs. */
export function useDevices(siteId: string, planned: Planned) {
  const trpc = useTRPC();
  const list = useQuery(trpc.devices.list.queryOptions({ siteId, limit: 500 }));
  return useMemo(
    () => [...(list.data?.items ?? []).map((d) => ({ id: d.id, name: d.name, planned: false })), ...planned.devices.map((d) => ({ id: d.id, name: d.name, planned: true }))],
    [list.data, planned.devices],
  );
}

export function DevicePicker({ siteId, planned, value, onChange, error, label = "Device" }: { siteId: string; planned: Planned; value: string; onChange: (id: string) => void; error?: string; label?: string }) {
  const devices = useDevices(siteId, planned);
  return <Pick label={label} value={value} onChange={onChange} error={error} placeholder="device…" options={devices.map((d) => ({ value: d.id, label: d.planned ? `${d.name} (planned)` : d.name }))} />;
}

/** Ports of one device (live and planned), as "name — what is there". */
function usePorts(deviceId: string, planned: Planned) {
  const trpc = useTRPC();
  const isPlanned = planned.devices.some((d) => d.id === deviceId);
  const device = useQuery({ ...trpc.devices.get.queryOptions({ id: deviceId }), enabled: !!deviceId && !isPlanned });
  return useMemo(() => {
    const live = (device.data?.ports ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      transceiverId: p.transceiver?.id ?? null,
      detail:
        p.kind === "transceiver"
          ? p.transceiver
            ? p.transceiver.typeId
            : "empty cage"
          : `${p.family}${p.plugs.length ? ` — ${p.plugs.map((x) => `${x.side}: ${x.label || "cable"}`).join(", ")}` : ""}`,
    }));
    const mine = planned.ports
      .filter((p) => p.deviceId === deviceId)
      .map((p) => ({ id: p.id, name: p.name, kind: p.kind, transceiverId: planned.transceivers.find((x) => x.portId === p.id)?.id ?? null, detail: `planned ${p.family ?? "cage"}` }));
    for (const p of live) {
      const x = planned.transceivers.find((t) => t.portId === p.id);
      if (x) p.detail = `${p.detail} (plan inserts ${x.typeId})`;
    }
    return [...live, ...mine];
  }, [device.data, planned, deviceId]);
}

/** A port: its device, then the port. `cages` keeps transceiver ports only. */
export function PortPicker({
  siteId,
  planned,
  value,
  onChange,
  error,
  label,
  cages,
  initialDevice = "",
}: {
  siteId: string;
  planned: Planned;
  value: string;
  onChange: (id: string) => void;
  error?: string;
  label: string;
  cages?: boolean;
  initialDevice?: string;
}) {
  const [deviceId, setDeviceId] = useState(initialDevice);
  const ports = usePorts(deviceId, planned);
  return (
    <>
      <DevicePicker siteId={siteId} planned={planned} value={deviceId} onChange={(d) => (setDeviceId(d), onChange(""))} label={`${label}: device`} />
      <Pick
        label={`${label}: port`}
        value={value}
        onChange={onChange}
        error={error}
        placeholder={deviceId ? "port…" : "choose the device first"}
        options={ports.filter((p) => !cages || p.kind === "transceiver").map((p) => ({ value: p.id, label: `${p.name} (${p.detail})` }))}
      />
    </>
  );
}

/** A transceiver: its device, then the cage that holds it. */
export function TransceiverPicker({ siteId, planned, value, onChange, error }: { siteId: string; planned: Planned; value: string; onChange: (id: string) => void; error?: string }) {
  const [deviceId, setDeviceId] = useState("");
  const ports = usePorts(deviceId, planned);
  return (
    <>
      <DevicePicker siteId={siteId} planned={planned} value={deviceId} onChange={(d) => (setDeviceId(d), onChange(""))} />
      <Pick
        label="Transceiver"
        value={value}
        onChange={onChange}
        error={error}
        placeholder={deviceId ? "cage…" : "choose the device first"}
        options={ports.filter((p) => p.transceiverId).map((p) => ({ value: p.transceiverId!, label: `${p.name} (${p.detail})` }))}
      />
    </>
  );
}

/** A cassette or plate: its device, then the bay. */
export function ModulePicker({ siteId, planned, value, onChange, error }: { siteId: string; planned: Planned; value: string; onChange: (id: string) => void; error?: string }) {
  const trpc = useTRPC();
  const [deviceId, setDeviceId] = useState("");
  const device = useQuery({ ...trpc.devices.get.queryOptions({ id: deviceId }), enabled: !!deviceId && !planned.devices.some((d) => d.id === deviceId) });
  const options = (device.data?.bays ?? []).filter((b) => b.module).map((b) => ({ value: b.module!.id, label: `bay ${b.name}: ${b.module!.typeId ?? "adapter plate"}` }));
  return (
    <>
      <DevicePicker siteId={siteId} planned={planned} value={deviceId} onChange={(d) => (setDeviceId(d), onChange(""))} />
      <Pick label="Module" value={value} onChange={onChange} error={error} placeholder={deviceId ? "bay…" : "choose the device first"} options={options} />
    </>
  );
}

/** A live cable, by label (with where it is plugged), filtered as you type. */
export function CablePicker({ siteId, value, onChange, error }: { siteId: string; value: string; onChange: (id: string) => void; error?: string }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const list = useQuery(trpc.cables.list.queryOptions({ siteId, limit: 500, ...(q.trim() ? { q: q.trim() } : {}) }));
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Find a cable</label>
        <input id={id} value={q} onChange={(e) => setQ(e.target.value)} placeholder="label starts with…" />
      </div>
      <Pick
        label="Cable"
        value={value}
        onChange={onChange}
        error={error}
        placeholder="cable…"
        options={(list.data?.items ?? [])
          .filter((c) => c.status !== "decommissioned")
          .map((c) => ({ value: c.id, label: `${c.label || `#${c.id.slice(0, 8)}`} — ${c.typeId}${c.ends.length ? ` (${c.ends.map((e) => e.port).join(" ↔ ")})` : ""}` }))}
      />
    </>
  );
}

/** Catalog types of one kind, for a datalist. */
export function TypeList({ id, kind }: { id: string; kind: "cable" | "module" | "transceiver" }) {
  const trpc = useTRPC();
  const types = useQuery(trpc.catalog.list.queryOptions({ kind, limit: 2000 }));
  return (
    <datalist id={id}>
      {types.data?.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </datalist>
  );
}
