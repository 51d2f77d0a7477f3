/**
 * NetBox's bulk cable CSV: typed rows from text (whole or streamed in chunks) with an error per row
 * naming the line and the column, and the CSV written back from rows. Parsing never throws on bad
 * data. Column meanings follow NetBox 4.6/4.7: in 4.7 a side's name may be a comma list of several
 * terminations, in connector order.
 */
import { CsvTokenizer, csvLine, type CsvRecord } from "./csv";
import {
  LENGTH_UNITS,
  NETBOX_CABLE_STATUSES,
  isLengthUnit,
  isNetboxCableStatus,
  toMetres,
  type LengthUnit,
  type NetboxCableStatus,
} from "./slugs";

export const CABLE_CSV_COLUMNS = [
  "side_a_site",
  "side_a_device",
  "side_a_type",
  "side_a_name",
  "side_b_site",
  "side_b_device",
  "side_b_type",
  "side_b_name",
  "type",
  "status",
  "profile",
  "tenant",
  "bundle",
  "label",
  "color",
  "length",
  "length_unit",
  "description",
  "comments",
  "tags",
] as const;
export type CableCsvColumn = (typeof CABLE_CSV_COLUMNS)[number];

/** Columns a cable CSV must have: both ends, by device, termination type and name. */
export const REQUIRED_CABLE_COLUMNS: readonly CableCsvColumn[] = [
  "side_a_device",
  "side_a_type",
  "side_a_name",
  "side_b_device",
  "side_b_type",
  "side_b_name",
];

export const TERMINATION_TYPES = ["dcim.interface", "dcim.frontport", "dcim.rearport"] as const;
export type TerminationType = (typeof TERMINATION_TYPES)[number];

export interface CableCsvEnd {
  readonly site?: string;
  readonly device: string;
  readonly type: TerminationType;
  /** One name, or several terminations in connector order (NetBox 4.7). */
  readonly names: readonly string[];
}

export interface NetboxCableRow {
  readonly sideA: CableCsvEnd;
  readonly sideB: CableCsvEnd;
  /** NetBox cable type slug (`mmf-om4`); see netboxCableTypeToFiber. */
  readonly type?: string;
  /** `connected` when the column is absent or empty, as in NetBox. */
  readonly status: NetboxCableStatus;
  readonly profile?: string;
  readonly tenant?: string;
  readonly bundle?: string;
  readonly label?: string;
  /** Six lowercase hex digits, no `#`. */
  readonly color?: string;
  readonly length?: number;
  readonly lengthUnit?: LengthUnit;
  /** The length in metres, when both length and unit are given. */
  readonly lengthM?: number;
  readonly description?: string;
  readonly comments?: string;
  readonly tags: readonly string[];
}

export interface CableCsvError {
  readonly line: number;
  /** The column at fault, when one is. */
  readonly column?: string;
  readonly message: string;
}

/** One data record: a typed row, or what is wrong with it. */
export type CableCsvItem =
  | { readonly line: number; readonly row: NetboxCableRow; readonly errors?: undefined }
  | { readonly line: number; readonly row?: undefined; readonly errors: readonly CableCsvError[] };

const isColumn = (s: string): s is CableCsvColumn => (CABLE_CSV_COLUMNS as readonly string[]).includes(s);
const isTerminationType = (s: string): s is TerminationType => (TERMINATION_TYPES as readonly string[]).includes(s);

const DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const COLOUR = /^[0-9a-fA-F]{6}$/;
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** Turns CSV records into cable rows; the first record is the header. */
export class CableCsvReader {
  private columns: (CableCsvColumn | undefined)[] | undefined;
  private fatal = false;

  /** Header problems, or the row (or its errors) of a data record. */
  read(rec: CsvRecord): CableCsvItem | undefined {
    if (this.fatal) return undefined;
    if (!this.columns) return this.header(rec);
    return this.row(rec);
  }

  /** Whether the header made the rest unreadable (a required column is missing). */
  get stopped(): boolean {
    return this.fatal;
  }

  private header(rec: CsvRecord): CableCsvItem | undefined {
    const errors: CableCsvError[] = [];
    if (rec.error) errors.push({ line: rec.line, message: `header: ${rec.error}` });
    const seen = new Set<string>();
    this.columns = rec.fields.map((raw) => {
      const name = raw.trim();
      if (name === "") {
        errors.push({ line: rec.line, message: "header: a column has no name" });
        return undefined;
      }
      if (!isColumn(name)) {
        errors.push({ line: rec.line, column: name, message: `unknown column "${name}"; the columns are ${CABLE_CSV_COLUMNS.join(", ")}` });
        return undefined;
      }
      if (seen.has(name)) {
        errors.push({ line: rec.line, column: name, message: `column "${name}" appears twice` });
        return undefined;
      }
      seen.add(name);
      return name;
    });
    const missing = REQUIRED_CABLE_COLUMNS.filter((c) => !seen.has(c));
    for (const c of missing) errors.push({ line: rec.line, column: c, message: `required column "${c}" is missing` });
    if (missing.length > 0) this.fatal = true;
    return errors.length > 0 ? { line: rec.line, errors } : undefined;
  }

