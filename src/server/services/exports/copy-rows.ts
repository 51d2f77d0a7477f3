import { sql, type SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import type { Db } from "../../db/client";
import { pacer } from "../imports/limits";
import { dialect, postgresClient, queryRows } from "../inventory/sql";

/**
 * A JSON text as COPY's text format writes it: a backslash doubled. JSON text holds no control
 * character (PostgreSQL writes them as `\n`, `\u0001` …), so the backslash is the only character
 * of it that format escapes.
 */
const fromCopyText = (line: string) => (line.includes("\\") ? line.replaceAll("\\\\", "\\") : line);

/**
 * The rows of a query whose one column is a JSON text, parsed, `pageSize` at a time, read through
 * one `COPY (…) TO STDOUT` on PostgreSQL. Through a cursor (a portal fetched some hundred rows at a
 * time) PostgreSQL plans without parallel workers and stops after each fetch, and a sorted query's
 * first rows come only once its sort is done; a COPY may use both cores for the joins and the sort,
 * then goes on writing while the server takes the rows apart, held back only by the socket when the
 * server falls behind. At 3,000 racks the cable schedule's 480,000 records were read and parsed in
 * 6.7–7.1 s, the first after 2.5 s, against 11.3–12.9 s and 4.5–5.7 s through the cursor.
 * Stopping early (a download cancelled, a page that fails) reads the rest of the COPY and drops it.
 */
export async function* copiedJsonRows<T>(client: Sql, query: SQL, pageSize: number): AsyncGenerator<T[]> {
  // COPY takes no parameters: the values are written into the text as quoted literals.
  const text = dialect.sqlToQuery(query.inlineParams()).sql;
  const stream = await client.unsafe(`copy (${text}) to stdout`).readable();
  // One iterator, never returned early: returning it would destroy the stream with the COPY unread.
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let ended = false;
  const pace = pacer(20);
  try {
    let page: T[] = [];
    let rest: Buffer | undefined;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      // Lines end with a newline byte, which no other UTF-8 character contains.
      const buf = rest ? Buffer.concat([rest, next.value]) : next.value;
      const end = buf.lastIndexOf(10);
      if (end < 0) {
        rest = buf;
        continue;
      }
      rest = end + 1 < buf.length ? Buffer.from(buf.subarray(end + 1)) : undefined;
      for (const line of buf.toString("utf8", 0, end).split("\n")) {
        page.push(JSON.parse(fromCopyText(line)) as T);
        if (page.length === pageSize) {
          yield page;
          page = [];
          // Rows already in the stream come without the event loop turning (no read waits for
          // them): other requests get their turn every 20 ms.
          if (pace.due()) await pace.pause();
        }
      }
    }
    ended = true;
    if (rest) throw new Error("the COPY ended inside a line");
    if (page.length > 0) yield page;
  } finally {
    // Stopped early: the rest of the COPY is read and dropped, so the connection goes back at a
    // statement's end.
    if (!ended)
      try {
        while (!(await chunks.next()).done);
      } catch {
        // The COPY's own failure: the reader's, which stopped it, is the one to tell.
      }
    // postgres.js 3.4 pauses its socket when the stream is full and the COPY's last rows and its
    // end came in one read, and nothing resumes it: the connection's next statement would wait for
    // ever (porsager/postgres#499, fix proposed in #1016). The stream's read resumes the socket.
    stream._read(0);
  }
}

/** Where a page of a label-ordered query starts: after this text (lower case) and id. */
export interface LabelKey {
  key: string;
  id: string;
}

/**
 * A query of JSON rows in label order: `(null, null)` the whole query, its one column the JSON text
 * (`record`); with a key and a limit, the page after that key, its rows carrying their key in the
 * order too (`label_key`, `id`).
 */
export type LabelOrderedQuery = (after: LabelKey | null, limit: number | null) => SQL;

/**
 * The parts of a label-ordered query over a text column and an id column (their SQL names, such as
 * `c.label` and `c.id`): the order, `lower(text) collate "C", id` — lower case in byte order, the
 * key of the cables' label index, the same on every database whatever its collation —, the
 * condition of the rows after a page's last key, and the key's columns a page's rows carry.
 */
export function labelOrder(text: string, id: string): { order: SQL; after: (after: LabelKey | null) => SQL; keyColumns: SQL } {
  const order = sql.raw(`lower(${text}) collate "C", ${id}`);
  return {
    order,
    after: (after) => (after ? sql` and (${order}) > (${after.key} collate "C", ${after.id}::uuid)` : sql``),
    keyColumns: sql.raw(`, lower(${text}) collate "C" as label_key, ${id}`),
  };
}

/** A row of a page: the record, and its key in the order. */
interface PageRow {
  record: string;
  label_key: string;
  id: string;
}

/**
 * The rows of a label-ordered query, parsed, `pageSize` at a time: through one COPY on PostgreSQL
 * (copiedJsonRows); on the embedded database (and `paged` on PostgreSQL) each page one query that
 * starts after the last key of the one before, served by the same index.
 */
export async function* labelOrderedRows<T>(db: Db, query: LabelOrderedQuery, pageSize: number, opts: { paged?: boolean } = {}): AsyncGenerator<T[]> {
  const client = opts.paged ? undefined : postgresClient(db);
  if (client) {
    yield* copiedJsonRows<T>(client, query(null, null), pageSize);
    return;
  }
  let after: LabelKey | null = null;
  for (;;) {
    const rows: PageRow[] = await queryRows<PageRow>(db, query(after, pageSize));
    if (rows.length === 0) return;
    yield rows.map((r) => JSON.parse(r.record) as T);
    if (rows.length < pageSize) return;
    const last: PageRow = rows[rows.length - 1]!;
    after = { key: last.label_key, id: last.id };
  }
}

const END = Symbol("end");

/**
 * The parts of an export that reads in several statements (the site file: its racks, its devices,
 * then its cables), made inside one read-only, repeatable-read transaction on PostgreSQL, so that
 * they all read one state of the plant (a device added between the devices' reading and the
 * cables' would be named by a cable and missing from the file). The transaction lasts as long as
 * the parts are taken; a stopped download rolls it back. The embedded database has one connection,
 * which a transaction would hold from every other request for the whole download: there the parts
 * read as they go, as before.
 */
export async function* inOneSnapshot<T>(db: Db, parts: (db: Db) => AsyncGenerator<T>): AsyncGenerator<T> {
  if (!postgresClient(db) || db instanceof PgTransaction) {
    yield* parts(db);
    return;
  }
  // The transaction's callback hands over a part and waits until the next one is asked for.
  let ask!: (go: boolean) => void;
  let asked = new Promise<boolean>((resolve) => (ask = resolve));
  let give!: (part: T) => void;
  let given = new Promise<T>((resolve) => (give = resolve));
  const stopped = new Error("the export was stopped");
  const ended = db
    .transaction(
      async (tx) => {
        for await (const part of parts(tx as unknown as Db)) {
          give(part);
          const go = await asked;
          asked = new Promise<boolean>((resolve) => (ask = resolve));
          if (!go) throw stopped;
        }
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    )
    .then(
      () => END,
      (err: unknown) => {
        if (err === stopped) return END;
        throw err;
      },
    );
  let finished = false;
  try {
    for (;;) {
      const part = await Promise.race([given, ended]);
      if (part === END) {
        finished = true;
        return;
      }
      given = new Promise<T>((resolve) => (give = resolve));
      yield part as T;
      ask(true);
    }
  } finally {
    if (!finished) {
      ask(false);
      await ended;
    }
  }
}
