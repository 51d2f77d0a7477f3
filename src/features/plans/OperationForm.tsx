"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { OperationInput } from "@/server/services/plans/operations";
import { FAMILY_OPTIONS, OPERATION_TITLES } from "@/server/services/plans/operations";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { CablePicker, DevicePicker, ModulePicker, PortPicker, TransceiverPicker, TypeList } from "./pickers";
import type { Planned } from "./types";

type Kind = OperationInput["kind"];
type Values = Record<string, string>;
const KINDS = Object.keys(OPERATION_TITLES) as Kind[];

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Form values of a stored operation (to edit it). */
function valuesOf(payload: Record<string, unknown>): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(payload)) if (typeof v !== "object" || v === null) out[k] = str(v);
  const ends = payload.ends as { connector: string; portId: string; side?: string }[] | undefined;
  ends?.forEach((e) => {
    out[`end.${e.connector}`] = e.portId;
    if (e.side) out[`side.${e.connector}`] = e.side;
  });
  const groups = payload.ports as { names: string; kind: string; family?: string; keyType?: string; cage?: string }[] | undefined;
  if (groups?.[0]) Object.assign(out, { portNames: groups[0].names, portKind: groups[0].kind, portFamily: groups[0].family ?? "", portKey: groups[0].keyType ?? "", portCage: groups[0].cage ?? "" });
  return out;
}

/** Fields whose message the form shows next to them (any other message is shown above the buttons). */
const SHOWN = new Set(["typeId", "label", "lengthM", "cableId", "connector", "portId", "side", "end", "serial", "transceiverId", "deviceId", "bay", "family", "count", "moduleId", "name", "model", "rackId", "uPosition", "uHeight", "bays", "templateId"]);
const shownNextToField = (key: string) => SHOWN.has(key) || /^(ends\.\d+\.(portId|connector|side)|ports\.0\.(names|family|keyType))$/.test(key);

const num = (v: string | undefined) => (v === undefined || v.trim() === "" ? Number.NaN : Number(v));
const opt = <T,>(v: string | undefined, f: (s: string) => T) => (v ? f(v) : undefined);

/** The operation the form's values describe (the server checks and names the fields). */
function operationOf(kind: Kind, v: Values, connectors: string[]): OperationInput {
  switch (kind) {
    case "cable.add":
      return {
        kind,
        typeId: v.typeId ?? "",
        label: v.label ?? "",
        lengthM: num(v.lengthM),
        splices: v.splices ? Number(v.splices) : 0,
        ends: connectors.filter((c) => v[`end.${c}`]).map((c) => ({ connector: c, portId: v[`end.${c}`]!, ...(v[`side.${c}`] ? { side: v[`side.${c}`] as "front" | "rear" } : {}) })),
      };
    case "cable.remove":
      return { kind, cableId: v.cableId ?? "" };
    case "cable.move":
      return { kind, cableId: v.cableId ?? "", connector: v.connector ?? "", portId: v.unplug === "yes" ? null : (v.portId ?? ""), ...(v.side ? { side: v.side as "front" | "rear" } : {}) };
    case "cable.retype":
      return { kind, cableId: v.cableId ?? "", typeId: v.typeId ?? "" };
    case "cable.field":
      return { kind, cableId: v.cableId ?? "", end: (v.end || "a") as "a" | "b", change: (v.change || "gender") as "gender" | "key" };
    case "transceiver.add":
      return { kind, portId: v.portId ?? "", typeId: v.typeId ?? "", serial: v.serial ?? "" };
    case "transceiver.remove":
      return { kind, transceiverId: v.transceiverId ?? "" };
    case "transceiver.move":
      return { kind, transceiverId: v.transceiverId ?? "", portId: v.portId ?? "" };
    case "module.add":
      return {
        kind,
        deviceId: v.deviceId ?? "",
        bay: v.bay ?? "",
        moduleKind: (v.moduleKind || "cassette") as "cassette" | "plate",
        ...(v.typeId ? { typeId: v.typeId } : {}),
        ...(v.family ? { family: v.family as (typeof FAMILY_OPTIONS)[number] } : {}),
        ...(v.keyType ? { keyType: v.keyType as "A" | "B" } : {}),
        ...(opt(v.count, Number) !== undefined ? { count: Number(v.count) } : {}),
        label: v.label ?? "",
      };
    case "module.remove":
      return { kind, moduleId: v.moduleId ?? "" };
    case "module.move":
      return { kind, moduleId: v.moduleId ?? "", bay: v.bay ?? "" };
    case "device.add":
      return {
        kind,
        name: v.name ?? "",
        ...(v.templateId ? { templateId: v.templateId } : {}),
        role: (v.role || "switch") as "switch",
        model: v.model ?? "",
        rackId: v.rackId || null,
        uPosition: v.uPosition ? Number(v.uPosition) : null,
        uHeight: v.uHeight ? Number(v.uHeight) : 1,
        face: (v.face || "front") as "front" | "rear",
        bays: v.bays ? Number(v.bays) : 0,
        ports: v.portNames
          ? [
              {
                names: v.portNames,
                kind: (v.portKind || "transceiver") as "transceiver" | "adapter",
                ...(v.portFamily ? { family: v.portFamily as (typeof FAMILY_OPTIONS)[number] } : {}),
                ...(v.portKey ? { keyType: v.portKey as "A" | "B" } : {}),
                ...(v.portCage ? { cage: v.portCage } : {}),
              },
            ]
          : [],
      };
    case "device.remove":
      return { kind, deviceId: v.deviceId ?? "" };
    case "device.move":
      return { kind, deviceId: v.deviceId ?? "", rackId: v.rackId || null, uPosition: v.uPosition ? Number(v.uPosition) : null, face: (v.face || "front") as "front" | "rear" };
  }
}

