"use client";

import { When } from "@/features/ui/When";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRefreshAll } from "@/features/inventory/common/useSaved";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import "./plans.css";

/** One step of a work order on a phone: what to do, the labels to look for, and a big "done" button. */
export function StepPage({ planId, n }: { planId: string; n: number }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const q = useQuery(trpc.plans.workOrder.queryOptions({ id: planId }));
  const tick = useMutation(trpc.plans.setStep.mutationOptions({ onSuccess: () => refreshAll() }));
  const rights = useRights(q.data?.site.id ?? null);
  if (q.error) return <FormError message={formError(q.error)} />;
  if (!q.data) return <p className="muted">Loading…</p>;
  const { plan, steps, preview, open: released } = q.data;
  // Ticking steps off needs the editor role on the site: a viewer reads the step as a record.
  const open = released && rights.canEdit;
  const step = steps.find((s) => s.n === n);
  if (!step) return <FormError message={`This work order has no step ${n}.`} />;
  const next = steps.find((s) => s.n > n && !s.doneAt) ?? steps.find((s) => s.n > n);
  return (
    <div className="tech">
      <p className="muted small">
        <Link href={`/work/${plan.id}#step-${n}`}>{plan.name}</Link> · step {n} of {steps.length}
        {step.group > 0 ? ` · cut-over ${step.group}` : " · preparation"}
      </p>
      <h1 className="tech__text">{step.text}</h1>
      {!preview && open && !step.doneAt ? <p className="small muted">Marking it done changes the live inventory at once: do it on the floor first.</p> : null}
      {step.group > 0 && step.linksDown.length ? <p className="bad-text small">Links down during this cut-over: {step.linksDown.join("; ")}</p> : null}
      <div className="tech__labels" aria-label="Labels">
        {step.tia.map((t) => (
          <div key={t}>{t}</div>
        ))}
        {step.link ? <div>link {step.link}</div> : null}
      </div>
      <FormError message={tick.error ? tick.error.message : null} />
      {preview ? (
        <p className="muted">The plan is not released to the floor yet: steps are ticked off once it is.</p>
      ) : !open ? (
        <p className="muted">
          {step.doneAt ? `Done by ${step.doneBy}. ` : "Not done. "}
          {released ? "Ticking steps off needs the editor role on this site." : `The plan is ${plan.status.replace("_", " ")}: its steps are a record now.`}
        </p>
      ) : step.doneAt ? (
        <>
          <p className="ok-text">
            Done by {step.doneBy}, <When at={step.doneAt} />.
          </p>
          <button type="button" className="tech__done tech__done--undo" onClick={() => tick.mutate({ planId: plan.id, n, done: false })} disabled={tick.isPending}>
            Not done after all
          </button>
        </>
      ) : (
        <button type="button" className="tech__done" onClick={() => tick.mutate({ planId: plan.id, n, done: true })} disabled={tick.isPending}>
          Mark step {n} done
        </button>
      )}
      <nav className="tech__nav" aria-label="Steps">
        {n > 1 ? <Link href={`/work/${plan.id}/step/${n - 1}`}>← step {n - 1}</Link> : <span />}
        {next ? <Link href={`/work/${plan.id}/step/${next.n}`}>step {next.n} →</Link> : <Link href={`/work/${plan.id}`}>work order</Link>}
      </nav>
    </div>
  );
}
