import { redirect } from "next/navigation";
import { SignInForm } from "@/features/auth/SignInForm";
import { serverCaller } from "@/features/trpc/server";
import { oidcConfig } from "@/server/services/accounts/oidc";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignIn({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const me = await (await serverCaller()).auth.me();
  if (me.user) redirect("/");
  if (me.needsSetup) redirect("/setup");
  const { error } = await searchParams;
  const oidc = oidcConfig();
  return <SignInForm oidcLabel={oidc?.label ?? null} error={typeof error === "string" ? error.slice(0, 300) : null} />;
}
