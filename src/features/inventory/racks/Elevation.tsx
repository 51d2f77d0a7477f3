"use client";

import { useRouter } from "next/navigation";

export interface ElevationDevice {
  id: string;
  name: string;
  role: string;
  model: string;
  uPosition: number | null;
  uHeight: number;
  face: "front" | "rear";
  fullDepth: boolean;
  fault: "error" | "warning" | "info" | null;
  /** What a change plan does to it (plan mode only): drawn with a dashed outline and the word. */
  change?: string | null;
}

const UH = 18;
const W = 230;
const GUTTER = 30;

/**
 * A rack face drawn to scale, unit by unit (U1 at the bottom). Devices mounted on this face are
 * drawn solid; full-depth devices mounted on the other face show as their back, hatched.
 */
export function RackFace({
  siteId,
  face,
  uHeight,
  devices,
  hrefOf = (d) => `/sites/${siteId}/devices/${d.id}`,
}: {
  siteId: string;
  face: "front" | "rear";
  uHeight: number;
  devices: ElevationDevice[];
  /** Where a device leads (its live page by default). */
  hrefOf?: (d: ElevationDevice) => string;
}) {
  const router = useRouter();
  const height = uHeight * UH;
  const yOf = (u: number, h: number) => (uHeight - (u + h - 1)) * UH;
  const here = devices.filter((d) => d.uPosition !== null && (d.face === face || d.fullDepth));
  return (
    <figure className="elevation">
      <figcaption>{face === "front" ? "Front" : "Rear"}</figcaption>
      <svg width={W + GUTTER * 2} height={height + 2} viewBox={`0 0 ${W + GUTTER * 2} ${height + 2}`} role="img" aria-label={`Rack elevation, ${face}`}>
        <defs>
          <pattern id={`hatch-${face}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="#c9d1db" strokeWidth="2" />
          </pattern>
        </defs>
        <rect x={GUTTER} y={1} width={W} height={height} className="elevation__frame" />
        {Array.from({ length: uHeight }, (_, i) => {
          const u = uHeight - i;
          return (
            <g key={u}>
              <line x1={GUTTER} x2={GUTTER + W} y1={1 + i * UH} y2={1 + i * UH} className="elevation__unit" />
              <text x={GUTTER - 6} y={1 + i * UH + UH * 0.7} className="elevation__u" textAnchor="end">
                {u}
              </text>
              <text x={GUTTER + W + 6} y={1 + i * UH + UH * 0.7} className="elevation__u">
                {u}
              </text>
            </g>
          );
        })}
        {here.map((d) => {
          const back = d.face !== face;
          const y = 1 + yOf(d.uPosition!, d.uHeight);
          const h = d.uHeight * UH;
          return (
            <g
              key={d.id}
              className={`elevation__device role--${d.role}${back ? " elevation__device--back" : ""}${d.change ? " elevation__device--changed" : ""}`}
              role="link"
              tabIndex={0}
              aria-label={`${d.name}, U${d.uPosition}${d.uHeight > 1 ? `-U${d.uPosition! + d.uHeight - 1}` : ""}, ${back ? `back of a ${d.face}-mounted device` : face}${d.change ? `, ${d.change} by the plan` : ""}`}
              onClick={() => router.push(hrefOf(d))}
              onKeyDown={(e) => e.key === "Enter" && router.push(hrefOf(d))}
            >
              <rect x={GUTTER + 2} y={y + 1} width={W - 4} height={h - 2} rx={3} fill={back ? `url(#hatch-${face})` : undefined} />
              <text x={GUTTER + 10} y={y + Math.min(h, UH) * 0.7 + (h > UH ? (h - UH) / 2 : 0)} className="elevation__name">
                {back ? `(${d.name})` : d.name}
                {!back && d.model ? <tspan className="elevation__model"> {d.model}</tspan> : null}
                {!back && d.change ? <tspan className="elevation__change"> · {d.change}</tspan> : null}
              </text>
              {d.fault && !back ? <circle cx={GUTTER + W - 12} cy={y + h / 2} r={5} className={`fault fault--${d.fault}`} /> : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
