/**
 * Applications (reference §9): reach and maximum channel insertion loss per fiber grade, each
 * value with its confidence tag. `laneSignal` says which far ends can talk to each other: two
 * transceivers interoperate lane by lane when their lane signals are equal (so 40GBASE-SR4 breaks
 * out to 4 x 10GBASE-SR); Ferrule's classification, tagged P.
 */
import type { Confidence } from "./confidence";
import type { FiberGrade, FiberMode } from "./fiber";
import { GRADES } from "./fiber";

export interface ApplicationLimit {
  readonly grade: FiberGrade;
  readonly reachM: number | null;
  readonly maxLossDb: number | null;
  readonly reachTag: Confidence;
  readonly lossTag: Confidence;
}

export interface Application {
  readonly id: string;
  readonly name: string;
  readonly mode: FiberMode;
  readonly laneSignal: string;
  readonly limits: readonly ApplicationLimit[];
  readonly note?: string;
}

const lim = (
  grade: FiberGrade,
  reachM: number | null,
  maxLossDb: number | null,
  reachTag: Confidence,
  lossTag: Confidence = reachTag,
): ApplicationLimit => ({ grade, reachM, maxLossDb, reachTag, lossTag });

const app = (
  id: string,
  name: string,
  mode: FiberMode,
  laneSignal: string,
  limits: ApplicationLimit[],
  note?: string,
): Application => (note === undefined ? { id, name, mode, laneSignal, limits } : { id, name, mode, laneSignal, limits, note });