  private row(rec: CsvRecord): CableCsvItem {
    const cols = this.columns!;
    const line = rec.line;
    const errors: CableCsvError[] = [];
    if (rec.error) errors.push({ line, message: rec.error });
    if (rec.fields.length !== cols.length)
      errors.push({ line, message: `${rec.fields.length} fields, but the header has ${cols.length} columns` });
    const v: Partial<Record<CableCsvColumn, string>> = {};
    cols.forEach((c, i) => {
      const f = rec.fields[i];
      if (c && f !== undefined && f.trim() !== "") v[c] = f.trim();
    });
    const err = (column: CableCsvColumn, message: string) => errors.push({ line, column, message });

    const end = (side: "a" | "b"): CableCsvEnd | undefined => {
      const device = v[`side_${side}_device`];
      const type = v[`side_${side}_type`];
      const name = v[`side_${side}_name`];
      let ok = true;
      if (device === undefined) {
        err(`side_${side}_device`, "the device is empty");
        ok = false;
      }
      if (type === undefined) {
        err(`side_${side}_type`, `the termination type is empty (${TERMINATION_TYPES.join(", ")})`);
        ok = false;
      } else if (!isTerminationType(type)) {
        err(`side_${side}_type`, `"${type}" is not a fiber termination type; use ${TERMINATION_TYPES.join(", ")}`);
        ok = false;
      }
      const names = name === undefined ? [] : name.split(",").map((s) => s.trim());
      if (name === undefined) {
        err(`side_${side}_name`, "the name is empty");
        ok = false;
      } else if (names.some((n) => n === "")) {
        err(`side_${side}_name`, `an empty name in the list "${name}"`);
        ok = false;
      }
      if (!ok) return undefined;
      const site = v[`side_${side}_site`];
      return { ...(site !== undefined ? { site } : {}), device: device!, type: type as TerminationType, names };
    };
    const sideA = end("a");
    const sideB = end("b");

    let status: NetboxCableStatus = "connected";
    if (v.status !== undefined) {
      if (isNetboxCableStatus(v.status)) status = v.status;
      else err("status", `"${v.status}" is not a cable status; use ${NETBOX_CABLE_STATUSES.join(", ")}`);
    }
    if (v.type !== undefined && !SLUG.test(v.type)) err("type", `"${v.type}" is not a cable type slug (lowercase, e.g. mmf-om4, smf-os2)`);
    let color: string | undefined;
    if (v.color !== undefined) {
      if (COLOUR.test(v.color)) color = v.color.toLowerCase();
      else
        err(
          "color",
          v.color.startsWith("#") && COLOUR.test(v.color.slice(1))
            ? `"${v.color}": write the colour as 6 hex digits without "#"`
            : `"${v.color}" is not a colour; write 6 hex digits, e.g. 00ffff`,
        );
    }
    let length: number | undefined;
    let lengthUnit: LengthUnit | undefined;
    if (v.length !== undefined) {
      if (DECIMAL.test(v.length)) length = Number(v.length);
      else err("length", `"${v.length}" is not a length; write a number of 0 or more, e.g. 3 or 2.5`);
    }
    if (v.length_unit !== undefined) {
      if (isLengthUnit(v.length_unit)) lengthUnit = v.length_unit;
      else err("length_unit", `"${v.length_unit}" is not a length unit; use ${LENGTH_UNITS.join(", ")}`);
    } else if (v.length !== undefined) err("length_unit", `a length needs a unit (${LENGTH_UNITS.join(", ")})`);

    if (errors.length > 0 || !sideA || !sideB) return { line, errors };
    const opt = <K extends CableCsvColumn>(k: K) => v[k];
    const row: NetboxCableRow = {
      sideA,
      sideB,
      ...(opt("type") !== undefined ? { type: opt("type")! } : {}),
      status,
      ...(opt("profile") !== undefined ? { profile: opt("profile")! } : {}),
      ...(opt("tenant") !== undefined ? { tenant: opt("tenant")! } : {}),
      ...(opt("bundle") !== undefined ? { bundle: opt("bundle")! } : {}),
      ...(opt("label") !== undefined ? { label: opt("label")! } : {}),
      ...(color !== undefined ? { color } : {}),
      ...(length !== undefined ? { length } : {}),
      ...(lengthUnit !== undefined ? { lengthUnit } : {}),
      ...(length !== undefined && lengthUnit !== undefined ? { lengthM: toMetres(length, lengthUnit) } : {}),
      ...(opt("description") !== undefined ? { description: opt("description")! } : {}),
      ...(opt("comments") !== undefined ? { comments: opt("comments")! } : {}),
      tags: (v.tags ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter((t) => t !== ""),
    };
    return { line, row };
  }
}

export interface CableCsvResult {
  readonly rows: readonly { readonly line: number; readonly row: NetboxCableRow }[];
  readonly errors: readonly CableCsvError[];
}

/** Parses a whole cable CSV held as one string. */
export function parseCableCsv(text: string): CableCsvResult {
  const tok = new CsvTokenizer();
  const reader = new CableCsvReader();
  const rows: { line: number; row: NetboxCableRow }[] = [];
  const errors: CableCsvError[] = [];
  for (const rec of [...tok.push(text), ...tok.end()]) {
    const item = reader.read(rec);
    if (!item) continue;
    if (item.row) rows.push({ line: item.line, row: item.row });
    else errors.push(...item.errors);
  }
  if (rows.length === 0 && errors.length === 0 && !reader.stopped && text.replace(/^\uFEFF/, "").trim() === "")
    errors.push({ line: 1, message: "the file is empty: a cable CSV starts with a header line" });
  return { rows, errors };
}

/**
 * Reads a cable CSV from chunks (text, or UTF-8 bytes) and yields each data record as soon as it
 * ends: a typed row, or its errors. Header problems come first (line 1); a missing required
 * column stops the reading. Bytes that are not UTF-8 end the reading with an error.
 */
export async function* readCableCsv(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<CableCsvItem> {
  const tok = new CsvTokenizer();
  const reader = new CableCsvReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let any = false;
  let lastLine = 1;
  const emit = function* (recs: CsvRecord[]): Generator<CableCsvItem> {
    for (const rec of recs) {
      lastLine = rec.line;
      const item = reader.read(rec);
      if (item) yield item;
      if (reader.stopped) return;
    }
  };
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === "string") text = chunk;
    else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        yield { line: lastLine, errors: [{ line: lastLine, message: "the file is not UTF-8 (found after this line); save it as UTF-8" }] };
        return;
      }
    }
    if (text.length > 0) any = true;
    yield* emit(tok.push(text));
    if (reader.stopped) return;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield* emit(tok.push(rest));
  } catch {
    yield { line: lastLine, errors: [{ line: lastLine, message: "the file ends inside a UTF-8 character; save it as UTF-8" }] };
    return;
  }
  if (reader.stopped) return;
  yield* emit(tok.end());
  if (!any) yield { line: 1, errors: [{ line: 1, message: "the file is empty: a cable CSV starts with a header line" }] };
}

