import { importDeviceTypes } from "../../services/imports/device-types";
import { deviceTypeImportInput } from "../../services/imports/schemas";
import { createTRPCRouter, procedure } from "../trpc";

/** File imports stream through /api/import/… (src/server/http/exchange-routes.ts); device-type files are small. */
export const importsRouter = createTRPCRouter({
  /** Check (any role) or import (admin) NetBox device-type and module-type files. */
  deviceTypes: procedure.viewer.input(deviceTypeImportInput).mutation(({ ctx, input }) => importDeviceTypes(ctx, input)),
});
