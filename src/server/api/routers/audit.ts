import { auditFacets, listAudit } from "../../services/audit/list-audit";
import { listAuditInput } from "../../services/audit/schemas";
import { createTRPCRouter, procedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: procedure.viewer.input(listAuditInput).query(({ ctx, input }) => listAudit(ctx, input)),
  facets: procedure.viewer.query(({ ctx }) => auditFacets(ctx)),
});
