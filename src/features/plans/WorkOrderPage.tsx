"use client";

import { When } from "@/features/ui/When";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRefreshAll } from "@/features/inventory/common/useSaved";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import { StatusBadge } from "./PlanPage";
import "./plans.css";

/**
 * The printable work order: every step in order under its group (preparation; each cut-over with
 * the live links down during it), with the TIA-606 labels and a QR code that opens the step on a
 * phone. Steps are ticked off here once the plan is applied.
 */
export function WorkOrderPage({ planId, qr }: { planId: string; qr: Record<number, string> }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const q = useQuery(trpc.plans.workOrder.queryOptions({ id: planId }));
  const tick = useMutation(trpc.plans.setStep.mutationOptions({ onSuccess: () => refreshAll() }));
  const rights = useRights(q.data?.site.id ?? null);
  if (q.error) return <FormError message={formError(q.error)} />;
  if (!q.data) return <p className="muted">Loading…</p>;
  const { plan, site, steps, preview } = q.data;
  // Ticking steps off needs the editor role on the site; anyone else reads them as a record.
  const open = q.data.open && rights.canEdit;
  const done = steps.filter((s) => s.doneAt).length;
  let group = -1;
  return (
    <div className="wo">
      <div className="wo__head">
        <div>
          <p className="breadcrumbs no-print">
            <Link href={`/sites/${site.id}`}>{site.name}</Link> › <Link href={`/sites/${site.id}/plans`}>Plans</Link> › <Link href={`/sites/${site.id}/plans/${plan.id}`}>{plan.name}</Link> › Work order
          </p>
          <h1>
            Work order: {plan.name} <StatusBadge status={plan.status} />
          </h1>
          <p className="muted">
            {site.name} ({site.code}). {steps.length} steps{preview ? " — a preview: the order may change until the plan is released to the floor, and steps are ticked off after that." : `, ${done} done.`}
          </p>
        </div>
        <div className="button-row no-print">
          <a className="button" href={`/work/${plan.id}/pdf`}>
            PDF
          </a>
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <FormError message={tick.error ? tick.error.message : null} />
      {steps.length === 0 ? <p className="muted">This plan has no steps.</p> : null}
      {steps.map((s) => {
        const head =
          s.group !== group ? (
            <h2 className="wo__group" key={`g${s.group}-${s.n}`}>
              {s.group === 0 ? "Preparation: nothing live goes down" : `Cut-over ${s.group}`}
              {s.group > 0 ? s.linksDown.length ? <div className="small bad-text">Links down from its first to its last step: {s.linksDown.join("; ")}</div> : <div className="small muted">No passing link goes down.</div> : null}
            </h2>
          ) : null;
        group = s.group;
        return [
          head,
          <article key={s.n} className={`wo-step${s.doneAt ? " wo-step--done" : ""}`} aria-label={`Step ${s.n}`} id={`step-${s.n}`}>
            <span className="wo-step__n">{s.n}</span>
            <div>
              <div className="wo-step__text">{s.text}</div>
              <div className="tia">
                {s.tia.join("   ")}
                {s.link ? <div>link {s.link}</div> : null}
              </div>
              {preview ? null : !open ? (
                <span className="small muted">{s.doneAt ? `done by ${s.doneBy}` : "not done"}</span>
              ) : (
                <label className="no-print">
                  <input type="checkbox" checked={tick.isPending && tick.variables?.n === s.n ? tick.variables.done : !!s.doneAt} disabled={tick.isPending} onChange={(e) => tick.mutate({ planId: plan.id, n: s.n, done: e.target.checked })} aria-label={`Step ${s.n} done`} />
                  {s.doneAt ? (
                    <>
                      done by {s.doneBy}, <When at={s.doneAt} />
                    </>
                  ) : (
                    "done"
                  )}
                </label>
              )}{" "}
              <Link className="small no-print" href={`/work/${plan.id}/step/${s.n}`}>
                open on a phone
              </Link>
            </div>
            <div className="wo-step__qr">{qr[s.n] ? <img src={qr[s.n]} alt={`QR code of step ${s.n}`} /> : null}</div>
          </article>,
        ];
      })}
    </div>
  );
}
