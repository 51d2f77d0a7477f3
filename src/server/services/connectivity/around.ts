import { sql } from "drizzle-orm";
import { compileSite, judgeSite, type ChannelJudgement } from "../../../domain";
import type { Db } from "../../db/client";
import { queryRows, uuidArray } from "../inventory/sql";
import { buildModel, type BuiltModel } from "./build-model";
import { fibersFrom, loadFiberPart, neighbourhoodPorts, type FiberPart, type Neighbourhood } from "./fiber-part";
import { judgementRows, type ChannelRow, type FindingRow } from "./judgement-rows";
import type { ModelRows } from "./model-rows";

/**
 * What a change to some ports can alter, and the part of the plant to judge it on: the stored
 * channels through the neighbourhood of the ports, the channels through it after the change, and
 * the other findings naming a port of the neighbourhood. Used to keep the stored judgements after
 * a saved change, and for the what-if before one is saved.
 */

export type Around = Neighbourhood;

/**
 * The neighbourhood of touched ports as it stands now: every port whose findings can name one of
 * them (a mating names its cable and its cassette), and the stored channels crossing any of them.
 * A fiber that ended at a cable's unplugged connector crossed the ports of the cable's other
 * connectors, so the channels through those count too.
 */
export async function aroundPorts(db: Db, siteId: string, touched: readonly string[]): Promise<Around> {
  const arr = uuidArray(touched);
  const rows = await queryRows<{ port: string | null; key: string | null; members: string[] | null }>(
    db,
    sql`with t as (${neighbourhoodPorts(arr)})
        select t.id as port, null as key, null as members from t
        union all
        select distinct null::uuid, c.key, c.members from t join channel_paths c on c.ports @> array[t.id] where c.site_id = ${siteId}`,
  );
  const out: Around = { ports: [], channels: new Map() };
  for (const r of rows) {
    if (r.port) out.ports.push(r.port);
    else if (r.key) out.channels.set(r.key, r.members ?? []);
  }
  return out;
}


/** The ports a judgement around `around` walks from: the neighbourhood and the stored channels' members. */
function focusOf(around: Around): Set<string> {
  const focus = new Set<string>(around.ports);
  for (const members of around.channels.values()) for (const m of members) focus.add(m);
  return focus;
}

/**
 * Loads the part of the plant a judgement around `around` needs: every fiber from the neighbourhood
 * and the channels it reaches, on the plant as it is and, with `imagine`, as a change would leave it
 * (a what-if: the imagined plant's fibers can reach further than the real one's).
 */
export async function partAround(db: Db, siteId: string, around: Around, imagine?: (rows: ModelRows) => ModelRows): Promise<{ part: FiberPart } | null> {
  const focus = focusOf(around);
  const part = await loadFiberPart(db, siteId, [...focus], {
    channelsThrough: around.ports,
    neighboursOf: around.ports,
    reached: (cs, built) => {
      const out = fibersFrom(cs, focus);
      if (imagine) for (const id of fibersFrom(compileSite(buildModel(imagine(built.rows)).model), focus)) out.add(id);
      return out;
    },
  });
  return part ? { part } : null;
}

/** A part judged around a neighbourhood: its model, the rows of the channels through the
 *  neighbourhood and of the findings naming it, and those channels as the engine judged them. */
export type JudgedAround = { built: BuiltModel } & ReturnType<typeof judgeAroundPart>;

/**
 * An imagined change judged around `around`, before and after it: the part loaded along the fibers
 * of the plant as it is and as `imagine` leaves it (partAround), judged on both (judgeAroundPart).
 * Null when the site is gone.
 */
export async function judgeImagined(db: Db, siteId: string, around: Around, imagine: (rows: ModelRows) => ModelRows): Promise<{ before: JudgedAround; after: JudgedAround } | null> {
  const loaded = await partAround(db, siteId, around, imagine);
  if (!loaded) return null;
  const judged = (built: BuiltModel): JudgedAround => ({ built, ...judgeAroundPart(built, around) });
  return { before: judged(loaded.part.built), after: judged(buildModel(imagine(loaded.part.built.rows))) };
}

/** Two neighbourhoods as one (the one before a change and the one after it). */
export const joinAround = (a: Around, b: Around): Around => ({
  ports: [...new Set([...a.ports, ...b.ports])],
  channels: new Map([...a.channels, ...b.channels]),
});

/**
 * partAround on the neighbourhood of `touched` joined to `before`, with that neighbourhood read in
 * the part's first statement (aroundPorts and partAround in one round trip fewer): the part, and the
 * neighbourhood it was loaded around. `before` is the neighbourhood read before the change, if any.
 */
export async function partAroundTouched(db: Db, siteId: string, touched: readonly string[], before?: Around): Promise<{ part: FiberPart; around: Around } | null> {
  const base: Around = before ?? { ports: [], channels: new Map() };
  const part = await loadFiberPart(db, siteId, [...focusOf(base)], {
    channelsThrough: base.ports,
    neighboursOf: base.ports,
    aroundOf: touched,
    reached: (cs, _built, read) => fibersFrom(cs, focusOf(read ? joinAround(base, read) : base)),
  });
  if (!part) return null;
  return { part, around: part.around ? joinAround(base, part.around) : base };
}

/**
 * Judges a model of a part loaded by partAround: the channels through the neighbourhood, and the
 * findings that are not a channel's own and name a port of it. Exactly the rows judging the whole
 * site gives for these (see judgementRows).
 */
export function judgeAroundPart(built: BuiltModel, around: Around): { rows: { channels: ChannelRow[]; findings: FindingRow[] }; kept: ChannelJudgement[] } {
  const cs = compileSite(built.model);
  const through = fibersFrom(cs, focusOf(around));
  const judgement = judgeSite(cs, { ports: true });
  const kept = judgement.channels.filter((c) => c.members.some((m) => through.has(m)));
  const keep = new Set(kept);
  return { rows: judgementRows(built, judgement, { channel: (c) => keep.has(c), ports: new Set(around.ports) }), kept };
}
