/** The printed work order: a PDF with every step, its labels and a QR code per step. */
import { describe, expect, it } from "vitest";
import { workOrderPdf } from "./work-order-pdf";
import { SAMPLE_ORDER } from "./work-order.test-data";

describe("work order PDF", () => {
  it("writes every step with its labels and a QR code, over as many pages as it takes", async () => {
    const pdf = await workOrderPdf(SAMPLE_ORDER, (n) => `https://ferrule.example/work/${SAMPLE_ORDER.plan.id}/step/${n}`);
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF-1.")).toBe(true);
    // One image (the QR code) per step.
    expect(text.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(14);
    expect(Number(/\/Count (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
  });
});
