// Plain-JS entry of the schema-engine stand-in (bin/schema-engine): the Prisma CLI spawns it with
// node, so TypeScript support is registered here before loading the implementation.
import { register } from "tsx/esm/api";

register();
await import("./engine-standin.ts");