/**
 * Writes one operation of a plan: what it does, and the objects it works on (live ones, or ones an
 * earlier operation of the plan installs). The server checks it against the site as the plan leaves
 * it, and names the field of any problem.
 */
export function OperationForm({
  siteId,
  planId,
  version,
  planned,
  portDevices = {},
  editing,
  onDone,
}: {
  siteId: string;
  planId: string;
  version: number;
  planned: Planned;
  portDevices?: Record<string, string>;
  editing?: { id: string; kind: Kind; payload: Record<string, unknown> };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>(editing?.kind ?? "cable.add");
  const [v, setV] = useState<Values>(editing ? valuesOf(editing.payload) : { lengthM: "2" });
  const set = (k: string) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const typeListId = useId();
  const tree = useQuery({ ...trpc.sites.tree.queryOptions({ id: siteId }), enabled: kind === "device.add" || kind === "device.move" });
  const templates = useQuery({ ...trpc.catalog.templates.queryOptions(), enabled: kind === "device.add" });
  const cableType = useQuery({ ...trpc.catalog.get.queryOptions({ id: v.typeId ?? "" }), enabled: kind === "cable.add" && /^[A-Za-z0-9][A-Za-z0-9._-]{2,}$/.test(v.typeId ?? ""), retry: false });
  const def = cableType.data?.definition;
  const connectors = def?.kind === "cable" ? def.connectors.map((c) => ({ id: c.id, family: c.family, gender: c.gender })) : [];
  const add = useMutation(trpc.plans.addOperation.mutationOptions({ onSuccess: onDone }));
  const replace = useMutation(trpc.plans.replaceOperation.mutationOptions({ onSuccess: onDone }));
  const m = editing ? replace : add;
  const raw = fieldErrors(m.error);
  const errors: Record<string, string> = Object.fromEntries(Object.entries(raw).map(([k, msg]) => [k.replace(/^operation\./, ""), msg]));
  const racks = (tree.data?.rooms ?? []).flatMap((r) => r.rows.flatMap((row) => row.racks.map((k) => ({ value: k.id, label: `${r.name} · ${k.name}` }))));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // Until the type's connectors are known, the ends already placed are the ones to send.
    const ids = connectors.length ? connectors.map((c) => c.id) : Object.keys(v).filter((k) => k.startsWith("end.")).map((k) => k.slice(4));
    const operation = operationOf(kind, v, ids);
    if (editing) replace.mutate({ planId, version, operationId: editing.id, operation });
    else add.mutate({ planId, version, operation });
  };
  const typeField = (k: "cable" | "module" | "transceiver", label: string) => (
    <>
      <Field label={label} list={`${typeListId}-${k}`} value={v.typeId ?? ""} onChange={(e) => set("typeId")(e.target.value.trim())} error={errors.typeId} hint={k === "cable" && def ? cableType.data?.name : undefined} />
      <TypeList id={`${typeListId}-${k}`} kind={k} />
    </>
  );
  return (
    <form className="op-form form-grid form-grid--wide" onSubmit={submit} aria-label={editing ? "Edit operation" : "Add an operation"}>
      <SelectField label="Operation" value={kind} onChange={(e) => (setKind(e.target.value as Kind), m.reset())} options={KINDS.map((k) => ({ value: k, label: OPERATION_TITLES[k] }))} disabled={!!editing} />
      {kind === "cable.add" ? (
        <>
          {typeField("cable", "Cable type")}
          <Field label="Label" value={v.label ?? ""} onChange={(e) => set("label")(e.target.value)} error={errors.label} />
          <Field label="Length (m)" inputMode="decimal" value={v.lengthM ?? ""} onChange={(e) => set("lengthM")(e.target.value)} error={errors.lengthM} />
          {connectors.length === 0 ? <p className="muted small">Choose a cable type to place its connectors.</p> : null}
          {connectors.map((c, i) => (
            <fieldset key={c.id} className="connectors">
              <legend>
                Connector {c.id} ({c.family}
                {c.gender ? `, ${c.gender === "male" ? "pinned" : "unpinned"}` : ""})
              </legend>
              <div className="form-grid">
                <PortPicker siteId={siteId} planned={planned} initialDevice={portDevices[v[`end.${c.id}`] ?? ""] ?? ""} label={`Connector ${c.id}`} value={v[`end.${c.id}`] ?? ""} onChange={set(`end.${c.id}`)} error={errors[`ends.${i}.portId`] ?? errors[`ends.${i}.connector`]} />
                <SelectField
                  label={`Connector ${c.id}: side`}
                  value={v[`side.${c.id}`] ?? ""}
                  onChange={(e) => set(`side.${c.id}`)(e.target.value)}
                  options={[
                    { value: "", label: "outer side / front" },
                    { value: "front", label: "front" },
                    { value: "rear", label: "rear" },
                  ]}
                  error={errors[`ends.${i}.side`]}
                />
              </div>
            </fieldset>
          ))}
        </>
      ) : null}
      {kind === "cable.remove" || kind === "cable.move" || kind === "cable.retype" || kind === "cable.field" ? <CablePicker siteId={siteId} value={v.cableId ?? ""} onChange={set("cableId")} error={errors.cableId} /> : null}
      {kind === "cable.move" ? (
        <>
          <Field label="Connector" value={v.connector ?? ""} onChange={(e) => set("connector")(e.target.value.trim())} error={errors.connector} hint="a1, b1, b2…" />
          <SelectField label="To" value={v.unplug ?? ""} onChange={(e) => set("unplug")(e.target.value)} options={[{ value: "", label: "another port" }, { value: "yes", label: "nowhere (unplug it)" }]} />
          {v.unplug !== "yes" ? <PortPicker siteId={siteId} planned={planned} label="New place" value={v.portId ?? ""} onChange={set("portId")} error={errors.portId} /> : null}
          <SelectField label="Side" value={v.side ?? ""} onChange={(e) => set("side")(e.target.value)} options={[{ value: "", label: "outer side / front" }, "front", "rear"]} error={errors.side} />
        </>
      ) : null}
      {kind === "cable.retype" ? typeField("cable", "New cable type") : null}
      {kind === "cable.field" ? (
        <>
          <SelectField label="End" value={v.end || "a"} onChange={(e) => set("end")(e.target.value)} options={[{ value: "a", label: "A end" }, { value: "b", label: "B end" }]} error={errors.end} />
          <SelectField
            label="Change"
            value={v.change || "gender"}
            onChange={(e) => set("change")(e.target.value)}
            options={[
              { value: "gender", label: "re-pin (pins in or out)" },
              { value: "key", label: "re-key (turn the key)" },
            ]}
          />
        </>
      ) : null}
      {kind === "transceiver.add" ? (
        <>
          <PortPicker siteId={siteId} planned={planned} initialDevice={portDevices[v.portId ?? ""] ?? ""} label="Cage" cages value={v.portId ?? ""} onChange={set("portId")} error={errors.portId} />
          {typeField("transceiver", "Transceiver type")}
          <Field label="Serial" value={v.serial ?? ""} onChange={(e) => set("serial")(e.target.value)} error={errors.serial} />
        </>
      ) : null}
      {kind === "transceiver.remove" || kind === "transceiver.move" ? <TransceiverPicker siteId={siteId} planned={planned} value={v.transceiverId ?? ""} onChange={set("transceiverId")} error={errors.transceiverId} /> : null}
      {kind === "transceiver.move" ? <PortPicker siteId={siteId} planned={planned} label="New cage" cages value={v.portId ?? ""} onChange={set("portId")} error={errors.portId} /> : null}
      {kind === "module.add" ? (
        <>
          <DevicePicker siteId={siteId} planned={planned} label="Panel or enclosure" value={v.deviceId ?? ""} onChange={set("deviceId")} error={errors.deviceId} />
          <Field label="Bay" value={v.bay ?? ""} onChange={(e) => set("bay")(e.target.value)} error={errors.bay} />
          <SelectField label="Kind" value={v.moduleKind || "cassette"} onChange={(e) => set("moduleKind")(e.target.value)} options={[{ value: "cassette", label: "cassette" }, { value: "plate", label: "adapter plate" }]} />
          {v.moduleKind === "plate" ? (
            <>
              <SelectField label="Family" value={v.family ?? ""} onChange={(e) => set("family")(e.target.value)} options={[...FAMILY_OPTIONS]} placeholder="family…" error={errors.family} />
              <SelectField label="Key" value={v.keyType ?? ""} onChange={(e) => set("keyType")(e.target.value)} options={["A", "B"]} placeholder="key…" />
              <Field label="Adapters" inputMode="numeric" value={v.count ?? ""} onChange={(e) => set("count")(e.target.value)} error={errors.count} />
            </>
          ) : (
            typeField("module", "Cassette type")
          )}
        </>
      ) : null}
      {kind === "module.remove" || kind === "module.move" ? <ModulePicker siteId={siteId} planned={planned} value={v.moduleId ?? ""} onChange={set("moduleId")} error={errors.moduleId} /> : null}
      {kind === "module.move" ? <Field label="New bay" value={v.bay ?? ""} onChange={(e) => set("bay")(e.target.value)} error={errors.bay} /> : null}
      {kind === "device.add" ? (
        <>
          <Field label="Name" value={v.name ?? ""} onChange={(e) => set("name")(e.target.value)} error={errors.name} />
          {templates.data?.length ? (
            <SelectField
              label="Device type"
              value={v.templateId ?? ""}
              error={errors.templateId}
              onChange={(e) => {
                const t = templates.data?.find((x) => x.id === e.target.value);
                setV((old) => ({ ...old, templateId: e.target.value, ...(t ? { role: t.role, uHeight: String(t.uHeight) } : {}) }));
              }}
              options={[{ value: "", label: "none: describe it here" }, ...templates.data.map((x) => ({ value: x.id, label: `${x.manufacturer} ${x.model}`.trim() || x.id }))]}
            />
          ) : null}
          <SelectField label="Role" value={v.role || "switch"} onChange={(e) => set("role")(e.target.value)} options={["switch", "server", "router", "panel", "enclosure", "other"]} />
          <Field label="Model" value={v.model ?? ""} onChange={(e) => set("model")(e.target.value)} error={errors.model} />
          <SelectField label="Rack" value={v.rackId ?? ""} onChange={(e) => set("rackId")(e.target.value)} options={racks} placeholder="not in a rack" error={errors.rackId} />
          <Field label="Lowest unit" inputMode="numeric" value={v.uPosition ?? ""} onChange={(e) => set("uPosition")(e.target.value)} error={errors.uPosition} />
          <Field label="Height (U)" inputMode="numeric" value={v.uHeight ?? "1"} onChange={(e) => set("uHeight")(e.target.value)} error={errors.uHeight} />
          <Field label="Module bays" inputMode="numeric" value={v.bays ?? "0"} onChange={(e) => set("bays")(e.target.value)} error={errors.bays} />
          <Field label="Ports" value={v.portNames ?? ""} onChange={(e) => set("portNames")(e.target.value)} error={errors["ports.0.names"]} hint="e.g. Ethernet1/1..32 or 1..24" />
          <SelectField label="Port kind" value={v.portKind || "transceiver"} onChange={(e) => set("portKind")(e.target.value)} options={[{ value: "transceiver", label: "cages" }, { value: "adapter", label: "adapters" }]} />
          {v.portKind === "adapter" ? (
            <>
              <SelectField label="Adapter family" value={v.portFamily ?? ""} onChange={(e) => set("portFamily")(e.target.value)} options={[...FAMILY_OPTIONS]} placeholder="family…" error={errors["ports.0.family"]} />
              <SelectField label="Adapter key" value={v.portKey ?? ""} onChange={(e) => set("portKey")(e.target.value)} options={["A", "B"]} placeholder="key…" error={errors["ports.0.keyType"]} />
            </>
          ) : (
            <Field label="Cage type" value={v.portCage ?? ""} onChange={(e) => set("portCage")(e.target.value)} hint="qsfpdd, qsfp28, sfp28…" />
          )}
        </>
      ) : null}
      {kind === "device.remove" || kind === "device.move" ? <DevicePicker siteId={siteId} planned={planned} value={v.deviceId ?? ""} onChange={set("deviceId")} error={errors.deviceId} /> : null}
      {kind === "device.move" ? (
        <>
          <SelectField label="Rack" value={v.rackId ?? ""} onChange={(e) => set("rackId")(e.target.value)} options={racks} placeholder="not in a rack" error={errors.rackId} />
          <Field label="Lowest unit" inputMode="numeric" value={v.uPosition ?? ""} onChange={(e) => set("uPosition")(e.target.value)} error={errors.uPosition} />
          <SelectField label="Face" value={v.face || "front"} onChange={(e) => set("face")(e.target.value)} options={["front", "rear"]} />
        </>
      ) : null}
      <FormError message={formError(m.error) ?? (m.error && !Object.keys(errors).some(shownNextToField) ? m.error.message : null)} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={m.isPending || (kind === "cable.add" && cableType.isFetching)}>
          {editing ? "Save operation" : "Add to plan"}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
