"use client";

import { When } from "@/features/ui/When";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { StatusBadge } from "./PlanPage";
import "./plans.css";

/** A site's change plans, open ones first, and a form to start one. */
export function PlansPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  const list = useQuery(trpc.plans.list.queryOptions({ siteId }));
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation(trpc.plans.create.mutationOptions({ onSuccess: (plan) => router.push(`/sites/${siteId}/plans/${plan.id}`) }));
  const errors = fieldErrors(create.error);
  const { canEdit } = useRights(siteId);
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data?.name} trail={[{ label: "Plans" }]} />
      <header className="page__header">
        <h1>Change plans</h1>
        <p className="muted">Draft the cabling changes of a buildout, see what they would break before anyone touches a rack, get them approved, release the work order to the floor and follow the live plant as each step is done.</p>
      </header>
      {canEdit ? (
      <section className="card">
        <h2>New plan</h2>
        <form
          className="form-grid form-grid--wide"
          aria-label="New plan"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ siteId, name, description });
          }}
        >
          <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} placeholder="Hall B 400G uplinks" />
          <Field label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
          <FormError message={formError(create.error)} />
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={create.isPending}>
              Start the plan
            </button>
          </div>
        </form>
      </section>
      ) : null}
      <section className="card">
        {list.error ? <FormError message={formError(list.error)} /> : null}
        {list.data?.length === 0 ? <p className="muted">No plans yet.</p> : null}
        {list.data?.length ? (
          <table className="table" aria-label="Plans">
            <thead>
              <tr>
                <th>Plan</th>
                <th>Status</th>
                <th className="num">Operations</th>
                <th>Author</th>
                <th>Last change</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/sites/${siteId}/plans/${p.id}`}>{p.name}</Link>
                    {p.conflicts ? <div className="small bad-text">touches the same ports as {p.conflicts} other open plan{p.conflicts > 1 ? "s" : ""}</div> : null}
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="num">{p.operations}</td>
                  <td>{p.author}</td>
                  <td className="nowrap"><When at={p.updatedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
