"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/features/trpc/client";

export function UserMenu({ name, email }: { name: string; email: string }) {
  const trpc = useTRPC();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSettled: () => window.location.assign("/sign-in") }));
  return (
    <div className="usermenu">
      <Link href="/account" title={email}>
        {name}
      </Link>
      <button type="button" className="button button--ghost" onClick={() => signOut.mutate({})}>
        Sign out
      </button>
    </div>
  );
}
