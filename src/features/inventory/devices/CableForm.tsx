"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { CheckField, SelectField } from "@/features/ui/Select";
import { OutcomeNotice, PreviewWarnings, type Outcome } from "../common/Outcome";
import { useRefreshAll } from "../common/useSaved";
import { trunkChoices } from "./cable-choices";
import { portSides, type DevicePort } from "./types";

type CableKindFilter = "patch-cord" | "trunk" | "harness" | "conversion";

interface End {
  deviceId: string;
  /** `${portId}@${side}` */
  place: string;
}

/** The free places of a device's ports as select options ("1/3", "4 rear"); taken ones are shown disabled. */
function placeOptions(ports: DevicePort[]) {
  const out: { value: string; label: string; disabled: boolean }[] = [];
  for (const p of ports) {
    const sides = portSides(p);
    for (const s of sides) {
      const where = sides.length > 1 ? `${p.name} ${s.side}` : p.name;
      const what = p.kind === "transceiver" ? (p.transceiver ? p.transceiver.typeId : "no transceiver") : p.family;
      out.push({ value: `${p.id}@${s.side}`, label: s.holder ? `${where} — holds ${s.holder}` : `${where} (${what})`, disabled: s.holder !== null });
    }
  }
  return out;
}

function ConnectorRow({
  connector,
  family,
  end,
  devices,
  onChange,
  error,
}: {
  connector: string;
  family: string;
  end: End;
  devices: { id: string; name: string }[];
  onChange: (e: End) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const device = useQuery({ ...trpc.devices.get.queryOptions({ id: end.deviceId }), enabled: !!end.deviceId });
  const options = useMemo(() => placeOptions(device.data?.ports ?? []), [device.data]);
  const id = useId();
  return (
    <div className={`connector-row${error ? " field--invalid" : ""}`}>
      <span className="connector-row__name">
        {connector} <span className="muted">{family}</span>
      </span>
      <select aria-label={`Device for connector ${connector}`} value={end.deviceId} onChange={(e) => onChange({ deviceId: e.target.value, place: "" })}>
        <option value="">device…</option>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <select id={id} aria-label={`Port for connector ${connector}`} value={end.place} onChange={(e) => onChange({ ...end, place: e.target.value })} aria-invalid={error ? true : undefined}>
        <option value="">{device.isFetching ? "loading…" : "port…"}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
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

/**
 * Adds a cable of a catalog type — patch cord, trunk, harness — and plugs each of its connectors
 * into a chosen port. The channels it would touch are judged before saving and the warnings shown.
 */
export function CableForm({ siteId, deviceId, title = "Add a cable", defaultKind = "patch-cord", fixedPlace }: { siteId: string; deviceId: string; title?: string; defaultKind?: CableKindFilter; fixedPlace?: { connector: string; place: string } }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const listId = useId();
  const [kind, setKind] = useState<CableKindFilter>(defaultKind);
  const [typeId, setTypeId] = useState("");
  const [farDevice, setFarDevice] = useState("");
  const [ends, setEnds] = useState<Record<string, End>>({});
  const [label, setLabel] = useState("");
  const [length, setLength] = useState("2");
  const [confirm, setConfirm] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const listed = useQuery(trpc.catalog.list.queryOptions({ kind: "cable", cableKind: kind, limit: 2000 }));
  // A trunk is a multi-leg trunk or a single-leg MPO cable (a "cord" type) run between panel rears: of the panel's families.
  const cordTypes = useQuery({ ...trpc.catalog.list.queryOptions({ kind: "cable", cableKind: "patch-cord", limit: 2000 }), enabled: kind === "trunk" });
  const here = useQuery(trpc.devices.get.queryOptions({ id: deviceId }));
  const types = useMemo(() => {
    if (kind !== "trunk") return { data: listed.data };
    const families = new Set((here.data?.ports ?? []).map((p) => p.family).filter((f): f is string => !!f));
    return { data: trunkChoices([...(listed.data ?? []), ...(cordTypes.data ?? [])], families) };
  }, [kind, listed.data, cordTypes.data, here.data]);
  const devices = useQuery(trpc.devices.list.queryOptions({ siteId, limit: 500 }));
  // Any catalog slug works, including parametric built-ins the list does not enumerate.
  const slug = /^[A-Za-z0-9][A-Za-z0-9._-]{2,}$/.test(typeId);
  const type = useQuery({ ...trpc.catalog.get.queryOptions({ id: typeId }), enabled: slug, retry: false });
  const known = type.data?.definition.kind === "cable";
  const connectors = type.data?.definition.kind === "cable" ? type.data.definition.connectors : [];

  // New type: every a-connector starts on this device, every b-connector on the far device.
  useEffect(() => {
    const next: Record<string, End> = {};
    for (const c of connectors) {
      const keep = ends[c.id];
      next[c.id] = keep ?? { deviceId: c.end === "a" ? deviceId : farDevice, place: "" };
      if (fixedPlace && c.id === fixedPlace.connector && !keep) next[c.id] = { deviceId, place: fixedPlace.place };
    }
    setEnds(next);
  }, [type.data]);

  const endList = connectors
    .map((c) => ({ connector: c.id, end: ends[c.id] }))
    .filter((e): e is { connector: string; end: End } => !!e.end && !!e.end.place)
    .map(({ connector, end }) => {
      const [portId, side] = end.place.split("@") as [string, "front" | "rear"];
      return { connector, portId, side };
    });
  const lengthM = Number(length);
  const previewInput = { siteId, typeId, label, lengthM: Number.isFinite(lengthM) && lengthM > 0 ? lengthM : 2, ends: endList };
  const preview = useQuery({ ...trpc.cables.preview.queryOptions(previewInput), enabled: known && endList.length > 0, retry: false });

  const create = useMutation(
    trpc.cables.create.mutationOptions({
      onSuccess: async (res) => {
        setOutcome(res.outcome);
        setTypeId("");
        setEnds({});
        setLabel("");
        setConfirm(false);
        await refreshAll();
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const previewErrors = fieldErrors(preview.error);
  const mismatch = (preview.data?.familyMismatches.length ?? 0) > 0;

  return (
    <section className="card">
      <h2>{title}</h2>
      <OutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />
      <form
        className="form-grid form-grid--wide"
        noValidate
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ siteId, typeId, label, lengthM: Number(length === "" ? Number.NaN : length), ends: endList, confirmFamilyMismatch: confirm });
        }}
      >
        <SelectField
          label="Kind"
          value={kind}
          onChange={(e) => (setKind(e.target.value as CableKindFilter), setTypeId(""))}
          options={[
            { value: "patch-cord", label: "Patch cord" },
            { value: "trunk", label: "Trunk" },
            { value: "harness", label: "Harness (breakout)" },
            { value: "conversion", label: "Conversion cord" },
          ]}
        />
        <Field
          label="Cable type"
          list={listId}
          value={typeId}
          onChange={(e) => setTypeId(e.target.value.trim())}
          error={errors.typeId ?? previewErrors.typeId}
          placeholder={kind === "trunk" ? "trunk-12xmpo12-typeB-mm-om4" : "lc-ab-om4"}
          hint={type.data ? type.data.name : slug && type.isError ? "Not in the catalog" : "Type to search the catalog"}
        />
        <datalist id={listId}>
          {types.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </datalist>
        <SelectField
          label="Far device"
          value={farDevice}
          onChange={(e) => {
            const far = e.target.value;
            setFarDevice(far);
            setEnds((cur) => Object.fromEntries(Object.entries(cur).map(([k, v]) => [k, connectors.find((c) => c.id === k)?.end === "b" ? { deviceId: far, place: "" } : v])));
          }}
          placeholder="choose…"
          options={(devices.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}${d.rackName ? ` (${d.rackName})` : ""}` }))}
          hint="Where the B end goes"
        />
        <Field label="Label" name="label" value={label} onChange={(e) => setLabel(e.target.value)} error={errors.label} placeholder="N1" />
        <Field label="Length (m)" name="lengthM" type="number" step="0.1" value={length} onChange={(e) => setLength(e.target.value)} error={errors.lengthM} />
        {connectors.length ? (
          <fieldset className="connectors">
            <legend>Where each connector goes</legend>
            {connectors.map((c, i) => (
              <ConnectorRow
                key={c.id}
                connector={c.id}
                family={`${c.family}${c.gender ? ` ${c.gender}` : ""} ${c.polish}`}
                end={ends[c.id] ?? { deviceId: "", place: "" }}
                devices={devices.data?.items ?? []}
                onChange={(v) => setEnds((cur) => ({ ...cur, [c.id]: v }))}
                error={errors[`ends.${endList.findIndex((x) => x.connector === c.id)}.portId`] ?? errors[`ends.${i}.connector`]}
              />
            ))}
          </fieldset>
        ) : null}
        {known ? <PreviewWarnings preview={preview.data} pending={preview.isFetching && endList.length > 0} /> : null}
        {mismatch ? <CheckField label="Plug anyway (the connector families differ; it will be flagged)" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Save cable
          </button>
        </div>
        <FormError message={formError(create.error)} />
      </form>
    </section>
  );
}
