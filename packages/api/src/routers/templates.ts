import { listTemplates } from "../clusters/pickers.ts";
import { router } from "../trpc.ts";
import { clustersReadProcedure } from "./procedures.ts";

export const templatesRouter = router({
  list: clustersReadProcedure.query(({ ctx }) => listTemplates(ctx.db, ctx.principal)),
});
