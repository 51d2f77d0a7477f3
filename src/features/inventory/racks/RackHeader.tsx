import type { ReactNode } from "react";

/** A rack page's title: name and TIA-606 identifier, then room, row, position and height (and what the page adds). */
export function RackHeader({
  rack,
  extra,
}: {
  rack: { name: string; siteCode: string; grid: string; roomName: string; row: string; position: number | null; uHeight: number };
  extra?: ReactNode;
}) {
  return (
    <header className="page__header">
      <h1>
        Rack {rack.name} <code className="badge">{`${rack.siteCode}.${rack.grid}`}</code>
      </h1>
      <p className="muted">
        {rack.roomName}
        {rack.row ? `, row ${rack.row}` : ""}
        {rack.position !== null ? `, position ${rack.position}` : ""} · {rack.uHeight} U{extra ? <> · {extra}</> : null}
      </p>
    </header>
  );
}
