"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError, numberValue } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { CONNECTOR_FAMILY_OPTIONS } from "@/server/services/devices/schemas";
import { useRefreshAll } from "../common/useSaved";
import type { DeviceBay } from "./types";

/** Installs a cassette (a catalog module type) or an adapter plate in an empty bay. */
export function ModuleForm({ deviceId, bays }: { deviceId: string; bays: DeviceBay[] }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const listId = useId();
  const free = bays.filter((b) => !b.module);
  const [kind, setKind] = useState<"cassette" | "plate">("cassette");
  const [formKey, setFormKey] = useState(0);
  const types = useQuery({ ...trpc.catalog.list.queryOptions({ kind: "module", limit: 2000 }), enabled: free.length > 0 });
  const install = useMutation(trpc.devices.installModule.mutationOptions({ onSuccess: async () => (setFormKey((k) => k + 1), await refreshAll()) }));
  const errors = fieldErrors(install.error);
  if (free.length === 0) return null;
  return (
    <section className="card">
      <h2>Install a module</h2>
      <form
        key={formKey}
        className="form-grid"
        noValidate
        aria-label="Install a module"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const bay = String(f.get("bay") ?? "");
          if (kind === "cassette") install.mutate({ deviceId, bay, kind, typeId: String(f.get("typeId") ?? "").trim() });
          else
            install.mutate({
              deviceId,
              bay,
              kind,
              family: String(f.get("family")) as (typeof CONNECTOR_FAMILY_OPTIONS)[number],
              keyType: String(f.get("keyType")) as "A" | "B",
              count: numberValue(f, "count"),
            });
        }}
      >
        <SelectField label="Bay" name="bay" error={errors.bay} options={free.map((b) => b.name)} />
        <SelectField
          label="Module"
          value={kind}
          onChange={(e) => setKind(e.target.value as "cassette" | "plate")}
          options={[
            { value: "cassette", label: "Cassette" },
            { value: "plate", label: "Adapter plate" },
          ]}
        />
        {kind === "cassette" ? (
          <>
            <Field label="Cassette type" name="typeId" list={listId} error={errors.typeId} placeholder="cas-mpo12-6xlc-methodA-m-om4" hint="Type to search the catalog" />
            <datalist id={listId}>
              {types.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </datalist>
          </>
        ) : (
          <>
            <SelectField label="Adapter family" name="family" defaultValue="LC" error={errors.family} options={CONNECTOR_FAMILY_OPTIONS} />
            <SelectField
              label="Adapter key"
              name="keyType"
              defaultValue="B"
              error={errors.keyType}
              options={[
                { value: "A", label: "A: key-up to key-down" },
                { value: "B", label: "B: key-up to key-up" },
              ]}
            />
            <Field label="Adapters" name="count" type="number" defaultValue={6} error={errors.count} />
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={install.isPending}>
            Install module
          </button>
        </div>
        <FormError message={formError(install.error)} />
      </form>
    </section>
  );
}
