"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { ConfirmAction, FormActions } from "@/features/ui/Actions";
import { Field, FormError, numberValue, optionalNumber } from "@/features/ui/Field";
import { CheckField, SelectField } from "@/features/ui/Select";
import { DEVICE_ROLE_OPTIONS } from "@/server/services/devices/schemas";
import { OutcomeNotice, type Outcome } from "../common/Outcome";
import { useRefreshAll } from "../common/useSaved";
import type { DeviceView } from "./types";

/** The device's name, place and identifier, with edit (rename, move) and delete. */
export function DeviceHeader({ siteId, view, canEdit }: { siteId: string; view: DeviceView; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refreshAll = useRefreshAll();
  const d = view.device;
  /** The version the editor opened: a save made after someone else's is refused, never lost. */
  const [editing, setEditing] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const racks = useQuery({ ...trpc.racks.list.queryOptions({ siteId }), enabled: editing !== null });
  const update = useMutation(trpc.devices.update.mutationOptions({ onSuccess: async (res) => (setEditing(null), setOutcome(res.outcome), await refreshAll()) }));
  const remove = useMutation(trpc.devices.delete.mutationOptions({ onSuccess: async () => (await refreshAll(), router.push(d.rackId ? `/sites/${siteId}/racks/${d.rackId}` : `/sites/${siteId}`)) }));
  const errors = fieldErrors(update.error);

  if (editing !== null && !racks.data) return <p className="muted">Loading…</p>;
  if (editing !== null) {
    return (
      <section className="card">
        <form
          className="form-grid"
          noValidate
          aria-label={`Edit device ${d.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const rackId = String(f.get("rackId") ?? "");
            update.mutate({
              id: d.id,
              version: editing,
              name: String(f.get("name") ?? ""),
              role: String(f.get("role")) as (typeof DEVICE_ROLE_OPTIONS)[number],
              model: String(f.get("model") ?? ""),
              rackId: rackId || null,
              uPosition: optionalNumber(f, "uPosition"),
              uHeight: numberValue(f, "uHeight"),
              face: String(f.get("face")) as "front" | "rear",
              fullDepth: f.get("fullDepth") === "on",
            });
          }}
        >
          <Field label="Device name" name="name" defaultValue={d.name} error={errors.name} />
          <SelectField label="Role" name="role" defaultValue={d.role} error={errors.role} options={DEVICE_ROLE_OPTIONS} />
          <Field label="Model" name="model" defaultValue={d.model} error={errors.model} />
          <SelectField
            label="Rack"
            name="rackId"
            defaultValue={d.rackId ?? ""}
            error={errors.rackId}
            options={[{ value: "", label: "not in a rack" }, ...(racks.data ?? []).map((r) => ({ value: r.id, label: `${r.roomName} · ${r.name}` }))]}
          />
          <Field label="Lowest unit (U)" name="uPosition" type="number" defaultValue={d.uPosition ?? ""} error={errors.uPosition} />
          <Field label="Height (U)" name="uHeight" type="number" defaultValue={d.uHeight} error={errors.uHeight} />
          <SelectField label="Mounted on" name="face" defaultValue={d.face} error={errors.face} options={["front", "rear"]} />
          <CheckField label="Full depth" name="fullDepth" defaultChecked={d.fullDepth} />
          <FormActions save="Save device" pending={update.isPending} onCancel={() => (setEditing(null), update.reset())} />
          <FormError message={formError(update.error)} />
        </form>
      </section>
    );
  }
  return (
    <>
      <header className="page__header page__header--actions">
        <div>
          <h1>
            {d.name} <code className="badge">{d.tia}</code>
          </h1>
          <p className="muted">
            {d.role}
            {d.model ? ` · ${d.model}` : ""} ·{" "}
            {d.rackId ? (
              <>
                <Link href={`/sites/${siteId}/racks/${d.rackId}`}>
                  {d.roomName} · rack {d.rackName}
                </Link>
                {d.uPosition !== null ? `, U${d.uPosition}${d.uHeight > 1 ? `-U${d.uPosition + d.uHeight - 1}` : ""} ${d.face}` : ", not placed"}
                {d.fullDepth ? ", full depth" : ""}
              </>
            ) : (
              "not in a rack"
            )}
          </p>
        </div>
        {canEdit ? (
          <div className="button-row">
            <button type="button" className="button" onClick={() => (setEditing(d.version), setOutcome(null))}>
              Edit device
            </button>
            <ConfirmAction label="Delete device" yes="Yes, delete" question={`Delete ${d.name}?`} onConfirm={() => remove.mutate({ id: d.id, version: d.version })} onCancel={() => remove.reset()} />
          </div>
        ) : null}
        <FormError message={formError(remove.error)} />
      </header>
      <OutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />
    </>
  );
}
