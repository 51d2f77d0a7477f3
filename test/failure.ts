import { expect } from "vitest";
import { ServiceError } from "../src/server/services/errors";

/** The ServiceError a service call is refused with (the test fails if it succeeds or throws anything else). */
export async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}
