"use client";

import { When } from "@/features/ui/When";
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
/** A loss figure, or "—" with the reason there is none. */
function Loss({ db, why }: { db: number | null; why: string | null }) {
  if (db !== null) return <>{fmtDb(db)}</>;
  return why ? (
    <span title={why}>
      — <div className="small muted loss-why">{why}</div>
    </span>
  ) : (
    <>—</>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`plan-status plan-status--${status}`}>{status.replace("_", " ")}</span>;
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
  const release = useMutation(trpc.plans.release.mutationOptions(opts));
  const stop = useMutation(trpc.plans.stop.mutationOptions(opts));
  const remove = useMutation(trpc.plans.removeOperation.mutationOptions(opts));
  if (q.error) return <FormError message={formError(q.error)} />;
  if (!q.data) return <p className="muted">Loading…</p>;
  const { plan, site, operations, whatIf, events, may, conflicts, stale, steps, planned, portDevices, devices, racks, floor, rest, continues } = q.data;
  const siteId = site.id;
  const actionError = [submit, withdraw, approve, reject, reopen, abandon, release, stop, remove].find((m) => m.error)?.error;
  const transition = { id: plan.id, version: plan.version, note };
  const whatIfPlan = plan.status === "completed" || plan.status === "stopped" ? null : plan.id;
  const released = steps.length > 0 && (plan.status === "in_progress" || plan.status === "completed" || plan.status === "stopped");
  // The work order in the side panel: preparation first, then each cut-over, steps under their heading.
  const preview = whatIf?.workOrder;
  const groups = preview ? [...new Set(preview.steps.map((s) => s.group))].sort((a, b) => a - b) : [];
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
          {continues ? (
            <p className="small">
              The rest of stopped plan <Link href={`/sites/${siteId}/plans/${continues.id}`}>{continues.name}</Link>.
            </p>
          ) : null}
          {rest ? (
            <p className="small">
              The steps not done are in draft <Link href={`/sites/${siteId}/plans/${rest.id}`}>{rest.name}</Link> ({rest.status.replace("_", " ")}).
            </p>
          ) : null}
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

      {floor ? (
        <section className="card" aria-label="On the floor">
          <h2>On the floor</h2>
          <p>
            <strong>
              {floor.done} of {floor.total} steps done
            </strong>
            {plan.status === "completed" ? ": the work is complete; the live inventory shows the result." : ". The live pages show the plant as it is now; the what-if below is the steps left."}
          </p>
          {floor.down.map((c) => (
            <p key={c.group} className="bad-text" role="status" aria-label={`Cut-over ${c.group} under way`}>
              Cut-over {c.group} under way ({c.done} of {c.total} steps done):{" "}
              {c.links.length ? (
                <>
                  <strong>
                    {c.links.length} link{c.links.length === 1 ? "" : "s"} down until step {c.until} is done
                  </strong>{" "}
                  — {c.links.join("; ")}
                </>
              ) : (
                <>no passing link is down; finish it with step {c.until}.</>
              )}
            </p>
          ))}
        </section>
      ) : null}

      {Object.values(may).some(Boolean) || stale.length || conflicts.length || actionError ? (
      <section className="card" aria-label="Review">
        <div className="actions-bar">
          {may.submit || may.approve || may.reject || may.withdraw || may.reopen || may.abandon || may.stop ? <Field label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} /> : null}
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
          {may.release ? (
            <button type="button" className="button button--primary" onClick={() => release.mutate({ id: plan.id, version: plan.version })} disabled={release.isPending}>
              {release.isPending ? "Releasing…" : "Release to the floor"}
            </button>
          ) : null}
          {may.stop ? (
            <button type="button" className="button button--danger-quiet" onClick={() => stop.mutate(transition)} disabled={stop.isPending}>
              Stop the work (the rest becomes a draft)
            </button>
          ) : null}
          {may.abandon ? (
            <button type="button" className="button button--danger-quiet" onClick={() => abandon.mutate(transition)}>
              Abandon
            </button>
          ) : null}
          {plan.status === "submitted" && !may.approve ? <p className="muted small">Waiting for an approver (the author cannot approve their own plan).</p> : null}
          {may.release ? <p className="muted small">Releasing freezes the work order; the live plant changes step by step as the technicians tick the steps off.</p> : null}
        </div>
        <FormError message={actionError?.message ?? null} />
        {stale.length ? (
          <div className="form-error" role="alert">
            Changed in the live inventory since the plan was drafted:{" "}
            {stale.map((s) => `${s.type} ${s.label} (operation ${s.seq}${s.now === null ? ", removed" : `, version ${s.then} → ${s.now}`})`).join("; ")}. Releasing it to the floor is refused until the plan is checked again.
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
              <h2>{released ? `Steps (${steps.length})` : `Operations (${operations.length})`}</h2>
              {may.edit && form === null ? (
                <button type="button" className="button" onClick={() => setForm("add")}>
                  Add an operation
                </button>
              ) : null}
            </div>
            {released ? (
              <>
                <p className="muted">Released to the floor: each step changes the live plant when it is ticked off. The work order's steps, in the order they are done:</p>
                <ol className="ops" aria-label="Steps">
                  {steps.map((st) => (
                    <li key={st.n} data-done={st.doneAt ? "yes" : "no"}>
                      <span className="ops__n">{st.n}</span>
                      <div>
                        <Link href={`/work/${plan.id}/step/${st.n}`}>{st.text}</Link>
                        <div className="small muted">{st.detail.group ? `cut-over ${st.detail.group}` : "preparation"}</div>
                        {st.doneAt ? <div className="ok-text small">done by {st.doneBy}</div> : <div className="small muted">not done</div>}
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
                <h2>{plan.status === "in_progress" ? "What the steps left do to the findings" : "What the plan does to the findings"}</h2>
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
                <h2>{plan.status === "in_progress" ? "Channels the steps left break, reroute or change" : "Channels the plan breaks, reroutes or changes"}</h2>
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
                          <td className="num">{c.before ? <Loss db={c.lossBefore} why={c.lossBeforeWhy} /> : "—"}</td>
                          <td className="num">{c.after ? <Loss db={c.lossAfter} why={c.lossAfterWhy} /> : "—"}</td>
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
            ) : preview && preview.steps.length ? (
              <>
                {preview.cutOvers.length === 0 ? <p className="cutover cutover--prep small">Nothing live goes down: every step installs onto free ports.</p> : null}
                {groups.map((g) => {
                  const c = preview.cutOvers.find((x) => x.group === g);
                  const mine = preview.steps.filter((s) => s.group === g);
                  return (
                    <div key={g} aria-label={g === 0 ? "Preparation" : `Cut-over ${g}`} role="group">
                      <div className={`cutover small${g === 0 ? " cutover--prep" : ""}`}>
                        <strong>{g === 0 ? "Preparation" : `Cut-over ${g}: ${c && c.from !== c.to ? `steps ${c.from}–${c.to}` : `step ${mine[0]?.n}`}`}</strong>
                        {g === 0 ? <div className="muted">Nothing live goes down.</div> : c?.linksDown.length ? <div>Links down meanwhile: {c.linksDown.map((l) => l.title).join("; ")}</div> : <div className="muted">No passing link goes down.</div>}
                      </div>
                      <ol className="steps small">
                        {mine.map((s) => (
                          <li key={s.n}>
                            <span className="steps__n">{s.n}</span>
                            <span>
                              {s.text}
                              {s.link ? <div className="tia">{s.link}</div> : null}
                            </span>
                          </li>
                        ))}
                      </ol>
                    </div>
                  );
                })}
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
                  <strong>{e.action.replace("_", " ")}</strong> by {e.actor} <When at={e.at} />
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
