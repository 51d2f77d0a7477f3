import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../services/accounts/api-tokens";
import { createApiTokenInput, createUserInput, changePasswordInput, revokeApiTokenInput, setRoleInput, setupAdminInput, signInInput } from "../../services/accounts/schemas";
import { signIn, signOut } from "../../services/accounts/sessions";
import { needsSetup, setupAdmin } from "../../services/accounts/setup-admin";
import { changePassword, createUser, listUsers, setRole } from "../../services/accounts/users";
import { createTRPCRouter, procedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** Who is signed in (null when nobody), and whether the installation still needs its first admin. */
  me: procedure.public.query(async ({ ctx }) => ({
    user: ctx.user,
    grants: ctx.actor.grants,
    needsSetup: ctx.user ? false : await needsSetup(ctx),
  })),
  setup: procedure.public.input(setupAdminInput).mutation(async ({ ctx, input }) => {
    const admin = await setupAdmin(ctx, input);
    const session = await signIn(ctx, { email: input.email, password: input.password });
    ctx.setSession(session.token, session.csrfToken, session.expiresAt);
    return admin;
  }),
  signIn: procedure.public.input(signInInput).mutation(async ({ ctx, input }) => {
    const session = await signIn(ctx, input);
    ctx.setSession(session.token, session.csrfToken, session.expiresAt);
    return session.user;
  }),
  signOut: procedure.signedIn.input(z.object({}).optional()).mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await signOut(ctx, ctx.sessionToken);
    ctx.clearSession();
    return { ok: true };
  }),
  changePassword: procedure.signedIn.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx, input)),
  tokens: createTRPCRouter({
    list: procedure.signedIn.query(({ ctx }) => listApiTokens(ctx)),
    create: procedure.viewer.input(createApiTokenInput).mutation(({ ctx, input }) => createApiToken(ctx, input)),
    revoke: procedure.signedIn.input(revokeApiTokenInput).mutation(({ ctx, input }) => revokeApiToken(ctx, input)),
  }),
  users: createTRPCRouter({
    list: procedure.admin.query(({ ctx }) => listUsers(ctx)),
    create: procedure.admin.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx, input)),
    setRole: procedure.admin.input(setRoleInput).mutation(({ ctx, input }) => setRole(ctx, input)),
  }),
});
