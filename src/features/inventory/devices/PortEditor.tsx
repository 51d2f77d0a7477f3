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

/**
 * Edits a port in place: its name and label, and for a cage the installed transceiver's type and
 * serial (another type is judged first, and its channel is judged again once saved). Each form saves
 * on its own, refused with "changed by someone else" if the object moved on since the page loaded.
 */
export function PortEditor({ port, onClose }: { port: DevicePort; onClose(): void }) {
  return (
    <div className="port-editor" aria-label={`Edit port ${port.name}`} role="group">
      <PortFields port={port} onSaved={onClose} />
      {port.transceiver ? <TransceiverFields port={port} transceiver={port.transceiver} /> : null}
      <div className="form-actions">
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

function PortFields({ port, onSaved }: { port: DevicePort; onSaved(): void }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const [name, setName] = useState(port.name);
  const [label, setLabel] = useState(port.label);
  const update = useMutation(
    trpc.devices.updatePort.mutationOptions({
      onSuccess: async () => {
        await refreshAll();
        onSaved();
      },
    }),
  );
  const errors = fieldErrors(update.error);
  const changed = name !== port.name || label !== port.label;
  return (
    <form
      className="form-grid"
      noValidate
      aria-label={`Name and label of ${port.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ id: port.id, version: port.version, ...(name !== port.name ? { name } : {}), ...(label !== port.label ? { label } : {}) });
      }}
    >
      <Field label="Port name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <Field label="Label" value={label} onChange={(e) => setLabel(e.target.value)} error={errors.label} hint="As printed on the panel or the cord's flag" />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={!changed || update.isPending}>
          Save port
        </button>
      </div>
      <FormError message={formError(update.error)} />
    </form>
  );
}

function TransceiverFields({ port, transceiver }: { port: DevicePort; transceiver: NonNullable<DevicePort["transceiver"]> }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const [typeId, setTypeId] = useState(transceiver.typeId);
  const [serial, setSerial] = useState(transceiver.serial);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const types = useQuery(trpc.catalog.list.queryOptions({ kind: "transceiver", limit: 500 }));
  const retyped = typeId !== transceiver.typeId;
  const preview = useQuery({ ...trpc.transceivers.preview.queryOptions({ portId: port.id, typeId }), enabled: retyped, retry: false });
  const update = useMutation(
    trpc.transceivers.update.mutationOptions({
      onSuccess: async (res) => {
        setOutcome(res.outcome);
        await refreshAll();
      },
    }),
  );
  const errors = fieldErrors(update.error);
  return (
    <form
      className="form-grid"
      noValidate
      aria-label={`Transceiver in ${port.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ id: transceiver.id, version: transceiver.version, ...(retyped ? { typeId } : {}), ...(serial !== transceiver.serial ? { serial } : {}) });
      }}
    >
      <SelectField
        label="Transceiver type"
        value={typeId}
        onChange={(e) => setTypeId(e.target.value)}
        error={errors.typeId}
        options={
          types.data
            ? types.data
                .filter((t) => t.id === transceiver.typeId || !t.formFactor || fitsCage(port.cage, t.formFactor))
                .map((t) => ({ value: t.id, label: `${t.name} (${t.words ?? `${t.families}, ${t.fiber}`})` }))
            : [{ value: transceiver.typeId, label: transceiver.typeName }]
        }
      />
      <Field label="Serial" value={serial} onChange={(e) => setSerial(e.target.value)} error={errors.serial} />
      {retyped ? <PreviewWarnings preview={preview.data} pending={preview.isFetching} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={(!retyped && serial === transceiver.serial) || update.isPending}>
          Save transceiver
        </button>
      </div>
      <FormError message={formError(update.error)} />
      <OutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />
    </form>
  );
}
