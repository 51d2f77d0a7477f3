import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

/** The channel the triggers of migration 0018 notify when who may do what has changed. */
export const AUTH_CHANGED_CHANNEL = "ferrule_auth_changed";

/**
 * What a server process hears of the database's changes on one channel. A value read from the
 * database may be kept while `generation` stays what it was when the read began and `live` holds:
 * every notification, every loss of the listening connection and every new start of listening
 * moves the generation on, so a read that raced a change is never kept, and nothing is kept while
 * changes could go unheard.
 */
export interface ChangeFeed {
  readonly generation: number;
  readonly live: boolean;
  /** Moves the generation on without waiting for the database's notification: this process has
   *  just committed such a change itself, and its next request must not find the old value. */
  changed(): void;
  close(): Promise<void>;
}

class Feed implements ChangeFeed {
  generation = 0;
  live = false;
  onClose: () => Promise<void> = async () => {};
  changed(): void {
    this.generation++;
  }
  close(): Promise<void> {
    this.live = false;
    this.generation++;
    return this.onClose();
  }
}

/** How long to wait before listening again after the connection was lost or refused. */
const RELISTEN_AFTER_MS = 1_000;

/**
 * PostgreSQL: a connection of its own that only listens (postgres.js's `listen` reconnects by itself
 * but says nothing of the time it was away, when notifications are lost; this one marks the feed
 * not live from the moment the connection closes until it listens again).
 */
export function postgresChangeFeed(url: string, channel: string): ChangeFeed {
  const feed = new Feed();
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = () => {
    feed.live = false;
    feed.generation++;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen();
    }, RELISTEN_AFTER_MS);
    retry.unref();
  };
  const onnotify = (name: string) => {
    if (name === channel) feed.generation++;
  };
  const sql = postgres(url, {
    max: 1,
    idle_timeout: 0, // never closed for being idle: listening is all it does
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: "ferrule (change feed)" },
    onclose: lost,
    // postgres.js's own option for notifications on a connection (what its `listen` uses), not in its types
    ...({ onnotify } as object),
  });
  const listen = () => {
    sql.unsafe(`listen "${channel}"`).then(
      () => {
        if (closed) return;
        feed.generation++;
        feed.live = true;
      },
      lost,
    );
  };
  listen();
  feed.onClose = async () => {
    closed = true;
    clearTimeout(retry);
    await sql.end({ timeout: 5 });
  };
  return feed;
}

/** The embedded database: one connection in this process, which never goes away; a notification is
 *  delivered while the statement that committed it is answered. */
export function pgliteChangeFeed(client: PGlite, channel: string): ChangeFeed {
  const feed = new Feed();
  let stop: (() => Promise<void>) | undefined;
  client.listen(channel, () => feed.generation++).then(
    (unlisten) => {
      stop = unlisten;
      feed.generation++;
      feed.live = !client.closed;
    },
    () => {}, // closed before it listened: the feed stays not live
  );
  feed.onClose = async () => {
    if (stop && !client.closed) await stop();
  };
  return feed;
}
