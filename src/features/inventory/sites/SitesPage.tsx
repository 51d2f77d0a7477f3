"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";

export function SitesPage() {
  const trpc = useTRPC();
  const sites = useQuery(trpc.sites.list.queryOptions());
  // A new site needs the editor role on every site.
  const { canEdit } = useRights(null);
  return (
    <div className="page">
      <header className="page__header">
        <h1>Sites</h1>
        <p className="muted">Every campus or building whose fiber plant Ferrule keeps.</p>
      </header>
      <section className="card">
        {sites.isPending ? (
          <p className="muted">Loading…</p>
        ) : sites.data?.length ? (
          <table className="table" aria-label="Sites">
            <thead>
              <tr>
                <th>Site</th>
                <th>Code</th>
                <th className="num">Rooms</th>
                <th className="num">Racks</th>
                <th className="num">Channels</th>
                <th>Findings</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {sites.data.map((site) => (
                <tr key={site.id}>
                  <td>
                    <Link href={`/sites/${site.id}`}>{site.name}</Link>
                  </td>
                  <td>
                    <code>{site.code}</code>
                  </td>
                  <td className="num">{site.roomCount}</td>
                  <td className="num">{site.rackCount}</td>
                  <td className="num">
                    {site.channelCount}
                    {site.failingChannels ? <span className="small muted"> ({site.failingChannels} failing)</span> : null}
                  </td>
                  <td className="nowrap">
                    {site.errorCount === 0 && site.warningCount === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <>
                        {site.errorCount ? (
                          <Link href={`/sites/${site.id}/findings?severity=error`} className="sev sev--error">
                            {site.errorCount} error{site.errorCount === 1 ? "" : "s"}
                          </Link>
                        ) : null}{" "}
                        {site.warningCount ? (
                          <Link href={`/sites/${site.id}/findings?severity=warning`} className="sev sev--warning">
                            {site.warningCount} warning{site.warningCount === 1 ? "" : "s"}
                          </Link>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td className="muted">{site.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{canEdit ? "No site yet. Create the first one below." : "No site you may see yet."}</p>
        )}
      </section>
      {canEdit ? <NewSiteForm /> : null}
    </div>
  );
}

function NewSiteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formKey, setFormKey] = useState(0);
  const create = useMutation(
    trpc.sites.create.mutationOptions({
      onSuccess: async () => {
        setFormKey((k) => k + 1);
        await queryClient.invalidateQueries({ queryKey: trpc.sites.list.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(create.error);
  return (
    <section className="card">
      <h2>New site</h2>
      <form
        key={formKey}
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          create.mutate({ name: String(f.get("name")), code: String(f.get("code")), description: String(f.get("description")) });
        }}
      >
        <Field label="Name" name="name" error={errors.name} placeholder="Frankfurt 1" />
        <Field label="Code" name="code" error={errors.code} placeholder="FRA1" hint="Starts TIA-606 identifiers" />
        <Field label="Description" name="description" error={errors.description} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Create site
          </button>
        </div>
        <FormError message={formError(create.error)} />
      </form>
    </section>
  );
}
