/**
 * Every file of the devicetype-library sample either converts (possibly after answering the
 * questions listed here) or is refused with a precise reason. The table is the expectation, file
 * by file: family, port counts, inferred fields with their sources, questions.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateComponentType, isConnectorFamily } from "../../../domain";
import { convertNetboxType, type Answers, type PartFamily, type QuestionField } from "./index";

const ROOT = fileURLToPath(new URL("./__fixtures__/devicetype-library/", import.meta.url));
/** The shared copy the sample was taken from, when this checkout has it. */
const SHARED = join(process.cwd(), "../shared/fixtures/devicetype-library");

interface Refused {
  readonly file: string;
  readonly refused: { readonly path: string; readonly line: number | undefined; readonly says: string };
}

interface Converts {
  readonly file: string;
  readonly family: PartFamily;
  readonly rear?: number;
  readonly front?: number;
  readonly rearFamily?: string;
  readonly frontFamily?: string;
  readonly adapters?: number;
  readonly adapter?: string;
  readonly slots?: number;
  readonly uHeight?: number;
  readonly cages?: number;
  readonly cage?: string;
  /** `field=value@source` of every inferred field, in order. */
  readonly inferred: readonly string[];
  readonly questions: readonly QuestionField[];
  /** Answers that complete a file with questions. */
  readonly answers?: Answers;
}

type Row = Refused | Converts;

