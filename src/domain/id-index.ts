/**
 * A string id → index table for the hundreds of thousands of ids of a site, built once. The first
 * occurrence of an id wins; later ones are listed in `duplicates`.
 *
 * Open addressing over typed arrays, in one of two forms:
 * - Every id a UUID as the database writes it (36 characters, lower-case hex): each slot holds the
 *   row's index and the UUID's 128 bits, so a lookup compares numbers in the slot it lands on and
 *   reads nothing else. With the ids as strings, a lookup also reads the stored id's string, which
 *   lies anywhere in a heap of gigabytes: compiling a campus (960,000 ports looked up by its
 *   960,000 plugs and 288,000 transceivers) spent 1.7 s there, against 0.3–0.4 s for the plugs'
 *   lookups in this form (measured on that campus's rows; 32 MB more for its ports' table).
 * - Any other ids (names in tests, hand-written models): the slot holds the index, and the ids are
 *   compared as strings, after an FNV-1a hash of their characters.
 * Both are several times faster to build than a `Map` of the same size (no rehashing, no per-entry
 * allocation). A key not in the UUID form is in no UUID table: no id of it is equal to it.
 */
export class IdIndex {
  private table: Int32Array;
  private readonly mask: number;
  /** Int32s per slot: the index, then (UUID form) the four words of the UUID. */
  private stride: 1 | 5 = 5;
  /** Positions (in the input order) of ids already seen earlier. */
  readonly duplicates: number[] = [];

  constructor(private readonly ids: readonly string[]) {
    let cap = 16;
    while (cap < ids.length * 2) cap *= 2;
    this.mask = cap - 1;
    // The UUID form until an id is not a UUID; then the string form, from the start.
    this.table = new Int32Array(0);
    if (ids.length > 0 && uuidWords(ids[0]!)) {
      this.table = new Int32Array(cap * 5).fill(-1);
      if (this.fill()) return;
    }
    this.stride = 1;
    this.table = new Int32Array(cap).fill(-1);
    this.duplicates.length = 0;
    this.fill();
  }

  /** Puts every id in the table; false (and stopped) at an id the UUID form cannot hold. */
  private fill(): boolean {
    const { ids, table, stride } = this;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (stride === 5 && !uuidWords(id)) return false;
      let slot = this.slotOf(id);
      for (;;) {
        const at = table[slot * stride]!;
        if (at === -1) {
          if (stride === 5) putUuidSlot(table, slot * 5, i);
          else table[slot] = i;
          break;
        }
        if (this.holds(slot, at, id)) {
          this.duplicates.push(i);
          break;
        }
        slot = (slot + 1) & this.mask;
      }
    }
    return true;
  }

  /** FNV-1a over the UTF-16 code units. */
  static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** The first slot to look in (UUID form: with the id's words left in WORDS for `holds`). */
  private slotOf(id: string): number {
    if (this.stride === 1) return IdIndex.hash(id) & this.mask;
    return uuidHash() & this.mask;
  }

  /** Whether the id at this slot (row `at`) is `id`. */
  private holds(slot: number, at: number, id: string): boolean {
    return this.stride === 1 ? this.ids[at] === id : uuidSlotHolds(this.table, slot * 5);
  }

  get(id: string): number | undefined {
    if (this.stride === 5 && !uuidWords(id)) return undefined;
    let slot = this.slotOf(id);
    for (;;) {
      const at = this.table[slot * this.stride]!;
      if (at === -1) return undefined;
      if (this.holds(slot, at, id)) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get size(): number {
    return this.ids.length - this.duplicates.length;
  }
}

/**
 * One string per UUID: the first string seen of each UUID in canonical form, for rows read in
 * pages whose every occurrence of an id is a string of its own (a campus's 960,000 ports name
 * 114,000 devices and cassettes: a `Map` of the strings took 0.6–1.2 s to look them up, this
 * 0.3–0.6 s, the same strings, each new). A table of the UUIDs' words, as IdIndex's UUID form.
 */
export class UuidPool {
  private table = new Int32Array(1024 * 5).fill(-1);
  private mask = 1023;
  private readonly strings: string[] = [];

  /** The pool's string equal to `s` (`s` itself the first time); undefined if `s` is not a UUID in canonical form. */
  intern(s: string): string | undefined {
    if (!uuidWords(s)) return undefined;
    const t = this.table;
    for (let slot = uuidHash() & this.mask; ; slot = (slot + 1) & this.mask) {
      const b = slot * 5;
      const at = t[b]!;
      if (at === -1) {
        putUuidSlot(t, b, this.strings.length);
        this.strings.push(s);
        if (this.strings.length * 2 > this.mask) this.grow();
        return s;
      }
      if (uuidSlotHolds(t, b)) return this.strings[at]!;
    }
  }

  get size(): number {
    return this.strings.length;
  }

  /** Twice the slots, every UUID put again from its words. */
  private grow(): void {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.table = new Int32Array((this.mask + 1) * 5).fill(-1);
    for (let b = 0; b < old.length; b += 5) {
      if (old[b] === -1) continue;
      for (let k = 0; k < 4; k++) WORDS[k] = old[b + 1 + k]!;
      let slot = uuidHash() & this.mask;
      while (this.table[slot * 5] !== -1) slot = (slot + 1) & this.mask;
      this.table.set(old.subarray(b, b + 5), slot * 5);
    }
  }
}

/** A UUID table's slot at `b`: the row's index, then the words of the UUID in WORDS. */
function putUuidSlot(t: Int32Array, b: number, index: number): void {
  t[b] = index;
  t[b + 1] = WORDS[0]!;
  t[b + 2] = WORDS[1]!;
  t[b + 3] = WORDS[2]!;
  t[b + 4] = WORDS[3]!;
}

/** Whether the UUID table's slot at `b` holds the UUID in WORDS. */
const uuidSlotHolds = (t: Int32Array, b: number): boolean => t[b + 1] === WORDS[0] && t[b + 2] === WORDS[1] && t[b + 3] === WORDS[2] && t[b + 4] === WORDS[3];

/** The hash of the UUID in WORDS: its words mixed, then MurmurHash3's finalizer (a version 7
 *  UUID's words differ in a clock and a counter only; a campus's 480,000 imported cables: 1.4
 *  slots looked at per lookup). */
function uuidHash(): number {
  let h = WORDS[0]! ^ Math.imul(WORDS[1]!, 0x9e3779b1) ^ Math.imul(WORDS[2]!, 0x85ebca6b) ^ WORDS[3]!;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A hex digit's value by character code, -1 for any other character (upper-case hex included:
 *  the database writes UUIDs in lower case, and ids are compared as they are written). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;

/** The words of the UUID read last (one table for every index: they are read right after). */
const WORDS = new Int32Array(4);

/** Reads a UUID in its canonical form (8-4-4-4-12 lower-case hex digits) into WORDS; false for any other string. */
function uuidWords(s: string): boolean {
  if (s.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let k = 0;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    const v = c < 128 ? HEX[c]! : -1;
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits === 8) {
      WORDS[k++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
}
