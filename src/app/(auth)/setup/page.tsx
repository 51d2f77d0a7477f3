import { redirect } from "next/navigation";
import { SetupForm } from "@/features/auth/SetupForm";
import { serverCaller } from "@/features/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "First start" };

export default async function Setup() {
  const me = await (await serverCaller()).auth.me();
  if (!me.needsSetup) redirect(me.user ? "/" : "/sign-in");
  return <SetupForm />;
}
