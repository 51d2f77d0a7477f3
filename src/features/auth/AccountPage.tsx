"use client";

import { When } from "@/features/ui/When";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError, numberValue } from "@/features/ui/Field";

const ROLE_OPTIONS = ["viewer", "editor", "approver", "admin"] as const;

export function AccountPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return (
    <div className="page">
      <header className="page__header">
        <h1>Your account</h1>
        {me.data?.user ? (
          <p className="muted">
            {me.data.user.name} · {me.data.user.email} · roles:{" "}
            {me.data.grants.map((g) => `${g.role}${g.siteId ? " (one site)" : ""}`).join(", ") || "none"}
          </p>
        ) : null}
      </header>
      <ApiTokens />
      <ChangePassword />
    </div>
  );
}

function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.auth.tokens.list.queryOptions());
  const sites = useQuery(trpc.sites.list.queryOptions());
  const siteName = (id: string | null) => (id ? (sites.data?.find((s) => s.id === id)?.name ?? "one site") : "every site");
  const [shown, setShown] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.tokens.list.queryKey() });
  const create = useMutation(trpc.auth.tokens.create.mutationOptions({ onSuccess: async (t) => (setShown(t.token), refresh()) }));
  const revoke = useMutation(trpc.auth.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrors(create.error);
  return (
    <section className="card">
      <h2>API tokens</h2>
      <p className="muted">For the command line and automation: send as <code>Authorization: Bearer …</code>. A token never has more rights than you.</p>
      {shown ? (
        <div className="notice" role="status">
          <strong>Copy this token now; it is not shown again:</strong> <code data-testid="new-token">{shown}</code>
        </div>
      ) : null}
      <form
        className="form-grid"
        aria-label="New API token"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const days = String(f.get("expiresInDays") ?? "").trim();
          create.mutate({
            name: String(f.get("name")),
            role: String(f.get("role")) as (typeof ROLE_OPTIONS)[number],
            siteId: String(f.get("siteId") ?? "") || null,
            expiresInDays: days === "" ? null : numberValue(f, "expiresInDays"),
          });
        }}
      >
        <Field label="Token name" name="name" error={errors.name} placeholder="nightly export" />
        <div className={`field${errors.role ? " field--invalid" : ""}`}>
          <label htmlFor="token-role">Role</label>
          <select id="token-role" name="role" defaultValue="viewer">
            {ROLE_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {errors.role ? <p className="field__error" role="alert">{errors.role}</p> : null}
        </div>
        <div className={`field${errors.siteId ? " field--invalid" : ""}`}>
          <label htmlFor="token-site">Sites</label>
          <select id="token-site" name="siteId" defaultValue="">
            <option value="">every site</option>
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} only
              </option>
            ))}
          </select>
          {errors.siteId ? <p className="field__error" role="alert">{errors.siteId}</p> : null}
        </div>
        <Field label="Expires in (days)" name="expiresInDays" type="number" defaultValue={90} error={errors.expiresInDays} hint="Empty: never" />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
        <FormError message={formError(create.error)} />
      </form>
      {tokens.data?.length ? (
        <table className="table" aria-label="API tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Role</th>
              <th>Sites</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th className="actions-col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} data-token={t.name}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{t.role}</td>
                <td>{siteName(t.siteId)}</td>
                <td>
                  <When at={t.createdAt} date />
                </td>
                <td>{t.expiresAt ? <When at={t.expiresAt} date /> : "never"}</td>
                <td>{t.lastUsedAt ? <When at={t.lastUsedAt} /> : "—"}</td>
                <td className="actions-col">
                  {t.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <button type="button" className="button button--danger-quiet" onClick={() => revoke.mutate({ id: t.id })}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ChangePassword() {
  const trpc = useTRPC();
  const change = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: () => window.location.assign("/sign-in") }));
  const errors = fieldErrors(change.error);
  return (
    <section className="card">
      <h2>Change password</h2>
      <form
        className="form-grid"
        aria-label="Change password"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          change.mutate({ current: String(f.get("current")), next: String(f.get("next")) });
        }}
      >
        <Field label="Current password" name="current" type="password" autoComplete="current-password" error={errors.current} />
        <Field label="New password" name="next" type="password" autoComplete="new-password" error={errors.next} hint="At least 12 characters; signs you out everywhere." />
        <div className="form-actions">
          <button type="submit" className="button" disabled={change.isPending}>
            Change password
          </button>
        </div>
        <FormError message={formError(change.error)} />
      </form>
    </section>
  );
}
