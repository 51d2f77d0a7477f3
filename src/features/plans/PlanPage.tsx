"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { SeverityBadge, VerdictBadge } from "@/features/inventory/common/Severity";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { useRefreshAll } from "@/features/inventory/common/useSaved";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { OperationForm } from "./OperationForm";
import { STATUS_WORD, type PlanView } from "./types";
import "./plans.css";

const fmtDb = (db: number | null) => (db === null ? "—" : `${db.toFixed(2)} dB`);
const when = (d: Date | string) => new Date(d).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function StatusBadge({ status }: { status: string }) {
  return <span className={`plan-status plan-status--${status}`}>{status}</span>;
}

type Finding = NonNullable<PlanView["whatIf"]>["findings"]["introduced"][number];

function FindingList({ items, empty, siteId, planId }: { items: Finding[]; empty: string; siteId: string; planId: string | null }) {
  if (items.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ul>
      {items.slice(0, 60).map((f, i) => (
        <li key={`${f.code}-${i}`} data-code={f.code}>
          <SeverityBadge severity={f.severity} /> <strong>{f.title}</strong>
          {f.portId && f.portLabel ? (
            <>
              {" "}
              <Link className="small" href={planId ? `/sites/${siteId}/plans/${planId}/ports/${f.portId}` : `/sites/${siteId}/ports/${f.portId}`}>
                {f.portLabel}
              </Link>
            </>
          ) : null}
          <div className="small muted">{f.message}</div>
        </li>
      ))}
      {items.length > 60 ? <li className="muted small">and {items.length - 60} more</li> : null}
    </ul>
  );
}

/**
 * A change plan: its operations (added, edited, removed while it is a draft), what it would do to
 * the site (problems, findings it introduces, resolves and leaves, channels it breaks, reroutes or
 * changes, the links down during each cut-over), the work order, the review actions, and history.
 */
