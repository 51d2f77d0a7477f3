"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { ConfirmAction } from "@/features/ui/Actions";
import { fieldErrors, formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { useRefreshAll } from "../common/useSaved";

const EXAMPLE = `{
  "kind": "cable",
  "id": "acme-lc-duplex-ab-om4",
  "name": "ACME LC duplex A-to-B OM4",
  "cableKind": "patch-cord",
  "fiber": "OM4",
  "polarity": "AB",
  "connectors": [
    { "id": "a1", "end": "a", "family": "LC", "polish": "UPC" },
    { "id": "b1", "end": "b", "family": "LC", "polish": "UPC" }
  ],
  "fibers": [
    { "a": { "connector": "a1", "position": 1 }, "b": { "connector": "b1", "position": 2 } },
    { "a": { "connector": "a1", "position": 2 }, "b": { "connector": "b1", "position": 1 } }
  ]
}`;

/** The component-type catalog: built-in types from the engine and the site's own types. */
export function CatalogPage() {
  const trpc = useTRPC();
  const [kind, setKind] = useState<"" | "cable" | "module" | "transceiver">("");
  const [q, setQ] = useState("");
  // The catalog is changed by administrators only (it is shared by every site).
  const { isAdmin } = useRights(null);
  const list = useQuery(trpc.catalog.list.queryOptions({ ...(kind ? { kind } : {}), ...(q.trim() ? { q: q.trim() } : {}), limit: 50 }));
  return (
    <div className="page">
      <header className="page__header">
        <h1>Component types</h1>
        <p className="muted">Cords, trunks, harnesses, cassettes and transceivers, each with its position map. Built-in types come from the connectivity engine.</p>
      </header>
      <section className="card">
        <form className="form-grid filters" aria-label="Filter types" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
            options={[
              { value: "", label: "all" },
              { value: "cable", label: "cables" },
              { value: "module", label: "cassettes" },
              { value: "transceiver", label: "transceivers" },
            ]}
          />
          <div className="field">
            <label htmlFor="type-q">Id or name contains</label>
            <input id="type-q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="mpo12-typeB" />
          </div>
        </form>
        <table className="table" aria-label="Component types">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Connectors</th>
              <th>Fiber</th>
              <th>Gender</th>
              <th>Polish</th>
              <th>Fiber count</th>
              <th>Loss grade</th>
              <th>Polarity / method</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.map((t) => (
              <tr key={t.id} data-type={t.id}>
                <td>
                  <code>{t.id}</code>
                </td>
                <td>
                  {t.name}
                  {t.words ? <div className="small muted" data-words>{t.words}</div> : null}
                </td>
                <td>{t.families}</td>
                <td>{t.fiber}</td>
                <td className="small" data-trait="gender">{t.traits?.gender ?? "—"}</td>
                <td className="small" data-trait="polish">{t.traits?.polish ?? "—"}</td>
                <td className="small" data-trait="fiber-count">{t.traits?.fiberCount ?? "—"}</td>
                <td className="small" data-trait="loss-grade">{t.traits?.lossGrade ?? "—"}</td>
                <td className="small" data-trait="polarity">{t.traits?.polarity ?? t.polarity ?? t.application ?? "—"}</td>
                <td>{t.builtIn ? "built-in" : "site"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.length >= 50 ? <p className="muted small">Showing the first 50; narrow the search by kind, id or name.</p> : null}
      </section>
      <DeviceTemplates isAdmin={isAdmin} />
      {isAdmin ? <NewTypeForm /> : null}
    </div>
  );
}

/** Switch models and panel housings imported from NetBox device types, to make devices from. */
function DeviceTemplates({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const list = useQuery(trpc.catalog.templates.queryOptions());
  const remove = useMutation(trpc.catalog.deleteTemplate.mutationOptions({ onSuccess: () => refreshAll() }));
  return (
    <section className="card" aria-label="Device types">
      <h2>Device types</h2>
      <p className="muted small">
        Switch models and panel housings, imported from NetBox device-type files (Exports and imports of a site). A device made from one gets its height, module bays and
        cages; it keeps them if the type is deleted.
      </p>
      {list.data?.length ? (
        <table className="table" aria-label="Device types">
          <thead>
            <tr>
              <th>Id</th>
              <th>Manufacturer and model</th>
              <th>Role</th>
              <th className="num">Height</th>
              <th>Bays</th>
              <th>Ports</th>
              {isAdmin ? <th className="actions-col" aria-label="Actions" /> : null}
            </tr>
          </thead>
          <tbody>
            {list.data.map((t) => (
              <tr key={t.id} data-template={t.id}>
                <td>
                  <code>{t.id}</code>
                </td>
                <td>
                  {t.manufacturer} {t.model}
                  <div className="small muted">{t.source}</div>
                </td>
                <td>{t.role}</td>
                <td className="num">{t.uHeight} U</td>
                <td>{t.bays.length ? `${t.bays.length} (${t.bays.slice(0, 4).join(", ")}${t.bays.length > 4 ? ", …" : ""})` : "—"}</td>
                <td>{t.ports || "—"}</td>
                {isAdmin ? <td className="actions-col">
                  <ConfirmAction
                    small
                    label="Delete"
                    yes="Yes, delete"
                    ariaLabel={`Delete device type ${t.id}`}
                    onConfirm={() => remove.mutate({ id: t.id, version: t.version })}
                    onCancel={() => remove.reset()}
                    error={<FormError message={formError(remove.error)} />}
                  />
                </td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No device type yet.</p>
      )}
    </section>
  );
}

function NewTypeForm() {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const [text, setText] = useState(EXAMPLE);
  const [parseError, setParseError] = useState<string | null>(null);
  const create = useMutation(trpc.catalog.create.mutationOptions({ onSuccess: () => refreshAll() }));
  const errors = fieldErrors(create.error);
  const fieldLines = Object.entries(errors).map(([k, v]) => `${k.replace(/^definition\.?/, "") || "type"}: ${v}`);
  return (
    <section className="card">
      <h2>Add a type</h2>
      <p className="muted small">Paste the type as JSON, in the site file's format. The engine checks its map before it is saved; a type in use can no longer change its map.</p>
      <form
        noValidate
        aria-label="Add a type"
        onSubmit={(e) => {
          e.preventDefault();
          try {
            const definition = JSON.parse(text) as Record<string, unknown>;
            setParseError(null);
            create.mutate({ definition });
          } catch (err) {
            setParseError(`Not valid JSON: ${(err as Error).message}`);
          }
        }}
      >
        <div className={`field${parseError || fieldLines.length ? " field--invalid" : ""}`}>
          <label htmlFor="type-json">Type definition (JSON)</label>
          <textarea id="type-json" className="code-input" rows={16} value={text} onChange={(e) => setText(e.target.value)} />
          {parseError ? (
            <p className="field__error" role="alert">
              {parseError}
            </p>
          ) : null}
          {fieldLines.length ? (
            <ul className="field__error" role="alert">
              {fieldLines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Add type
          </button>
          {create.isSuccess ? <span className="ok-text">Added {create.data.id}.</span> : null}
        </div>
        {create.isSuccess && create.data.notices.length ? (
          <div role="status" aria-label="Partial map">
            <p className="small">Its map leaves positions without a fiber (a partial map); check that this is the part:</p>
            <ul className="small">
              {create.data.notices.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <FormError message={fieldLines.length ? null : formError(create.error)} />
      </form>
    </section>
  );
}
