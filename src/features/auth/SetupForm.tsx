"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";

/** The first start of an empty installation: the administrator's account. */
export function SetupForm() {
  const trpc = useTRPC();
  const setup = useMutation(trpc.auth.setup.mutationOptions({ onSuccess: () => window.location.assign("/") }));
  const errors = fieldErrors(setup.error);
  return (
    <form
      className="card auth__card"
      aria-label="Create the administrator"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setup.mutate({ email: String(f.get("email")), name: String(f.get("name")), password: String(f.get("password")) });
      }}
    >
      <h1>Welcome to Ferrule</h1>
      <p className="muted">This installation has no account yet. Create the administrator.</p>
      <Field label="Name" name="name" autoComplete="name" error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="username" error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" error={errors.password} hint="At least 12 characters." />
      <FormError message={formError(setup.error)} />
      <button type="submit" className="button button--primary" disabled={setup.isPending}>
        Create administrator
      </button>
    </form>
  );
}
