"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";

export function SignInForm({ oidcLabel, error }: { oidcLabel: string | null; error: string | null }) {
  const trpc = useTRPC();
  // A full navigation, so every server component renders again with the new session.
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: () => window.location.assign("/") }));
  const errors = fieldErrors(signIn.error);
  return (
    <form
      className="card auth__card"
      aria-label="Sign in"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        signIn.mutate({ email: String(f.get("email")), password: String(f.get("password")) });
      }}
    >
      <h1>Sign in</h1>
      <Field label="Email" name="email" type="email" autoComplete="username" error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
      <FormError message={errors.password ? null : (formError(signIn.error) ?? error)} />
      <button type="submit" className="button button--primary" disabled={signIn.isPending}>
        Sign in
      </button>
      {oidcLabel ? (
        <a className="button auth__sso" href="/api/auth/oidc/login">
          {oidcLabel}
        </a>
      ) : null}
    </form>
  );
}
