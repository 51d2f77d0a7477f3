"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ElementDetailsInput } from "@/server/services/topology/schemas";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import s from "./topology.module.css";

export type Selection = { group: "nodes" | "edges"; data: Record<string, unknown> };

const VERDICT_CLASS = { fail: s.pillFail, warning: s.pillWarning, pass: s.pillPass } as const;
const SEVERITY_CLASS = { error: s.pillError, warning: s.pillWarning, info: s.pillInfo } as const;

/** What to ask the server about a selected node or edge. */
export function detailsRequest(siteId: string, picked: Selection, planId: string | null = null): ElementDetailsInput | null {
  const d = picked.data;
  const plan = planId ? { planId } : {};
  const rowId = (id: unknown) => String(id).slice(String(id).indexOf(":") + 1);
  switch (d.kind) {
    case "room":
    case "rack":
    case "device":
      return { siteId, kind: d.kind, ids: [rowId(d.id)], ...plan };
    case "cable":
      return { siteId, kind: "cables", ids: [String(d.cableId)], ...plan };
    case "bundle":
      return { siteId, kind: "cables", ids: (d.cableIds as string[]).slice(0, 2000), ...plan };
    default:
      return null;
  }
}

/** The page of a rack or device, live or as the plan leaves it. */
function pageOf(siteId: string, request: ElementDetailsInput, planId: string | null): string | null {
  const id = request.ids[0];
  if (request.kind === "device") return planId ? `/sites/${siteId}/plans/${planId}/devices/${id}` : `/sites/${siteId}/devices/${id}`;
  if (request.kind === "rack") return `/sites/${siteId}/racks/${id}${planId ? `?plan=${planId}` : ""}`;
  return null;
}

/** Facts, channels (worst first, each with its path) and findings of the selected element. */
export function DetailsPanel({
  siteId,
  planId = null,
  picked,
  onChannelPath,
  onOpenBundle,
}: {
  siteId: string;
  /** Show the element as this change plan would leave it. */
  planId?: string | null;
  picked: Selection | null;
  onChannelPath(key: string): void;
  onOpenBundle(id: string): void;
}) {
  const trpc = useTRPC();
  const request = picked ? detailsRequest(siteId, picked, planId) : null;
  const details = useQuery({ ...trpc.topology.details.queryOptions(request ?? { siteId, kind: "room", ids: [siteId] }), enabled: request !== null });

  if (!picked || !request) {
    return (
      <section className={s.panel} aria-label="Details">
        <h2>Details</h2>
        <p className={s.note}>Click a room, rack, device or cable to see its channels and findings.</p>
      </section>
    );
  }
  const bundle = picked.data.kind === "bundle" ? picked.data : null;
  const kindWord = { room: "Room", rack: "Rack", device: "Device", cable: "Cable", bundle: "Trunks" }[String(picked.data.kind)] ?? "";
  return (
    <section className={s.panel} aria-label="Details" data-testid="topology-details">
      <h2>
        {kindWord}: {bundle ? String(bundle.label) : details.data?.title ?? String(picked.data.label ?? "")}
      </h2>
      {bundle ? (
        <p className={s.note}>
          {String(bundle.mode)} · {String(bundle.status)} ·{" "}
          <button type="button" className={s.linkButton} onClick={() => onOpenBundle(String(bundle.id))}>
            Show the {String(bundle.cables)} trunk{Number(bundle.cables) === 1 ? "" : "s"}
          </button>
        </p>
      ) : null}
      {pageOf(siteId, request, planId) ? (
        <p className={s.note}>
          <Link href={pageOf(siteId, request, planId)!}>{planId ? `Open the ${kindWord.toLowerCase()} as planned` : `Open the ${kindWord.toLowerCase()}`}</Link>
        </p>
      ) : null}
      {details.isPending ? <p className={s.note}>Loading…</p> : null}
      {details.error ? <p className="form-error">{formError(details.error)}</p> : null}
      {details.data ? (
        <>
          <dl className={s.facts}>
            {details.data.facts.map((f) => (
              <div key={f.label} style={{ display: "contents" }}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
          {details.data.cables.length > 0 && details.data.cables.length <= 24 ? (
            <>
              <h3>{details.data.cables.length === 1 ? "Ends" : "Cables"}</h3>
              <ul className={s.list}>
                {details.data.cables.length === 1
                  ? details.data.cables[0]!.ends.map((e) => (
                      <li key={e.connector}>
                        <span>
                          <code>{e.connector}</code> {e.port} ({e.side})
                        </span>
                      </li>
                    ))
                  : details.data.cables.map((c) => (
                      <li key={c.id}>
                        <span>{c.label || "no label"}</span>
                        <span className={s.note}>
                          {c.lengthM} m · {c.status}
                        </span>
                      </li>
                    ))}
              </ul>
            </>
          ) : null}
          <h3>
            Channels ({details.data.channelTotal}
            {details.data.channelTotal > details.data.channels.length ? `, worst ${details.data.channels.length} shown` : ""})
          </h3>
          {details.data.channels.length === 0 ? <p className={s.note}>No channel crosses it.</p> : null}
          <ul className={s.list} aria-label="Channels">
            {details.data.channels.map((c) => (
              <li key={c.key}>
                <span>
                  <span className={`${s.pill} ${VERDICT_CLASS[c.verdict]}`}>{c.verdict}</span> {c.title}
                </span>
                <button type="button" className={s.linkButton} onClick={() => onChannelPath(c.key)} aria-label={`Show the path of ${c.title}`}>
                  Path
                </button>
              </li>
            ))}
          </ul>
          <h3>Findings ({details.data.findingTotal})</h3>
          {details.data.findings.length === 0 ? <p className={s.note}>No finding.</p> : null}
          <ul className={s.list} aria-label="Findings">
            {details.data.findings.map((f) => (
              <li key={f.id} className={s.finding}>
                <span className={`${s.pill} ${SEVERITY_CLASS[f.severity]}`}>{f.severity}</span> {f.message} <code>{f.code}</code>
                {f.channelKey ? (
                  <>
                    {" "}
                    <button type="button" className={s.linkButton} onClick={() => onChannelPath(f.channelKey!)} aria-label={`Show the elements at fault: ${f.message}`}>
                      Show
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
