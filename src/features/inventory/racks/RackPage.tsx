"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError, numberValue, optionalNumber } from "@/features/ui/Field";
import { CheckField, SelectField } from "@/features/ui/Select";
import { DEVICE_ROLE_OPTIONS } from "@/server/services/devices/schemas";
import { SiteNav } from "../common/SiteNav";
import { useRefreshAll } from "../common/useSaved";
import { PortGroupFields, readPortGroup } from "../devices/PortGroupFields";
import { SiteTree } from "../site/SiteTree";
import { RackFace } from "./Elevation";
import { RackDevices } from "./RackDevices";
import { RackHeader } from "./RackHeader";

/** A rack: its elevation front and rear, its devices, and the form to mount one more. */
export function RackPage({ siteId, rackId }: { siteId: string; rackId: string }) {
  const trpc = useTRPC();
  const data = useQuery(trpc.racks.get.queryOptions({ id: rackId }));
  const { canEdit } = useRights(siteId);
  if (data.error) return <FormError message={formError(data.error)} />;
  if (!data.data) return <p className="muted">Loading…</p>;
  const { rack, devices, openPlans } = data.data;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={rack.siteName} trail={[{ label: `${rack.roomName} · Rack ${rack.name}` }]} />
      <RackHeader rack={rack} />
      {openPlans.length ? (
        <p className="notice notice--plan" role="note" aria-label="Open plans">
          {openPlans.length === 1 ? "An open change plan changes this rack:" : `${openPlans.length} open change plans change this rack:`}{" "}
          {openPlans.map((p, i) => (
            <span key={p.id}>
              {i > 0 ? ", " : ""}
              <Link href={`/sites/${siteId}/racks/${rackId}?plan=${p.id}`}>{p.name}</Link> <span className="muted">({p.status})</span>
            </span>
          ))}
          .
        </p>
      ) : null}
      <div className="with-tree">
        <SiteTree siteId={siteId} currentRackId={rackId} />
        <div className="with-tree__main">
          <section className="card">
            <h2>Elevation</h2>
            <div className="elevations">
              <RackFace siteId={siteId} face="front" uHeight={rack.uHeight} devices={devices} />
              <RackFace siteId={siteId} face="rear" uHeight={rack.uHeight} devices={devices} />
            </div>
          </section>
          <section className="card">
            <h2>Devices</h2>
            {devices.length === 0 ? (
              <p className="muted">{canEdit ? "Nothing mounted yet. Add the first device below." : "Nothing mounted yet."}</p>
            ) : (
              <RackDevices rackName={rack.name} devices={devices} hrefOf={(d) => `/sites/${siteId}/devices/${d.id}`} />
            )}
          </section>
          {canEdit ? <AddDeviceForm siteId={siteId} rackId={rackId} /> : null}
        </div>
      </div>
    </div>
  );
}

function AddDeviceForm({ siteId, rackId }: { siteId: string; rackId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refreshAll = useRefreshAll();
  const [formKey, setFormKey] = useState(0);
  const [portKind, setPortKind] = useState<"" | "transceiver" | "adapter">("");
  const templates = useQuery(trpc.catalog.templates.queryOptions());
  const [templateId, setTemplateId] = useState("");
  const [role, setRole] = useState<string>("switch");
  const [uHeight, setUHeight] = useState("1");
  const template = templates.data?.find((x) => x.id === templateId);
  const create = useMutation(
    trpc.devices.create.mutationOptions({
      onSuccess: async (device) => {
        setFormKey((k) => k + 1);
        setTemplateId("");
        setRole("switch");
        setUHeight("1");
        await refreshAll();
        router.push(`/sites/${siteId}/devices/${device.id}`);
      },
    }),
  );
  const errors = fieldErrors(create.error);
  return (
    <section className="card">
      <h2>Add a device</h2>
      <form
        key={formKey}
        className="form-grid"
        noValidate
        aria-label="Add a device"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const names = String(f.get("portNames") ?? "").trim();
          create.mutate({
            siteId,
            rackId,
            name: String(f.get("name") ?? ""),
            ...(templateId ? { templateId } : {}),
            role: role as (typeof DEVICE_ROLE_OPTIONS)[number],
            model: String(f.get("model") ?? ""),
            uPosition: optionalNumber(f, "uPosition"),
            uHeight: numberValue(f, "uHeight"),
            face: String(f.get("face")) as "front" | "rear",
            fullDepth: f.get("fullDepth") === "on",
            bays: numberValue(f, "bays"),
            ports: portKind && names ? [readPortGroup(f, portKind, names)] : [],
          });
        }}
      >
        <Field label="Device name" name="name" error={errors.name} placeholder="leaf1" />
        {templates.data?.length ? (
          <SelectField
            label="Device type"
            value={templateId}
            error={errors.templateId}
            hint={template ? `${template.ports || "no ports"}${template.bays.length ? `, ${template.bays.length} bays` : ""}` : "Imported switch models and panel housings"}
            onChange={(e) => {
              const next = templates.data?.find((x) => x.id === e.target.value);
              setTemplateId(e.target.value);
              if (next) {
                setRole(next.role);
                setUHeight(String(next.uHeight));
              }
            }}
            options={[{ value: "", label: "none: describe it here" }, ...templates.data.map((x) => ({ value: x.id, label: `${x.manufacturer} ${x.model}`.trim() || x.id }))]}
          />
        ) : null}
        <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value)} error={errors.role} options={DEVICE_ROLE_OPTIONS} />
        <Field label="Model" name="model" error={errors.model} placeholder={template ? `${template.manufacturer} ${template.model}` : "Arista 7050CX3"} />
        <Field label="Lowest unit (U)" name="uPosition" type="number" error={errors.uPosition} />
        <Field label="Height (U)" name="uHeight" type="number" value={uHeight} onChange={(e) => setUHeight(e.target.value)} error={errors.uHeight} />
        <SelectField label="Mounted on" name="face" defaultValue="front" error={errors.face} options={["front", "rear"]} />
        <CheckField label="Full depth" name="fullDepth" />
        <Field label={template ? "Extra module bays" : "Module bays"} name="bays" type="number" defaultValue={0} error={errors.bays} hint="Slots for cassettes or adapter plates" />
        <SelectField
          label={template ? "Extra ports" : "Ports"}
          name="portKind"
          value={portKind}
          onChange={(e) => setPortKind(e.target.value as "" | "transceiver" | "adapter")}
          options={[
            { value: "", label: "none now" },
            { value: "transceiver", label: "cages (for transceivers)" },
            { value: "adapter", label: "adapters (panel)" },
          ]}
        />
        {portKind ? (
          <Field label="Port names" name="portNames" error={errors["ports.0.names"]} placeholder={portKind === "transceiver" ? "Ethernet1/1..32" : "1..24"} hint="A name, or a range like 1..24" />
        ) : null}
        {portKind ? <PortGroupFields kind={portKind} errorOf={(k) => errors[`ports.0.${k}`]} /> : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Add device
          </button>
        </div>
        <FormError message={formError(create.error)} />
      </form>
    </section>
  );
}
