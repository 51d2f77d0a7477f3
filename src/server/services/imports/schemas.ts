import { z } from "zod";

/** NetBox cable CSV import into a site (the file itself is the request body of /api/import/…). */
export const netboxCableImportInput = z.object({
  siteId: z.uuid("Choose a site."),
  /** Import the rows that match and report the others, instead of refusing the whole file. */
  skipUnmatched: z.boolean().default(false),
  /** Check the file and report, but write nothing. */
  dryRun: z.boolean().default(false),
});
export type NetboxCableImportInput = z.input<typeof netboxCableImportInput>;

const answer = z.string().max(40, "At most 40 characters.");
/** Answers to a device-type file's questions, by question field. */
export const deviceTypeAnswers = z
  .object({
    fiber: answer,
    positionUnit: answer,
    method: answer,
    rearKey: answer,
    rearGender: answer,
    rearPolish: answer,
    frontPolish: answer,
    adapterFamily: answer,
    adapterKey: answer,
    sharedRear: answer,
    uHeight: answer,
    tapMonitor: answer,
    optic: answer,
  })
  .partial();

/** NetBox devicetype-library files into the catalog: check first (`dryRun`), then import. */
export const deviceTypeImportInput = z.object({
  files: z
    .array(
      z.object({
        name: z.string().min(1, "Name the file.").max(300, "At most 300 characters."),
        /** The file's text (YAML). */
        content: z.string().max(262_144, "A device-type file is at most 256 KiB."),
        answers: deviceTypeAnswers.default({}),
      }),
    )
    .min(1, "Choose at least one file.")
    .max(200, "At most 200 files at once."),
  dryRun: z.boolean().default(false),
});
export type DeviceTypeImportInput = z.input<typeof deviceTypeImportInput>;
