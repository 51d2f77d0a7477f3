"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { CONNECTOR_FAMILY_OPTIONS } from "@/server/services/devices/schemas";
import { useRefreshAll } from "../common/useSaved";

/** Adds a group of cages or adapters to a device. */
export function AddPortsForm({ deviceId, defaultKind }: { deviceId: string; defaultKind: "transceiver" | "adapter" }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const [kind, setKind] = useState(defaultKind);
  const [formKey, setFormKey] = useState(0);
  const add = useMutation(trpc.devices.addPorts.mutationOptions({ onSuccess: async () => (setFormKey((k) => k + 1), await refreshAll()) }));
  const errors = fieldErrors(add.error);
  return (
    <section className="card">
      <h2>Add ports</h2>
      <form
        key={formKey}
        className="form-grid"
        noValidate
        aria-label="Add ports"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const names = String(f.get("names") ?? "");
          add.mutate({
            deviceId,
            group:
              kind === "adapter"
                ? { names, kind, family: String(f.get("family")) as (typeof CONNECTOR_FAMILY_OPTIONS)[number], keyType: String(f.get("keyType")) as "A" | "B" }
                : { names, kind, cage: String(f.get("cage") ?? "") },
          });
        }}
      >
        <SelectField
          label="Port kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as "transceiver" | "adapter")}
          options={[
            { value: "transceiver", label: "Cages (for transceivers)" },
            { value: "adapter", label: "Adapters" },
          ]}
        />
        <Field label="Names" name="names" error={errors["group.names"]} placeholder={kind === "adapter" ? "1..24" : "Ethernet1/1..32"} hint="A name, or a range like 1..24" />
        {kind === "adapter" ? (
          <>
            <SelectField label="Adapter family" name="family" defaultValue="MPO-12" error={errors["group.family"]} options={CONNECTOR_FAMILY_OPTIONS} />
            <SelectField
              label="Adapter key"
              name="keyType"
              defaultValue="A"
              error={errors["group.keyType"]}
              options={[
                { value: "A", label: "A: key-up to key-down" },
                { value: "B", label: "B: key-up to key-up" },
              ]}
            />
          </>
        ) : (
          <Field label="Cage type" name="cage" placeholder="qsfp28" error={errors["group.cage"]} />
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={add.isPending}>
            Add ports
          </button>
        </div>
        <FormError message={formError(add.error)} />
      </form>
    </section>
  );
}
