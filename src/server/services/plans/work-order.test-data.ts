/** A work order of fourteen steps (two groups, one step done), for the PDF test and for looking at the PDF. */
import type { WorkOrderView } from "./get-work-order";

export const SAMPLE_ORDER: WorkOrderView = {
  plan: { id: "00000000-0000-4000-8000-000000000001", name: "Spine1 to leaf3 → second uplink", status: "in_progress", siteId: "s", updatedAt: new Date("2026-11-24T10:00:00Z") },
  site: { id: "s", name: "Demo Data Center 1", code: "DC1" },
  preview: false,
  open: true,
  steps: Array.from({ length: 14 }, (_, i) => ({
    n: i + 1,
    kind: i < 2 ? "transceiver.add" : i === 5 ? "cable.remove" : "cable.add",
    text: i < 2 ? `Insert transceiver qsfpdd-400gbase-dr4 into spine1:Ethernet1/${5 + i}` : i === 5 ? "Remove cord P-L1-L2-2 from leaf1:Ethernet1/2 and leaf2:Ethernet1/2" : `Install cord UA01-${i} (mpo12-typeB-ff-os2, 2 m) between spine1:Ethernet1/${i} and MPO-A01:${i}`,
    tia: [`DC1.A01-40:Ethernet1/${i}`, `DC1.A01-38:${String(i).padStart(2, "0")}`],
    link: i < 2 ? null : `DC1.A01-40:Ethernet1/${i}/DC1.A01-38:${String(i).padStart(2, "0")}`,
    cableId: null,
    cableLabel: null,
    group: i >= 12 ? 1 : 0,
    linksDown: i >= 12 ? ["leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2"] : [],
    doneAt: i === 0 ? new Date("2026-11-24T11:00:00Z") : null,
    doneBy: i === 0 ? "tech@example.com" : null,
  })),
};