// ---------------------------------------------------------------------------------------------
// Writing

const formatNumber = (n: number): string => {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(12).replace(/\.?0+$/, "") : s;
};

/** A row's fields in column order. */
export function cableRowFields(row: NetboxCableRow): string[] {
  const v: Record<CableCsvColumn, string> = {
    side_a_site: row.sideA.site ?? "",
    side_a_device: row.sideA.device,
    side_a_type: row.sideA.type,
    side_a_name: row.sideA.names.join(","),
    side_b_site: row.sideB.site ?? "",
    side_b_device: row.sideB.device,
    side_b_type: row.sideB.type,
    side_b_name: row.sideB.names.join(","),
    type: row.type ?? "",
    status: row.status,
    profile: row.profile ?? "",
    tenant: row.tenant ?? "",
    bundle: row.bundle ?? "",
    label: row.label ?? "",
    color: row.color ?? "",
    length: row.length !== undefined ? formatNumber(row.length) : "",
    length_unit: row.lengthUnit ?? "",
    description: row.description ?? "",
    comments: row.comments ?? "",
    tags: row.tags.join(","),
  };
  return CABLE_CSV_COLUMNS.map((c) => v[c]);
}

/** The CSV, line by line (header first, CRLF endings), for streaming a large export. */
export function* cableCsvLines(rows: Iterable<NetboxCableRow>): Generator<string> {
  yield csvLine(CABLE_CSV_COLUMNS);
  for (const r of rows) yield csvLine(cableRowFields(r));
}

/** The same from an async source of rows. */
export async function* cableCsvLinesAsync(rows: AsyncIterable<NetboxCableRow>): AsyncGenerator<string> {
  yield csvLine(CABLE_CSV_COLUMNS);
  for await (const r of rows) yield csvLine(cableRowFields(r));
}

/** The whole CSV as one string. */
export const writeCableCsv = (rows: Iterable<NetboxCableRow>): string => [...cableCsvLines(rows)].join("");