export function PlanPage({ planId }: { planId: string }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const q = useQuery(trpc.plans.get.queryOptions({ id: planId }));
  const [form, setForm] = useState<null | "add" | string>(null);
  const [note, setNote] = useState("");
  const done = async () => (setForm(null), setNote(""), await refreshAll());
  const opts = { onSuccess: done };
  const submit = useMutation(trpc.plans.submit.mutationOptions(opts));
  const withdraw = useMutation(trpc.plans.withdraw.mutationOptions(opts));
  const approve = useMutation(trpc.plans.approve.mutationOptions(opts));
  const reject = useMutation(trpc.plans.reject.mutationOptions(opts));
  const reopen = useMutation(trpc.plans.reopen.mutationOptions(opts));
  const abandon = useMutation(trpc.plans.abandon.mutationOptions(opts));
  const apply = useMutation(trpc.plans.applyPlan.mutationOptions(opts));
  const remove = useMutation(trpc.plans.removeOperation.mutationOptions(opts));
  if (q.error) return <FormError message={formError(q.error)} />;
  if (!q.data) return <p className="muted">Loading…</p>;
  const { plan, site, operations, whatIf, events, may, conflicts, stale, steps, planned, portDevices, devices, racks } = q.data;
  const siteId = site.id;
  const actionError = [submit, withdraw, approve, reject, reopen, abandon, apply, remove].find((m) => m.error)?.error;
  const transition = { id: plan.id, version: plan.version, note };
  const whatIfPlan = plan.status === "applied" ? null : plan.id;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.name} trail={[{ label: "Plans", href: `/sites/${siteId}/plans` }, { label: plan.name }]} />
      <header className="page__header page__header--actions">
        <div>
          <h1>
            {plan.name} <StatusBadge status={plan.status} />
          </h1>
          <p className="muted">
            Drafted by {plan.authorLabel}, {STATUS_WORD[plan.status]}. {plan.description}
          </p>
        </div>
        <div className="button-row">
          {whatIfPlan ? (
            <>
              <Link className="button" href={`/sites/${siteId}/findings?plan=${plan.id}`}>
                Findings as planned
              </Link>
              <Link className="button" href={`/sites/${siteId}/topology?plan=${plan.id}`}>
                Topology as planned
              </Link>
            </>
          ) : null}
          {steps.length || whatIf?.workOrder.steps.length ? (
            <Link className="button" href={`/work/${plan.id}`}>
              Work order
            </Link>
          ) : null}
        </div>
      </header>

      {Object.values(may).some(Boolean) || stale.length || conflicts.length || actionError ? (
      <section className="card" aria-label="Review">
        <div className="actions-bar">
          {may.submit || may.approve || may.reject || may.withdraw || may.reopen || may.abandon ? <Field label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} /> : null}
          {may.submit ? (
            <button type="button" className="button button--primary" onClick={() => submit.mutate(transition)} disabled={submit.isPending}>
              Submit for approval
            </button>
          ) : null}
          {may.withdraw ? (
            <button type="button" className="button" onClick={() => withdraw.mutate(transition)}>
              Withdraw to draft
            </button>
          ) : null}
          {may.approve ? (
            <button type="button" className="button button--primary" onClick={() => approve.mutate(transition)} disabled={approve.isPending}>
              Approve
            </button>
          ) : null}
          {may.reject ? (
            <button type="button" className="button button--danger-quiet" onClick={() => reject.mutate(transition)}>
              Reject
            </button>
          ) : null}
          {may.reopen ? (
            <button type="button" className="button" onClick={() => reopen.mutate(transition)}>
              Reopen as draft
            </button>
          ) : null}
          {may.apply ? (
            <button type="button" className="button button--primary" onClick={() => apply.mutate({ id: plan.id, version: plan.version })} disabled={apply.isPending}>
              {apply.isPending ? "Applying…" : "Apply to the live inventory"}
            </button>
          ) : null}
          {may.abandon ? (
            <button type="button" className="button button--danger-quiet" onClick={() => abandon.mutate(transition)}>
              Abandon
            </button>
          ) : null}
          {plan.status === "submitted" && !may.approve ? <p className="muted small">Waiting for an approver (the author cannot approve their own plan).</p> : null}
        </div>
        <FormError message={actionError?.message ?? null} />
        {stale.length ? (
          <div className="form-error" role="alert">
            Changed in the live inventory since the plan was drafted:{" "}
            {stale.map((s) => `${s.type} ${s.label} (operation ${s.seq}${s.now === null ? ", removed" : `, version ${s.then} → ${s.now}`})`).join("; ")}. Applying is refused until the plan is checked again.
          </div>
        ) : null}
        {conflicts.length ? (
          <div className="preview preview--warn" role="status" aria-label="Conflicts">
            Conflicts with other open plans:
            <ul>
              {conflicts.map((c) => (
                <li key={c.planId}>
                  <Link href={`/sites/${siteId}/plans/${c.planId}`}>{c.name}</Link> ({c.status}) also touches {c.ports.join(", ")}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      ) : null}

      <div className="plan-grid">
        <div className="page">
          <section className="card" aria-label="Operations">
            <div className="page__header--actions">
              <h2>Operations ({operations.length || steps.length})</h2>
              {may.edit && form === null ? (
                <button type="button" className="button" onClick={() => setForm("add")}>
                  Add an operation
                </button>
              ) : null}
            </div>
            {plan.status === "applied" ? (
              <>
                <p className="muted">Applied: the operations are in the live inventory. The work order's steps, in the order they are done:</p>
                <ol className="ops">
                  {steps.map((st) => (
                    <li key={st.n}>
                      <span className="ops__n">{st.n}</span>
                      <div>
                        {st.text}
                        {st.doneAt ? <div className="ok-text small">done by {st.doneBy}</div> : null}
                      </div>
                      <span />
                    </li>
                  ))}
                </ol>
              </>
            ) : operations.length === 0 ? (
              <p className="muted">No operations yet. Add what the buildout changes: cables, cassettes, transceivers, devices.</p>
            ) : (
              <ol className="ops">
                {operations.map((o) => (
                  <li key={o.id} data-kind={o.kind}>
                    <span className="ops__n">{o.seq}</span>
                    <div>
                      <div className="ops__title">{o.title}</div>
                      <div>{o.text}</div>
                      {Object.entries(o.problems).map(([field, message]) => (
                        <p key={field} className="ops__problem" role="alert">
                          {message}
                        </p>
                      ))}
                      {form === o.id ? (
                        <OperationForm siteId={siteId} planId={plan.id} version={plan.version} planned={planned} portDevices={portDevices} editing={{ id: o.id, kind: o.kind as never, payload: o.payload }} onDone={done} />
                      ) : null}
                    </div>
                    {may.edit && form === null ? (
                      <span className="button-row">
                        <button type="button" className="button button--small" onClick={() => setForm(o.id)} aria-label={`Edit operation ${o.seq}`}>
                          Edit
                        </button>
                        <button type="button" className="button button--small button--danger-quiet" onClick={() => remove.mutate({ planId: plan.id, version: plan.version, operationId: o.id })} aria-label={`Remove operation ${o.seq}`}>
                          Remove
                        </button>
                      </span>
                    ) : (
                      <span />
                    )}
                  </li>
                ))}
              </ol>
            )}
            {form === "add" ? <OperationForm siteId={siteId} planId={plan.id} version={plan.version} planned={planned} onDone={done} /> : null}
          </section>

          {whatIf ? (
            <>
              <section className="card" aria-label="What-if findings">
                <h2>What the plan does to the findings</h2>
                {whatIf.problems.length ? (
                  <p className="form-error" role="alert">
                    {whatIf.problems.length} operation problem{whatIf.problems.length > 1 ? "s" : ""}: the plan cannot be submitted or applied until they are fixed.
                  </p>
                ) : null}
                <div className="findings-diff">
                  <div aria-label="Introduced">
                    <h3>Introduces ({whatIf.findings.introduced.length})</h3>
                    <FindingList items={whatIf.findings.introduced} empty="Nothing new: the plan introduces no finding." siteId={siteId} planId={whatIfPlan} />
                  </div>
                  <div aria-label="Resolved">
                    <h3>Resolves ({whatIf.findings.resolved.length})</h3>
                    <FindingList items={whatIf.findings.resolved} empty="Resolves no finding." siteId={siteId} planId={null} />
                  </div>
                  <div aria-label="Left">
                    <h3>Leaves ({whatIf.findings.left.length})</h3>
                    <FindingList items={whatIf.findings.left} empty="Leaves no finding on the part of the plant it touches." siteId={siteId} planId={whatIfPlan} />
                  </div>
                </div>
              </section>

              <section className="card" aria-label="Impact">
                <h2>Channels the plan breaks, reroutes or changes</h2>
                <p className="small muted">
                  {whatIf.counts.breaks ? <span className="breaks">{whatIf.counts.breaks} break. </span> : "Breaks no passing channel. "}
                  {whatIf.counts.linksDown
                    ? `${whatIf.counts.linksDown} live link${whatIf.counts.linksDown > 1 ? "s go" : " goes"} down while the work is done (see the cut-overs in the work order).`
                    : "No live link goes down while the work is done."}
                </p>
                {whatIf.channels.length === 0 ? (
                  <p className="muted">No channel changes.</p>
                ) : (
                  <table className="table" aria-label="Channels">
                    <thead>
                      <tr>
                        <th>Channel</th>
                        <th>Change</th>
                        <th>Before</th>
                        <th>After</th>
                        <th className="num">Loss before</th>
                        <th className="num">Loss after</th>
                        <th className="num">Limit</th>
                      </tr>
                    </thead>
                    <tbody>
                      {whatIf.channels.map((c) => (
                        <tr key={`${c.key}-${c.change}`}>
                          <td>
                            <Link href={c.change === "removed" ? `/sites/${siteId}/ports/${c.portId}` : `/sites/${siteId}/plans/${plan.id}/ports/${c.portId}`}>{c.title}</Link>
                            {c.breaks ? <div className="breaks">breaks</div> : c.repairs ? <div className="repairs">repaired</div> : null}
                          </td>
                          <td>
                            <span className={`change change--${c.change}`}>{c.change}</span>
                          </td>
                          <td>{c.before ? <VerdictBadge verdict={c.before} /> : "—"}</td>
                          <td>{c.after ? <VerdictBadge verdict={c.after} /> : "gone"}</td>
                          <td className="num">{fmtDb(c.lossBefore)}</td>
                          <td className="num">{fmtDb(c.lossAfter)}</td>
                          <td className="num">{fmtDb(c.maxLossDb)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </>
          ) : null}
        </div>

        <aside className="plan-grid__side">
          <section className="card" aria-label="Work order">
            <h2>Work order</h2>
            {steps.length ? (
              <p className="small">
                {steps.filter((s) => s.doneAt).length} of {steps.length} steps done. <Link href={`/work/${plan.id}`}>Open the work order</Link>
              </p>
            ) : whatIf && whatIf.workOrder.steps.length ? (
              <>
                {whatIf.workOrder.cutOvers.length ? (
                  whatIf.workOrder.cutOvers.map((c) => (
                    <div key={c.group} className="cutover small">
                      <strong>
                        Cut-over {c.group}: steps {c.from}–{c.to}
                      </strong>
                      {c.linksDown.length ? <div>Links down meanwhile: {c.linksDown.map((l) => l.title).join("; ")}</div> : <div className="muted">No passing link goes down.</div>}
                    </div>
                  ))
                ) : (
                  <p className="cutover cutover--prep small">Nothing live goes down: every step installs onto free ports.</p>
                )}
                <ol className="steps small">
                  {whatIf.workOrder.steps.map((s) => (
                    <li key={s.n}>
                      <span className="steps__n">{s.n}</span>
                      <span>
                        {s.text}
                        {s.link ? <div className="tia">{s.link}</div> : null}
                      </span>
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p className="muted small">No steps yet.</p>
            )}
          </section>
          {whatIfPlan && devices.length ? (
            <section className="card" aria-label="Devices as planned">
              <h2>Devices as planned</h2>
              <ul className="history">
                {devices.map((d) => (
                  <li key={d.id}>
                    <Link href={`/sites/${siteId}/plans/${plan.id}/devices/${d.id}`}>{d.name}</Link>
                    {d.planned ? <span className="small muted"> (installed by the plan)</span> : d.removed ? <span className="small muted"> (removed by the plan)</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {whatIfPlan && racks.length ? (
            <section className="card" aria-label="Racks as planned">
              <h2>Racks as planned</h2>
              <ul className="history">
                {racks.map((r) => (
                  <li key={r.id}>
                    <Link href={`/sites/${siteId}/racks/${r.id}?plan=${plan.id}`}>Rack {r.name}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="card" aria-label="History">
            <h2>History</h2>
            <ul className="history">
              {events.map((e) => (
                <li key={e.id}>
                  <strong>{e.action.replace("_", " ")}</strong> by {e.actor} <time>{when(e.at)}</time>
                  {e.note ? <div className="small">“{e.note}”</div> : null}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
