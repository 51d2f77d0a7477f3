import { randomBytes } from "node:crypto";

/**
 * UUIDs of version 7 (RFC 9562): 48 bits of milliseconds, then a counter and random bits. Taken one
 * after another they ascend, so 100,000 new rows land at the end of the primary key's index
 * instead of all over it.
 */
export function uuidV7Sequence(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  const rand = randomBytes(8).toString("hex");
  return () => {
    let ms = now();
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
    } else {
      lastMs = ms;
      counter = 0;
    }
    const time = ms.toString(16).padStart(12, "0");
    // 12 bits of counter after the version nibble, then the variant and 62 more bits (counter high bits and a per-import random part).
    const c = counter & 0xfff;
    const high = Math.floor(counter / 0x1000) & 0x3fff;
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${c.toString(16).padStart(3, "0")}-${(0x8000 | high).toString(16)}-${rand.slice(0, 12)}`;
  };
}