export const APPLICATIONS: readonly Application[] = [
  // 1G optics are not in the reference (tag U): IEEE 802.3 clause 38 and TIA-568.3 channel tables
  // as commonly quoted; OM4 is given OM3's figures (the standards state none for it).
  app("1000base-sx", "1000BASE-SX", "MM", "1G-NRZ-850", [
    lim("OM1", 275, 2.6, "U"),
    lim("OM2", 550, 3.56, "U"),
    lim("OM3", 1000, 4.5, "U"),
    lim("OM4", 1000, 4.5, "U"),
  ], "not in the reference: IEEE 802.3 clause 38 / TIA-568.3 figures as commonly quoted; OM4 taken as OM3"),
  app("1000base-lx", "1000BASE-LX", "SM", "1G-NRZ-1310", [lim("OS2", 5000, 4.57, "U")],
    "not in the reference: IEEE 802.3 clause 38 figures as commonly quoted (5 km, 4.57 dB on single-mode)"),
  app("10gbase-sr", "10GBASE-SR", "MM", "10G-NRZ-850", [lim("OM3", 300, 2.6, "V"), lim("OM4", 400, 2.9, "V")],
    "10GBASE-SR 550 m on OM4 is a vendor engineered-link figure; the standard says 400 m"),
  app("25gbase-sr", "25GBASE-SR", "MM", "25G-NRZ-850", [lim("OM3", 70, 1.8, "V"), lim("OM4", 100, 1.9, "V")]),
  app("40gbase-sr4", "40GBASE-SR4", "MM", "10G-NRZ-850", [lim("OM3", 100, 1.9, "V", "U"), lim("OM4", 150, 1.5, "V", "V")]),
  app("100gbase-sr4", "100GBASE-SR4", "MM", "25G-NRZ-850", [lim("OM3", 70, 1.8, "P"), lim("OM4", 100, 1.9, "P")]),
  app("200gbase-sr4", "200GBASE-SR4", "MM", "50G-PAM4-850", [lim("OM3", 70, 1.8, "U"), lim("OM4", 100, 1.9, "U")]),
  app("400gbase-sr8", "400GBASE-SR8", "MM", "50G-PAM4-850", [
    lim("OM3", 70, 1.8, "V"),
    lim("OM4", 100, 1.9, "V"),
    lim("OM5", 100, 1.9, "V"),
  ]),
  app("400gbase-sr4_2", "400GBASE-SR4.2", "MM", "BIDI-SR4.2", [
    lim("OM3", 70, 1.7, "V"),
    lim("OM4", 100, 1.8, "V"),
    lim("OM5", 150, 2.0, "V"),
  ]),
  app("400gbase-sr4", "400GBASE-SR4", "MM", "100G-PAM4-850", [lim("OM3", 60, null, "U"), lim("OM4", 100, null, "U")],
    "channel insertion loss not verified"),
  app("800gbase-sr8", "800GBASE-SR8", "MM", "100G-PAM4-850", [lim("OM3", 60, null, "U"), lim("OM4", 100, null, "U")],
    "channel insertion loss not verified"),
  app("400gbase-vr4", "400GBASE-VR4", "MM", "100G-PAM4-850-VR", [], "reach and loss not in the reference"),
  app("100gbase-sr10", "100GBASE-SR10", "MM", "10G-NRZ-850", [], "reach and loss not in the reference"),
  app("100gbase-dr", "100GBASE-DR", "SM", "100G-PAM4-1310", [lim("OS2", 500, 3.0, "P")]),
  app("400gbase-dr4", "400GBASE-DR4", "SM", "100G-PAM4-1310", [lim("OS2", 500, 3.0, "P")]),
  app("800gbase-dr8", "800GBASE-DR8", "SM", "100G-PAM4-1310", [lim("OS2", 500, 3.0, "V")]),
  app("100gbase-fr1", "100GBASE-FR1", "SM", "100G-FR1", [lim("OS2", 2000, 4.0, "V")]),
  app("400gbase-fr4", "400GBASE-FR4", "SM", "400G-FR4", [lim("OS2", 2000, 4.0, "U")]),
  app("40gbase-lr4", "40GBASE-LR4", "SM", "40G-LR4", [lim("OS2", 10000, 6.7, "V")]),
  app("100gbase-lr4", "100GBASE-LR4", "SM", "100G-LR4", [lim("OS2", 10000, 6.3, "P")]),
  app("400gbase-lr8", "400GBASE-LR8", "SM", "400G-LR8", [lim("OS2", 10000, 6.3, "V")]),
  app("10gbase-lr", "10GBASE-LR", "SM", "10G-LR", [lim("OS2", 10000, 6.2, "U")]),
  app("100g-cwdm4", "100G-CWDM4", "SM", "100G-CWDM4", [lim("OS2", 2000, 5.0, "U")], "MSA"),
  app("100g-psm4", "100G-PSM4", "SM", "25G-NRZ-1310-PSM4", [lim("OS2", 500, 3.3, "U")], "MSA"),
  app("10g-cwdm-40", "10G CWDM (40 km)", "SM", "10G-NRZ-CWDM", [lim("OS2", 40000, 14, "U")],
    "not an IEEE application: a vendor class of coloured SFP+ optics, one per CWDM channel; 40 km and a 14 dB power budget are typical datasheet figures"),
  app("10g-dwdm-80", "10G DWDM (80 km)", "SM", "10G-NRZ-DWDM", [lim("OS2", 80000, 22, "U")],
    "not an IEEE application: a vendor class of coloured SFP+ optics, one per ITU 100 GHz channel; 80 km and a 22 dB power budget are typical datasheet figures"),
];

const byId = new Map(APPLICATIONS.map((a) => [a.id, a]));

export const getApplication = (id: string): Application | undefined => byId.get(id);

/**
 * The limits that apply to a channel whose lowest grade is `grade`: the grade's own row, or the
 * row of its fallback grade (OM5 → OM4, OS1 → OS2). Undefined when the application has no row.
 */
export function limitsFor(application: Application, grade: FiberGrade): ApplicationLimit | undefined {
  const own = application.limits.find((l) => l.grade === grade);
  if (own) return own;
  const fallback = GRADES[grade].limitsFallback;
  return fallback ? application.limits.find((l) => l.grade === fallback) : undefined;
}
