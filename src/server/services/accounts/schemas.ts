import { z } from "zod";
import { ROLES } from "../../db/schema/accounts";

export const email = z.string().trim().toLowerCase().max(254, "At most 254 characters.").pipe(z.email("Enter a valid email address."));
export const password = z.string().min(12, "At least 12 characters.").max(200, "At most 200 characters.");
export const personName = z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters.");
export const role = z.enum(ROLES, { error: "Choose viewer, editor, approver or admin." });
const uuid = z.uuid("Not a valid id.");

export const signInInput = z.object({ email: z.string().trim().toLowerCase().max(254, "At most 254 characters."), password: z.string().max(200, "At most 200 characters.") });
export const setupAdminInput = z.object({ email, name: personName, password });
export const createUserInput = z.object({ email, name: personName, password, role: role.nullable().default("viewer") });
export const setRoleInput = z.object({ userId: uuid, siteId: uuid.nullable().default(null), role: role.nullable() });
export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token (what uses it).").max(64, "At most 64 characters."),
  role,
  siteId: uuid.nullable().default(null),
  expiresInDays: z.number().int("Whole days.").min(1, "At least 1 day.").max(3650, "At most 3650 days.").nullable().default(90),
});
export const revokeApiTokenInput = z.object({ id: uuid });
export const changePasswordInput = z.object({ current: z.string().max(200), next: password });

export type SignInInput = z.input<typeof signInInput>;
export type SetupAdminInput = z.input<typeof setupAdminInput>;
export type CreateUserInput = z.input<typeof createUserInput>;
export type SetRoleInput = z.input<typeof setRoleInput>;
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;
