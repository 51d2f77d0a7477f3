"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { useRefreshAll } from "../common/useSaved";
import { PortGroupFields, readPortGroup } from "./PortGroupFields";

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
            group: readPortGroup(f, kind, names),
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
        <PortGroupFields kind={kind} errorOf={(k) => errors[`group.${k}`]} />
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
