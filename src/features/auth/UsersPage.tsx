"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";

const ROLES = ["viewer", "editor", "approver", "admin"] as const;
type Role = (typeof ROLES)[number];

/** Administrators manage accounts and their roles, globally or per site. */
export function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.auth.users.list.queryOptions());
  const sites = useQuery(trpc.sites.list.queryOptions());
  const [formKey, setFormKey] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.users.list.queryKey() });
  const create = useMutation(trpc.auth.users.create.mutationOptions({ onSuccess: async () => (setFormKey((k) => k + 1), refresh()) }));
  const setRole = useMutation(trpc.auth.users.setRole.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrors(create.error);
  if (users.error) return <FormError message={formError(users.error)} />;
  return (
    <div className="page">
      <header className="page__header">
        <h1>Accounts</h1>
        <p className="muted">Viewer reads and exports; editor changes inventory and drafts plans; approver approves and applies plans; admin manages accounts, catalog and settings.</p>
      </header>
      <section className="card">
        <FormError message={formError(setRole.error)} />
        <table className="table" aria-label="Accounts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role on every site</th>
              <th>Roles on single sites</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => {
              const global = u.grants.find((g) => g.siteId === null)?.role ?? "";
              return (
                <tr key={u.id} data-user={u.email}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <select
                      aria-label={`Global role of ${u.email}`}
                      value={global}
                      onChange={(e) => setRole.mutate({ userId: u.id, siteId: null, role: (e.target.value || null) as Role | null })}
                    >
                      <RoleOptions />
                    </select>
                  </td>
                  <td>
                    {u.grants
                      .filter((g) => g.siteId !== null)
                      .map((g) => `${g.role} on ${g.siteName ?? "?"}`)
                      .join(", ") || <span className="muted">—</span>}
                    <SiteGrant email={u.email} sites={sites.data ?? []} onGrant={(siteId, role) => setRole.mutate({ userId: u.id, siteId, role })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>New account</h2>
        <form
          key={formKey}
          className="form-grid"
          aria-label="New account"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate({ name: String(f.get("name")), email: String(f.get("email")), password: String(f.get("password")), role: (String(f.get("role")) || null) as Role | null });
          }}
        >
          <Field label="Name" name="name" error={errors.name} />
          <Field label="Email" name="email" type="email" error={errors.email} />
          <Field label="Initial password" name="password" type="password" autoComplete="new-password" error={errors.password} hint="At least 12 characters." />
          <div className="field">
            <label htmlFor="new-user-role">Role on every site</label>
            <select id="new-user-role" name="role" defaultValue="viewer">
              <RoleOptions />
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={create.isPending}>
              Create account
            </button>
          </div>
          <FormError message={formError(create.error)} />
        </form>
      </section>
    </div>
  );
}

function SiteGrant({ email, sites, onGrant }: { email: string; sites: { id: string; name: string }[]; onGrant: (siteId: string, role: Role | null) => void }) {
  const [siteId, setSiteId] = useState("");
  const [role, setRoleValue] = useState<Role | "">("editor");
  if (sites.length === 0) return null;
  return (
    <span className="button-row inline-grant">
      <select aria-label={`Site for ${email}`} value={siteId} onChange={(e) => setSiteId(e.target.value)}>
        <option value="">site…</option>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <select aria-label={`Role of ${email} on that site`} value={role} onChange={(e) => setRoleValue(e.target.value as Role | "")}>
        <RoleOptions />
      </select>
      <button type="button" className="button" disabled={!siteId} onClick={() => onGrant(siteId, role || null)}>
        Set
      </button>
    </span>
  );
}

/** "none" and the four roles, lowest first. */
function RoleOptions() {
  return (
    <>
      <option value="">none</option>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </>
  );
}
