import "server-only";

import { headers } from "next/headers";
import QRCode from "qrcode";

/** This server's address as the browser reached it (behind a proxy, as the proxy says). */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto.split(",")[0]!.trim()}://${host.split(",")[0]!.trim()}`;
}

/** The address a step's QR code carries: the step on a phone. */
export const stepUrl = (origin: string, planId: string, n: number) => `${origin}/work/${planId}/step/${n}`;

/** A QR code as an SVG data URL. */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}
