import { describe, expect, it } from "vitest";
import { OPEN_ROWS_UP_TO_RACKS, openTreeRows, treeRowKey } from "./SiteTree";

/** A room of rows of racks: `racks[i]` racks in row i, ids "<room>-<row>-<n>". */
const room = (id: string, racks: number[]) => ({
  id,
  rows: racks.map((n, i) => ({ row: `R${i + 1}`, racks: Array.from({ length: n }, (_, k) => ({ id: `${id}-R${i + 1}-${k + 1}` })) })),
});

describe("openTreeRows", () => {
  it("opens every row of a site up to its limit of racks, whatever rack is looked at", () => {
    const rooms = [room("a", [OPEN_ROWS_UP_TO_RACKS - 10]), room("b", [5, 5])];
    expect(openTreeRows(rooms, undefined, new Set())).toEqual(new Set([treeRowKey("a", "R1"), treeRowKey("b", "R1"), treeRowKey("b", "R2")]));
  });

  it("on a larger site opens the current rack's row and the rows opened by hand only; the current row closes by hand too", () => {
    const rooms = [room("a", [20, 20, 20]), room("b", [OPEN_ROWS_UP_TO_RACKS])];
    expect(openTreeRows(rooms, undefined, new Set())).toEqual(new Set());
    expect(openTreeRows(rooms, "a-R2-7", new Set())).toEqual(new Set([treeRowKey("a", "R2")]));
    expect(openTreeRows(rooms, "a-R2-7", new Set([treeRowKey("b", "R1")]))).toEqual(new Set([treeRowKey("a", "R2"), treeRowKey("b", "R1")]));
    expect(openTreeRows(rooms, "a-R2-7", new Set([treeRowKey("a", "R2")]))).toEqual(new Set());
    // Rows of the same label in two rooms are two rows.
    expect(openTreeRows([room("a", [150]), room("b", [150])], "b-R1-1", new Set())).toEqual(new Set([treeRowKey("b", "R1")]));
  });
});
