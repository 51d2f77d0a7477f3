import Link from "next/link";
import { redirect } from "next/navigation";
import { UserMenu } from "@/features/auth/UserMenu";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";
import "../inventory.css";

export const dynamic = "force-dynamic";

/** Every page in this group needs a signed-in user; an empty installation first asks for its admin. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Read once here and handed to the pages: the controls a role may use show from the first paint.
  const me = await getQueryClient().fetchQuery(trpc.auth.me.queryOptions());
  if (!me.user) redirect(me.needsSetup ? "/setup" : "/sign-in");
  const isAdmin = me.grants.some((g) => g.role === "admin" && g.siteId === null);
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="brand__mark" aria-hidden>
            ◉
          </span>
          Ferrule
        </Link>
        <nav aria-label="Main">
          <Link href="/">Sites</Link>
          <Link href="/catalog">Catalog</Link>
          <Link href="/audit">Audit trail</Link>
          {isAdmin ? <Link href="/admin/users">Accounts</Link> : null}
        </nav>
        <UserMenu name={me.user.name} email={me.user.email} />
      </header>
      <main className="main">
        <HydrateClient>{children}</HydrateClient>
      </main>
    </>
  );
}
