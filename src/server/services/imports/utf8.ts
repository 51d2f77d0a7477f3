import { firstInvalidUtf8 } from "../../interchange/netbox/source";
import { ImportRefused } from "./problems";

/** A file's bytes as UTF-8 text, or refused with the first byte that is not UTF-8, its line and column. */
export function decodeUtf8(all: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    const ok = Math.max(0, firstInvalidUtf8(all)); // the decoder refused it: there is one
    const before = Buffer.from(all.buffer, all.byteOffset, ok).toString("utf8");
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    throw new ImportRefused(`The file is not UTF-8: byte 0x${all[ok]?.toString(16).padStart(2, "0")} at offset ${ok} (line ${line}, column ${column}). Save it as UTF-8.`, [
      { line, message: `byte 0x${all[ok]?.toString(16).padStart(2, "0")} at offset ${ok}, column ${column}, is not UTF-8; save the file as UTF-8` },
    ]);
  }
}
