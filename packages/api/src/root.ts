import { clustersRouter } from "./routers/clusters.ts";
import { projectsRouter } from "./routers/projects.ts";
import { templatesRouter } from "./routers/templates.ts";
import { viewsRouter } from "./routers/views.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  clusters: clustersRouter,
  projects: projectsRouter,
  templates: templatesRouter,
  views: viewsRouter,
});

export const createCaller = createCallerFactory(appRouter);
