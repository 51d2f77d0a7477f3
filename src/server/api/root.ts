import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { cablesRouter } from "./routers/cables";
import { catalogRouter } from "./routers/catalog";
import { connectivityRouter } from "./routers/connectivity";
import { devicesRouter } from "./routers/devices";
import { exportsRouter } from "./routers/exports";
import { importsRouter } from "./routers/imports";
import { plansRouter } from "./routers/plans";
import { racksRouter } from "./routers/racks";
import { roomsRouter } from "./routers/rooms";
import { rowsRouter } from "./routers/rows";
import { searchRouter } from "./routers/search";
import { sitesRouter } from "./routers/sites";
import { topologyRouter } from "./routers/topology";
import { transceiversRouter } from "./routers/transceivers";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  audit: auditRouter,
  sites: sitesRouter,
  racks: racksRouter,
  rooms: roomsRouter,
  rows: rowsRouter,
  devices: devicesRouter,
  transceivers: transceiversRouter,
  cables: cablesRouter,
  catalog: catalogRouter,
  connectivity: connectivityRouter,
  search: searchRouter,
  topology: topologyRouter,
  exports: exportsRouter,
  imports: importsRouter,
  plans: plansRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: server components and tests call procedures without HTTP. */
export const createCaller = createCallerFactory(appRouter);
