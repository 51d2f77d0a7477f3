/**
 * TIA-606 style identifiers for documents (reference §11): space, cabinet by grid location, panel
 * by rack unit, port: `DC1.A12-40:05`; a link is its two ends joined with `/`, near end first.
 * The single definition lives with the inventory services; documents re-export it here so that
 * schedules, reports, labels and work orders all name things the same way.
 */
export { deviceTia, parseTia, portPart, portTia, rackGrid, type ParsedTia, type RackForId } from "../services/inventory/tia606";

/** A link (cable or channel) named by its two ends, near end first: `DC1.A01-38:01/DC1.B01-38:01`. */
export const linkTia = (near: string, far: string): string => `${near}/${far}`;

/** Several identifiers at one end of a cable (a breakout's legs): `DC1.B03-10:01, DC1.B03-10:02`. */
export const endTia = (ids: readonly string[]): string => ids.join(", ");
