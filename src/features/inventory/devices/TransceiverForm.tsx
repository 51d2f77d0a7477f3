"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fitsCage } from "@/domain";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { OutcomeNotice, PreviewWarnings, type Outcome } from "../common/Outcome";
import { useRefreshAll } from "../common/useSaved";
import type { DevicePort } from "./types";

/** Installs a transceiver of a catalog type in an empty cage, warning first about its channel. */
export function TransceiverForm({ ports }: { ports: DevicePort[] }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const empty = ports.filter((p) => p.kind === "transceiver" && !p.transceiver);
  const [portId, setPortId] = useState("");
  const [typeId, setTypeId] = useState("");
  const [serial, setSerial] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const types = useQuery(trpc.catalog.list.queryOptions({ kind: "transceiver", limit: 500 }));
  const preview = useQuery({ ...trpc.transceivers.preview.queryOptions({ portId, typeId }), enabled: !!portId && !!typeId, retry: false });
  const install = useMutation(
    trpc.transceivers.install.mutationOptions({
      onSuccess: async (res) => {
        setOutcome(res.outcome);
        setPortId("");
        setSerial("");
        await refreshAll();
      },
    }),
  );
  const errors = fieldErrors(install.error);
  const cage = empty.find((p) => p.id === portId)?.cage ?? null;
  if (empty.length === 0 && !outcome) return null;
  return (
    <section className="card">
      <h2>Install a transceiver</h2>
      <OutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />
      <form
        className="form-grid"
        noValidate
        aria-label="Install a transceiver"
        onSubmit={(e) => {
          e.preventDefault();
          install.mutate({ portId, typeId, serial });
        }}
      >
        <SelectField label="Cage" value={portId} onChange={(e) => setPortId(e.target.value)} error={errors.portId} placeholder="choose…" options={empty.map((p) => ({ value: p.id, label: p.name }))} />
        <SelectField
          label="Transceiver type"
          value={typeId}
          onChange={(e) => setTypeId(e.target.value)}
          error={errors.typeId}
          placeholder="choose…"
          hint={cage ? `Optics that fit a ${cage.toUpperCase()} cage` : undefined}
          options={(types.data ?? []).filter((t) => !t.formFactor || fitsCage(cage, t.formFactor)).map((t) => ({ value: t.id, label: `${t.name} (${t.words ?? `${t.families}, ${t.fiber}`})` }))}
        />
        <Field label="Serial" value={serial} onChange={(e) => setSerial(e.target.value)} error={errors.serial} />
        {portId && typeId ? <PreviewWarnings preview={preview.data} pending={preview.isFetching} /> : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={install.isPending}>
            Install
          </button>
        </div>
        <FormError message={formError(install.error)} />
      </form>
    </section>
  );
}
