"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import s from "./topology.module.css";

export type PathTarget = { kind: "port"; id: string; label: string } | { kind: "channel"; id: string; label: string };

/** Type a port ("leaf1:Ethernet1/1") or part of a channel's title, choose one: its path lights up. */
export function PathFinder({ siteId, onChoose }: { siteId: string; onChoose(target: PathTarget): void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const q = useDeferredValue(text.trim());
  const found = useQuery({ ...trpc.topology.find.queryOptions({ siteId, q: q || "-" }), enabled: q.length > 0 });
  const results = q && found.data ? found.data : null;
  return (
    <section className={s.panel} aria-labelledby="topology-path">
      <h2 id="topology-path">Path of a port or channel</h2>
      <label className={s.control}>
        <span>Port or channel</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="leaf1:Ethernet1/1" maxLength={64} />
      </label>
      {results ? (
        results.ports.length + results.channels.length === 0 ? (
          <p className={s.note}>Nothing matches “{q}”.</p>
        ) : (
          <ul className={s.results} aria-label="Matching ports and channels">
            {results.ports.map((p) => (
              <li key={p.id}>
                <button type="button" onClick={() => (onChoose({ kind: "port", id: p.id, label: p.label }), setText(""))}>
                  Port {p.label}
                  {p.onChannel ? "" : " (no channel)"}
                </button>
              </li>
            ))}
            {results.channels.map((c) => (
              <li key={c.key}>
                <button type="button" onClick={() => (onChoose({ kind: "channel", id: c.key, label: c.title }), setText(""))}>
                  Channel {c.title} · {c.verdict}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
