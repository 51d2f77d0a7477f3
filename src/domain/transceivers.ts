/**
 * Built-in transceivers (reference §5): receptacle, MDI lane roles and application.
 * MDI positions are looked at into the receptacle with its keyway up; transmitters on the left.
 */
import type { TransceiverType, Lane } from "./components";
import type { ConnectorFamily, Polish } from "./connectors";
import type { FiberMode } from "./fiber";
import { CWDM_CHANNELS_NM } from "./wdm";

/** Tx lane i at MDI i, Rx lane i at MDI n+1-i (one-row parallel optics, reference §5). */
function parallelLanes(lanes: number, n: number): Lane[] {
  const out: Lane[] = [];
  for (let i = 1; i <= lanes; i++) out.push({ position: i, role: "tx", lane: i });
  for (let i = 1; i <= lanes; i++) out.push({ position: n + 1 - i, role: "rx", lane: i });
  return out;
}

/** 400GBASE-SR4.2: MDI 1-4 TR, 9-12 RT; lane i uses MDI i and 13-i. */
function bidiLanes(): Lane[] {
  const out: Lane[] = [];
  for (let i = 1; i <= 4; i++) out.push({ position: i, role: "bidi", lane: i, face: "TR" });
  for (let i = 1; i <= 4; i++) out.push({ position: 13 - i, role: "bidi", lane: i, face: "RT" });
  return out;
}

/**
 * 100GBASE-SR10 on MPO-24 (reference §5, tag P: "one row Tx, the other Rx, middle 10 of each
 * row"). Ferrule places Tx in row 2 and Rx in row 1, columns 2-11: Tx lane i at row 2 column
 * 1+i, Rx lane i at row 1 column 12-i, so that a Type B MPO-24 cord joins Tx lane i to Rx lane i.
 */
function sr10Lanes(): Lane[] {
  const out: Lane[] = [];
  for (let i = 1; i <= 10; i++) out.push({ position: 12 + 1 + i, role: "tx", lane: i });
  for (let i = 1; i <= 10; i++) out.push({ position: 12 - i, role: "rx", lane: i });
  return out;
}

/** Duplex: Tx at MDI 1 (left), Rx at MDI 2 (right). */
const duplexLanes = (): Lane[] => [
  { position: 1, role: "tx", lane: 1 },
  { position: 2, role: "rx", lane: 1 },
];

function t(
  formFactor: string,
  application: string,
  name: string,
  family: ConnectorFamily,
  polish: Polish | null,
  mode: FiberMode,
  lanes: Lane[],
  netbox: string,
  note?: string,
): TransceiverType {
  const id = `${formFactor}-${application}`;
  const receptacle = family.startsWith("MPO") ? { family, gender: "male" as const, polish } : { family, polish };
  const base = { kind: "transceiver" as const, id, name, formFactor, application, receptacle, mode, lanes, netbox };
  return note === undefined ? base : { ...base, note };
}

export const TRANSCEIVERS: readonly TransceiverType[] = [
  t("sfp", "1000base-sx", "SFP 1000BASE-SX", "LC", "UPC", "MM", duplexLanes(), "1000base-sx"),
  t("sfp", "1000base-lx", "SFP 1000BASE-LX", "LC", "UPC", "SM", duplexLanes(), "1000base-lx"),
  t("sfpp", "10gbase-sr", "SFP+ 10GBASE-SR", "LC", "UPC", "MM", duplexLanes(), "10gbase-sr"),
  t("sfpp", "10gbase-lr", "SFP+ 10GBASE-LR", "LC", "UPC", "SM", duplexLanes(), "10gbase-lr"),
  t("sfp28", "25gbase-sr", "SFP28 25GBASE-SR", "LC", "UPC", "MM", duplexLanes(), "25gbase-sr"),
  t("qsfpp", "40gbase-sr4", "QSFP+ 40GBASE-SR4", "MPO-12", "UPC", "MM", parallelLanes(4, 12), "40gbase-sr4"),
  t("qsfpp", "40gbase-lr4", "QSFP+ 40GBASE-LR4", "LC", "UPC", "SM", duplexLanes(), "40gbase-lr4"),
  t("qsfp28", "100gbase-sr4", "QSFP28 100GBASE-SR4", "MPO-12", "UPC", "MM", parallelLanes(4, 12), "100gbase-sr4"),
  t("qsfp28", "100g-psm4", "QSFP28 100G-PSM4", "MPO-12", "APC", "SM", parallelLanes(4, 12), "100gbase-psm4"),
  t("qsfp28", "100gbase-dr", "QSFP28 100GBASE-DR", "LC", "UPC", "SM", duplexLanes(), "100gbase-dr"),
  t("qsfp28", "100gbase-fr1", "QSFP28 100GBASE-FR1", "LC", "UPC", "SM", duplexLanes(), "100gbase-fr1"),
  t("qsfp28", "100gbase-lr4", "QSFP28 100GBASE-LR4", "LC", "UPC", "SM", duplexLanes(), "100gbase-lr4"),
  t("qsfp28", "100g-cwdm4", "QSFP28 100G-CWDM4", "LC", "UPC", "SM", duplexLanes(), "100gbase-cwdm4"),
  t("cxp", "100gbase-sr10", "CXP 100GBASE-SR10", "MPO-24", "UPC", "MM", sr10Lanes(), "100gbase-sr10"),
  t("qsfp56", "200gbase-sr4", "QSFP56 200GBASE-SR4", "MPO-12", "UPC", "MM", parallelLanes(4, 12), "200gbase-sr4"),
  t("qsfpdd", "400gbase-dr4", "QSFP-DD 400GBASE-DR4", "MPO-12", "APC", "SM", parallelLanes(4, 12), "400gbase-dr4"),
  t("qsfpdd", "400gbase-sr4", "QSFP-DD 400GBASE-SR4", "MPO-12", "APC", "MM", parallelLanes(4, 12), "400gbase-sr4"),
  t("qsfpdd", "400gbase-vr4", "QSFP-DD 400GBASE-VR4", "MPO-12", "APC", "MM", parallelLanes(4, 12), "400gbase-vr4"),
  t("qsfpdd", "400gbase-sr4_2", "QSFP-DD 400GBASE-SR4.2 (BiDi)", "MPO-12", null, "MM", bidiLanes(), "400gbase-sr4_2",
    "polish is vendor specific; Ferrule does not check it"),
  t("qsfpdd", "400gbase-sr8", "QSFP-DD 400GBASE-SR8", "MPO-16", "APC", "MM", parallelLanes(8, 16), "400gbase-sr8"),
  t("qsfpdd", "400gbase-fr4", "QSFP-DD 400GBASE-FR4", "LC", "UPC", "SM", duplexLanes(), "400gbase-fr4"),
  t("qsfpdd", "400gbase-lr8", "QSFP-DD 400GBASE-LR8", "LC", "UPC", "SM", duplexLanes(), "400gbase-lr8"),
  t("osfp", "800gbase-sr8", "OSFP 800GBASE-SR8", "MPO-16", "APC", "MM", parallelLanes(8, 16), "800gbase-sr8"),
  t("osfp", "800gbase-dr8", "OSFP 800GBASE-DR8", "MPO-16", "APC", "SM", parallelLanes(8, 16), "800gbase-dr8"),
];