const TABLE: readonly Row[] = [
  { file: "MANIFEST.tsv", refused: { path: "(file)", line: 1, says: "YAML syntax: Implicit keys need to be on a single" } },
  { file: "README.md", refused: { path: "(file)", line: 5, says: "YAML syntax: Implicit keys need to be on a single" } },
  { file: "SOURCE.md", refused: { path: "(file)", line: 3, says: "YAML syntax: Implicit keys need to be on a single" } },
  {
    file: "device-types/Arista/DCS-7050CX3-32S.yaml",
    family: "switch", cages: 34, cage: "qsfp28",
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Arista/DCS-7060CX-32S.yaml",
    family: "switch", cages: 34, cage: "qsfp28",
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Cisco/N9K-C9336C-FX2.yaml",
    family: "switch", cages: 36, cage: "qsfp28",
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Corning/CCH-01U.yaml",
    family: "housing", slots: 2, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Corning/CCH-02U.yaml",
    family: "housing", slots: 4, uHeight: 2,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Corning/EDGE-01U-SP.yaml",
    family: "housing", slots: 12, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Corning/EDGE-01U.yaml",
    family: "housing", slots: 8, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Corning/EDGE-02U.yaml",
    family: "housing", slots: 24, uHeight: 2,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/FS/FHD-1U-CMP400.yaml",
    family: "housing", slots: 4, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/FS/FHD-1UFCE.yaml",
    family: "housing", slots: 4, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/FS/FHD-1UFMT-N.yaml",
    family: "housing", slots: 4, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/FS/FHD-1UFMT-S.yaml",
    family: "housing", slots: 4, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/FS/FHD-2UFCE.yaml",
    family: "housing", slots: 8, uHeight: 2,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/FS/FHD-4UFCE.yaml",
    family: "housing", slots: 12, uHeight: 4,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Panduit/FCE1U.yaml",
    family: "housing", slots: 4, uHeight: 1,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Panduit/FCE2U.yaml",
    family: "housing", slots: 8, uHeight: 1,
    inferred: [],
    questions: ["uHeight"],
    answers: { uHeight: "1" },
  },
  {
    file: "device-types/Panduit/FCE4U.yaml",
    family: "housing", slots: 12, uHeight: 4,
    inferred: [],
    questions: [],
  },
  {
    file: "device-types/Siemon/RIC3-24-01.yaml",
    family: "housing", slots: 4, uHeight: 2,
    inferred: [],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-12LCDSMF.yaml",
    family: "cassette", rear: 24, front: 12, rearFamily: "splice", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "frontPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDOM4A.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=A@comments", "method=A@comments", "rearBrand=MTP@comments"],
    questions: ["rearGender", "rearPolish", "frontPolish"],
    answers: { rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDOM4AF.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=AF@comments", "method=AF@comments", "rearBrand=MTP@comments"],
    questions: ["fiber", "rearGender", "rearPolish", "frontPolish"],
    answers: { fiber: "OM4", method: "A", rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDOM5A.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OM5@comments", "positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDOM5AF.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OM5@comments", "positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { method: "A", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDOS2A.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDOS2AF.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { method: "A", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-1MTP12LCDSMFA.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-24@comments", "polarity=A@comments", "method=A@comments", "rearBrand=MTP@comments"],
    questions: ["rearGender", "rearPolish", "frontPolish"],
    answers: { rearGender: "male", rearPolish: "APC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOM4A.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["rearGender", "rearPolish", "frontPolish"],
    answers: { rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOM4AF.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { method: "A", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOM4U.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=U@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["method", "rearPolish", "frontPolish"],
    answers: { method: "U1", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOM5A.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM5@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOM5AF.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM5@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { method: "A", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOS2A.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDOS2AF.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { method: "A", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDSMFA.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["method", "rearGender", "rearPolish"],
    answers: { method: "A", rearGender: "male", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6LCDSMFAF.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["rearGender", "rearPolish"],
    answers: { method: "A", rearGender: "male", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-1MTP6SCDOS2A.yaml",
    family: "cassette", rear: 1, front: 6, rearFamily: "MPO-12", frontFamily: "SC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOM4A.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOM4AF.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { method: "A", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOM4U.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=U@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["method", "rearPolish", "frontPolish"],
    answers: { method: "U1", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOM5A.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM5@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOM5AF.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM5@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish", "frontPolish"],
    answers: { method: "A", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOS2A.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDOS2AF.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments"],
    questions: ["rearPolish"],
    answers: { method: "A", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDSMFA.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["rearGender", "rearPolish"],
    answers: { rearGender: "male", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-2MTP12LCDSMFAF.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "method=AF@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["rearGender", "rearPolish"],
    answers: { method: "A", rearGender: "male", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-3MTP6LCQOM4U.yaml",
    family: "cassette", rear: 3, front: 12, rearFamily: "MPO-8", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-8@comments", "polarity=U@comments", "rearGender=male@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["method", "rearPolish", "frontPolish"],
    answers: { method: "U1", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHD-3MTP6LCQOS2U.yaml",
    family: "cassette", rear: 3, front: 12, rearFamily: "MPO-8", frontFamily: "LC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-8@comments", "polarity=U@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["method", "rearPolish"],
    answers: { method: "U1", rearPolish: "APC" },
  },
  {
    file: "module-types/FS/FHD-4MTP8MDC3PDSMFA.yaml",
    family: "cassette", rear: 4, front: 24, rearFamily: "MPO-12", frontFamily: "MDC",
    inferred: ["fiber=OS2@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=A@comments", "method=A@comments", "rearGender=male@comments", "frontPolish=UPC@comments", "rearBrand=MTP@comments", "rearGrade=low-loss@comments", "frontGrade=low-loss@comments"],
    questions: ["rearPolish"],
    answers: { rearPolish: "APC" },
  },
  { file: "module-types/FS/FHD-4MTPMESHOM4.yaml", refused: { path: "front-ports", line: 7, says: "this is a mesh (shuffle) cassette: the file maps each MPO as a single" } },
  { file: "module-types/FS/FHD-4MTPMESHOS2.yaml", refused: { path: "front-ports", line: 7, says: "this is a mesh (shuffle) cassette: the file maps each MPO as a single" } },
  {
    file: "module-types/FS/FHD-D82128EM3.yaml",
    family: "cassette",
    rear: 1,
    front: 11,
    rearFamily: "LC",
    frontFamily: "LC",
    inferred: ["wdmKind=dwdm@port-names", "wavelengths=C21 1560.61, C22 1559.79, C23 1558.98, C24 1558.17, C25 1557.36, C26 1556.55, C27 1555.75, C28 1554.94@port-names", "fiber=OS2@rule", "frontPolish=UPC@comments", "insertionLossDb=2.4@comments"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-D82936EM.yaml",
    family: "cassette",
    rear: 1,
    front: 10,
    rearFamily: "LC",
    frontFamily: "LC",
    inferred: ["wdmKind=dwdm@port-names", "wavelengths=C29 1554.13, C30 1553.33, C31 1552.52, C32 1551.72, C33 1550.92, C34 1550.12, C35 1549.32, C36 1548.51@port-names", "fiber=OS2@rule", "frontPolish=UPC@comments", "insertionLossDb=2.4@comments"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-D85360EM.yaml",
    family: "cassette",
    rear: 1,
    front: 10,
    rearFamily: "LC",
    frontFamily: "LC",
    inferred: ["wdmKind=dwdm@port-names", "wavelengths=C53 1535.04, C54 1534.25, C55 1533.47, C56 1532.68, C57 1531.9, C58 1531.12, C59 1530.33, C60 1529.55@port-names", "fiber=OS2@rule", "frontPolish=UPC@comments", "insertionLossDb=2.4@comments"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP12LCADZSMF.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LC/B",
    inferred: ["fiber=OS2@comments", "adapterKey=B@rule", "adapterPolish=APC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP12LCDX10GMM.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LC/B",
    inferred: ["fiber=OM4@comments", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP12LCDXSMF.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LC/B",
    inferred: ["fiber=OS2@comments", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP12LSHASXSMF.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LSH/A",
    inferred: ["fiber=OS2@comments", "adapterKey=A@rule", "adapterPolish=APC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP12MDC2PDSMF.yaml",
    family: "adapter-plate", adapters: 24, adapter: "MDC/B",
    inferred: ["fiber=OS2@comments", "adapterKey=B@rule", "adapterPolish=UPC@comments"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP12MTPHA.yaml",
    family: "adapter-plate", adapters: 12, adapter: "MPO-12/A",
    inferred: ["adapterKey=A@comments"],
    questions: ["adapterFamily"],
    answers: { adapterFamily: "MPO-12" },
  },
  {
    file: "module-types/FS/FHD-FAP18LCDXMMF.yaml",
    family: "adapter-plate", adapters: 18, adapter: "LC/B",
    inferred: ["adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP18LCDXSMF.yaml",
    family: "adapter-plate", adapters: 18, adapter: "LC/B",
    inferred: ["fiber=OS2@comments", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP6SCADXSMF.yaml",
    family: "adapter-plate", adapters: 6, adapter: "SC/B",
    inferred: ["fiber=OS2@comments", "adapterKey=B@rule", "adapterPolish=APC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP6SCDXSMF.yaml",
    family: "adapter-plate", adapters: 6, adapter: "SC/B",
    inferred: ["fiber=OS2@comments", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP6SCDZ10GMM.yaml",
    family: "adapter-plate", adapters: 6, adapter: "SC/B",
    inferred: ["adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP6STSXMMF.yaml",
    family: "adapter-plate", adapters: 6, adapter: "ST/A",
    inferred: ["adapterKey=A@rule"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP6STSXSMF.yaml",
    family: "adapter-plate", adapters: 6, adapter: "ST/A",
    inferred: ["fiber=OS2@comments", "adapterKey=A@rule"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP8STSXMMF.yaml",
    family: "adapter-plate", adapters: 8, adapter: "ST/A",
    inferred: ["adapterKey=A@rule"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAP8STSXSMF.yaml",
    family: "adapter-plate", adapters: 8, adapter: "ST/A",
    inferred: ["fiber=OS2@comments", "adapterKey=A@rule"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAPB.yaml",
    family: "blank",
    inferred: [],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FAPM6.yaml",
    family: "blank",
    inferred: [],
    questions: [],
  },
  { file: "module-types/FS/FHD-FMP6-CAT6.yaml", refused: { path: "front-ports[0].type", line: 8, says: "port type \"8p8c\" is not a fiber connector; Ferrule manages fiber" } },
  {
    file: "module-types/FS/FHD-FMP6-LC.yaml",
    family: "adapter-plate", adapters: 6, adapter: "LC/B",
    inferred: ["adapterKey=B@rule"],
    questions: [],
  },
  {
    file: "module-types/FS/FHD-FMP6.yaml",
    family: "blank",
    inferred: [],
    questions: [],
  },
  {
    file: "module-types/FS/FHX-3LCQSMF73.yaml",
    family: "cassette",
    rear: 2,
    front: 6,
    rearFamily: "LC",
    frontFamily: "LC",
    inferred: ["splitRatio=0.7@comments", "fiber=OS2@comments"],
    questions: ["tapMonitor", "frontPolish"],
    answers: { tapMonitor: "rear-first", frontPolish: "UPC" },
  },
  {
    file: "module-types/FS/FHZ-36F3MTPLCOM4.yaml",
    family: "cassette", rear: 3, front: 18, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM4@comments", "positionUnit=pair@port-names", "rearFamily=MPO-12@comments", "polarity=AF@comments", "harness=universal@port-names", "rearBrand=MTP@comments"],
    questions: ["method", "rearGender", "rearPolish", "frontPolish"],
    answers: { method: "U1", rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/Panduit/FAP12WAQDLCZ.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LC/B",
    inferred: ["fiber=OM4@model", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAP12WBUDLCZ.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LC/B",
    inferred: ["fiber=OS2@model", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAP12WEIDLCZ.yaml",
    family: "adapter-plate", adapters: 12, adapter: "LC/B",
    inferred: ["fiber=OM1@model", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAP3WAQDLCZ.yaml",
    family: "adapter-plate", adapters: 3, adapter: "LC/B",
    inferred: ["fiber=OM4@model", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAP6WBUDLCZ.yaml",
    family: "adapter-plate", adapters: 6, adapter: "LC/B",
    inferred: ["fiber=OS2@model", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAP6WST.yaml",
    family: "adapter-plate", adapters: 6, adapter: "ST/A",
    inferred: ["adapterKey=A@rule"],
    questions: [],
  },
  {
    // An adapter panel whose file gives the 8 adapters' rears as one rear port of 8 positions.
    file: "module-types/Panduit/FAP8WAQDLCZ.yaml",
    family: "adapter-plate", adapters: 8, adapter: "LC/B",
    inferred: ["sharedRear=adapters@model", "adapterKey=B@rule"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAP8WBUDLCZ.yaml",
    family: "adapter-plate", adapters: 8, adapter: "LC/B",
    inferred: ["fiber=OS2@model", "adapterKey=B@rule", "adapterPolish=UPC@port-type"],
    questions: [],
  },
  {
    file: "module-types/Panduit/FAPB.yaml",
    family: "blank",
    inferred: [],
    questions: [],
  },
  {
    file: "module-types/Panduit/FC2XO-24-10AS.yaml",
    family: "cassette", rear: 2, front: 12, rearFamily: "MPO-12", frontFamily: "LC",
    inferred: ["fiber=OM3@model", "positionUnit=strand@port-label", "rearFamily=MPO-12@positions", "polarity=A@model", "harness=straight@positions", "method=A@model", "rearBrand=MPO@model"],
    questions: ["rearGender", "rearPolish", "frontPolish"],
    answers: { rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" },
  },
  {
    file: "module-types/Panduit/FC2XO-24-10U.yaml",
    family: "cassette", rear: 1, front: 12, rearFamily: "MPO-24", frontFamily: "LC",
    inferred: ["fiber=OM3@model", "positionUnit=pair@model", "rearFamily=MPO-24@positions", "polarity=U@model", "rearBrand=MPO@model"],
    questions: ["method", "rearGender", "rearPolish", "frontPolish"],
    answers: { method: "U1", rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" },
  },
  { file: "schema/components.json", refused: { path: "manufacturer", line: 1, says: "manufacturer is" } },
  { file: "schema/devicetype.json", refused: { path: "manufacturer", line: 1, says: "manufacturer is" } },
  { file: "schema/moduletype.json", refused: { path: "manufacturer", line: 1, says: "manufacturer is" } },
];

const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const files = walk(ROOT)
  .map((f) => relative(ROOT, f))
  .sort();

describe("devicetype-library sample", () => {
  it("the table lists every file exactly once", () => {
    expect(TABLE.map((r) => r.file).sort()).toEqual(files);
  });

  it.skipIf(!existsSync(SHARED))("the checked-in sample is the shared sample, byte for byte", () => {
    const shared = walk(SHARED)
      .map((f) => relative(SHARED, f))
      .sort();
    expect(shared).toEqual(files);
    for (const f of files) expect(readFileSync(join(ROOT, f)).equals(readFileSync(join(SHARED, f))), f).toBe(true);
  });

  it.each(TABLE.map((r) => [r.file, r] as const))("%s", (file, row) => {
    const bytes = readFileSync(join(ROOT, file));
    const r = convertNetboxType(bytes, { file });
    if ("refused" in row) {
      expect(r.outcome).toBe("refused");
      if (r.outcome !== "refused") return;
      const e = r.errors[0]!;
      expect({ path: e.path, line: e.line }).toEqual({ path: row.refused.path, line: row.refused.line });
      expect(e.message).toContain(row.refused.says);
      for (const x of r.errors) {
        expect(x.file).toBe(file);
        expect(x.message.length).toBeGreaterThan(10);
      }
      return;
    }
    expect(r.outcome).toBe(row.questions.length > 0 ? "needs-answers" : "converted");
    if (r.outcome === "refused") return;
    expect(Object.entries(r.inferred).map(([k, v]) => `${k}=${v.value}@${v.source}`)).toEqual(row.inferred);
    for (const v of Object.values(r.inferred)) expect(v.text).not.toBe("");
    expect(r.questions.map((q) => q.field)).toEqual(row.questions);
    for (const q of r.questions) {
      expect(q.why.length).toBeGreaterThan(20);
      expect(q.choices.length).toBeGreaterThanOrEqual(2);
      expect(q.choices.map((c) => c.value)).toContain(row.answers?.[q.field]);
    }

    const done = row.answers ? convertNetboxType(bytes, { file, answers: row.answers }) : r;
    expect(done.outcome).toBe("converted");
    if (done.outcome !== "converted") return;
    expect(done.part.family).toBe(row.family);
    for (const [k, v] of Object.entries(row.answers ?? {})) expect(done.inferred[k]).toEqual({ value: v, source: "answer", text: `answered ${v}` });
    const p = done.part;
    switch (p.family) {
      case "cassette": {
        expect(validateComponentType(p.type)).toEqual([]);
        const rears = p.type.ports.filter((x) => x.role === "rear");
        const fronts = p.type.ports.filter((x) => x.role === "front");
        expect({ rear: rears.length, front: fronts.length, rearFamily: rears[0]!.family, frontFamily: fronts[0]!.family }).toEqual({
          rear: row.rear,
          front: row.front,
          rearFamily: row.rearFamily,
          frontFamily: row.frontFamily,
        });
        // Duplex fronts: every front port carries exactly its two fibers (a multiplexer's channels do;
        // a tap's monitors are branches, not fibers of the map).
        if (p.type.wdm) expect(p.type.fibers).toHaveLength(2 * fronts.filter((f) => f.wavelengthNm !== undefined).length);
        else if (p.type.split) expect(p.type.split.branches.length).toBeGreaterThan(0);
        else expect(p.type.fibers).toHaveLength(2 * fronts.length);
        expect(p.portNames.length).toBeGreaterThanOrEqual(rears.length + fronts.length);
        break;
      }
      case "adapter-plate":
        expect(p.adapters).toHaveLength(row.adapters!);
        expect(`${p.adapters[0]!.family}/${p.adapters[0]!.key}`).toBe(row.adapter);
        for (const a of p.adapters) expect(isConnectorFamily(a.family)).toBe(true);
        break;
      case "housing":
        expect(p.slots).toHaveLength(row.slots!);
        expect(p.uHeight).toBe(row.uHeight);
        break;
      case "switch":
        expect(p.cages).toHaveLength(row.cages!);
        expect(p.cages[0]!.cage).toBe(row.cage);
        break;
      case "blank":
        break;
    }
  });
});
