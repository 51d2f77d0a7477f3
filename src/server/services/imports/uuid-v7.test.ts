import { describe, expect, it } from "vitest";
import { uuidV7Sequence } from "./uuid-v7";

describe("uuidV7Sequence", () => {
  it("makes valid version 7 UUIDs that ascend, also within one millisecond", () => {
    let t = 1_700_000_000_000;
    const next = uuidV7Sequence(() => t);
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      if (i % 3000 === 0) t++;
      ids.push(next());
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
