import { SavedViewInput } from "@fleet/schema";
import { z } from "zod";
import { router } from "../trpc.ts";
import { deleteView, listViews, saveView } from "../views/saved-views.ts";
import { clustersReadProcedure } from "./procedures.ts";

/** Saved views of the cluster list: reading the fleet is all a view needs. */
export const viewsRouter = router({
  list: clustersReadProcedure.query(({ ctx }) => listViews(ctx.db, ctx.principal)),
  save: clustersReadProcedure
    .input(SavedViewInput)
    .mutation(({ ctx, input }) => saveView(ctx.db, ctx.principal, input)),
  delete: clustersReadProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => deleteView(ctx.db, ctx.principal, input.id)),
});
