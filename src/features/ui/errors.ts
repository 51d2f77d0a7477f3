import { TRPCClientError } from "@trpc/client";

/** Field messages sent by the server with a refused mutation, keyed by input path. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fieldErrors?: Record<string, string> | null } | undefined;
    return data?.fieldErrors ?? {};
  }
  return {};
}

/** The sentence to show above a form: the server's message unless it is only about fields. */
export function formError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof TRPCClientError) {
    const fields = fieldErrors(error);
    if (Object.keys(fields).length > 0 && error.data?.code === "BAD_REQUEST") return null;
    if (Object.keys(fields).length > 0 && Object.values(fields).includes(error.message)) return null;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