/**
 * Fixed optics: a transceiver built into its device behind a receptacle of its own (a media
 * converter's fiber port), not a pluggable module. Form factor `fixed`: no cage takes one; a device
 * template gives the port a cage of no form factor with the optic preinstalled. 1000BASE-SX and -LX
 * behind a duplex SC receptacle, as 1G media converters are sold; lanes as a duplex SFP's (Tx left).
 * Not in the reference: tagged U.
 */
export const FIXED_TRANSCEIVERS: readonly TransceiverType[] = [
  { ...t("fixed", "1000base-sx", "1000BASE-SX fixed optic, duplex SC", "SC", "UPC", "MM", duplexLanes(), "1000base-sx"), id: "fixed-sc-1000base-sx", tag: "U" },
  { ...t("fixed", "1000base-lx", "1000BASE-LX fixed optic, duplex SC", "SC", "UPC", "SM", duplexLanes(), "1000base-lx"), id: "fixed-sc-1000base-lx", tag: "U" },
];

/** The form factor of a fixed (built-in, non-pluggable) optic. */
export const FIXED_FORM_FACTOR = "fixed";

/**
 * The line rate of a transceiver type in Gb/s, read from its application's name (`1000BASE-LX` →
 * 1, `10GBASE-SR` → 10, `100G-PSM4` → 100); undefined when the name states none.
 */
export function transceiverSpeedGbps(t: Pick<TransceiverType, "application">): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(g)?(?:base|-)/i.exec(t.application);
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) / 1000;
}

/**
 * Coloured SFP+ optics, one per CWDM channel (ITU-T G.694.2): 10G CWDM 40 km class. The wavelength
 * is the optic's; a WDM port of another channel blocks it.
 */
export const CWDM_TRANSCEIVERS: readonly TransceiverType[] = CWDM_CHANNELS_NM.map((nm) => ({
  ...t("sfpp", `10g-cwdm-40`, `SFP+ 10G CWDM ${nm} nm (40 km)`, "LC", "UPC", "SM", duplexLanes(), "10gbase-x-sfpp"),
  id: `sfpp-10g-cwdm-${nm}`,
  wavelengthNm: nm,
}));

/** Number of lanes (Tx/Rx pairs or bidirectional pairs) of a transceiver. */
export const laneCount = (t: TransceiverType): number => t.lanes.reduce((m, l) => Math.max(m, l.lane), 0);

/**
 * Which optics the transceiver picker offers for a cage, by form factor: its own, the older ones of
 * the same width it is built to accept (an SFP28 cage an SFP+ optic; QSFP-DD the QSFP family), and
 * in a QSFP cage the SFP family (through a QSA adapter); never a wider or another family's (no CXP or
 * OSFP in an SFP28 cage; a 1G SFP in any SFP-width cage). A fixed optic fits no cage. A cage type
 * not listed here takes any. The server does not refuse others:
 * an adapter can make them fit.
 */
export const CAGE_ACCEPTS: Readonly<Record<string, readonly string[]>> = {
  sfp: ["sfp"],
  sfpp: ["sfp", "sfpp"],
  sfp28: ["sfp", "sfpp", "sfp28"],
  qsfpp: ["sfp", "sfpp", "qsfpp"],
  qsfp28: ["sfp", "sfpp", "sfp28", "qsfpp", "qsfp28"],
  qsfp56: ["sfp", "sfpp", "sfp28", "qsfpp", "qsfp28", "qsfp56"],
  qsfpdd: ["sfp", "sfpp", "sfp28", "qsfpp", "qsfp28", "qsfp56", "qsfpdd"],
  osfp: ["osfp"],
  cxp: ["cxp"],
};

/** Whether an optic of this form factor goes into this cage (an unknown or unset cage takes any). */
export function fitsCage(cage: string | null | undefined, formFactor: string): boolean {
  const takes = cage ? CAGE_ACCEPTS[cage.toLowerCase()] : undefined;
  return !takes || takes.includes(formFactor.toLowerCase());
}
