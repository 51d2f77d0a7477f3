import { describe, expect, it } from "vitest";
import type { FindingRow } from "./judgement-rows";
import type { JudgementRow } from "./store-judgement";
import { writeMessages } from "./whole-site";

const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);

describe("writeMessages", () => {
  it("hands over every write once, in order: the gone rows in slices, the new rows in batches, then done", () => {
    const channels = ids(2_500, "c").map((key) => ({ key, title: key, digest: key }) as unknown as JudgementRow & { digest: string });
    const paths = ids(1_200, "c").map((key) => ({ key, members: [key], ports: [key], digest: key }));
    const findings = ids(3, "f").map((code) => ({ code, digest: code }) as unknown as FindingRow & { digest: string });
    const done = { type: "done", channels: 2_500, findings: 3, ms: 1 } as const;
    const out = { gone: { paths: ids(12_000, "p"), channels: ids(25_000, "g"), findings: ids(7, "h") }, paths, channels, findings };
    const messages = [...writeMessages(out, 1_000, done)];
    expect(messages.map((m) => (m.type === "gone" ? `gone ${m.kind} ${m.ids.length}` : m.type === "batch" ? `batch ${m.kind} ${m.n}` : m.type))).toEqual([
      "gone paths 10000",
      "gone paths 2000",
      "gone channels 10000",
      "gone channels 10000",
      "gone channels 5000",
      "gone findings 7",
      "batch paths 1000",
      "batch paths 200",
      "batch channels 1000",
      "batch channels 1000",
      "batch channels 500",
      "batch findings 3",
      "done",
    ]);
    const gone = messages.flatMap((m) => (m.type === "gone" && m.kind === "channels" ? m.ids : []));
    expect(gone).toEqual(out.gone.channels);
    const written = messages.flatMap((m) => (m.type === "batch" && m.kind === "channels" ? (JSON.parse(m.json) as { key: string }[]).map((r) => r.key) : []));
    expect(written).toEqual(channels.map((c) => c.key));
    // Each row as it was given: a channel's judgement (its path's arrays left out when it was
    // compared, see judgeAndCompare), its path with them.
    const firstOf = (kind: string) => JSON.parse((messages.find((m) => m.type === "batch" && m.kind === kind) as { json: string }).json)[0];
    expect(firstOf("channels")).toEqual({ key: "c0", title: "c0", digest: "c0" });
    expect(firstOf("paths")).toEqual({ key: "c0", members: ["c0"], ports: ["c0"], digest: "c0" });
  });

  it("says done at once when nothing is to be written", () => {
    const done = { type: "done", channels: 0, findings: 0, ms: 0 } as const;
    expect([...writeMessages({ gone: { paths: [], channels: [], findings: [] }, paths: [], channels: [], findings: [] }, 1_000, done)]).toEqual([done]);
  });
});
