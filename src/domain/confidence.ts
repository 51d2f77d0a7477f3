/**
 * Confidence tags of the reference (fiber-connectivity.md):
 * - "V" confirmed by two independent sources or one primary source;
 * - "P" one secondary source, or derived by Ferrule from confirmed facts;
 * - "U" widely quoted but not checked against the standard text.
 * Every value taken from the reference lives in a data table together with its tag.
 */
export type Confidence = "V" | "P" | "U";

/** A value with its confidence tag and, when useful, where it comes from. */
export interface Sourced<T> {
  readonly value: T;
  readonly tag: Confidence;
  readonly note?: string;
}

export const sourced = <T>(value: T, tag: Confidence, note?: string): Sourced<T> =>
  note === undefined ? { value, tag } : { value, tag, note };
