import Link from "next/link";
import { connection } from "next/server";

/** Rendered per request: a prerendered page carries no CSP nonce, and the policy would block its scripts. */
export default async function NotFound() {
  await connection();
  return (
    <div className="page">
      <h1>Not found</h1>
      <p className="muted">Nothing here. It may have been deleted.</p>
      <p>
        <Link href="/">Back to the sites</Link>
      </p>
    </div>
  );
}
