/** The site file's cables written as plain lines: the same text as the YAML library writes, read back the same. */
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { cablesYaml, type CableItem } from "./site-file";

const library = (items: CableItem[], first: boolean) => {
  const text = new Document({ cables: items }).toString({ lineWidth: 0 });
  return first ? text : text.slice(text.indexOf("\n") + 1);
};

describe("site file cables", () => {
  it("are the YAML library's text, for plain names and for texts that need quoting", () => {
    // Pieces of names: ordinary ones, and what makes YAML quote or read a text as something else.
    const pieces = ["sw1", "A01", "-", "Ethernet1/1", ":", "@rear", "1", "0x1F", "1e3", ".5", "true", "No", "null", "~", " ", "#", ": ", "'", '"', "\n", "[", "{", ",", "&", "*", "!", "|", ">", "%", "ü", "(", ")", "+", "_", "."];
    let seed = 11;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const text = () => (random(3) === 0 ? pieces[random(pieces.length)]! : Array.from({ length: 1 + random(4) }, () => pieces[random(pieces.length)]).join(""));
    const name = () => (random(2) === 0 ? `p${random(9)}-A0${random(9)}:${random(4)}/${random(9)}${random(3) === 0 ? "@rear" : ""}` : text());
    const items: CableItem[] = Array.from({ length: 2000 }, (_, i) => {
      const ends: Record<string, string> = {};
      for (let k = 0, n = random(4); k < n; k++) ends[random(5) === 0 ? text() : `${"ab"[k % 2]}${k + 1}`] = name();
      return {
        id: random(3) === 0 ? text() : `C${i}`,
        type: random(5) === 0 ? text() : "lc-ab-os2-ll",
        length: [3, 2.5, 0.1 + 0.2, 1e21, -0, 100][random(6)]!,
        ...(random(3) === 0 ? { label: random(4) === 0 ? "" : text() } : {}),
        ...(random(4) === 0 ? { splices: random(3) } : {}),
        ends,
      };
    });
    for (const first of [true, false]) expect(cablesYaml(items, first)).toBe(library(items, first));
    expect(parse(cablesYaml(items, true))).toEqual({ cables: items });
  });
});
