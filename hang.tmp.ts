import postgres from "postgres";
import { sql as dsql } from "drizzle-orm";
import { copiedJsonRows } from "./src/server/services/exports/copy-rows";
const sql = postgres("postgres://postgres@127.0.0.1:5432/ferrule_dbg", { max: 2, onnotice: () => {} });
const q = dsql`select json_build_array(n, 'Z-' || lpad(n::text, 60, '0'))::text from generate_series(1, 5009) n`;
const withTimeout = <T>(p: Promise<T>, what: string) => Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`hang: ${what}`)), 5000))]);
await sql.begin(async (tx) => {
  for (let i = 0; i < 200; i++) {
    const all = async () => { let n = 0; for await (const page of copiedJsonRows<unknown>(tx as never, q, 500)) n += page.length; return n; };
    await withTimeout(all(), `whole ${i}`);
    await withTimeout((async () => { for await (const page of copiedJsonRows<unknown>(tx as never, q, 1)) { void page; break; } })(), `stop ${i}`);
    await withTimeout(all(), `after stop ${i}`);
    const failing = copiedJsonRows<unknown>(tx as never, q, 1);
    await withTimeout(failing.next(), `first ${i}`);
    await withTimeout(failing.throw(new Error("x")).catch(() => undefined), `throw ${i}`);
    await withTimeout(all(), `after throw ${i}`);
    await withTimeout(tx`select 1`, `select ${i}`);
  }
  console.log("200 rounds ok");
});
await sql.end();
