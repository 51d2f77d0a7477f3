/** What the topology's side panel says of an element, shared by the live and the as-planned details. */

export interface Fact {
  label: string;
  value: string;
}

export interface CableDetails {
  id: string;
  label: string;
  type: string;
  status: string;
  lengthM: number;
  ends: { connector: string; port: string; side: "front" | "rear" }[];
}

/** The title and facts of one cable (type, status, length), or of several (their length in all). */
export function cableFacts(list: readonly Pick<CableDetails, "label" | "type" | "status" | "lengthM">[]): { title: string; facts: Fact[] } {
  if (list.length === 1) {
    const c = list[0]!;
    return {
      title: c.label || "Cable without a label",
      facts: [
        { label: "Type", value: c.type },
        { label: "Status", value: c.status },
        { label: "Length", value: `${c.lengthM} m` },
      ],
    };
  }
  return { title: `${list.length} cables`, facts: [{ label: "Length", value: `${list.reduce((sum, c) => sum + c.lengthM, 0).toFixed(1)} m in all` }] };
}
