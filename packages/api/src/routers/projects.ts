import { listProjects } from "../clusters/pickers.ts";
import { router } from "../trpc.ts";
import { clustersReadProcedure } from "./procedures.ts";

export const projectsRouter = router({
  list: clustersReadProcedure.query(({ ctx }) => listProjects(ctx.db, ctx.principal)),
});
