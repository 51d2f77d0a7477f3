/** Severity and verdict markers, coloured as everywhere in Ferrule: red error, amber warning. */
export function SeverityBadge({ severity }: { severity: "error" | "warning" | "info" | string }) {
  return <span className={`sev sev--${severity}`}>{severity}</span>;
}

export function VerdictBadge({ verdict }: { verdict: "pass" | "warning" | "fail" | string | null }) {
  if (!verdict) return <span className="verdict verdict--none">no channel</span>;
  return <span className={`verdict verdict--${verdict}`}>{verdict}</span>;
}

/** A small dot: the worst finding on a port or device. */
export function FaultDot({ fault, title }: { fault: string | null; title?: string }) {
  if (!fault) return null;
  return <span className={`fault-dot fault-dot--${fault}`} title={title ?? fault} aria-label={title ?? fault} />;
}
