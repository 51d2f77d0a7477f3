import { expandNameRange, type NameRange } from "../../../domain/name-range";

/** The most ports one range may add. */
export const MAX_PORT_RANGE = 256;

/** "Ethernet1/1..4" → Ethernet1/1 … Ethernet1/4; "01..12" keeps the width; a plain name stays.
 *  Bounded before anything is allocated (see domain/name-range.ts). */
export function expandPortNames(pattern: string): NameRange {
  return expandNameRange(pattern, MAX_PORT_RANGE);
}
